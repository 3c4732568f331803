package smtp

// RFC 5321 §4.1.1 and §4.1.2 (command syntax), §4.1.4 (a refused MAIL
// argument) and §2.4 (case): commands sent without the argument their
// grammar requires, control characters where the grammar allows none,
// and MAIL parameters written in lower case.
//
// Where a sentence obliges the server to refuse (§4.1.4 for MAIL, §4.1.2
// for invalid character codes) a case fails a server that accepts; where
// only the grammar forbids the input (RCPT, VRFY, EXPN without argument)
// the case is strict, and accepting it is lenient.

import (
	"strings"

	"github.com/mailspec/mailspec/suite/spec"
	"github.com/mailspec/mailspec/suite/wire"
)

const quoteMailArgument = `If the transaction beginning command argument is not acceptable, a 501 failure reply MUST be returned and the SMTP server MUST stay in the same state.`

var _ = register(Case{
	ID: "smtp-4.1.4-mail-without-argument", RFC: "5321", Section: "4.1.4", Level: MUST,
	Quote: quoteMailArgument,
	Does:  "sends MAIL with no argument at all; requires 501, then MAIL with a good path 250 (no transaction began)",
	Run: func(s *Session) {
		s.Ehlo()
		s.ExpectCmd("MAIL", 501)
		s.ExpectCmd("MAIL FROM:<"+s.Sender()+">", 250)
	},
})

var _ = register(Case{
	ID: "smtp-4.1.4-mail-from-without-path", RFC: "5321", Section: "4.1.4", Level: MUST,
	Quote: quoteMailArgument,
	Does:  "sends MAIL FROM: with no reverse-path; requires 501 (or 553), then MAIL with a good path 250 (no transaction began)",
	Run: func(s *Session) {
		s.Ehlo()
		// §4.2.2 gives 553 for "mailbox syntax incorrect", as for the
		// malformed paths of smtp-4.1.4-mail-path-without-brackets.
		s.ExpectCmd("MAIL FROM:", 501, 553)
		s.ExpectCmd("MAIL FROM:<"+s.Sender()+">", 250)
	},
})

const bindsMissingArgument = "the command's grammar in section 4.1.1 requires the argument and section 4.3.2 answers a syntax error in arguments with 501; no sentence obliges refusal, so accepting is lenient (strict)"

var _ = register(Case{
	ID: "smtp-4.1.1.3-rcpt-without-argument", RFC: "5321", Section: "4.1.1.3", Level: MUST, Strict: true,
	Quote: `rcpt = "RCPT TO:" ( "<Postmaster@" Domain ">" / "<Postmaster>" / Forward-path ) [SP Rcpt-parameters] CRLF`,
	Binds: bindsMissingArgument,
	Does:  "sends MAIL, then RCPT with no argument; requires 501, then RCPT for the mailbox 250 or 251",
	Run: func(s *Session) {
		s.Ehlo()
		s.ExpectCmd("MAIL FROM:<"+s.Sender()+">", 250)
		s.ExpectCmd("RCPT", 501)
		s.ExpectCmd("RCPT TO:<"+s.Mailbox()+">", 250, 251)
	},
})

// withoutArgument declares a strict case for VRFY or EXPN sent bare: a
// server that answers 502 (or, for EXPN, 500) does not implement the
// command, and the case is skipped.
func withoutArgument(verb, section string, unimplemented ...int) struct{} {
	return register(Case{
		ID: "smtp-" + section + "-" + strings.ToLower(verb) + "-without-argument", RFC: "5321", Section: section, Level: MUST, Strict: true,
		Quote: strings.ToLower(verb) + ` = "` + verb + `" SP String CRLF`,
		Binds: bindsMissingArgument,
		Does:  "sends " + verb + " with no argument; requires 501, then a usable session; skipped if " + verb + " is not implemented",
		Run: func(s *Session) {
			s.Ehlo()
			r := s.Cmd(verb)
			for _, code := range unimplemented {
				if r.Code == code {
					spec.Skipf("the server does not implement %s: %s", verb, wire.Visible([]byte(r.String())))
				}
			}
			if r.Code == 530 {
				// RFC 4954 §6: the server answers only authenticated
				// clients, before it reads the argument.
				spec.Skipf("the server answers %s only after AUTH: %s", verb, wire.Visible([]byte(r.String())))
			}
			s.ExpectReply(verb+" with no argument", r, 501)
			s.Sync()
		},
	})
}

var (
	// §4.3.2: VRFY may be answered 502; EXPN 500 or 502.
	_ = withoutArgument("VRFY", "4.1.1.6", 502)
	_ = withoutArgument("EXPN", "4.1.1.7", 500, 502)
)

const quoteInvalidCharacters = `SMTP servers that receive a command in which invalid character codes have been employed, and for which there are no other reasons for rejection, MUST reject that command with a 501 response (this rule, like others, could be overridden by appropriate SMTP extensions).`

// controlSenders are reverse-paths holding an ASCII control character,
// which §4.1.2 forbids in MAIL and RCPT ("decimal value 0-31 and 127"),
// named by where it sits and written as the bytes. NUL is left out: a
// server may refuse a line holding it whole, before any parsing.
var controlSenders = []struct{ id, what, path string }{
	{"smtp-4.1.2-mail-control-character-in-local-part", "<SOH> in a Dot-string local part", "<mail\x01spec@sender.example>"},
	{"smtp-4.1.2-mail-control-character-in-quoted-string", "<DEL> in a Quoted-string local part", "<\"mail\x7fspec\"@sender.example>"},
	{"smtp-4.1.2-mail-control-character-in-domain", "<ESC> in a domain label", "<mailspec@sender\x1b.example>"},
}

var _ = func() struct{} {
	for _, c := range controlSenders {
		path := c.path
		register(Case{
			ID: c.id, RFC: "5321", Section: "4.1.2", Level: MUST,
			Quote: quoteInvalidCharacters,
			Does:  "sends MAIL FROM:" + wire.Visible([]byte(path)) + " (" + c.what + "); requires 501, then MAIL with a good path 250",
			Run: func(s *Session) {
				s.Ehlo()
				s.ExpectCmd("MAIL FROM:"+s.fromSender(path), 501)
				s.ExpectCmd("MAIL FROM:<"+s.Sender()+">", 250)
			},
		})
	}
	return struct{}{}
}()

var _ = register(Case{
	ID: "smtp-4.1.2-rcpt-control-character-after-path", RFC: "5321", Section: "4.1.2", Level: MUST,
	Quote: quoteInvalidCharacters,
	Does:  "sends MAIL, then RCPT TO:<mailbox><SOH> (the deliverable mailbox, a control character after it); requires 501, then RCPT without it 250 or 251",
	Run: func(s *Session) {
		// The mailbox itself is deliverable, so the control character
		// is the only reason to refuse the command.
		s.Ehlo()
		s.ExpectCmd("MAIL FROM:<"+s.Sender()+">", 250)
		s.ExpectCmd("RCPT TO:<"+s.Mailbox()+">\x01", 501)
		s.ExpectCmd("RCPT TO:<"+s.Mailbox()+">", 250, 251)
	},
})

const bindsParameterCase = "section 2.4 defines what a command means: a keyword or value in another case is the same command, so a server that refuses it refuses a command the extension defines"

var _ = register(Case{
	ID: "smtp-2.4-mail-parameter-keyword-case", RFC: "5321", Section: "2.4", Level: MUST, Extension: "SIZE",
	Quote: quoteCaseInsensitive,
	Binds: bindsParameterCase,
	Does:  "sends MAIL with the parameter size=1024, its keyword in lower case; requires 250",
	Run: func(s *Session) {
		s.Require("SIZE")
		// 1024 octets is within any maximum (RFC 5321 §4.5.3.1.7: 64K).
		s.ExpectCmd("MAIL FROM:<"+s.Sender()+"> size=1024", 250)
	},
})

var _ = register(Case{
	ID: "smtp-2.4-mail-parameter-value-case", RFC: "5321", Section: "2.4", Level: MUST, Extension: "8BITMIME",
	Quote: quoteCaseInsensitive,
	Binds: bindsParameterCase,
	Does:  "sends MAIL with the parameter Body=8bitMIME, keyword and value in mixed case; requires 250",
	Run: func(s *Session) {
		s.Require("8BITMIME")
		s.ExpectCmd("MAIL FROM:<"+s.Sender()+"> Body=8bitMIME", 250)
	},
})
