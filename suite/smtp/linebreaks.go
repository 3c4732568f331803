package smtp

// RFC 5321 §2.3.8 (Lines): only CRLF ends a command line. Each case sends
// one command line that holds a bare LF or bare CR between two commands:
//
//	MAIL FROM:<s> BREAK RCPT TO:<m> CRLF
//
// A server that ends lines only at CRLF sees one MAIL command with an
// argument the grammar refuses, and answers once; a server that takes
// BREAK for a line end runs MAIL and RCPT and answers twice. The
// NOOP-then-QUIT sentinel counts the replies.

import (
	"github.com/mailspec/mailspec/suite/spec"
	"github.com/mailspec/mailspec/suite/wire"
)

// commandBreak is a bare line-end look-alike inside a command line, named
// by its bytes.
type commandBreak struct {
	id, name, bytes string
}

var commandBreaks = []commandBreak{
	{"smtp-2.3.8-bare-lf-in-command", "<LF>", "\n"},
	{"smtp-2.3.8-bare-cr-in-command", "<CR>", "\r"},
}

var _ = func() struct{} {
	for _, b := range commandBreaks {
		register(Case{
			ID: b.id, RFC: "5321", Section: "2.3.8", Level: MUST,
			Quote: quoteOnlyCRLF,
			Does:  "sends the one line MAIL FROM:<s>" + b.name + "RCPT TO:<m><CRLF>; requires one 5yz reply, then NOOP 250 and QUIT 221 with no reply between",
			Run:   func(s *Session) { s.breakCommand(b) },
		})
	}
	return struct{}{}
}()

// breakCommand runs one command-line break case.
func (s *Session) breakCommand(b commandBreak) {
	s.Ehlo()
	s.Send("MAIL FROM:<" + s.Sender() + ">" + b.bytes + "RCPT TO:<" + s.Mailbox() + ">\r\n")
	r := s.Read()
	// Not a line end, the bare character is part of MAIL's argument, which
	// the grammar refuses and §4.1.4 answers with 501; a server that
	// refuses the line whole, before parsing it, says 500.
	if r.Class() != 5 {
		spec.Failf("MAIL FROM:<s>%sRCPT TO:<m> sent as one line\nExpected: one 5yz refusal of the line (500 or 501)\nActual:   %s", b.name, wire.Visible([]byte(r.String())))
	}
	s.expectNoStrayReplies("one command line holding " + b.name)
}
