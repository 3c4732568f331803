package pop3

import (
	"strings"
	"testing"

	refpop3 "github.com/mailspec/mailspec/reference/pop3"
	"github.com/mailspec/mailspec/suite/spec"
)

// TestFewErrorsPerSession: the cases that draw many refusals still pass
// against a server that ends a session after three errors, as some do:
// that limit is not their subject.
func TestFewErrorsPerSession(t *testing.T) {
	for _, c := range registry.Cases() {
		t.Run(c.ID, func(t *testing.T) {
			t.Parallel()
			out := runAgainst(t, c, func(cfg *refpop3.Config) { cfg.MaxErrors = 3 })
			if out.Verdict != spec.Pass && out.Verdict != spec.Skip {
				t.Errorf("verdict %s against a server that ends a session after three errors: %s\n%s", out.Verdict, out.Message, strings.Join(out.Transcripts, "\n"))
			}
		})
	}
}
