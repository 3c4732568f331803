package smtp

import (
	"testing"

	"github.com/mailspec/mailspec/internal/casetest"
	refsmtp "github.com/mailspec/mailspec/reference/smtp"
	"github.com/mailspec/mailspec/suite/spec"
)

// oracleFaults are, for each oracle, a fault that breaks it on replies
// many cases receive.
var oracleFaults = map[string][]fault{
	oracleReplyFormat: {
		replyTo("RSET", "250", "25O 2.0.0 Reset state\r\n"),
		replyTo("RSET", "250", "250 2.0.0 Reset st\x01te\r\n"), // the text alone
	},
	oracleCodeTable:    {replyTo("RSET", "250", "251 2.0.0 Reset state\r\n")},
	oracleEnhancedCode: {replyTo("NOOP", "250", "250 OK\r\n")},
}

// judgeAll runs every case against the reference changed by configure and
// returns each oracle's outcome over them.
func judgeAll(t *testing.T, configure func(*refsmtp.Config)) map[string]spec.Outcome {
	t.Helper()
	return casetest.JudgeOracles(&registry, func(c Case) spec.Outcome { return runAgainst(t, c, configure) })
}

// TestOraclesPassAgainstTheReference: no reply of the strict reference,
// in any case, breaks an oracle.
func TestOraclesPassAgainstTheReference(t *testing.T) {
	for id, out := range judgeAll(t, nil) {
		if out.Verdict != spec.Pass {
			t.Errorf("%s: %s against the reference: %s", id, out.Verdict, out.Message)
		}
	}
}

// TestOraclesFailAgainstTheirFaults: each oracle, over all the cases,
// comes to its level's failure against its fault, once, naming where.
func TestOraclesFailAgainstTheirFaults(t *testing.T) {
	for _, o := range registry.Oracles() {
		t.Run(o.ID, func(t *testing.T) {
			fs := oracleFaults[o.ID]
			if len(fs) == 0 {
				t.Fatalf("no fault for the oracle %s", o.ID)
			}
			for _, f := range fs {
				out := judgeAll(t, f.configure)[o.ID]
				if want := spec.FailureVerdict(o.Level, false); out.Verdict != want {
					t.Errorf("with the fault %q: %s, want %s: %s", f.name, out.Verdict, want, out.Message)
				}
				if len(out.Transcripts) == 0 {
					t.Errorf("with the fault %q: no transcript of where it was seen", f.name)
				}
			}
		})
	}
}
