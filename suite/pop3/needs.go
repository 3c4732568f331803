package pop3

import "github.com/mailspec/mailspec/suite/target"

// need is what a case needs from the target beyond a POP3 server to talk
// to; a case that needs what the target lacks skips before it connects, so
// a server that misbehaves cannot turn a case that would not apply into a
// failure. The session helpers (Credentials, Secure, Deliver) still skip
// where they find a need unmet.
type need uint8

const (
	needCredentials need = 1 << iota // POP3 credentials (Session.Credentials)
	needMessages                     // an SMTP server and mailbox to deliver through (Session.Deliver)
	needTLS                          // a TLS mode other than none (Session.Secure)
	needPlaintext                    // a session that starts in plaintext: not implicit TLS
)

// needs is, by case ID, what each case needs; register fills it.
var needs = map[string]need{}

// lacks says why a case that needs n cannot run against t, or "".
func lacks(t *target.Target, n need) string {
	switch {
	case n&needCredentials != 0 && t.POP3.User == "":
		return "no POP3 credentials given (-pop3-user and -pop3-password, " + target.EnvPOP3User + " and " + target.EnvPOP3Password + ")"
	case n&needMessages != 0 && (t.SMTP.Addr == "" || t.Mailbox == ""):
		return "the case needs messages in the maildrop: no SMTP server and mailbox given to deliver them (-smtp and -mailbox)"
	case n&needTLS != 0 && t.POP3.TLS == target.TLSNone:
		return "the case needs TLS and the target's POP3 TLS mode is none (-pop3-tls, " + target.EnvPOP3TLS + ")"
	case n&needPlaintext != 0 && t.POP3.TLS == target.TLSImplicit:
		return "the case needs a session that starts in plaintext and the target uses implicit TLS"
	}
	return ""
}
