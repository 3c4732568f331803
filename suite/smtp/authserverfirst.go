package smtp

// RFC 4954 §4 with a server-first SASL mechanism, one in which the server
// sends the first challenge: CRAM-MD5 (RFC 2195) or DIGEST-MD5 (RFC 2831).
// An initial response has nothing to answer and is refused with 501; a
// CRAM-MD5 exchange the client completes ends in 235.

import (
	"crypto/hmac"
	"crypto/md5"
	"encoding/base64"
	"encoding/hex"

	"github.com/mailspec/mailspec/suite/spec"
	"github.com/mailspec/mailspec/suite/wire"
)

// serverFirstMechanisms are SASL mechanisms in which the client does not
// begin the exchange.
var serverFirstMechanisms = []string{"CRAM-MD5", "DIGEST-MD5"}

// serverFirstMechanism picks one the server advertises, or skips.
func serverFirstMechanism(mechs string) string {
	for _, m := range serverFirstMechanisms {
		if hasWord(mechs, m) {
			return m
		}
	}
	spec.Skipf("the server offers no server-first mechanism (CRAM-MD5, DIGEST-MD5) (AUTH %s)", mechs)
	return ""
}

// cramMD5Response is the client's answer to a CRAM-MD5 challenge (RFC
// 2195 §2): the user name, a space, and the HMAC-MD5 of the challenge
// keyed with the password in lower-case hex, base64-encoded for RFC 4954.
func cramMD5Response(challenge []byte, user, password string) string {
	m := hmac.New(md5.New, []byte(password))
	m.Write(challenge)
	return base64.StdEncoding.EncodeToString([]byte(user + " " + hex.EncodeToString(m.Sum(nil))))
}

var _ = register(Case{
	ID: "smtp-4954.4-server-first-initial-response-501", RFC: "4954", Section: "4", Level: MUST, Extension: "AUTH",
	Quote: `If the client uses an initial-response argument to the AUTH command with a SASL mechanism in which the client does not begin the authentication exchange, the server MUST reject the AUTH command with a 501 reply.`,
	Does:  "sends AUTH CRAM-MD5 (else DIGEST-MD5) with a well-formed base64 initial response; requires 501 (5.7.0 asked for with a SHOULD where enhanced codes are advertised), then a usable session",
	Run: func(s *Session) {
		mech := serverFirstMechanism(s.authMechanisms())
		initial := base64.StdEncoding.EncodeToString([]byte("mailspec 0123456789abcdef0123456789abcdef"))
		r := s.ExpectCmd("AUTH "+mech+" "+initial, 501)
		if _, ok := s.Has("ENHANCEDSTATUSCODES"); ok {
			if got := statusCodes(r)[0]; got != "5.7.0" {
				s.warn("RFC 4954 section 4: servers using enhanced status codes SHOULD return 5.7.0 for an initial response to a server-first mechanism\nExpected: 501 5.7.0\nActual:   " + wire.Visible([]byte(r.String())))
			}
		}
		s.Sync()
	},
})

var _ = register(Case{
	ID: "smtp-4954.4-cram-md5-exchange", RFC: "4954", Section: "4", Level: MUST, Extension: "AUTH",
	Binds: "§4 defines the end of a successful exchange as 235; CRAM-MD5 advertised is a mechanism §3 says is available",
	Quote: `Should the client successfully complete the exchange, the SMTP server issues a 235 reply.`,
	Does:  "sends AUTH CRAM-MD5; requires a 334 whose text is a base64 challenge, then 235 to the credentials' RFC 2195 digest of it",
	Run: func(s *Session) {
		user, password := s.Credentials()
		if mechs := s.authMechanisms(); !hasWord(mechs, "CRAM-MD5") {
			spec.Skipf("the server does not offer CRAM-MD5 (AUTH %s)", mechs)
		}
		r := s.ExpectCmd("AUTH CRAM-MD5", 334)
		challenge, err := base64.StdEncoding.Strict().DecodeString(r.Lines[0])
		if err != nil || len(challenge) == 0 {
			spec.Failf("AUTH CRAM-MD5\nExpected: 334 and a base64 challenge (RFC 4954 section 4, RFC 2195 section 2)\nActual:   %s", wire.Visible([]byte(r.String())))
		}
		s.ExpectReply("CRAM-MD5 response", s.Respond(cramMD5Response(challenge, user, password)), 235)
	},
})
