package roundtrip

import (
	"strings"
	"testing"

	refpop3 "github.com/mailspec/mailspec/reference/pop3"
	refsmtp "github.com/mailspec/mailspec/reference/smtp"
	"github.com/mailspec/mailspec/suite/spec"
)

// An alternative is a choice the RFCs allow that the strict reference
// does not make; no round trip may fail a server that made it.
type alternative struct {
	name string
	smtp func(*refsmtp.Config)
	pop3 func(*refpop3.Config)
	// except is a case the switch breaks rather than serves.
	except string
}

// alternatives are the reference's choices that touch a round trip: how
// the SMTP side refuses or takes a message, how the POP3 side reads it.
var alternatives = []alternative{
	{name: "TLS required for SMTP: 530 before STARTTLS (RFC 3207 §4)",
		smtp: func(c *refsmtp.Config) { c.Alternatives.TLSRequired = true }},
	{name: "354 to DATA with no valid recipient (RFC 5321 §3.3)",
		smtp: func(c *refsmtp.Config) { c.Alternatives.DataWithoutRecipients354 = true }},
	{name: "lenient paths and arguments (RFC 5321 §4.1.2)",
		smtp: func(c *refsmtp.Config) { c.Alternatives.LenientPaths, c.Alternatives.LenientArguments = true, true }},
	// A bare CR kept as the octet it is: RFC 5321 §2.3.8 forbids reading
	// it as a line end, not storing it. (The same switch breaks the bare
	// LF case: in a Maildir a stored LF is a line end.)
	{name: "a bare CR stored as it came (RFC 5321 §2.3.8 forbids only a line break)",
		smtp: func(c *refsmtp.Config) {
			c.Faults = &refsmtp.Faults{Store: refsmtp.StoreFaults{BareLineEndsKept: true}}
		},
		except: "smtp-2.3.8-roundtrip-bare-lf-not-line-break"},
	{name: "TOP not implemented (RFC 1939 §7)",
		pop3: func(c *refpop3.Config) { c.Alternatives.NoTop = true }},
	{name: "UIDL not implemented (RFC 1939 §7)",
		pop3: func(c *refpop3.Config) { c.Alternatives.NoUIDL = true }},
	{name: "APOP offered (RFC 1939 §7)",
		pop3: func(c *refpop3.Config) { c.AllowAPOP = true }},
	{name: "USER and PASS before TLS (RFC 2595 §2.2)",
		pop3: func(c *refpop3.Config) { c.AllowInsecureAuth = true }},
}

// TestEveryCasePassesAgainstEveryAlternative runs each case against the
// reference with each alternative on: it must pass, or skip where the
// alternative keeps it from its subject (530 before TLS).
func TestEveryCasePassesAgainstEveryAlternative(t *testing.T) {
	for _, a := range alternatives {
		t.Run(a.name, func(t *testing.T) {
			t.Parallel()
			for _, c := range registry.Cases() {
				if c.ID == a.except {
					continue
				}
				t.Run(c.ID, func(t *testing.T) {
					out := runAgainst(t, c, a.smtp, a.pop3)
					if out.Verdict != spec.Pass && out.Verdict != spec.Skip {
						t.Errorf("verdict %s against a server that chose otherwise: %s\n%s", out.Verdict, out.Message, strings.Join(out.Transcripts, "\n"))
					}
				})
			}
		})
	}
}
