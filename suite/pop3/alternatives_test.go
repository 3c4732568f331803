package pop3

import (
	"strings"
	"testing"

	refpop3 "github.com/mailspec/mailspec/reference/pop3"
	"github.com/mailspec/mailspec/suite/spec"
	"github.com/mailspec/mailspec/suite/target"
)

// An alternative is a choice the RFCs allow that the strict reference
// does not make, switched on in the reference (refpop3.Alternatives, or
// a configuration choice). It is the mirror of a fault: a fault proves a
// case can fail, an alternative that it does not fail a conforming server
// that chose otherwise.
type alternative struct {
	name string
	set  func(*refpop3.Config)
	// target, if set, changes the target as a user of such a server
	// would describe it.
	target func(*target.Target)
}

// alternatives are the choices every POP3 case must accept.
var alternatives = []alternative{
	{name: "TOP not implemented, not in CAPA (RFC 1939 §7: optional)",
		set: func(c *refpop3.Config) { c.Alternatives.NoTop = true }},
	{name: "UIDL not implemented, not in CAPA (RFC 1939 §7: optional)",
		set: func(c *refpop3.Config) { c.Alternatives.NoUIDL = true }},
	{name: "no USER/PASS, SASL PLAIN only (RFC 1939 §4: no single mechanism required)",
		set: func(c *refpop3.Config) { c.Alternatives.NoUserPass = true }},
	{name: "-ERR to STLS right after USER (RFC 1939 §7: PASS or QUIT may follow USER)",
		set: func(c *refpop3.Config) { c.Alternatives.RefuseSTLSAfterUser = true }},
	{name: "-ERR to STLS with plaintext pipelined behind it (RFC 2595 §4: the client MUST NOT)",
		set: func(c *refpop3.Config) { c.Alternatives.RefuseSTLSWithPipelined = true }},
	{name: "the connection closed after a failed login (RFC 1939 §4)",
		set: func(c *refpop3.Config) { c.Alternatives.CloseAfterFailedLogin = true }},
	{name: "-ERR without [IN-USE] for a locked maildrop (RFC 2449 §8)",
		set: func(c *refpop3.Config) { c.Alternatives.InUseWithoutCode = true }},
	{name: "APOP offered, with a timestamp in the greeting (RFC 1939 §7)",
		set: func(c *refpop3.Config) { c.AllowAPOP = true }},
	{name: "APOP offered but refused to every USER/PASS user (RFC 1939 §13: should not allow both)",
		set: func(c *refpop3.Config) { c.Alternatives.APOPNotForPassUsers = true },
		// The user logs in with USER/PASS, so there is no APOP secret to give.
		target: func(tg *target.Target) { tg.POP3.APOPSecret = "" }},
	{name: "USER, PASS and SASL PLAIN allowed before TLS (RFC 2595 §2.2: a mode where TLS is not required)",
		set: func(c *refpop3.Config) { c.AllowInsecureAuth = true }},
	{name: "EXPIRE 30 USER before login and EXPIRE 60 after (RFC 2449 §6.7: a per-user policy)",
		set: func(c *refpop3.Config) { c.Alternatives.ExpireAnnounced = true }},
	{name: "LOGIN-DELAY 0 in CAPA (RFC 2449 §6.5)",
		set: func(c *refpop3.Config) { c.Alternatives.LoginDelayAnnounced = true }},
}

// TestEveryCasePassesAgainstEveryAlternative runs each case against the
// reference with each alternative on: no case may fail a server for a
// choice the RFCs leave to it.
func TestEveryCasePassesAgainstEveryAlternative(t *testing.T) {
	for _, a := range alternatives {
		t.Run(a.name, func(t *testing.T) {
			t.Parallel()
			var seen spec.Sightings
			for _, c := range registry.Cases() {
				t.Run(c.ID, func(t *testing.T) {
					out := runAgainstTarget(t, c, a.set, a.target)
					seen.Record(c.ID, out)
					switch out.Verdict {
					case spec.Pass, spec.Skip, spec.Info:
					default:
						t.Errorf("verdict %s against a server that chose otherwise: %s\n%s", out.Verdict, out.Message, strings.Join(out.Transcripts, "\n"))
					}
				})
			}
			for _, o := range registry.Oracles() {
				if out := seen.Judge(o); out.Verdict != spec.Pass {
					t.Errorf("oracle %s: verdict %s against a server that chose otherwise: %s", o.ID, out.Verdict, out.Message)
				}
			}
		})
	}
}
