// Package casetest is the harness every suite's own tests share: each
// case seen to fail against the faults that break its rule, seen to pass
// against the strict reference, and no fault or configuration naming a
// case that does not exist. It is for tests only.
package casetest

import (
	"sort"
	"strings"
	"testing"

	"github.com/mailspec/mailspec/suite/spec"
)

// EveryCaseFailsAgainstItsFaults runs each case with each of its faults,
// on servers of its own beside the other cases, and requires the case not
// to pass: fail for MUST, warn for SHOULD or a strict case, info for MAY.
// A case with no fault fails the test: a case no broken server makes fail
// proves nothing.
func EveryCaseFailsAgainstItsFaults[S, F any](t *testing.T, reg *spec.Registry[S], faults map[string][]F,
	name func(F) string, run func(*testing.T, spec.Case[S], F) spec.Outcome) {
	for _, c := range reg.Cases() {
		t.Run(c.ID, func(t *testing.T) {
			t.Parallel()
			fs := faults[c.ID]
			if len(fs) == 0 {
				t.Fatalf("no fault makes %s fail: add one with breaks()", c.ID)
			}
			for _, f := range fs {
				out := run(t, c, f)
				if want := spec.FailureVerdict(c.Level, c.Strict); out.Verdict != want {
					t.Errorf("with the fault %q: verdict %s, want %s\nmessage: %s\n%s", name(f), out.Verdict, want, out.Message, strings.Join(out.Transcripts, "\n"))
				}
			}
		})
	}
}

// EveryCasePassesAgainstTheReference runs each case against the strict
// reference server, on servers of its own beside the other cases: it must
// pass.
func EveryCasePassesAgainstTheReference[S any](t *testing.T, reg *spec.Registry[S], run func(*testing.T, spec.Case[S]) spec.Outcome) {
	for _, c := range reg.Cases() {
		t.Run(c.ID, func(t *testing.T) {
			t.Parallel()
			if out := run(t, c); out.Verdict != spec.Pass {
				t.Errorf("verdict %s against the reference: %s\n%s", out.Verdict, out.Message, strings.Join(out.Transcripts, "\n"))
			}
		})
	}
}

// NameCases requires every key of each table (faults, configurations) to
// name a declared case.
func NameCases[S any](t *testing.T, reg *spec.Registry[S], tables ...[]string) {
	var stray []string
	for _, ids := range tables {
		for _, id := range ids {
			if _, ok := reg.Find(id); !ok {
				stray = append(stray, id)
			}
		}
	}
	sort.Strings(stray)
	if len(stray) > 0 {
		t.Errorf("faults or configurations for undeclared cases: %v", stray)
	}
}

// Keys lists a table's case IDs, for NameCases.
func Keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

// JudgeOracles runs every case of reg with run and returns each oracle's
// outcome over all of them.
func JudgeOracles[S any](reg *spec.Registry[S], run func(spec.Case[S]) spec.Outcome) map[string]spec.Outcome {
	var seen spec.Sightings
	for _, c := range reg.Cases() {
		seen.Record(c.ID, run(c))
	}
	out := map[string]spec.Outcome{}
	for _, o := range reg.Oracles() {
		out[o.ID] = seen.Judge(o)
	}
	return out
}
