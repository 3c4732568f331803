package smtp

import (
	"strings"

	"github.com/mailspec/mailspec/suite/target"
)

// need is what a case needs from the target beyond a server to talk to.
// The table in needs.go, generated from the cases' behaviour against the
// reference server, lets a case that needs what the target lacks skip
// before it connects: a server that misbehaves cannot turn a case that
// would not apply into a failure. The session helpers (Mailbox,
// Credentials, Secure) still skip where they find a need unmet, for a case
// the table does not know yet.
type need uint8

const (
	needMailbox     need = 1 << iota // a deliverable mailbox (Session.Mailbox)
	needCredentials                  // AUTH credentials (Session.Credentials)
	needTLS                          // a TLS mode other than none (Session.Secure)
	needPlaintext                    // a session that starts in plaintext: not implicit TLS
	needSlow                         // the target's opt-in to cases that take minutes (idle.go)
)

// needReasons are, for each need, the skip reason the case gives when the
// target lacks it: what the needs table's test looks for to derive the
// table, and what lacks says before connecting.
var needReasons = []struct {
	need   need
	name   string // as in needs.go
	reason string // a substring of the session helpers' skip message
	say    string // what lacks says
	lacks  func(*target.Target) bool
	remove func(*target.Target)
}{
	{needMailbox, "needMailbox", "no deliverable mailbox given",
		"no deliverable mailbox given (-mailbox, " + target.EnvMailbox + ")",
		func(t *target.Target) bool { return t.Mailbox == "" },
		func(t *target.Target) { t.Mailbox, t.SecondMailbox = "", "" }},
	{needCredentials, "needCredentials", "no AUTH credentials given",
		"no AUTH credentials given (-user and -password, " + target.EnvSMTPUser + " and " + target.EnvSMTPPassword + ")",
		func(t *target.Target) bool { return t.SMTP.User == "" },
		func(t *target.Target) { t.SMTP.User, t.SMTP.Password = "", "" }},
	{needTLS, "needTLS", "the target's TLS mode is none",
		"the case needs TLS and the target's TLS mode is none (-smtp-tls, " + target.EnvSMTPTLS + ")",
		func(t *target.Target) bool { return t.SMTP.TLS == target.TLSNone },
		func(t *target.Target) { t.SMTP.TLS = target.TLSNone }},
	{needPlaintext, "needPlaintext", "implicit TLS",
		"the case needs a session that starts in plaintext and the target uses implicit TLS",
		func(t *target.Target) bool { return t.SMTP.TLS == target.TLSImplicit },
		nil}, // derived against an implicit TLS front, see needs_test.go
	{needSlow, "needSlow", "did not opt in to slow cases",
		"the case takes minutes by design and the target did not opt in to slow cases (-slow, " + target.EnvSlow + "=1)",
		func(t *target.Target) bool { return !t.Slow },
		func(t *target.Target) { t.Slow = false }},
}

// lacks says why a case that needs n cannot run against t, in the words
// the session helpers would use once connected, or "" if nothing it needs
// is missing.
func lacks(t *target.Target, n need) string {
	var missing []string
	for _, r := range needReasons {
		if n&r.need != 0 && r.lacks(t) {
			missing = append(missing, r.say)
		}
	}
	if len(missing) == 0 {
		return ""
	}
	return strings.Join(missing, "; ") + "; skipped before connecting"
}
