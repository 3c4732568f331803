package smtp

// RFC 5321 §4.5.1 (Minimum Implementation): the commands every server
// MUST support, recognised rather than answered "500 command not
// recognized" or "502 not implemented" (VRFY, whose support §7.3 shapes,
// is smtp-4.5.1-vrfy-supported in vrfy.go); and the reserved mailbox
// "postmaster", accepted with no domain and at every local domain, in any
// case.

import (
	"strings"

	"github.com/mailspec/mailspec/suite/spec"
	"github.com/mailspec/mailspec/suite/wire"
)

// requiredCommand is one command of §4.5.1's list, with what brings the
// session to a state where the command can succeed.
type requiredCommand struct {
	verb  string
	setup func(*Session)
	line  func(*Session) string
}

func greeted(s *Session) { s.Ehlo() }

var requiredCommands = []requiredCommand{
	{verb: "EHLO", setup: func(*Session) {}, line: func(s *Session) string { return "EHLO " + s.clientDomain() }},
	{verb: "HELO", setup: func(*Session) {}, line: func(s *Session) string { return "HELO " + s.clientDomain() }},
	{verb: "MAIL", setup: greeted, line: func(s *Session) string { return "MAIL FROM:<" + s.Sender() + ">" }},
	{verb: "RCPT", setup: func(s *Session) {
		s.Ehlo()
		s.ExpectCmd("MAIL FROM:<"+s.Sender()+">", 250)
	}, line: func(s *Session) string { return "RCPT TO:<" + s.Mailbox() + ">" }},
	{verb: "DATA", setup: func(s *Session) {
		s.Ehlo()
		s.Transaction()
	}, line: func(*Session) string { return "DATA" }},
	{verb: "RSET", setup: greeted, line: func(*Session) string { return "RSET" }},
	{verb: "NOOP", setup: greeted, line: func(*Session) string { return "NOOP" }},
	{verb: "QUIT", setup: greeted, line: func(*Session) string { return "QUIT" }},
}

var _ = registerRequiredCommands()

func registerRequiredCommands() struct{} {
	for _, c := range requiredCommands {
		register(Case{
			ID: "smtp-4.5.1-supports-" + strings.ToLower(c.verb), RFC: "5321", Section: "4.5.1", Level: MUST,
			Quote: `In order to make SMTP workable, the following minimum implementation MUST be provided by all receivers. The following commands MUST be supported to conform to this specification: EHLO HELO MAIL RCPT DATA RSET NOOP QUIT VRFY`,
			Does:  "sends a valid " + c.verb + " where it may succeed; requires a reply other than 500 (not recognized) or 502 (not implemented)",
			Run: func(s *Session) {
				c.setup(s)
				line := c.line(s)
				s.Send(line + "\r\n")
				r := s.Read()
				if r.Code == 500 || r.Code == 502 {
					spec.Failf("%s\nExpected: a reply to a command every server MUST support\nActual:   %s", line, wire.Visible([]byte(r.String())))
				}
				s.checkCode(line, r)
				if c.verb == "DATA" && r.Code == 354 {
					s.SendData(s.testHeader("DATA supported") + "text\r\n.\r\n")
				}
			},
		})
	}
	return struct{}{}
}

var _ = register(Case{
	ID: "smtp-4.5.1-postmaster-no-domain", RFC: "5321", Section: "4.5.1", Level: MUST,
	Quote: `The requirement to accept mail for postmaster implies that RCPT commands that specify a mailbox for postmaster at any of the domains for which the SMTP server provides mail service, as well as the special case of "RCPT TO:<Postmaster>" (with no domain specification), MUST be supported.`,
	Does:  "sends RCPT TO:<Postmaster> in a transaction; requires 250 or 251",
	Run: func(s *Session) {
		s.Ehlo()
		s.ExpectCmd("MAIL FROM:<"+s.Sender()+">", 250)
		s.ExpectCmd("RCPT TO:<Postmaster>", 250, 251)
	},
})

var _ = register(Case{
	ID: "smtp-4.1.1.3-postmaster-any-case", RFC: "5321", Section: "4.1.1.3", Level: MUST,
	Binds: "§4.5.1: servers \"MUST support the reserved mailbox postmaster as a case-insensitive local name\"",
	Quote: `Note that, in a departure from the usual rules for local-parts, the "Postmaster" string shown above is treated as case-insensitive.`,
	Does:  "sends RCPT TO:<POSTMASTER> and RCPT TO:<postmaster> in a transaction; requires 250 or 251 to each",
	Run: func(s *Session) {
		s.Ehlo()
		s.ExpectCmd("MAIL FROM:<"+s.Sender()+">", 250)
		s.ExpectCmd("RCPT TO:<POSTMASTER>", 250, 251)
		s.ExpectCmd("RCPT TO:<postmaster>", 250, 251)
	},
})

var _ = register(Case{
	ID: "smtp-4.5.1-postmaster-local-domain", RFC: "5321", Section: "4.5.1", Level: MUST,
	Quote: `Any system that includes an SMTP server supporting mail relaying or delivery MUST support the reserved mailbox "postmaster" as a case-insensitive local name.`,
	Does:  "sends RCPT TO:<postmaster@D>, D the deliverable mailbox's domain, in a transaction; requires 250 or 251",
	Run: func(s *Session) {
		s.Mailbox()
		s.Ehlo()
		s.ExpectCmd("MAIL FROM:<"+s.Sender()+">", 250)
		s.ExpectCmd("RCPT TO:<postmaster@"+s.T.LocalDomain()+">", 250, 251)
	},
})

var _ = register(Case{
	ID: "smtp-4.5.1-postmaster-local-domain-any-case", RFC: "5321", Section: "4.5.1", Level: MUST,
	Quote: `Any system that includes an SMTP server supporting mail relaying or delivery MUST support the reserved mailbox "postmaster" as a case-insensitive local name.`,
	Does:  "sends RCPT TO:<PoStMaStEr@D>, D the deliverable mailbox's domain in upper case, in a transaction; requires 250 or 251",
	Run: func(s *Session) {
		s.Mailbox()
		s.Ehlo()
		s.ExpectCmd("MAIL FROM:<"+s.Sender()+">", 250)
		// Domains are case-insensitive too (RFC 5321 §2.4).
		s.ExpectCmd("RCPT TO:<PoStMaStEr@"+strings.ToUpper(s.T.LocalDomain())+">", 250, 251)
	},
})
