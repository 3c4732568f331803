package pop3

import (
	"testing"

	"github.com/mailspec/mailspec/internal/casetest"
	refpop3 "github.com/mailspec/mailspec/reference/pop3"
	"github.com/mailspec/mailspec/suite/spec"
)

// oracleFaults are, for each oracle, a fault that breaks it on responses
// many cases read.
var oracleFaults = map[string]fault{
	oracleFormat:    replyTo("NOOP", "+OK", "+Ok\r\n"),
	oracleTextASCII: replyTo("NOOP", "+OK", "+OK caf\xc3\xa9\r\n"),
}

// judgeAll runs every case against the reference changed by configure and
// returns each oracle's outcome over them.
func judgeAll(t *testing.T, configure func(*refpop3.Config)) map[string]spec.Outcome {
	t.Helper()
	return casetest.JudgeOracles(&registry, func(c Case) spec.Outcome { return runAgainst(t, c, configure) })
}

// TestOracles: no response of the strict reference breaks an oracle, and
// each oracle comes to its level's failure against its fault.
func TestOracles(t *testing.T) {
	for id, out := range judgeAll(t, nil) {
		if out.Verdict != spec.Pass {
			t.Errorf("%s: %s against the reference: %s", id, out.Verdict, out.Message)
		}
	}
	for _, o := range registry.Oracles() {
		f, ok := oracleFaults[o.ID]
		if !ok {
			t.Errorf("no fault for the oracle %s", o.ID)
			continue
		}
		out := judgeAll(t, f.configure)[o.ID]
		if want := spec.FailureVerdict(o.Level, false); out.Verdict != want {
			t.Errorf("%s with the fault %q: %s, want %s: %s", o.ID, f.name, out.Verdict, want, out.Message)
		}
	}
}
