package smtp

import (
	"encoding/base64"

	"github.com/mailspec/mailspec/suite/spec"
	"github.com/mailspec/mailspec/suite/target"
)

// StartTLS sends STARTTLS, requires 220 (RFC 3207 §4), upgrades the
// connection, and greets again with EHLO, as §4.2 requires of the client.
func (s *Session) StartTLS() {
	s.ExpectCmd("STARTTLS", 220)
	if err := s.conn.StartTLS(s.T.TLSFor(s.T.SMTP.Addr)); err != nil {
		spec.Errorf(err)
	}
	s.tls = true
	s.ehlo, s.greeted = nil, false
	s.Ehlo()
}

// Secure makes the session encrypted as the target's TLS mode says,
// greeted with EHLO: STARTTLS (skipping the case if it is not offered),
// nothing for implicit TLS, and a skip for "none".
func (s *Session) Secure() {
	if s.ehlo == nil {
		s.Ehlo()
	}
	if s.tls {
		return
	}
	if s.T.SMTP.TLS == target.TLSNone {
		spec.Skipf("the case needs TLS and the target's TLS mode is none")
	}
	s.Require("STARTTLS")
	s.StartTLS()
}

// Credentials returns the target's AUTH credentials, skipping the case
// when there are none.
func (s *Session) Credentials() (user, password string) {
	if s.T.SMTP.User == "" {
		spec.Skipf("no AUTH credentials given (%s, %s)", target.EnvSMTPUser, target.EnvSMTPPassword)
	}
	return s.T.SMTP.User, s.T.SMTP.Password
}

// PlainResponse is the base64 AUTH PLAIN message (RFC 4616 §2) for the
// credentials: an empty authorization identity, NUL, user, NUL, password.
func PlainResponse(user, password string) string {
	return base64.StdEncoding.EncodeToString([]byte("\x00" + user + "\x00" + password))
}

// Authenticate logs in with the target's credentials over a secured
// session, with PLAIN if offered, else LOGIN, and requires 235.
func (s *Session) Authenticate() {
	user, password := s.Credentials()
	s.Secure()
	mechs := s.Require("AUTH")
	if hasWord(mechs, "PLAIN") {
		s.ExpectCmd("AUTH PLAIN "+PlainResponse(user, password), 235)
		return
	}
	if !hasWord(mechs, "LOGIN") {
		spec.Skipf("the server offers neither PLAIN nor LOGIN (AUTH %s)", mechs)
	}
	s.ExpectCmd("AUTH LOGIN", 334)
	s.ExpectReply("AUTH LOGIN user name", s.Respond(base64.StdEncoding.EncodeToString([]byte(user))), 334)
	s.ExpectReply("AUTH LOGIN password", s.Respond(base64.StdEncoding.EncodeToString([]byte(password))), 235)
}
