package smtp

// RFC 5321 §4.5.2 (Transparency): the client doubles a period that begins
// a line of text, the server deletes it. What the server stores is not
// visible over SMTP, so these cases check the dialogue: dot-stuffed lines
// are accepted as data, end nothing early, and (through the text-line
// limit of §4.5.3.1.6, which does not count the transparency dot) are
// unstuffed before they are measured. The bytes themselves are for the
// SMTP-to-POP3 round trip. Lone-period look-alikes are in smuggling.go.

import (
	"strings"

	"github.com/mailspec/mailspec/suite/wire"
)

var _ = register(Case{
	ID: "smtp-4.5.2-stuffed-line", RFC: "5321", Section: "4.5.2", Level: MUST,
	Binds: "§4.5.2 defines what the receiver does with a leading period",
	Quote: `If the first character is a period and there are other characters on the line, the first character is deleted.`,
	Does:  "sends a message with the line \"..x\" (\".x\" stuffed); requires 250, then NOOP 250 and QUIT 221 with no reply between",
	Run: func(s *Session) {
		s.startData()
		s.deliverData("a message with a dot-stuffed line", s.testHeader("stuffed line")+"before\r\n..x\r\nafter\r\n")
		s.expectNoStrayReplies("a message with the line ..x")
	},
})

// everyLineDot is message text in which every line of the body begins
// with a period: a lone period, periods only, a period before text, a
// period at both ends, and a line of the full 1000 octets that
// RFC 5321 §4.5.3.1.6 allows, CRLF included and the transparency dot not
// counted, so that a server which keeps the transparency dot finds it one
// octet too long.
func everyLineDot() string {
	return strings.Join([]string{
		".",
		"..",
		"...",
		".x",
		".x.",
		". leading period and a space",
		"." + strings.Repeat("d", 1000-3),
		".",
	}, "\r\n") + "\r\n"
}

var _ = register(Case{
	ID: "smtp-4.5.2-every-line-dot", RFC: "5321", Section: "4.5.2", Level: MUST,
	Binds: "§4.5.2 defines what the receiver does with a leading period on every line",
	Quote: `When a line of mail text is received by the SMTP server, it checks the line. If the line is composed of a single period, it is treated as the end of mail indicator. If the first character is a period and there are other characters on the line, the first character is deleted.`,
	Does:  "sends a message whose every body line begins with a period, dot-stuffed, one of them 1000 octets long once unstuffed; requires 250, then NOOP 250 and QUIT 221 with no reply between",
	Run: func(s *Session) {
		s.startData()
		s.deliverData("a message whose every body line begins with a period", wire.DotStuff(s.testHeader("every line a dot")+everyLineDot()))
		s.expectNoStrayReplies("a message whose every body line begins with a period")
	},
})
