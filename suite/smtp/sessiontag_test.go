package smtp

import (
	"strings"
	"testing"

	"github.com/mailspec/mailspec/suite/target"
)

// TestCaseLabels: every case's label is a valid DNS label (RFC 5321
// §4.1.2's Let-dig [Ldh-str], at most 63 octets) and names one case only,
// and the EHLO of a case against the reference carries it.
func TestCaseLabels(t *testing.T) {
	seen := map[string]string{}
	for _, c := range registry.Cases() {
		l := caseLabel(c.ID)
		if len(l) > maxLabel || !grammarDomain.MatchString(l) || strings.Contains(l, ".") {
			t.Errorf("%s: label %q is not a domain label", c.ID, l)
		}
		if other, ok := seen[l]; ok {
			t.Errorf("%s and %s share the label %q", c.ID, other, l)
		}
		seen[l] = c.ID
	}
	long := "smtp-1.2-" + strings.Repeat("very-long-", 10)
	if l := caseLabel(long); len(l) > maxLabel || !grammarDomain.MatchString(l) || l == caseLabel(long+"x") {
		t.Errorf("a long ID's label %q: %d octets, or not a label, or not distinct", l, len(l))
	}
	c, _ := registry.Find("smtp-4.1.4-data-before-rcpt")
	out := runAgainst(t, c, nil)
	if want := "EHLO smtp-4-1-4-data-before-rcpt." + target.DefaultClientDomain; !strings.Contains(strings.Join(out.Transcripts, "\n"), want) {
		t.Errorf("the case's transcript lacks %q:\n%s", want, strings.Join(out.Transcripts, "\n"))
	}
}
