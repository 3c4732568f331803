// Package smtp is the SMTP conformance suite: one case per behaviour that
// RFC 5321 and the extensions a server advertises require, each run on a
// fresh connection to any server by address. The cases are Go values in a
// registry; Declare turns them into Ginkgo specs, so `go test` and the
// mailspec command run the same ones.
package smtp

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/onsi/gomega"

	"github.com/mailspec/mailspec/suite/spec"
	"github.com/mailspec/mailspec/suite/target"
	"github.com/mailspec/mailspec/suite/wire"
)

// Session is what a case body drives: one connection to the server under
// test (more if the case opens them), the target's description, and a
// Gomega whose failures end the case with the case's verdict.
type Session struct {
	gomega.Gomega
	T    *target.Target
	Case Case

	conn     *wire.Conn
	greeting *wire.Reply
	ehlo     *wire.Reply // the last EHLO reply on this connection
	tls      bool
	greeted  bool           // a HELO or EHLO got 250 since the connection or the TLS handshake
	utf8Mail bool           // the last MAIL carried SMTPUTF8 (RFC 6531 §3.7.4.1)
	warnings *[]string      // lesser breaches seen on the way, shared by the case's connections
	breaches *[]spec.Breach // oracle breaches, shared by the case's connections
	// advertised holds every keyword any EHLO reply of the case listed,
	// upper case, shared by its connections (spec.Advertiser).
	advertised map[string]bool

	// conns are the case's connections and its overall deadline, shared
	// by its sessions.
	conns *spec.Conns
}

// warn notes a breach of a SHOULD seen on the way to the case's own check.
func (s *Session) warn(message string) { *s.warnings = append(*s.warnings, message) }

// Warnings lists the notes of warn; a case that otherwise passes ends as a
// warning (spec.Warner).
func (s *Session) Warnings() []string { return *s.warnings }

// Case is an SMTP conformance case.
type Case = spec.Case[*Session]

// registry holds every SMTP case, in declaration order.
var registry spec.Registry[*Session]

// register declares a case; use it as `var _ = register(Case{...})`.
func register(c Case) struct{} { return registry.Add(c) }

// Registry is the SMTP cases, for the mailspec command, the requirements
// table and the suite's own tests.
func Registry() *spec.Registry[*Session] { return &registry }

// Declare adds every SMTP case to the Ginkgo tree; env is read when the
// specs run.
func Declare(env *spec.Env) bool {
	return spec.Declare("SMTP", env, &registry, Open)
}

// Open starts a case's session: it connects to the target's SMTP server
// and reads the greeting. A server that cannot be reached is an error
// verdict; a greeting that is not 220 is for the case to judge. A case
// that needs what the target lacks (needs.go) skips before connecting.
func Open(t *target.Target, c Case) (*Session, func() []string, func()) {
	return open(t, c, needs)
}

// open is Open with the table of needs to consult.
func open(t *target.Target, c Case, needs map[string]need) (*Session, func() []string, func()) {
	s := &Session{T: t, Case: c, warnings: &[]string{}, breaches: &[]spec.Breach{}, advertised: map[string]bool{}, conns: spec.NewConns(t.Timeout, caseLimit(t, c))}
	s.Gomega = gomega.NewGomega(func(message string, _ ...int) { spec.Failf("%s", message) })
	if t.SMTP.Addr == "" {
		s.conns.CloseAll()
		spec.Skipf("no SMTP server given")
	}
	if why := lacks(t, needs[c.ID]); why != "" {
		s.conns.CloseAll()
		spec.Skipf("%s", why)
	}
	s.connect()
	return s, s.conns.Transcripts, s.conns.CloseAll
}

// connect dials the target and reads the greeting (RFC 5321 §3.1).
func (s *Session) connect() {
	s.conn = s.conns.Dial(s.T, s.T.SMTP.Addr, s.T.SMTP.TLS)
	s.tls = s.T.SMTP.TLS == target.TLSImplicit
	s.greeting = s.read("the greeting")
}

// NewConnection opens another connection for the same case, greeted but
// not yet EHLO'd; its transcript joins the case's.
func (s *Session) NewConnection() *Session {
	other := &Session{Gomega: s.Gomega, T: s.T, Case: s.Case, warnings: s.warnings, breaches: s.breaches, advertised: s.advertised, conns: s.conns}
	other.connect()
	return other
}

// Greeting is the server's opening reply.
func (s *Session) Greeting() *wire.Reply { return s.greeting }

// Send writes raw bytes, exactly as given.
func (s *Session) Send(raw string) {
	if err := s.conn.Send([]byte(raw)); err != nil {
		spec.Failf("sending %s: %v", wire.Visible([]byte(raw)), err)
	}
}

// Read reads one reply. A reply that breaks RFC 5321 §4.2's format, no
// reply within the deadline, or a closed connection end the case as a
// failure: the server owed a well-formed reply.
func (s *Session) Read() *wire.Reply { return s.read("a reply") }

func (s *Session) read(what string) *wire.Reply {
	r, err := s.conn.ReadReply()
	var pe *wire.ProtocolError
	switch {
	case err == nil:
		if r.TextProblem != "" {
			s.textBreach(what, r)
		}
		return r
	case errors.As(err, &pe):
		msg := fmt.Sprintf("waiting for %s: the server broke the reply format (RFC 5321 section 4.2): %v", what, err)
		s.breach(oracleReplyFormat, msg)
		if s.Case.RFC == "5321" && s.Case.Section == "4.2" {
			spec.Failf("%s", msg) // the format is this case's own subject
		}
		// Nothing after a broken reply can be read in step: the case
		// cannot conclude, and the format oracle carries the blame.
		spec.Errorf(fmt.Errorf("%s (reported under %s)", msg, oracleReplyFormat))
	case wire.IsTimeout(err):
		spec.Failf("waiting for %s: no reply within %s", what, s.T.Timeout)
	case wire.IsClosed(err):
		spec.Failf("waiting for %s: the server closed the connection", what)
	default:
		spec.Failf("waiting for %s: %v", what, err)
	}
	return nil
}

// Cmd sends one command line (CRLF added) and reads its reply, which it
// checks against the codes RFC 5321 §4.3.2 and the extensions allow for
// that command.
func (s *Session) Cmd(line string) *wire.Reply {
	utf8ok := s.utf8Replies(line)
	s.Send(line + "\r\n")
	if utf8ok {
		s.conn.SetUTF8Replies(true)
		defer s.conn.SetUTF8Replies(false)
	}
	r := s.Read()
	s.checkCode(line, r)
	if verb, _, _ := strings.Cut(line, " "); r.Code == 250 && (strings.EqualFold(verb, "EHLO") || strings.EqualFold(verb, "HELO")) {
		s.greeted = true
	}
	if utf8ok {
		s.checkUTF8Reply(line, r)
	}
	return r
}

// SendData sends message data after a 354, exactly as given (it must end
// with the end-of-data sequence the case means to send), and reads the
// reply, which must be one RFC 5321 §4.3.2 allows after data.
func (s *Session) SendData(raw string) *wire.Reply {
	s.Send(raw)
	r := s.Read()
	s.checkCodeIn("<end of data>", r, endOfDataCodes)
	return r
}

// Respond sends one line of an AUTH exchange and reads the reply, which
// must be one RFC 4954 allows.
func (s *Session) Respond(line string) *wire.Reply {
	s.Send(line + "\r\n")
	r := s.Read()
	s.checkCodeIn("AUTH response", r, saslResponseCodes)
	return r
}

// ExpectCmd sends a command and requires one of the given codes (three
// digits) or classes (one digit: 2, 3, 4, 5).
func (s *Session) ExpectCmd(line string, allowed ...int) *wire.Reply {
	r := s.Cmd(line)
	s.ExpectReply(line, r, allowed...)
	return r
}

// ExpectReply requires r, the reply to what, to have one of the allowed
// codes or classes. A temporary refusal (4yz) the case did not allow
// leaves the case inconclusive, an error verdict, not a failure: the
// server may be right to refuse for now (RFC 5321 section 4.2.1), and a
// rerun may conclude (see temporaryRefusal).
func (s *Session) ExpectReply(what string, r *wire.Reply, allowed ...int) {
	if r.Expect(allowed...) != nil {
		temporaryRefusal(what, r, allowed)
		precondition(what, r, allowed)
		spec.Failf("%s\nExpected: %s\nActual:   %s", wire.Visible([]byte(what)), describeAllowed(allowed), wire.Visible([]byte(r.String())))
	}
}

func describeAllowed(allowed []int) string {
	var parts []string
	for _, a := range allowed {
		if a < 10 {
			parts = append(parts, fmt.Sprintf("%dxx", a))
		} else {
			parts = append(parts, fmt.Sprint(a))
		}
	}
	return "a reply " + strings.Join(parts, " or ")
}

// Ehlo greets with EHLO and requires 250 (RFC 5321 §4.1.1.1); it keeps the
// reply for Has.
func (s *Session) Ehlo() *wire.Reply {
	r := s.ExpectCmd("EHLO "+s.clientDomain(), 250)
	s.ehlo = r
	s.noteAdvertised(r)
	return r
}

// Helo greets with HELO and requires 250.
func (s *Session) Helo() *wire.Reply {
	s.ehlo = nil
	return s.ExpectCmd("HELO "+s.clientDomain(), 250)
}

// Has reports whether the last EHLO reply lists the keyword (RFC 5321
// §4.1.1.1: keywords are case-insensitive) and returns its parameters.
func (s *Session) Has(keyword string) (string, bool) {
	if s.ehlo == nil {
		return "", false
	}
	for _, line := range s.ehlo.Lines[1:] {
		kw, params, _ := strings.Cut(line, " ")
		if strings.EqualFold(kw, keyword) {
			return params, true
		}
	}
	return "", false
}

// Require sends EHLO if not yet done and skips the case unless the server
// advertises keyword.
func (s *Session) Require(keyword string) string {
	if s.ehlo == nil {
		s.Ehlo()
	}
	params, ok := s.Has(keyword)
	if !ok {
		spec.Skipf("the server does not advertise %s", keyword)
	}
	return params
}

// Sync is the sentinel: a NOOP whose 250 proves every earlier command has
// been answered and the session is still usable (RFC 5321 §4.1.1.9).
//
// Before HELO or EHLO a 503 does too: RFC 5321 §4.1.4 says servers
// "SHOULD process these normally (that is, not return a 503 code) even if
// no EHLO command has yet been received", a SHOULD that the
// smtp-4.1.4-noop-before-ehlo case judges, not every case that syncs.
func (s *Session) Sync() {
	if !s.greeted {
		s.expectCmdKeepingSession("NOOP", 250, 503)
		return
	}
	s.expectCmdKeepingSession("NOOP", 250)
}

// ExpectClosed requires the server to close the connection, with nothing
// more to say, before the deadline. Anything sent first fails the case: a
// reply, a line that is no reply, or part of a line cut off by the close.
func (s *Session) ExpectClosed(why string) {
	r, err := s.conn.ReadReply()
	var pe *wire.ProtocolError
	switch {
	case err == nil:
		spec.Failf("%s\nExpected: the connection closed\nActual:   %s", why, wire.Visible([]byte(r.String())))
	case errors.As(err, &pe):
		spec.Failf("%s\nExpected: the connection closed\nActual:   more sent, not even a reply: %v", why, err)
	case wire.IsTimeout(err):
		spec.Failf("%s\nExpected: the connection closed\nActual:   still open after %s", why, s.T.Timeout)
	case errors.Is(err, io.ErrUnexpectedEOF):
		spec.Failf("%s\nExpected: the connection closed\nActual:   part of a line, then the connection closed", why)
	case !wire.IsClosed(err):
		spec.Failf("%s\nExpected: the connection closed\nActual:   %v", why, err)
	}
}

// Mailbox is the target's deliverable mailbox; cases that need one are
// skipped when none is given.
func (s *Session) Mailbox() string {
	if s.T.Mailbox == "" {
		spec.Skipf("no deliverable mailbox given (%s)", target.EnvMailbox)
	}
	return s.T.Mailbox
}

// Sender is the reverse-path the suite uses: the target's, by default a
// mailbox in a reserved domain (RFC 2606), so no reply can reach anyone.
func (s *Session) Sender() string { return sender(s.T) }

// sender is t's reverse-path, the default if t names none.
func sender(t *target.Target) string {
	if t.Sender == "" {
		return target.DefaultSender
	}
	return t.Sender
}

// fromSender rewrites a path the cases write with the default sender, for
// the configured one: the default sender becomes s.Sender(), and any other
// mailbox at the default sender's domain keeps its local part (the syntax
// the case is about: quoted, with a control character, in UTF-8, 64
// octets long) but takes the configured sender's domain. A server that
// accepts only senders in domains it knows (RFC 5321 §3.3 lets it refuse
// a reverse-path "for some reason") then judges the case's syntax, not
// its domain. Paths whose subject is the domain itself (sender..example,
// -sender.example, bad_name.example, address literals, bücher.example)
// are not at "@sender.example" and stay as written. Case descriptions
// show the default spelling; transcripts show what was sent.
func (s *Session) fromSender(path string) string {
	return strings.NewReplacer(
		target.DefaultSender, s.Sender(),
		"@"+domainOf(target.DefaultSender), "@"+domainOf(s.Sender()),
	).Replace(path)
}

// Transaction opens a mail transaction to the deliverable mailbox:
// MAIL and RCPT, both required to succeed.
func (s *Session) Transaction() {
	s.ExpectCmd("MAIL FROM:<"+s.Sender()+">", 250)
	s.ExpectCmd("RCPT TO:<"+s.Mailbox()+">", 250, 251)
}
