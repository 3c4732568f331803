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
// USER and PASS, or SASL PLAIN where CAPA lists SASL PLAIN and not USER,
// or USER is refused. USER/PASS is itself a capability (RFC 2449 §6.2),
// and RFC 1939 §4 says "there is no single authentication mechanism that
// is required of all POP3 servers".
//
// The setup check has already logged in with these credentials, so a
// refusal is tried again, on a fresh connection, for up to the target's
// Timeout, and one still refused then leaves the case inconclusive: the
// lock of the previous case's session may outlast its QUIT's +OK (RFC
// 1939 §6), and "Servers enforce LOGIN-DELAY by rejecting an
// authentication command with or without the LOGIN-DELAY error response"
// (RFC 2449 §6.5).
func (s *Session) Login() { s.login(false) }

// LoginOrFail is Login for the cases whose subject is the login itself:
// a refusal that outlasts the retries fails them.
func (s *Session) LoginOrFail() { s.login(true) }

func (s *Session) login(mayFail bool) {
	deadline := time.Now().Add(s.T.Timeout)
	for {
		st, what := s.tryLogin()
		if st.OK() {
			*s.loggedIn = append(*s.loggedIn, s)
			return
		}
		if time.Now().After(deadline) {
			if mayFail {
				s.Require(what, st, wire.StatusOK)
			}
			spec.Inconclusive("the login was refused though the setup check logged in with the same credentials (a lock not yet released, RFC 1939 section 6, or a login delay, RFC 2449 section 6.5); rerun it later", what, "+OK", wire.Visible([]byte(st.String())))
		}
		select {
		case <-time.After(reopenRetry):
		case <-s.conns.Done():
			spec.Errorf(s.conns.Overrun())
		}
		s.conn.Close()
		s.capa = nil
		s.connect()
	}
}

// tryLogin is Login up to the response that decides it, which it returns
// with the command it answers, for the case to judge.
func (s *Session) tryLogin() (*wire.Status, string) {
	user, password := s.Credentials()
	if s.T.POP3.TLS != target.TLSNone {
		s.Secure()
	}
	capa := s.capa
	if capa == nil {
		capa = s.capaIfAny()
	}
	mechs, sasl := capa["SASL"]
	plain := sasl && hasWord(mechs, "PLAIN")
	_, userListed := capa["USER"]
	if plain && !userListed {
		return s.Cmd("AUTH PLAIN " + PlainResponse(user, password)), "AUTH PLAIN"
	}
	if st := s.Cmd("USER " + user); st.Kind != wire.StatusOK {
		if plain {
			return s.Cmd("AUTH PLAIN " + PlainResponse(user, password)), "AUTH PLAIN"
		}
		return st, "USER"
	}
	return s.Cmd("PASS " + password), "PASS"
}

// capaIfAny sends CAPA and returns the listing, or nil if the server
// answers -ERR: CAPA is an extension (RFC 2449), and a server without it
// still has USER/PASS to try.
func (s *Session) capaIfAny() map[string]string {
	st := s.Cmd("CAPA")
	if st.Kind != wire.StatusOK {
		return nil
	}
	s.capaList(s.Multiline("the CAPA list"))
	return s.capa
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
