package smtp

import (
	"fmt"
	"strings"
	"testing"

	"github.com/mailspec/mailspec/suite/spec"
)

// subjectIsThePrecondition are the AUTH cases whose own requirement is
// about a refusal that, elsewhere, is only a precondition: they may fail
// against a server that gives it.
var subjectIsThePrecondition = map[string]bool{
	// A mechanism the plaintext EHLO lists must not then be refused 538.
	"smtp-4954.6-no-mechanism-needing-encryption-advertised": true,
}

// TestAuthPreconditionSkips: a server that refuses every AUTH with 530,
// 534 or 538 has a policy the AUTH cases never get past; they skip, saying
// so, and fail nothing, but for the case whose subject is that refusal.
func TestAuthPreconditionSkips(t *testing.T) {
	for _, code := range []int{530, 534, 538} {
		f := replyTo("AUTH", "", fmt.Sprintf("%d 5.7.0 Refused by policy\r\n", code))
		t.Run(fmt.Sprint(code), func(t *testing.T) {
			seen := 0
			for _, c := range registry.Cases() {
				if !strings.HasPrefix(c.ID, "smtp-4954.") && !strings.HasPrefix(c.ID, "smtp-4616.") {
					continue
				}
				out := runAgainst(t, c, f.configure)
				switch {
				case out.Verdict == spec.Skip && strings.Contains(out.Message, "subject was not reached"):
					seen++
				case out.Verdict == spec.Skip || out.Verdict == spec.Pass || out.Verdict == spec.Info:
				case subjectIsThePrecondition[c.ID]:
				default:
					t.Errorf("%s: %s against a server that answers every AUTH %d: %s", c.ID, out.Verdict, code, out.Message)
				}
			}
			if seen == 0 {
				t.Errorf("no AUTH case skipped for the precondition %d", code)
			}
		})
	}
}
