package smtp

// RFC 2034 (ENHANCEDSTATUSCODES) §3 and §4, and RFC 3463 §2: every 2xx,
// 4xx and 5xx reply but the greeting and the replies to HELO and EHLO
// starts the text of each of its lines with the same status code, of the
// reply code's class, in class.subject.detail syntax — whether or not the
// client used EHLO.

import (
	"github.com/mailspec/mailspec/suite/spec"
	"github.com/mailspec/mailspec/suite/wire"
)

// enhancedSample runs commands whose replies a server gives in any state
// after EHLO, successes and refusals, and returns them with their
// commands. MAIL comes last but one, so that the nested MAIL is refused.
func (s *Session) enhancedSample() ([]string, []*wire.Reply) {
	lines := []string{
		"NOOP",
		"RSET",
		"RCPT TO:<postmaster>", // before MAIL: 503
		"XMAILSPEC",            // unrecognized: 500
		"MAIL FROM:<mailspec",  // unacceptable argument: 501
		"MAIL FROM:<" + s.Sender() + ">",
		"MAIL FROM:<" + s.Sender() + ">", // nested: 503
	}
	replies := make([]*wire.Reply, len(lines))
	for i, l := range lines {
		replies[i] = s.Cmd(l)
	}
	return lines, replies
}

var _ = register(Case{
	ID: "smtp-2034.4-status-code-on-success", RFC: "2034", Section: "4", Level: MUST, Extension: "ENHANCEDSTATUSCODES",
	Quote: `These codes must appear in all 2xx, 4xx, and 5xx response lines other than initial greeting and any response to HELO or EHLO.`,
	Does:  "sends MAIL, RSET, NOOP, HELP and QUIT; requires a status code at the start of every line of each 2xx reply",
	Run: func(s *Session) {
		s.Require("ENHANCEDSTATUSCODES")
		for _, l := range []string{"MAIL FROM:<" + s.Sender() + ">", "RSET", "NOOP", "HELP", "QUIT"} {
			s.expectStatusCode(l, s.Cmd(l))
		}
	},
})

var _ = register(Case{
	ID: "smtp-2034.4-status-code-on-failure", RFC: "2034", Section: "4", Level: MUST, Extension: "ENHANCEDSTATUSCODES",
	Quote: `These codes must appear in all 2xx, 4xx, and 5xx response lines other than initial greeting and any response to HELO or EHLO.`,
	Does:  "sends RCPT before MAIL, an unknown verb, a MAIL with a broken path and a nested MAIL; requires a status code on every line of each refusal",
	Run: func(s *Session) {
		s.Require("ENHANCEDSTATUSCODES")
		lines, replies := s.enhancedSample()
		for i, r := range replies {
			s.expectStatusCode(lines[i], r)
		}
	},
})

var _ = register(Case{
	ID: "smtp-2034.4-status-code-class-agrees", RFC: "2034", Section: "4", Level: MUST, Extension: "ENHANCEDSTATUSCODES",
	Quote: `All status codes returned by the server must agree with the primary response code, that is, a 2xx response must incorporate a 2.X.X code, a 4xx response must incorporate a 4.X.X code, and a 5xx response must incorporate a 5.X.X code.`,
	Does:  "sends commands answered 250, 500, 501 and 503; requires each status code's class to be the reply code's first digit",
	Run: func(s *Session) {
		s.Require("ENHANCEDSTATUSCODES")
		lines, replies := s.enhancedSample()
		for i, r := range replies {
			s.expectStatusClass(lines[i], r)
		}
	},
})

var _ = register(Case{
	ID: "smtp-3463.2-status-code-syntax", RFC: "3463", Section: "2", Level: MUST, Extension: "ENHANCEDSTATUSCODES",
	Quote: `Each numeric sub-code within the status-code MUST be expressed without leading zero digits.`,
	Does:  "sends commands answered 250, 500, 501 and 503; requires each status code to be class.subject.detail, 1-3 digits a sub-code, no leading zeros",
	Run: func(s *Session) {
		s.Require("ENHANCEDSTATUSCODES")
		lines, replies := s.enhancedSample()
		for i, r := range replies {
			s.expectStatusSyntax(lines[i], r)
		}
	},
})

var _ = register(Case{
	ID: "smtp-2034.4-same-status-code-every-line", RFC: "2034", Section: "4", Level: MUST, Extension: "ENHANCEDSTATUSCODES",
	Quote: `When responses are continued across multiple lines the same status code must appear at the beginning of the text in each line of the response.`,
	Does:  "sends HELP, which servers commonly answer on several lines; requires the same status code at the start of each line",
	Run: func(s *Session) {
		s.Require("ENHANCEDSTATUSCODES")
		r := s.Cmd("HELP")
		if len(r.Lines) < 2 || !takesStatusCode(r) {
			spec.Skipf("HELP got a one-line reply, and no other command is sure to get a multi-line one")
		}
		s.expectSameStatusCode("HELP", r)
	},
})

var _ = register(Case{
	ID: "smtp-2034.4-status-code-without-ehlo", RFC: "2034", Section: "4", Level: MUST, Extension: "ENHANCEDSTATUSCODES",
	Quote: `Servers supporting this extension must attach enhanced status codes to their responses regardless of whether or not EHLO is employed by the client.`,
	Does:  "on a second connection greeted with HELO, sends MAIL, RSET, NOOP and RCPT before MAIL; requires a status code on every line of each reply",
	Run: func(s *Session) {
		s.Require("ENHANCEDSTATUSCODES")
		helo := s.NewConnection()
		helo.Helo()
		for _, l := range []string{"MAIL FROM:<" + s.Sender() + ">", "RSET", "NOOP", "RCPT TO:<postmaster>"} {
			helo.expectStatusCode(l+" (after HELO)", helo.Cmd(l))
		}
	},
})

var _ = register(Case{
	ID: "smtp-2034.4-status-code-after-data", RFC: "2034", Section: "4", Level: MUST, Extension: "ENHANCEDSTATUSCODES",
	Quote: `These codes must appear in all 2xx, 4xx, and 5xx response lines other than initial greeting and any response to HELO or EHLO.`,
	Does:  "sends a message; requires a status code on every line of the MAIL, RCPT and end-of-data replies",
	Run: func(s *Session) {
		s.Require("ENHANCEDSTATUSCODES")
		mail := "MAIL FROM:<" + s.Sender() + ">"
		s.expectStatusCode(mail, s.ExpectCmd(mail, 250))
		rcpt := "RCPT TO:<" + s.Mailbox() + ">"
		s.expectStatusCode(rcpt, s.ExpectCmd(rcpt, 250, 251))
		s.ExpectCmd("DATA", 354)
		r := s.SendData(s.extMessage("enhanced status codes", "body\r\n") + ".\r\n")
		s.ExpectReply("end of data", r, 250)
		s.expectStatusCode("end of data", r)
	},
})
