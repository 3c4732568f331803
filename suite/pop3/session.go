// Package pop3 is the POP3 conformance suite: one case per behaviour that
// RFC 1939 and the extensions a server advertises (RFC 2449 CAPA, RFC 2595
// STLS, RFC 5034 SASL) require, each run on fresh connections to any
// server by address. The cases are Go values in a registry; Declare turns
// them into Ginkgo specs, so `go test` and the mailspec command run the
// same ones.
package pop3

import (
	"errors"
	"fmt"
	"strings"

	"github.com/onsi/gomega"

	"github.com/mailspec/mailspec/suite/spec"
	"github.com/mailspec/mailspec/suite/target"
	"github.com/mailspec/mailspec/suite/wire"
)

// Session is what a case body drives: one connection to the POP3 server
// under test (more if the case opens them), the target's description, and
// a Gomega whose failures end the case with the case's verdict.
type Session struct {
	gomega.Gomega
	T    *target.Target
	Case Case

	conn     *wire.Conn
	greeting *wire.Status
	tls      bool
	capa     map[string]string // the last CAPA listing: tag (upper case) → parameters

	// Shared by the case's connections.
	conns      *spec.Conns
	advertised map[string]bool // every CAPA tag seen; "" once any CAPA listing was
	breaches   *[]spec.Breach
	warnings   *[]string   // lesser breaches seen on the way to the case's own check
	loggedIn   *[]*Session // the sessions Login took to TRANSACTION, for end
}

// Case is a POP3 conformance case.
type Case = spec.Case[*Session]

// registry holds every POP3 case, in declaration order.
var registry spec.Registry[*Session]

// register declares a case; use it as `var _ = register(Case{...}, needs...)`.
// needs are what the case needs from the target, so that it skips before
// it connects when the target lacks them.
func register(c Case, ns ...need) struct{} {
	for _, n := range ns {
		needs[c.ID] |= n
	}
	return registry.Add(c)
}

// Registry is the POP3 cases, for the mailspec command, the requirements
// table and the suite's own tests.
func Registry() *spec.Registry[*Session] { return &registry }

// Declare adds every POP3 case to the Ginkgo tree; env is read when the
// specs run.
func Declare(env *spec.Env) bool {
	return spec.Declare("POP3", env, &registry, Open)
}

// Open starts a case's session: it connects to the target's POP3 server
// and reads the greeting. A server that cannot be reached is an error
// verdict; a greeting that is not +OK is for the case to judge. A case
// that needs what the target lacks skips before connecting.
func Open(t *target.Target, c Case) (*Session, func() []string, func()) {
	s := &Session{T: t, Case: c, conns: spec.NewConns(t.Timeout, caseLimit(t, c)), advertised: map[string]bool{}, breaches: &[]spec.Breach{}, warnings: &[]string{}, loggedIn: &[]*Session{}}
	s.Gomega = gomega.NewGomega(func(message string, _ ...int) { spec.Failf("%s", message) })
	if t.POP3.Addr == "" {
		s.conns.CloseAll()
		spec.Skipf("no POP3 server given")
	}
	if why := lacks(t, needs[c.ID]); why != "" {
		s.conns.CloseAll()
		spec.Skipf("%s", why)
	}
	s.connect()
	return s, s.conns.Transcripts, s.end
}

// end closes the case's connections, each session Login opened with a
// QUIT first, and its response awaited: the server then has released
// the maildrop's lock (RFC 1939 §6) before the next case logs in, and
// the messages the case marked as deleted are gone. Whatever QUIT meets
// is only in the transcript: the case has already concluded.
func (s *Session) end() {
	for _, ls := range *s.loggedIn {
		if ls.conn.Send([]byte("QUIT\r\n")) == nil {
			ls.conn.ReadStatus()
		}
	}
	s.conns.CloseAll()
}

// connect dials the target and reads the greeting (RFC 1939 §4).
func (s *Session) connect() {
	s.conn = s.conns.Dial(s.T, s.T.POP3.Addr, s.T.POP3.TLS)
	s.tls = s.T.POP3.TLS == target.TLSImplicit
	s.greeting = s.read("the greeting")
}

// NewConnection opens another connection for the same case, greeted but
// not logged in; its transcript joins the case's.
func (s *Session) NewConnection() *Session {
	other := &Session{Gomega: s.Gomega, T: s.T, Case: s.Case, conns: s.conns, advertised: s.advertised, breaches: s.breaches, warnings: s.warnings, loggedIn: s.loggedIn}
	other.connect()
	return other
}

// Overrun reports that the case's overall deadline passed (spec.Bounded).
func (s *Session) Overrun() error { return s.conns.Overrun() }

// warn notes a lesser breach seen on the way to the case's own check.
func (s *Session) warn(message string) { *s.warnings = append(*s.warnings, message) }

// Warnings lists the notes of warn; a case that otherwise passes ends as a
// warning (spec.Warner).
func (s *Session) Warnings() []string { return *s.warnings }

// Breaches lists the oracle breaches of the case (spec.Breacher).
func (s *Session) Breaches() []spec.Breach { return *s.breaches }

// Advertises reports whether any CAPA listing of the case had the tag,
// and whether the case saw a CAPA listing at all (spec.Advertiser).
func (s *Session) Advertises(tag string) (listed, seen bool) {
	return s.advertised[strings.ToUpper(tag)], s.advertised[""]
}

// Greeting is the server's opening status line.
func (s *Session) Greeting() *wire.Status { return s.greeting }

// Send writes raw bytes, exactly as given.
func (s *Session) Send(raw string) {
	if err := s.conn.Send([]byte(raw)); err != nil {
		spec.Failf("sending %s: %v", wire.Visible([]byte(raw)), err)
	}
}

// Read reads one status line. A line that breaks RFC 1939 §3's format or
// a closed connection end the case as a failure: the server owed a
// response. A broken format is reported under the format oracle too, and
// leaves any other case inconclusive. Nothing within the deadline leaves
// the case inconclusive, an error: RFC 1939 sets no time for a response,
// and servers delay failed logins on purpose (see ReadOrSentinel for
// the cases where silence is the fault).
func (s *Session) Read() *wire.Status { return s.read("a response") }

func (s *Session) read(what string) *wire.Status {
	st, err := s.conn.ReadStatus()
	s.readError(what, err)
	s.noteText(what, st)
	return st
}

// readError ends the case for a failed read, as Read says.
func (s *Session) readError(what string, err error) {
	var pe *wire.ProtocolError
	switch {
	case err == nil:
	case errors.As(err, &pe):
		msg := s.formatBreach(what, err)
		if s.Case.RFC == "1939" && s.Case.Section == "3" {
			spec.Failf("%s", msg)
		}
		spec.Errorf(fmt.Errorf("%s (reported under %s)", msg, oracleFormat))
	case wire.IsTimeout(err):
		spec.Errorf(fmt.Errorf("waiting for %s: nothing within %s; RFC 1939 sets no time for a response, so the case could not conclude", what, s.T.Timeout))
	case wire.IsClosed(err):
		spec.Failf("waiting for %s: the server closed the connection", what)
	default:
		spec.Failf("waiting for %s: %v", what, err)
	}
}

// formatBreach books a response that broke the format under the format
// oracle and returns the message it was booked with.
func (s *Session) formatBreach(what string, err error) string {
	msg := fmt.Sprintf("waiting for %s: the server broke the response format (RFC 1939 section 3): %v", what, err)
	*s.breaches = append(*s.breaches, spec.Breach{Oracle: oracleFormat, Message: msg})
	return msg
}

// ReadOrSentinel is Read for a response the server may have discarded
// the command of: when nothing comes within the deadline it sends NOOP,
// and if that is answered, the silence was no slowness but a command
// never answered, and the case fails; otherwise it is inconclusive.
func (s *Session) ReadOrSentinel(what string) *wire.Status {
	st, err := s.conn.ReadStatus()
	if err != nil && wire.IsTimeout(err) && s.conn.Send([]byte("NOOP\r\n")) == nil {
		if _, err2 := s.conn.ReadStatus(); err2 == nil {
			spec.Failf("waiting for %s: nothing within %s, yet a NOOP sent after it was answered: the command was never answered", what, s.T.Timeout)
		}
	}
	s.readError(what, err)
	s.noteText(what, st)
	return st
}

// Cmd sends one command line (CRLF added) and reads its status line.
func (s *Session) Cmd(line string) *wire.Status {
	s.Send(line + "\r\n")
	return s.Read()
}

// Multiline reads the body of a multi-line response after its +OK, byte-
// stuffing undone (RFC 1939 §3).
func (s *Session) Multiline(what string) []byte {
	body, err := s.conn.ReadMultiline()
	s.readError(what, err)
	return body
}

// ExpectOK sends a command and requires +OK. A -ERR with a transient
// response code ([SYS/TEMP], [IN-USE], [LOGIN-DELAY]) leaves the case
// inconclusive, an error, not a failure (RFC 2449 §8, RFC 3206 §4).
func (s *Session) ExpectOK(line string) *wire.Status {
	st := s.Cmd(line)
	s.Require(line, st, wire.StatusOK)
	return st
}

// ExpectErr sends a command and requires -ERR.
func (s *Session) ExpectErr(line string) *wire.Status {
	st := s.Cmd(line)
	s.Require(line, st, wire.StatusErr)
	return st
}

// Require requires st, the response to what, to be of kind want.
func (s *Session) Require(what string, st *wire.Status, want wire.StatusKind) {
	if st.Kind == want {
		return
	}
	if want == wire.StatusOK && st.Kind == wire.StatusErr && transient(st) {
		spec.Inconclusive(temporaryRefusalMessage, what, want.String(), wire.Visible([]byte(st.String())))
	}
	spec.Expected(what, want.String(), wire.Visible([]byte(st.String())))
}

// temporaryRefusalMessage begins the message of a case a transient -ERR
// kept from concluding.
const temporaryRefusalMessage = "a temporary refusal kept the case from concluding; rerun it later"

// transient reports a -ERR whose response code says the refusal is for
// now: SYS/TEMP (RFC 3206 §4), IN-USE and LOGIN-DELAY (RFC 2449 §8.1).
func transient(st *wire.Status) bool {
	return st.HasCode("SYS/TEMP") || st.HasCode("IN-USE") || st.HasCode("LOGIN-DELAY")
}

// Capa sends CAPA and requires +OK and a capability list (RFC 2449 §5),
// which it keeps for Has; a -ERR skips the case: CAPA is an extension.
func (s *Session) Capa() map[string]string {
	st := s.Cmd("CAPA")
	if st.Kind == wire.StatusErr {
		spec.Skipf("the server does not implement CAPA (RFC 2449): %s", wire.Visible([]byte(st.String())))
	}
	s.Require("CAPA", st, wire.StatusOK)
	return s.capaList(s.Multiline("the CAPA list"))
}

// capaList keeps the capability list body for Has and Advertises.
func (s *Session) capaList(body []byte) map[string]string {
	s.capa = map[string]string{}
	s.advertised[""] = true
	for _, line := range strings.Split(strings.TrimSuffix(string(body), "\r\n"), "\r\n") {
		tag, params, _ := strings.Cut(line, " ")
		if tag == "" {
			continue
		}
		s.capa[strings.ToUpper(tag)] = params
		s.advertised[strings.ToUpper(tag)] = true
	}
	return s.capa
}

// Has reports whether the last CAPA listing has the tag, and its
// parameters; it sends CAPA first if none was sent on this connection.
func (s *Session) Has(tag string) (string, bool) {
	if s.capa == nil {
		s.Capa()
	}
	params, ok := s.capa[strings.ToUpper(tag)]
	return params, ok
}

// RequireCapability skips the case unless CAPA lists tag.
func (s *Session) RequireCapability(tag string) string {
	params, ok := s.Has(tag)
	if !ok {
		spec.Skipf("the server does not advertise %s", tag)
	}
	return params
}

// Quit sends QUIT and requires +OK.
func (s *Session) Quit() {
	s.forget()
	s.ExpectOK("QUIT")
}

// Close closes the connection without QUIT, as a dropped client does.
func (s *Session) Close() {
	s.forget()
	s.conn.Close()
}

// forget takes the session off the list end sends QUIT to.
func (s *Session) forget() {
	for i, ls := range *s.loggedIn {
		if ls == s {
			*s.loggedIn = append((*s.loggedIn)[:i], (*s.loggedIn)[i+1:]...)
			return
		}
	}
}

// statStillAuthorization sends STAT after a refused login and requires
// -ERR, the session still in AUTHORIZATION; a connection the server has
// closed, found on the write or on the read, passes: RFC 1939 §4, "After
// returning a negative status indicator, the server may close the
// connection."
func (s *Session) statStillAuthorization(what string) {
	if err := s.conn.Send([]byte("STAT\r\n")); err != nil {
		if wire.IsClosed(err) {
			return
		}
		spec.Failf("sending STAT: %v", err)
	}
	st, err := s.conn.ReadStatus()
	if err != nil && wire.IsClosed(err) {
		return
	}
	s.readError("the response to STAT", err)
	s.Require(what, st, wire.StatusErr)
}
