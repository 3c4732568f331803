package pop3

import (
	"crypto/md5"
	"encoding/hex"

	"github.com/mailspec/mailspec/suite/spec"
	"github.com/mailspec/mailspec/suite/target"
)

// RFC 1939 §7, APOP: offered where the greeting holds a timestamp. The
// shared secret is the target's APOP secret, not its password: §7 calls
// it "a shared secret known only to the POP3 client and server", and §13
// says a server "should not allow both methods of access for a given
// user", so the password may well not open APOP.

// apopDigest is MD5 over the timestamp, angle brackets included, and the
// secret, in lower-case hexadecimal (RFC 1939 §7).
func apopDigest(timestamp, secret string) string {
	sum := md5.Sum([]byte(timestamp + secret))
	return hex.EncodeToString(sum[:])
}

// apopTimestamp returns the greeting's timestamp, skipping the case if
// there is none.
func (s *Session) apopTimestamp() string {
	ts := msgID.FindString(s.Greeting().Text)
	if ts == "" {
		spec.Skipf("the greeting holds no APOP timestamp: APOP is not offered")
	}
	return ts
}

var _ = register(Case{
	ID: "pop3-7-apop-digest-login", RFC: "1939", Section: "7", Level: MUST,
	Quote: `When the POP3 server receives the APOP command, it verifies the digest provided.  If the digest is correct, the POP3 server issues a positive response, and the POP3 session enters the TRANSACTION state.`,
	Binds: "the protocol's definition of APOP, which the server offers by the timestamp in its greeting, for a user the target names as an APOP user by giving the secret (RFC 1939 §13 lets a server refuse APOP to a USER/PASS user)",
	Does:  "with an APOP secret given (-pop3-apop-secret), where the greeting holds a timestamp, sends APOP with the MD5 of the timestamp and the secret; requires +OK, then +OK to STAT",
	Run: func(s *Session) {
		user, _ := s.Credentials()
		secret := s.T.POP3.APOPSecret
		if secret == "" {
			spec.Skipf("no APOP secret given (-pop3-apop-secret, %s): the APOP secret need not be the password, and RFC 1939 section 13 says a server should not allow both USER/PASS and APOP for one user", target.EnvPOP3APOPSecret)
		}
		ts := s.apopTimestamp()
		defer func() { *s.loggedIn = append(*s.loggedIn, s) }()
		s.ExpectOK("APOP " + user + " " + apopDigest(ts, secret))
		s.Stat()
	},
}, needCredentials)

var _ = register(Case{
	ID: "pop3-7-apop-wrong-digest-refused", RFC: "1939", Section: "7", Level: MUST,
	Quote: `If the digest is correct, the POP3 server issues a positive response, and the POP3 session enters the TRANSACTION state.  Otherwise, a negative response is issued and the POP3 session remains in the AUTHORIZATION state.`,
	Binds: "the protocol's definition of APOP: a wrong digest is refused and the session stays in AUTHORIZATION",
	Does:  "where the greeting holds a timestamp, sends APOP with the digest of a wrong secret; requires -ERR, then -ERR to STAT (or the connection closed, which section 4 allows)",
	Run: func(s *Session) {
		user, password := s.Credentials()
		ts := s.apopTimestamp()
		s.ExpectErr("APOP " + user + " " + apopDigest(ts, s.T.POP3.APOPSecret+password+"-wrong"))
		s.statStillAuthorization("STAT after a refused APOP")
	},
}, needCredentials)
