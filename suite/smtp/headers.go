package smtp

// RFC 5321 §3.3: a server does not reject a message for defects in its
// header section or body, and never for Resent- fields that do not match.

import (
	"fmt"
	"time"

	"github.com/mailspec/mailspec/suite/spec"
)

const quoteHeaderDefects = `Server SMTP systems SHOULD NOT reject messages based on perceived defects in the RFC 822 or MIME (RFC 2045 [21]) message header section or message body. In particular, they MUST NOT reject messages in which the numbers of Resent-header fields do not match or Resent-to appears without Resent-from and/or Resent-date.`

// headerDefect is a message whose header section or body has one defect
// a server must (MUST) or should (SHOULD) not reject it for.
type headerDefect struct {
	id    string
	level spec.Level
	what  string
	// message builds the message in wire form, lines ended by CRLF,
	// without the end-of-data line and with no line starting with ".".
	message func(s *Session) string
}

// resentDate is a Resent-Date value.
func resentDate() string { return time.Now().Format("Mon, 02 Jan 2006 15:04:05 -0700") }

var headerDefects = []headerDefect{
	{"smtp-3.3-resent-field-counts-differ", MUST, "one Resent-Date, two Resent-From and one Resent-To",
		func(s *Session) string {
			return "Resent-Date: " + resentDate() + "\r\n" +
				"Resent-From: <" + s.Sender() + ">\r\n" +
				"Resent-From: <second-" + s.Sender() + ">\r\n" +
				"Resent-To: <" + s.Mailbox() + ">\r\n" +
				s.testHeader("Resent- field counts differ") + "The Resent- fields above do not pair up.\r\n"
		}},
	{"smtp-3.3-resent-to-alone", MUST, "Resent-To without Resent-From or Resent-Date",
		func(s *Session) string {
			return "Resent-To: <" + s.Mailbox() + ">\r\n" +
				s.testHeader("Resent-To alone") + "Resent-To came without Resent-From and Resent-Date.\r\n"
		}},
	{"smtp-3.3-no-date-or-from", SHOULD, "no Date and no From field (RFC 5322 section 3.6 requires both)",
		func(s *Session) string {
			return "To: <" + s.Mailbox() + ">\r\n" +
				"Subject: mailspec " + s.Case.ID + "\r\n" +
				"\r\n" +
				"This message has neither Date nor From.\r\n"
		}},
	{"smtp-3.3-mime-multipart-unterminated", SHOULD, "a multipart/mixed body whose parts never close",
		func(s *Session) string {
			return "MIME-Version: 1.0\r\n" +
				"Content-Type: multipart/mixed; boundary=\"mailspec-boundary\"\r\n" +
				s.testHeader("unterminated multipart") +
				"--mailspec-boundary\r\n" +
				"Content-Type: text/plain\r\n" +
				"\r\n" +
				"The closing boundary never comes.\r\n"
		}},
}

var _ = func() struct{} {
	for _, d := range headerDefects {
		register(Case{
			ID: d.id, RFC: "5321", Section: "3.3", Level: d.level,
			Quote: quoteHeaderDefects,
			Does:  "sends a message with " + d.what + "; requires 250",
			Run: func(s *Session) {
				s.startData()
				s.deliverData(fmt.Sprintf("a message with %s", d.what), d.message(s))
			},
		})
	}
	return struct{}{}
}()
