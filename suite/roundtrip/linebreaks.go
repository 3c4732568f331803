package roundtrip

// Lines (RFC 5321 §2.3.8): only CRLF ends a line. A bare LF or bare CR in
// message data is not a line end; a server may refuse the message, or
// keep the octet some other way, but must never deliver it as a line
// break. What the server did shows only in the stored message.

import (
	"strings"

	"github.com/mailspec/mailspec/suite/spec"
	"github.com/mailspec/mailspec/suite/wire"
)

// lineTerminatorQuote is §2.3.8's sentence that binds the server.
const lineTerminatorQuote = `Lines consist of zero or more data characters terminated by the sequence ASCII character "CR" (hex value 0D) followed immediately by ASCII character "LF" (hex value 0A). This termination sequence is denoted as <CRLF> in this document. Conforming implementations MUST NOT recognize or generate any other character or character sequence as a line terminator.`

// expectNoBreak sends a message whose body line holds the octet, named
// name, bare between before and after, and requires a refusal or a
// delivered message in which before and after are not on two lines.
func (s *Session) expectNoBreak(name, octet, before, after string) {
	m := s.NewMessage("a bare "+name, "", before+octet+after+"\r\nlast\r\n")
	s.Begin("", 1)
	r := s.Data(wire.DotStuff(m.Content))
	if r.Code/100 == 5 {
		return // refused whole: RFC 5321 §2.3.8 leaves the server that choice
	}
	s.SMTP.ExpectReply("the end of data holding a bare "+name, r, 250)
	got := string(s.FetchOne(m))
	if strings.Contains(got, before+"\r\n"+after) {
		spec.Expected("RETR of the message with a bare "+name,
			"the bare "+wire.Visible([]byte(octet))+" not delivered as a line break: the message refused, or "+
				wire.Visible([]byte(before+octet+after))+" kept on one line",
			"the line broken in two: "+wire.Visible([]byte(before+"\r\n"+after)))
	}
}

var _ = register(Case{
	ID: "smtp-2.3.8-roundtrip-bare-lf-not-line-break", RFC: "5321", Section: "2.3.8", Level: MUST,
	Quote: lineTerminatorQuote,
	Does:  "sends a body line holding a bare LF (\"before<LF>after\"); requires the message refused with 5yz, or delivered with \"before\" and \"after\" not made two lines (read back by POP3)",
	Run:   func(s *Session) { s.expectNoBreak("LF", "\n", "before-bare-lf", "after-bare-lf") },
})

var _ = register(Case{
	ID: "smtp-2.3.8-roundtrip-bare-cr-not-line-break", RFC: "5321", Section: "2.3.8", Level: MUST,
	Quote: lineTerminatorQuote,
	Does:  "sends a body line holding a bare CR (\"before<CR>after\"); requires the message refused with 5yz, or delivered with \"before\" and \"after\" not made two lines (read back by POP3)",
	Run:   func(s *Session) { s.expectNoBreak("CR", "\r", "before-bare-cr", "after-bare-cr") },
})
