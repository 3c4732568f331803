package smtp

// RFC 6531 (SMTPUTF8) §3.1 to §3.5: the keyword has no parameter and
// comes with 8BITMIME; with the SMTPUTF8 parameter, which takes no value,
// mailboxes may hold UTF-8 in local parts, quoted strings and domains;
// without it a non-ASCII address is refused.

import (
	"strings"
	"time"

	"github.com/mailspec/mailspec/suite/spec"
)

// utf8Local is a local part outside ASCII (RFC 6531 §3.3, atext =/
// UTF8-non-ascii).
const utf8Local = "m\u00e4ilsp\u00ebc-\u00fcn\u00efc\u00f6d\u00e9"

var _ = register(Case{
	ID: "smtp-6531.3.1-ehlo-keyword-without-parameter", RFC: "6531", Section: "3.1", Level: MUST, Extension: "SMTPUTF8",
	Quote: `No parameter values are defined for this EHLO keyword value. In order to permit future (although unanticipated) extensions, the EHLO response MUST NOT contain any parameters for this keyword.`,
	Does:  "reads the SMTPUTF8 line of the EHLO reply; requires the keyword alone",
	Run: func(s *Session) {
		if params := s.Require("SMTPUTF8"); params != "" {
			spec.Failf("the SMTPUTF8 keyword in the EHLO reply\nExpected: SMTPUTF8 with no parameters\nActual:   SMTPUTF8 %s", params)
		}
	},
})

var _ = register(Case{
	ID: "smtp-6531.3.1-announces-8bitmime", RFC: "6531", Section: "3.1", Level: MUST, Extension: "SMTPUTF8",
	Quote: `Servers offering this extension MUST provide support for, and announce, the 8BITMIME extension [RFC6152].`,
	Does:  "reads the EHLO reply of a server advertising SMTPUTF8; requires 8BITMIME in it too",
	Run: func(s *Session) {
		s.Require("SMTPUTF8")
		if _, ok := s.Has("8BITMIME"); !ok {
			spec.Failf("the EHLO reply lists SMTPUTF8\nExpected: 8BITMIME listed as well\nActual:   %s", strings.Join(s.ehlo.Lines[1:], ", "))
		}
	},
})

var _ = register(Case{
	ID: "smtp-6531.3.2-utf8-sender-accepted", RFC: "6531", Section: "3.2", Level: MUST, Extension: "SMTPUTF8",
	Quote: `An SMTP server that announces the SMTPUTF8 extension MUST be prepared to accept a UTF-8 string [RFC3629] in any position in which RFC 5321 specifies that a <mailbox> can appear.`,
	Does:  "sends MAIL with SMTPUTF8 and a UTF-8 local part; requires 250",
	Run: func(s *Session) {
		s.Require("SMTPUTF8")
		s.ExpectCmd("MAIL FROM:<"+s.fromSender(utf8Local+"@sender.example")+"> SMTPUTF8", 250)
	},
})

var _ = register(Case{
	ID: "smtp-6531.3.3-utf8-domain-accepted", RFC: "6531", Section: "3.3", Level: MUST, Extension: "SMTPUTF8",
	Quote: `The definition of <sub-domain> is extended to permit both the RFC 5321 definition and a UTF-8 string in a DNS label that conforms with IDNA definitions [RFC5890].`,
	Binds: bindsAcceptedPath,
	Does:  "sends MAIL with SMTPUTF8 and the U-label domain b\u00fccher.example; requires 250 or a policy refusal (recorded as info), not 500/502/503/504, then a usable session",
	Run: func(s *Session) {
		s.Require("SMTPUTF8")
		s.acceptedPath("MAIL FROM:<mailspec@b\u00fccher.example> SMTPUTF8", 250)
	},
})

var _ = register(Case{
	ID: "smtp-6531.3.3-utf8-quoted-local-part", RFC: "6531", Section: "3.3", Level: MUST, Extension: "SMTPUTF8",
	Quote: `qtextSMTP =/ UTF8-non-ascii ; extend the definition of qtextSMTP in RFC 5321, Section 4.1.2`,
	Binds: bindsAcceptedPath,
	Does:  "sends MAIL with SMTPUTF8 and a quoted local part holding UTF-8 and a space; requires 250 or a policy refusal (recorded as info), not 500/502/503/504, then a usable session",
	Run: func(s *Session) {
		s.Require("SMTPUTF8")
		s.acceptedPath(s.fromSender("MAIL FROM:<\"m\u00e4ilsp\u00ebc t\u00ebst\"@sender.example> SMTPUTF8"), 250)
	},
})

var _ = register(Case{
	ID: "smtp-6531.3.2-utf8-recipient-parsed", RFC: "6531", Section: "3.2", Level: MUST, Extension: "SMTPUTF8",
	Quote: `An SMTP server that announces the SMTPUTF8 extension MUST be prepared to accept a UTF-8 string [RFC3629] in any position in which RFC 5321 specifies that a <mailbox> can appear.`,
	Does:  "after MAIL with SMTPUTF8, sends RCPT for a UTF-8 local part at the mailbox's domain; requires the mailbox judged (250/251, 45x, 550/551, or 553 as RFC 6531 section 3.5 uses it), not the syntax refused (500/501/555)",
	Run: func(s *Session) {
		s.Require("SMTPUTF8")
		domain := domainOf(s.Mailbox())
		s.ExpectCmd("MAIL FROM:<"+s.Sender()+"> SMTPUTF8", 250)
		// The mailbox need not exist: 550 (no such user) and 551 are
		// judgements of it, as are the transient 450-452, and so is 553
		// when the recipient's mailbox "requires an ASCII address"
		// (RFC 6531 §3.5).
		s.ExpectCmd("RCPT TO:<"+utf8Local+"@"+domain+">", 250, 251, 450, 451, 452, 550, 551, 553)
	},
})

var _ = register(Case{
	ID: "smtp-6531.3.5-utf8-sender-without-parameter", RFC: "5321", Section: "4.1.2", Level: MUST, Extension: "SMTPUTF8",
	Quote: quoteInvalidCharacters,
	Does:  "sends MAIL with a UTF-8 local part and no SMTPUTF8 parameter; requires a refusal (501; RFC 6531 section 3.5's 550; any other 5yz), then a usable session",
	Run: func(s *Session) {
		s.Require("SMTPUTF8")
		// Without the parameter the address breaks RFC 5321's grammar:
		// §4.1.2 answers it 501, RFC 6531 §3.5 550 for MAIL, and a
		// server may refuse it "for other reasons" first.
		s.ExpectCmd("MAIL FROM:<"+s.fromSender(utf8Local+"@sender.example")+">", 5)
		s.Sync()
	},
})

var _ = register(Case{
	ID: "smtp-6531.3.5-utf8-recipient-without-parameter", RFC: "5321", Section: "4.1.2", Level: MUST, Extension: "SMTPUTF8",
	Quote: quoteInvalidCharacters,
	Does:  "sends MAIL without SMTPUTF8, then RCPT with a UTF-8 local part; requires a refusal (501; RFC 6531 section 3.5's 553; any other 5yz, such as no such user), then a usable session",
	Run: func(s *Session) {
		s.Require("SMTPUTF8")
		domain := domainOf(s.Mailbox())
		s.ExpectCmd("MAIL FROM:<"+s.Sender()+">", 250)
		// §4.1.2's 501, RFC 6531 §3.5's 553, or a refusal "for other
		// reasons" (550 no such user) all refuse it.
		s.ExpectCmd("RCPT TO:<"+utf8Local+"@"+domain+">", 5)
		s.Sync()
	},
})

var _ = register(Case{
	ID: "smtp-6531.3.4-smtputf8-with-value-refused", RFC: "6531", Section: "3.4", Level: MUST, Strict: true, Extension: "SMTPUTF8",
	Binds: "grammar only: the parameter takes no value (\"it\" is the parameter); no sentence obliges a server to refuse one, so accepting it is lenient (strict)",
	Quote: `If the envelope or message being sent requires the capabilities of the SMTPUTF8 extension, the SMTPUTF8-aware SMTP client MUST supply the SMTPUTF8 parameter with the MAIL command. If this parameter is provided, it MUST not accept a value.`,
	Does:  "sends MAIL with SMTPUTF8=YES; requires 501 or 555, then a usable session",
	Run: func(s *Session) {
		s.Require("SMTPUTF8")
		// RFC 5321 §4.1.4: 501 for an unacceptable MAIL argument;
		// §4.1.1.11: 555 for a parameter the server cannot implement.
		s.ExpectCmd("MAIL FROM:<"+s.Sender()+"> SMTPUTF8=YES", 501, 555)
		s.Sync()
	},
})

var _ = register(Case{
	ID: "smtp-6531.3.1-vrfy-smtputf8-parameter", RFC: "6531", Section: "3.1", Level: MUST, Extension: "SMTPUTF8",
	Quote: `One OPTIONAL parameter, SMTPUTF8, is added to the VERIFY (VRFY) and EXPAND (EXPN) commands. The SMTPUTF8 parameter does not accept a value.`,
	Binds: "a server announcing SMTPUTF8 implements the extended VRFY syntax of §3.7.4.2; refusing the parameter as bad syntax does not",
	Does:  "sends \"VRFY postmaster SMTPUTF8\"; requires an answer about the name (250/251/252, 502, 530, 550/551/553), not a syntax or parameter refusal (500/501/504)",
	Run: func(s *Session) {
		s.Require("SMTPUTF8")
		// RFC 5321 §3.5.3 and §7.3: 252 when the server will not say;
		// 502 when VRFY is not implemented at all; RFC 4954 §6: 530
		// when it answers only authenticated clients.
		s.ExpectCmd("VRFY postmaster SMTPUTF8", 250, 251, 252, 502, 530, 550, 551, 553)
	},
})

var _ = register(Case{
	ID: "smtp-6531.3.1-utf8-message-accepted", RFC: "6531", Section: "3.1", Level: MUST, Extension: "SMTPUTF8",
	Quote: `If an SMTP server includes SMTPUTF8 in its EHLO response, it MUST be fully compliant with this version of this specification.`,
	Does:  "sends a message with SMTPUTF8, a UTF-8 reverse-path and UTF-8 header fields (RFC 6532) to the mailbox; requires 250 after the end of data",
	Run: func(s *Session) {
		s.Require("SMTPUTF8")
		from := s.fromSender(utf8Local + "@sender.example")
		s.ExpectCmd("MAIL FROM:<"+from+"> SMTPUTF8", 250)
		s.ExpectCmd("RCPT TO:<"+s.Mailbox()+">", 250, 251)
		s.ExpectCmd("DATA", 354)
		msg := "Date: " + time.Now().Format("Mon, 02 Jan 2006 15:04:05 -0700") + "\r\n" +
			"From: M\u00e4ilsp\u00ebc <" + from + ">\r\n" +
			"To: undisclosed-recipients:;\r\n" +
			"Subject: mailspec " + s.Case.ID + ": gr\u00fc\u00dfe\r\n" +
			"MIME-Version: 1.0\r\n" +
			"Content-Type: text/plain; charset=utf-8\r\n" +
			"Content-Transfer-Encoding: 8bit\r\n" +
			"\r\n" +
			"Gr\u00fc\u00dfe aus der UTF-8-Welt.\r\n"
		s.ExpectReply("end of an internationalized message", s.SendData(msg+".\r\n"), 250)
	},
})
