package smtp

// RFC 5321 §4.1.1 (Command Semantics and Syntax): RSET (§4.1.1.5), NOOP
// (§4.1.1.9), HELP (§4.1.1.8), arguments to commands that take none
// (§4.3.2), trailing white space, the obsolete SEND, SAML, SOML and TURN
// (Appendix F) and verbs the server does not know (§4.2.4, §3.8).

import (
	"strings"

	"github.com/mailspec/mailspec/suite/spec"
	"github.com/mailspec/mailspec/suite/wire"
)

var _ = register(Case{
	ID: "smtp-4.1.1.5-rset-replies-250", RFC: "5321", Section: "4.1.1.5", Level: MUST,
	Quote: `The receiver MUST send a "250 OK" reply to a RSET command with no arguments.`,
	Does:  "opens a transaction and sends RSET; requires 250, then a usable session",
	Run: func(s *Session) {
		s.Ehlo()
		s.Transaction()
		s.ExpectCmd("RSET", 250)
		s.Sync()
	},
})

var _ = register(Case{
	ID: "smtp-4.3.2-rset-with-argument", RFC: "5321", Section: "4.3.2", Level: SHOULD,
	Quote: `In order to provide for future extensions, commands that are specified in this document as not accepting arguments (DATA, RSET, QUIT) SHOULD return a 501 message if arguments are supplied in the absence of EHLO-advertised extensions.`,
	Does:  "sends RSET with an argument; requires 501, then a usable session",
	Run: func(s *Session) {
		s.Ehlo()
		s.ExpectCmd("RSET now", 501)
		s.Sync()
	},
})

var _ = register(Case{
	ID: "smtp-4.3.2-data-with-argument", RFC: "5321", Section: "4.3.2", Level: SHOULD,
	Quote: `In order to provide for future extensions, commands that are specified in this document as not accepting arguments (DATA, RSET, QUIT) SHOULD return a 501 message if arguments are supplied in the absence of EHLO-advertised extensions.`,
	Does:  "opens a transaction and sends DATA with an argument; requires 501, not 354, then a usable session",
	Run: func(s *Session) {
		s.Ehlo()
		s.Transaction()
		s.ExpectCmd("DATA now", 501)
		s.ExpectCmd("RSET", 250)
		s.Sync()
	},
})

var _ = register(Case{
	ID: "smtp-4.1.1-trailing-space-tolerated", RFC: "5321", Section: "4.1.1", Level: SHOULD,
	Quote: `(In the interest of improved interoperability, SMTP receivers SHOULD tolerate trailing white space before the terminating <CRLF>.)`,
	Does:  "sends MAIL and RSET each with a space before CRLF; requires 250 to both",
	Run: func(s *Session) {
		s.Ehlo()
		s.ExpectCmd("MAIL FROM:<"+s.Sender()+"> ", 250)
		s.ExpectCmd("RSET ", 250)
		s.Sync()
	},
})

var _ = register(Case{
	ID: "smtp-4.1.1.9-noop-replies-250", RFC: "5321", Section: "4.1.1.9", Level: MUST,
	Binds: "§4.1.1.9 defines NOOP's only effect as the 250 OK reply",
	Quote: `It specifies no action other than that the receiver send a "250 OK" reply.`,
	Does:  "sends NOOP after EHLO; requires 250",
	Run: func(s *Session) {
		s.Ehlo()
		s.ExpectCmd("NOOP", 250)
	},
})

var _ = register(Case{
	ID: "smtp-4.1.1.9-noop-ignores-string", RFC: "5321", Section: "4.1.1.9", Level: SHOULD,
	Quote: `If a parameter string is specified, servers SHOULD ignore it.`,
	Does:  "sends NOOP with a string argument; requires 250",
	Run: func(s *Session) {
		s.Ehlo()
		s.ExpectCmd("NOOP mailspec was here", 250)
	},
})

var _ = register(Case{
	ID: "smtp-4.1.1.9-noop-keeps-transaction", RFC: "5321", Section: "4.1.1.9", Level: MUST,
	Binds: "§4.1.1.9 defines NOOP as affecting nothing; a lost transaction is not NOOP",
	Quote: `This command does not affect any parameters or previously entered commands.`,
	Does:  "opens a transaction, sends NOOP; requires 250, then DATA 354 and the message accepted",
	Run: func(s *Session) {
		s.Ehlo()
		s.Transaction()
		s.Sync()
		s.expectTransactionIntact("after NOOP")
	},
})

var _ = register(Case{
	ID: "smtp-4.1.1.8-help-without-argument", RFC: "5321", Section: "4.1.1.8", Level: SHOULD,
	Quote: `SMTP servers SHOULD support HELP without arguments and MAY support it with arguments.`,
	Does:  "sends HELP; requires 211 or 214",
	Run: func(s *Session) {
		s.Ehlo()
		s.ExpectCmd("HELP", 211, 214)
	},
})

var _ = register(Case{
	ID: "smtp-4.1.1.8-help-with-topic", RFC: "5321", Section: "4.1.1.8", Level: MAY,
	Quote: `The command MAY take an argument (e.g., any command name) and return more specific information as a response.`,
	Does:  "sends HELP MAIL; passes on 211 or 214, records 502 or 504 (no help by topic) as info",
	Run: func(s *Session) {
		s.Ehlo()
		// §4.3.2: HELP is answered 211 or 214, or refused with 502 or 504.
		r := s.ExpectCmd("HELP MAIL", 211, 214, 502, 504)
		if r.Class() != 2 {
			spec.Infof("the server gives no help by topic: %s", wire.Visible([]byte(r.String())))
		}
	},
})

var _ = register(Case{
	ID: "smtp-4.3.1-help-unknown-topic", RFC: "5321", Section: "4.3.1", Level: SHOULD,
	Quote: `The table below lists alternative success and failure replies for each command. These SHOULD be strictly adhered to.`,
	Does:  "sends HELP with a topic no server knows; requires 211, 214, 502 or 504 (§4.3.2; or 500, which may answer any command), then a usable session",
	Run: func(s *Session) {
		s.Ehlo()
		s.ExpectCmd("HELP MAILSPECNOSUCHTOPIC", 211, 214, 502, 504, 500)
		s.Sync()
	},
})

var _ = register(Case{
	ID: "smtp-4.1.1.1-help-advertised-if-implemented", RFC: "5321", Section: "4.1.1.1", Level: MUST,
	Quote: `The EHLO response MUST contain keywords (and associated parameters if required) for all commands not listed as "required" in Section 4.5.1 excepting only private-use commands as described in Section 4.1.5.`,
	Does:  "sends HELP (not a command §4.5.1 requires); a 211 or 214 reply requires HELP in the EHLO reply",
	Run: func(s *Session) {
		s.Ehlo()
		r := s.Cmd("HELP")
		if r.Code != 211 && r.Code != 214 {
			return
		}
		if _, ok := s.Has("HELP"); !ok {
			spec.Failf("HELP is implemented, but the EHLO reply does not list it\nExpected: HELP in the EHLO reply, or 502\nActual:   %s", wire.Visible([]byte(r.String())))
		}
	},
})

// obsoleteMailing declares a case for SEND, SAML or SOML (RFC 821's
// terminal delivery): not implemented, or implemented and advertised.
func obsoleteMailing(verb string) struct{} {
	return register(Case{
		ID: "smtp-f.6-" + strings.ToLower(verb) + "-advertised-if-implemented", RFC: "5321", Section: "F.6", Level: MUST,
		Quote: `Servers MAY implement them. If they are implemented by servers, the implementation model specified in RFC 821 MUST be used and the command names MUST be published in the response to the EHLO command.`,
		Does:  "sends " + verb + " FROM:<sender>; requires 502 or 500 (not implemented), or else " + verb + " listed in the EHLO reply",
		Run: func(s *Session) {
			s.Ehlo()
			line := verb + " FROM:<" + s.Sender() + ">"
			r := s.Cmd(line)
			// §4.2.4: 502 for a command recognised but not implemented,
			// 500 for one not recognised.
			if r.Code == 502 || r.Code == 500 {
				return
			}
			// A 530 (served only after STARTTLS or AUTH) or a 4yz says
			// nothing of whether the command is implemented.
			temporaryRefusal(line, r, []int{502, 500})
			precondition(line, r, []int{502, 500})
			if _, ok := s.Has(verb); !ok {
				spec.Failf("%s was answered as an implemented command, but the EHLO reply does not list it\nExpected: 502 or 500, or %s in the EHLO reply\nActual:   %s", verb, verb, wire.Visible([]byte(r.String())))
			}
		},
	})
}

var (
	_ = obsoleteMailing("SEND")
	_ = obsoleteMailing("SAML")
	_ = obsoleteMailing("SOML")
)

var _ = register(Case{
	ID: "smtp-f.1-turn-refused", RFC: "5321", Section: "F.1", Level: SHOULD,
	Quote: `Its use is deprecated; SMTP systems SHOULD NOT use it unless the server can authenticate the client.`,
	Does:  "sends TURN on an unauthenticated session; requires a 4yz or 5yz refusal, then a usable session",
	Run: func(s *Session) {
		s.Ehlo()
		s.ExpectCmd("TURN", 4, 5)
		s.Sync()
	},
})

var _ = register(Case{
	ID: "smtp-4.2.4-unknown-verb-500", RFC: "5321", Section: "4.2.4", Level: SHOULD,
	Quote: `502 SHOULD be used when the command is actually recognized by the SMTP server, but not implemented. If the command is not recognized, code 500 SHOULD be returned.`,
	Does:  "sends a verb no server knows (FOOBAR); requires 500",
	Run: func(s *Session) {
		s.Ehlo()
		s.ExpectCmd("FOOBAR", 500)
	},
})

var _ = register(Case{
	ID: "smtp-3.8-unknown-verb-keeps-session", RFC: "5321", Section: "3.8", Level: MUST,
	Binds: "§3.8 \"An SMTP server MUST NOT intentionally close the connection under normal operational circumstances\"",
	Quote: `In particular, a server that closes connections in response to commands that are not understood is in violation of this specification. Servers are expected to be tolerant of unknown commands, issuing a 500 reply and awaiting further instructions from the client.`,
	Does:  "sends a verb no server knows (FOOBAR); requires a 5yz reply, then a usable session",
	Run: func(s *Session) {
		s.Ehlo()
		s.ExpectCmd("FOOBAR", 5)
		s.Sync()
	},
})
