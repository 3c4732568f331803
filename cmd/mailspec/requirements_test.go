package main

import (
	"bytes"
	"flag"
	"os"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite docs/requirements.md from the cases")

const requirementsFile = "../../docs/requirements.md"

// TestRequirementsTable keeps docs/requirements.md in step with the cases
// of both suites: it is generated from their metadata and the untestable
// lists.
func TestRequirementsTable(t *testing.T) {
	var b bytes.Buffer
	if err := writeRequirements(&b); err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile(requirementsFile, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	have, err := os.ReadFile(requirementsFile)
	if err != nil {
		t.Fatalf("%v (run with -update)", err)
	}
	if diff := cmp.Diff(string(have), b.String()); diff != "" {
		t.Errorf("docs/requirements.md is stale; run %s\n%s", requirementsCommand, diff)
	}
}
