package smtp

import (
	"bytes"
	"flag"
	"os"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mailspec/mailspec/reports"
	"github.com/mailspec/mailspec/suite/spec"
)

var update = flag.Bool("update", false, "rewrite the generated files (docs/requirements.md, needs.go) from the cases")

const requirementsFile = "../../docs/requirements.md"

// TestRequirementsTable keeps docs/requirements.md in step with the cases:
// it is generated from their metadata and the untestable list.
func TestRequirementsTable(t *testing.T) {
	var b bytes.Buffer
	if err := reports.WriteRequirements(&b, "SMTP requirements and the cases that check them", spec.Requirements(&registry), Untestable()); err != nil {
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
		t.Errorf("docs/requirements.md is stale; run go test ./suite/smtp -run TestRequirementsTable -update\n%s", diff)
	}
}
