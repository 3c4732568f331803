package pop3

import (
	"encoding/base64"
	"strings"
	"time"

	"github.com/mailspec/mailspec/suite/spec"
	"github.com/mailspec/mailspec/suite/target"
	"github.com/mailspec/mailspec/suite/wire"
)

// STLS sends STLS, requires +OK (RFC 2595 §4) and upgrades the connection.
// A capability list read before is forgotten, as §4 asks of the client.
func (s *Session) STLS() {
	s.ExpectOK("STLS")
	if err := s.conn.StartTLS(s.T.TLSFor(s.T.POP3.Addr)); err != nil {
		spec.Errorf(err)
	}
	s.tls, s.capa = true, nil
}

// Secure makes the session encrypted as the target's TLS mode says: STLS
// (skipping the case if it is not advertised), nothing for implicit TLS,
// and a skip for "none".
func (s *Session) Secure() {
	if s.tls {
		return
	}
	if s.T.POP3.TLS == target.TLSNone {
		spec.Skipf("the case needs TLS and the target's POP3 TLS mode is none")
	}
	s.RequireCapability("STLS")
	s.STLS()
}

// Credentials returns the target's POP3 credentials, skipping the case
// when there are none.
func (s *Session) Credentials() (user, password string) {
	if s.T.POP3.User == "" {
		spec.Skipf("no POP3 credentials given (%s, %s)", target.EnvPOP3User, target.EnvPOP3Password)
	}
	return s.T.POP3.User, s.T.POP3.Password
}

// Login authenticates with the target's credentials and requires the
// TRANSACTION state: over TLS unless the target's TLS mode is none, with
// USER and PASS, or SASL PLAIN where CAPA lists SASL PLAIN and not USER.
func (s *Session) Login() {
	defer func() { *s.loggedIn = append(*s.loggedIn, s) }()
	st, what := s.tryLogin()
	s.Require(what, st, wire.StatusOK)
}

// tryLogin is Login up to the response that decides it, which it returns
// with the command it answers, for the case to judge.
func (s *Session) tryLogin() (*wire.Status, string) {
	user, password := s.Credentials()
	if s.T.POP3.TLS != target.TLSNone {
		s.Secure()
	}
	if s.capa != nil {
		if mechs, ok := s.capa["SASL"]; ok && hasWord(mechs, "PLAIN") {
			if _, user := s.capa["USER"]; !user {
				return s.Cmd("AUTH PLAIN " + PlainResponse(s.T.POP3.User, password)), "AUTH PLAIN"
			}
		}
	}
	s.ExpectOK("USER " + user)
	return s.Cmd("PASS " + password), "PASS"
}

// reopenRetry is the pause between the logins of Reopen.
const reopenRetry = 100 * time.Millisecond

// Reopen logs in on a fresh connection after an earlier session of the
// case ended, by QUIT or by a dropped connection. Until the server has
// seen the end, the maildrop may still be locked (RFC 1939 §4), so a
// refused login is tried again for up to the target's Timeout; one still
// refused then leaves the case inconclusive. The credentials are those
// that logged in before, so a refusal says the lock was not yet released,
// nothing about the rule the case checks.
func (s *Session) Reopen() *Session {
	deadline := time.Now().Add(s.T.Timeout)
	for {
		o := s.NewConnection()
		st, what := o.tryLogin()
		if st.OK() {
			*s.loggedIn = append(*s.loggedIn, o)
			return o
		}
		o.Close()
		if time.Now().After(deadline) {
			spec.Inconclusive("the maildrop stayed locked after the case's earlier session ended; rerun it later", what, "+OK", wire.Visible([]byte(st.String())))
		}
		select {
		case <-time.After(reopenRetry):
		case <-s.conns.Done():
			spec.Errorf(s.conns.Overrun())
		}
	}
}

// PlainResponse is the base64 SASL PLAIN message (RFC 4616 §2): an empty
// authorization identity, NUL, user, NUL, password.
func PlainResponse(user, password string) string {
	return base64.StdEncoding.EncodeToString([]byte("\x00" + user + "\x00" + password))
}

// Stat sends STAT, requires +OK, and returns the drop listing's count and
// size (RFC 1939 §5).
func (s *Session) Stat() (count, size int64) {
	st := s.ExpectOK("STAT")
	n, m, ok := twoNumbers(st.Text)
	if !ok {
		spec.Expected("STAT", "+OK nn mm, a drop listing (RFC 1939 section 5)", wire.Visible([]byte(st.String())))
	}
	return n, m
}

func hasWord(list, word string) bool {
	for _, w := range strings.Fields(list) {
		if strings.EqualFold(w, word) {
			return true
		}
	}
	return false
}
