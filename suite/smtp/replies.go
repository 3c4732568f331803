package smtp

// RFC 5321 §4.2 (SMTP Replies): a reply is three digits, the first 2 to 5,
// then SP or "-" and text; every line of a multi-line reply carries the
// same code and all but the last a "-"; every command gets exactly one
// reply. The session's reader checks the format of every reply in every
// case; these cases drive the replies most likely to go wrong (the
// greeting, EHLO, HELP) and count them; the greeting's code and name are
// greeting.go's. And §4.3.2 (Command-Reply Sequences): cases that draw
// each command's usual successes and errors, whose codes Cmd checks
// against the table in codes.go.

import (
	"strings"

	"github.com/mailspec/mailspec/suite/spec"
	"github.com/mailspec/mailspec/suite/wire"
)

var _ = register(Case{
	ID: "smtp-4.2-greeting-one-reply", RFC: "5321", Section: "4.2", Level: MUST,
	Quote: `Formally, a reply is defined to be the sequence: a three-digit code, <SP>, one line of text, and <CRLF>, or a multiline reply (as defined in the same section).`,
	Binds: "the sentence defines what a reply is; a greeting that is two replies leaves every later reply answering the wrong command",
	Does:  "reads the greeting, then sends EHLO, NOOP and QUIT; requires 250, 250 and 221 and nothing else: a greeting of several lines is one reply, every line but the last marked \"220-\"",
	Run: func(s *Session) {
		// EHLO first: NOOP before it would rest on §4.1.4's SHOULD that
		// such commands work before the greeting.
		s.ExpectReply("EHLO, the first command (a second greeting reply would be read here)", s.Cmd("EHLO "+s.clientDomain()), 250)
		s.expectNoStrayReplies("the greeting and EHLO")
	},
})

var _ = register(Case{
	ID: "smtp-4.2-ehlo-multiline", RFC: "5321", Section: "4.2", Level: MUST,
	Binds: "§4.2's Reply-line grammar is the server's reply format",
	Quote: `Reply-line = *( Reply-code "-" [ textstring ] CRLF ) Reply-code [ SP textstring ] CRLF`,
	Does:  "sends EHLO, whose reply lists extensions on several lines; requires one well-formed reply with one code, then NOOP 250 and QUIT 221 with no reply between",
	Run: func(s *Session) {
		s.Ehlo()
		s.expectNoStrayReplies("EHLO")
	},
})

var _ = register(Case{
	ID: "smtp-4.2-help-multiline", RFC: "5321", Section: "4.2", Level: MUST,
	Binds: "§4.2's Reply-line grammar is the server's reply format",
	Quote: `Only the EHLO, EXPN, and HELP commands are expected to result in multiline replies in normal circumstances; however, multiline replies are allowed for any command.`,
	Does:  "sends HELP; requires one well-formed reply with one code (211, 214, 502 or 504), then NOOP 250 and QUIT 221 with no reply between",
	Run: func(s *Session) {
		s.Ehlo()
		s.Cmd("HELP")
		s.expectNoStrayReplies("HELP")
	},
})

var _ = register(Case{
	ID: "smtp-4.2-one-reply-per-command", RFC: "5321", Section: "4.2", Level: MUST,
	Quote: `Every command MUST generate exactly one reply.`,
	Does:  "sends EHLO, HELO, RSET, NOOP with text, HELP, an unknown verb, MAIL with bad syntax, VRFY, RSET; requires one reply to each, then NOOP 250 and QUIT 221 with no reply between",
	Run: func(s *Session) {
		for _, line := range []string{
			"EHLO " + s.clientDomain(),
			"HELO " + s.clientDomain(),
			"RSET",
			"NOOP mailspec",
			"HELP",
			"XMAILSPEC unknown verb",
			"MAIL FROM:bad syntax",
			"VRFY postmaster",
			"RSET",
		} {
			s.Cmd(line)
		}
		s.expectNoStrayReplies("nine commands")
	},
})

var _ = register(Case{
	ID: "smtp-4.2-reply-code-digits", RFC: "5321", Section: "4.2", Level: MUST,
	Quote: `In the absence of extensions negotiated with the client, SMTP servers MUST NOT send reply codes whose first digits are other than 2, 3, 4, or 5.`,
	Does:  "draws 2yz and 5yz replies (greeting, HELO, NOOP, MAIL, RCPT, DATA, an unknown verb, RSET, QUIT) without negotiating any extension; requires every code to be Reply-code = %x32-35 %x30-35 %x30-39",
	Run: func(s *Session) {
		// The reader refuses any other code as a broken reply format.
		// The replies are read raw: which codes each command may get is
		// for the smtp-4.3.2 cases.
		for _, line := range []string{
			"HELO " + s.clientDomain(),
			"NOOP",
			"MAIL FROM:<" + s.Sender() + ">",
			"RCPT TO:<" + s.T.RelayRecipient + ">",
			"DATA",
			"XMAILSPEC",
			"RSET",
			"QUIT",
		} {
			s.Send(line + "\r\n")
			if s.Read().Code == 354 {
				// DATA with no valid recipient may be met with 354
				// (RFC 5321 §3.3): end the data before going on.
				s.Send(".\r\n")
				s.Read()
			}
		}
	},
})

var _ = register(Case{
	ID: "smtp-4.2-no-bare-code", RFC: "5321", Section: "4.2", Level: SHOULD,
	Quote: `in the general case, any text, including no text at all (although senders SHOULD NOT send bare codes), MUST be acceptable.`,
	Does:  "reads the greeting and the replies to EHLO, NOOP, RSET, HELP, an unknown verb and QUIT; requires each to carry text after its code",
	Run: func(s *Session) {
		check := func(what string, r *wire.Reply) {
			if strings.TrimSpace(r.Text()) == "" {
				spec.Failf("the reply to %s\nExpected: a code and text\nActual:   %s", what, wire.Visible([]byte(r.String())))
			}
		}
		check("the connection (the greeting)", s.Greeting())
		check("EHLO", s.Ehlo())
		for _, line := range []string{"NOOP", "RSET", "HELP", "XMAILSPEC", "QUIT"} {
			check(line, s.Cmd(line))
		}
	},
})

// §4.3.2: each case draws a command's usual replies; Cmd fails the case
// on a code the table does not list for the command. §4.3.1: "These
// SHOULD be strictly adhered to", and §4.2: "An SMTP server SHOULD send
// only the reply codes listed in this document".

const quoteReplyTable = `The table below lists alternative success and failure replies for each command. These SHOULD be strictly adhered to.`

var _ = register(Case{
	ID: "smtp-4.3.2-ehlo-helo-codes", RFC: "5321", Section: "4.3.2", Level: SHOULD,
	Quote: quoteReplyTable,
	Does:  "sends EHLO and HELO, valid and without an argument; requires codes the table lists for EHLO or HELO (250, 504, 550, 502) or any command (500, 501, 421)",
	Run: func(s *Session) {
		s.Cmd("EHLO")
		s.Cmd("HELO")
		s.Cmd("HELO " + s.clientDomain())
		s.Cmd("EHLO " + s.clientDomain())
	},
})

var _ = register(Case{
	ID: "smtp-4.3.2-mail-codes", RFC: "5321", Section: "4.3.2", Level: SHOULD,
	Quote: quoteReplyTable,
	Does:  "sends MAIL valid, with a bad path, and with an unknown parameter; requires codes the table lists for MAIL (250; 552, 451, 452, 550, 553, 503, 455, 555) or any command",
	Run: func(s *Session) {
		s.Ehlo()
		s.Cmd("MAIL FROM:<no-domain@>")
		s.Cmd("MAIL FROM:<" + s.Sender() + "> XMAILSPEC-UNKNOWN=1")
		s.Cmd("MAIL FROM:<" + s.Sender() + ">")
	},
})

var _ = register(Case{
	ID: "smtp-4.3.2-rcpt-codes", RFC: "5321", Section: "4.3.2", Level: SHOULD,
	Quote: quoteReplyTable,
	Does:  "sends RCPT for the deliverable mailbox, an unknown local user, and the relay recipient; requires codes the table lists for RCPT (250, 251; 550, 551, 552, 553, 450, 451, 452, 503, 455, 555) or any command",
	Run: func(s *Session) {
		s.Ehlo()
		s.ExpectCmd("MAIL FROM:<"+s.Sender()+">", 250)
		s.Cmd("RCPT TO:<" + s.Mailbox() + ">")
		s.Cmd("RCPT TO:<no-such-user-mailspec@" + s.T.LocalDomain() + ">")
		s.Cmd("RCPT TO:<" + s.T.RelayRecipient + ">")
	},
})

var _ = register(Case{
	ID: "smtp-4.3.2-data-codes", RFC: "5321", Section: "4.3.2", Level: SHOULD,
	Quote: quoteReplyTable,
	Does:  "sends DATA with no recipient, then in a transaction, then a message; requires codes the table lists for DATA (354; 503, 554) and for the data (250; 552, 554, 451, 452, 450, 550)",
	Run: func(s *Session) {
		s.Ehlo()
		s.ExpectCmd("MAIL FROM:<"+s.Sender()+">", 250)
		if s.Cmd("DATA").Code == 354 {
			// §3.3 lets DATA with no recipient be met with 354 and the
			// message refused after the data.
			s.SendData(".\r\n")
		}
		s.Cmd("RSET")
		s.Transaction()
		if s.Cmd("DATA").Code == 354 {
			s.SendData(s.testHeader("DATA reply codes") + "text\r\n.\r\n")
		}
	},
})

var _ = register(Case{
	ID: "smtp-4.3.2-session-command-codes", RFC: "5321", Section: "4.3.2", Level: SHOULD,
	Quote: quoteReplyTable,
	Does:  "sends RSET, NOOP, HELP, HELP with a topic, and QUIT; requires codes the table lists for each (RSET, NOOP 250; HELP 211, 214, 502, 504; QUIT 221) or any command",
	Run: func(s *Session) {
		s.Ehlo()
		s.Cmd("RSET")
		s.Cmd("NOOP")
		s.Cmd("HELP")
		s.Cmd("HELP MAIL")
		s.Cmd("QUIT")
	},
})
