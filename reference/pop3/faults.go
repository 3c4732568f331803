package pop3

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"io"
	"strings"
	"time"

	"github.com/mailspec/mailspec/reference/mailstore"
)

// Faults breaks chosen rules on purpose. The conformance suite's own tests
// set it to show that each POP3 case fails against a server that breaks
// the case's rule; a case no broken server makes fail proves nothing.
// Leave it nil in every real use: the zero server is the strict one.
type Faults struct {
	// Reply sees every status line as it is about to go on the wire,
	// without its CRLF, with the command line it answers ("" for the
	// greeting), and returns what is sent instead: the single-line
	// responses and the first line of the multi-line ones. It may change
	// the indicator, break the format, or return "" to send nothing.
	Reply func(command, response string) string
	// Body sees the body of every multi-line response, in network form
	// and before byte-stuffing, with the command it answers, and returns
	// what is sent instead: listings with wrong counts, unique-ids that
	// change, a message cut short.
	Body func(command string, body []byte) []byte
	// NoByteStuffing sends the lines of multi-line responses that begin
	// with "." as they are (RFC 1939 §3 requires byte-stuffing).
	NoByteStuffing bool
	// DeleteOnDrop removes the messages marked as deleted when a session
	// ends without QUIT (RFC 1939 §6: such a session "MUST not remove any
	// messages from the maildrop").
	DeleteOnDrop bool
	// RenumberAfterDele counts only the messages not marked as deleted
	// when it resolves a message-number, so that numbers shift after DELE
	// (RFC 1939 §5: the numbers a session assigned stay; "any future
	// reference to the message-number ... generates an error").
	RenumberAfterDele bool
	// KeepDeletedOnQuit removes nothing in the UPDATE state (RFC 1939 §6:
	// "The POP3 server removes all messages marked as deleted").
	KeepDeletedOnQuit bool
	// KeepUserAfterSTLS keeps a USER name given before STLS, so that PASS
	// after the handshake completes the login (RFC 1939 §7: PASS "may only
	// be given in the AUTHORIZATION state immediately after a successful
	// USER command", and §3 requires -ERR in an incorrect state).
	KeepUserAfterSTLS bool
	// KeepPlaintextAfterSTLS runs commands the client pipelined behind
	// STLS as if they came over TLS (RFC 2595 §4).
	KeepPlaintextAfterSTLS bool
	// ShareLockedMaildrop lets a second session log in to a maildrop
	// another session holds, sharing that session's open maildrop, so
	// that the second session's QUIT removes messages under the first
	// (RFC 1939 §4: the exclusive-access lock held until UPDATE).
	ShareLockedMaildrop bool
	// LenientBase64 decodes SASL responses ignoring any octet outside the
	// base64 alphabet (RFC 5034 §4: servers "MUST reject (and not ignore)"
	// such characters).
	LenientBase64 bool
	// CapaAfterLogin rewrites the capability list CAPA sends in the
	// TRANSACTION state, in network form, so that it drops what it listed
	// before login (RFC 2449 §5, RFC 5034 §3) or changes an argument.
	CapaAfterLogin func(list string) string
	// NoCapaAfterLogin answers CAPA with -ERR in the TRANSACTION state
	// (RFC 2449 §5: CAPA "is available in both the AUTHORIZATION and
	// TRANSACTION states").
	NoCapaAfterLogin bool
	// DiscardPipelined throws away whatever the client sent after the
	// command being answered (RFC 2449 §6.6: a PIPELINING server "MUST
	// process each command in turn").
	DiscardPipelined bool
	// AutologoutTimeout, if positive, replaces Config.AutologoutTimeout as
	// the wait for the next command, even under the 10 minutes RFC 1939 §3
	// requires.
	AutologoutTimeout time.Duration
}

// faulty returns the session's faults, never nil.
func (s *session) faulty() *Faults {
	if s.srv.cfg.Faults == nil {
		return &noFaults
	}
	return s.srv.cfg.Faults
}

var noFaults Faults

// statusLine is r as sent, with Faults.Reply applied.
func (s *session) statusLine(r reply) string {
	line := r.String()
	if f := s.faulty().Reply; f != nil {
		line = f(s.command, line)
	}
	return line
}

// renumbered maps the index of a message-number to the index of the
// message that number names when the messages marked as deleted are not
// counted (Faults.RenumberAfterDele), or past the end if none.
func (s *session) renumbered(i int) int {
	for j := 0; j < s.mbox.Len(); j++ {
		if _, err := s.mbox.Message(j); err != nil {
			continue
		}
		if i == 0 {
			return j
		}
		i--
	}
	return s.mbox.Len()
}

// keepAfterSTLS undoes what STLS forgets, for Faults.KeepUserAfterSTLS
// and KeepPlaintextAfterSTLS: the USER name given before it, and the
// plaintext the client sent behind it, which is then read as if it had
// come over TLS.
func (s *session) keepAfterSTLS(f *Faults, pending string, plain *bufio.Reader, conn io.Reader) {
	if f.KeepUserAfterSTLS {
		s.user = pending
	}
	if f.KeepPlaintextAfterSTLS && plain.Buffered() > 0 {
		ahead, _ := plain.Peek(plain.Buffered())
		s.br = buffers.Reader(io.MultiReader(bytes.NewReader(append([]byte(nil), ahead...)), conn))
	}
}

// autologoutTimeout is how long the session waits for the next command:
// Config.AutologoutTimeout, as Faults.AutologoutTimeout may shorten it.
func (s *session) autologoutTimeout() time.Duration {
	if d := s.faulty().AutologoutTimeout; d > 0 {
		return d
	}
	return s.srv.cfg.AutologoutTimeout
}

// lenientBase64 decodes b64 as Faults.LenientBase64 does: octets outside
// the alphabet are dropped first.
func lenientBase64(b64 string) ([]byte, error) {
	kept := strings.Map(func(r rune) rune {
		if r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '+' || r == '/' || r == '=' {
			return r
		}
		return -1
	}, b64)
	return base64.StdEncoding.DecodeString(kept)
}

// sharedMaildrop returns the maildrop another session of user holds, for
// Faults.ShareLockedMaildrop.
func (s *session) sharedMaildrop(user string) (*mailstore.Mailbox, bool) {
	v, ok := s.srv.shared.Load(user)
	if !ok {
		return nil, false
	}
	return v.(*mailstore.Mailbox), true
}
