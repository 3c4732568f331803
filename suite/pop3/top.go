package pop3

import (
	"bytes"
	"strconv"

	"github.com/mailspec/mailspec/suite/spec"
	"github.com/mailspec/mailspec/suite/wire"
)

// RFC 1939 §5, RETR.
var _ = register(Case{
	ID: "pop3-5-retr-whole-message", RFC: "1939", Section: "5", Level: MUST,
	Quote: `After the initial +OK, the POP3 server sends the message corresponding to the given message-number, being careful to byte-stuff the termination character (as with all multi-line responses).`,
	Binds: "the protocol's definition of RETR: the whole message, as delivered after the trace fields the server added",
	Does:  "delivers a message of three body lines; requires RETR n to end with the header and body sent, byte for byte",
	Run: func(s *Session) {
		m := s.Deliver("line one", "line two", "line three")
		s.Login()
		n := s.Find(m)[0]
		if body := s.Retr(n); !bytes.HasSuffix(body, []byte(m.body)) {
			spec.Expected("RETR "+strconv.Itoa(n), "the message ending "+wire.Visible([]byte(m.body)), wire.Visible(body))
		}
	},
}, needCredentials, needMessages)

// top sends TOP n lines, requires +OK and returns what follows.
func (s *Session) top(n, lines int) []byte {
	cmd := "TOP " + strconv.Itoa(n) + " " + strconv.Itoa(lines)
	s.ExpectOK(cmd)
	return s.Multiline("the response to " + cmd)
}

// header is a message's header section and the blank line after it.
func header(msg []byte) []byte {
	i := bytes.Index(msg, []byte("\r\n\r\n"))
	if i < 0 {
		return msg
	}
	return msg[:i+4]
}

// RFC 1939 §7, TOP: optional, so every case needs TOP in CAPA.
var _ = register(Case{
	ID: "pop3-7-top-zero-lines", RFC: "1939", Section: "7", Level: MUST, Extension: "TOP",
	Quote: `After the initial +OK, the POP3 server sends the headers of the message, the blank line separating the headers from the body, and then the number of lines of the indicated message's body`,
	Binds: "the protocol's definition of TOP: with 0 lines, the headers and the blank line, nothing more",
	Does:  "delivers a message, sends RETR n and TOP n 0; requires TOP to give RETR's headers and the blank line after them, and no body line",
	Run: func(s *Session) {
		m := s.Deliver("body line")
		s.Login()
		n := s.Find(m)[0]
		want := header(s.Retr(n))
		s.RequireCapability("TOP")
		if got := s.top(n, 0); !bytes.Equal(got, want) {
			spec.Expected("TOP "+strconv.Itoa(n)+" 0", wire.Visible(want), wire.Visible(got))
		}
	},
}, needCredentials, needMessages)

var _ = register(Case{
	ID: "pop3-7-top-counts-body-lines", RFC: "1939", Section: "7", Level: MUST, Extension: "TOP",
	Quote: `After the initial +OK, the POP3 server sends the headers of the message, the blank line separating the headers from the body, and then the number of lines of the indicated message's body`,
	Binds: "the protocol's definition of TOP: the headers, the blank line and exactly the number of body lines asked for",
	Does:  "delivers a message of three body lines, sends TOP n 1; requires the headers, the blank line and the first body line, nothing more",
	Run: func(s *Session) {
		m := s.Deliver("first", "second", "third")
		s.Login()
		n := s.Find(m)[0]
		want := append(header(s.Retr(n)), "first\r\n"...)
		s.RequireCapability("TOP")
		if got := s.top(n, 1); !bytes.Equal(got, want) {
			spec.Expected("TOP "+strconv.Itoa(n)+" 1", wire.Visible(want), wire.Visible(got))
		}
	},
}, needCredentials, needMessages)

var _ = register(Case{
	ID: "pop3-7-top-beyond-body", RFC: "1939", Section: "7", Level: MUST, Extension: "TOP",
	Quote: `Note that if the number of lines requested by the POP3 client is greater than than the number of lines in the body, then the POP3 server sends the entire message.`,
	Binds: "the protocol's definition of TOP for a count beyond the body",
	Does:  "delivers a message of two body lines, sends TOP n 100; requires the entire message, as RETR n sends it",
	Run: func(s *Session) {
		m := s.Deliver("only", "two lines")
		s.Login()
		n := s.Find(m)[0]
		want := s.Retr(n)
		s.RequireCapability("TOP")
		if got := s.top(n, 100); !bytes.Equal(got, want) {
			spec.Expected("TOP "+strconv.Itoa(n)+" 100", wire.Visible(want), wire.Visible(got))
		}
	},
}, needCredentials, needMessages)
