package smtp

// RFC 5321 §3.2 (Client Initiation), §4.1.1.1 (EHLO and HELO) and the parts
// of §4.1.4 that concern them: the EHLO reply's form, HELO still served,
// bad arguments refused without a change of state, and a later EHLO or
// HELO clearing the transaction as RSET does.

import (
	"strings"

	"github.com/mailspec/mailspec/suite/spec"
	"github.com/mailspec/mailspec/suite/wire"
)

var _ = register(Case{
	ID: "smtp-4.1.1.1-ehlo-reply-names-server", RFC: "5321", Section: "4.1.1.1", Level: MUST,
	Binds: "§4.1.1.1's ehlo-ok-rsp = \"250\" SP Domain … is the server's reply format",
	Quote: `The SMTP server identifies itself to the SMTP client in the connection greeting reply and in the response to this command.`,
	Does:  "sends EHLO; requires 250 whose first line begins with the server's Domain (ehlo-ok-rsp)",
	Run: func(s *Session) {
		r := s.Ehlo()
		// ehlo-ok-rsp = "250" SP Domain [SP ehlo-greet] / "250-" Domain ...;
		// §4.3.1 lets a host with no meaningful name use an address literal.
		if !namesAHost(firstWordOfReply(r.Lines)) {
			spec.Failf("the EHLO reply does not begin with the server's name\nExpected: 250 <Domain> [greeting]\nActual:   %s", wire.Visible([]byte(r.String())))
		}
	},
})

var _ = register(Case{
	ID: "smtp-4.1.1.1-ehlo-keyword-syntax", RFC: "5321", Section: "4.1.1.1", Level: MUST,
	Binds: "§4.1.1.1's ehlo-line grammar is the server's own reply format",
	Quote: `Normally, the response to EHLO will be a multiline reply. Each line of the response contains a keyword and, optionally, one or more parameters.`,
	Does:  "sends EHLO; requires every line after the first to be ehlo-keyword *(SP ehlo-param)",
	Run: func(s *Session) {
		r := s.Ehlo()
		for i, line := range r.Lines[1:] {
			if !grammarEhloLine.MatchString(line) {
				spec.Failf("EHLO reply line %d is not an ehlo-line\nExpected: ehlo-keyword *(SP ehlo-param), keyword (ALPHA / DIGIT) *(ALPHA / DIGIT / \"-\"), param 1*(%%d33-126)\nActual:   %s", i+2, wire.Visible([]byte(line)))
			}
		}
	},
})

// ehloLiteral declares a case that greets with an address literal.
func ehloLiteral(id, literal string) struct{} {
	return register(Case{
		ID: id, RFC: "5321", Section: "4.1.1.1", Level: MUST,
		Binds: "the SHOULD binds the client; the server's grammar ehlo = \"EHLO\" SP ( Domain / address-literal ) makes a literal valid input",
		Quote: `In situations in which the SMTP client system does not have a meaningful domain name (e.g., when its address is dynamically allocated and no reverse mapping record is available), the client SHOULD send an address literal (see Section 4.1.3).`,
		Does:  "sends EHLO " + literal + "; requires 250 (or a 550 policy refusal), not a syntax error",
		Run: func(s *Session) {
			// ehlo = "EHLO" SP ( Domain / address-literal ) CRLF. §4.1.4
			// lets a server refuse an EHLO with 550; 501 would call the
			// literal bad syntax.
			s.ExpectCmd("EHLO "+literal, 250, 550)
			s.Sync()
		},
	})
}

var (
	_ = ehloLiteral("smtp-4.1.1.1-ehlo-ipv4-literal", "[127.0.0.1]")
	_ = ehloLiteral("smtp-4.1.1.1-ehlo-ipv6-literal", "[IPv6:::1]")
)

var _ = register(Case{
	ID: "smtp-4.1.1.1-helo-supported", RFC: "5321", Section: "4.1.1.1", Level: MUST,
	Quote: `Older client SMTP systems MAY, as discussed above, use HELO (as specified in RFC 821) instead of EHLO, and servers MUST support the HELO command and reply properly to it.`,
	Does:  "sends HELO, then MAIL; requires 250 to both: HELO opens a session for mail",
	Run: func(s *Session) {
		s.Helo()
		s.ExpectCmd("MAIL FROM:<"+s.Sender()+">", 250)
	},
})

var _ = register(Case{
	ID: "smtp-3.2-helo-reply-not-extended", RFC: "5321", Section: "3.2", Level: MUST,
	Quote: `Servers MUST NOT return the extended EHLO-style response to a HELO command.`,
	Does:  "sends HELO; requires its reply to list none of the keywords EHLO lists on a second connection",
	Run: func(s *Session) {
		keywords := map[string]bool{}
		for _, line := range s.NewConnection().Ehlo().Lines[1:] {
			kw, _, _ := strings.Cut(line, " ")
			keywords[asciiUpper(kw)] = true
		}
		r := s.Helo()
		for _, line := range r.Lines[1:] {
			kw, _, _ := strings.Cut(line, " ")
			if keywords[asciiUpper(kw)] {
				spec.Failf("the HELO reply lists the EHLO keyword %s\nExpected: a 250 reply without the extension list\nActual:   %s", kw, wire.Visible([]byte(r.String())))
			}
		}
	},
})

var _ = register(Case{
	ID: "smtp-4.1.4-ehlo-without-domain", RFC: "5321", Section: "4.1.4", Level: MUST,
	Quote: `If the EHLO command is not acceptable to the SMTP server, 501, 500, 502, or 550 failure replies MUST be returned as appropriate. The SMTP server MUST stay in the same state after transmitting these replies that it was in before the EHLO was received.`,
	Does:  "sends EHLO with no argument; if refused, requires 501 (or 500, 502, 550), then, if the server refuses MAIL before EHLO at all, MAIL still refused with 503 or as on a new connection (skipped if the EHLO is accepted)",
	Run: func(s *Session) {
		refusal := s.mailRefusalBeforeEhlo()
		if r := s.Cmd("EHLO"); r.Class() == 2 {
			// "not acceptable" is the server's judgement: accepting
			// a bare EHLO is lenient, graded by the strict case.
			spec.Skipf("the server accepted EHLO with no domain (%s); smtp-4.1.1.1-ehlo-without-domain-refused grades that", strings.TrimSpace(r.String()))
		} else {
			s.ExpectReply("EHLO", r, 501, 500, 502, 550)
		}
		if refusal != 0 {
			// Still not greeted: a mail transaction may not begin.
			s.ExpectCmd("MAIL FROM:<"+s.Sender()+">", 503, refusal)
		}
		s.Sync()
	},
})

var _ = register(Case{
	ID: "smtp-4.1.1.1-helo-without-domain", RFC: "5321", Section: "4.1.1.1", Level: MUST, Strict: true,
	Quote: `Older client SMTP systems MAY, as discussed above, use HELO (as specified in RFC 821) instead of EHLO, and servers MUST support the HELO command and reply properly to it.`,
	Binds: "grammar only: helo = \"HELO\" SP Domain; no sentence obliges refusing a bare HELO, so accepting it is lenient (strict)",
	Does:  "sends HELO with no argument (helo = \"HELO\" SP Domain); requires 501, then a usable session",
	Run: func(s *Session) {
		s.ExpectCmd("HELO", 501)
		s.Sync()
	},
})

var _ = register(Case{
	ID: "smtp-4.1.1.1-ehlo-without-domain-refused", RFC: "5321", Section: "4.1.1.1", Level: MUST, Strict: true,
	Quote: `ehlo = "EHLO" SP ( Domain / address-literal ) CRLF`,
	Binds: "grammar only: §4.1.4's 501 is for an EHLO the server finds \"not acceptable\", so accepting a bare EHLO is lenient (strict)",
	Does:  "sends EHLO with no argument; requires a refusal (501, 500, 502 or 550), then a usable session",
	Run: func(s *Session) {
		s.ExpectCmd("EHLO", 501, 500, 502, 550)
		s.Sync()
	},
})

var _ = register(Case{
	// Strict: "_" is an ASCII graphic, not an invalid character code;
	// the Domain grammar alone leaves it out.
	ID: "smtp-4.1.2-ehlo-underscore-domain", RFC: "5321", Section: "4.1.2", Level: MUST, Strict: true,
	Quote: `SMTP servers that receive a command in which invalid character codes have been employed, and for which there are no other reasons for rejection, MUST reject that command with a 501 response (this rule, like others, could be overridden by appropriate SMTP extensions).`,
	Does:  "sends EHLO bad_name.example (an underscore in a label); requires 501, then a usable session",
	Run: func(s *Session) {
		s.ExpectCmd("EHLO bad_name.example", 501)
		s.Sync()
	},
})

var _ = register(Case{
	ID: "smtp-4.1.4-failed-ehlo-keeps-transaction", RFC: "5321", Section: "4.1.4", Level: MUST,
	Quote: `The SMTP server MUST stay in the same state after transmitting these replies that it was in before the EHLO was received.`,
	Does:  "opens a transaction, sends EHLO with no argument; if refused (501/500/502/550), requires DATA 354 and 250 (skipped if the EHLO is accepted: smtp-4.1.4-ehlo-resets-transaction's subject)",
	Run: func(s *Session) {
		s.Ehlo()
		s.Transaction()
		if r := s.Cmd("EHLO"); r.Class() == 2 {
			spec.Skipf("the server accepted EHLO with no domain, which resets the transaction (another case's subject)")
		} else {
			s.ExpectReply("EHLO", r, 501, 500, 502, 550)
		}
		s.expectTransactionIntact("after a refused EHLO")
	},
})

var _ = register(Case{
	ID: "smtp-4.1.4-ehlo-resets-transaction", RFC: "5321", Section: "4.1.4", Level: MUST,
	Quote: `If it is issued after the session begins and the EHLO command is acceptable to the SMTP server, the SMTP server MUST clear all buffers and reset the state exactly as if a RSET command had been issued.`,
	Does:  "opens a transaction, sends EHLO again; requires 250, then RCPT refused with 503 (no MAIL any more)",
	Run: func(s *Session) {
		s.Ehlo()
		s.Transaction()
		s.Ehlo()
		// §3.3: a RCPT without a previous MAIL MUST get 503.
		s.ExpectCmd("RCPT TO:<"+s.Mailbox()+">", 503)
		s.Sync()
	},
})

var _ = register(Case{
	ID: "smtp-4.1.1.1-helo-resets-transaction", RFC: "5321", Section: "4.1.1.1", Level: MUST,
	Binds: "§4.1.1.1 defines a 250 to HELO as confirming the initial state: no transaction in progress",
	Quote: `These commands, and a "250 OK" reply to one of them, confirm that both the SMTP client and the SMTP server are in the initial state, that is, there is no transaction in progress and all state tables and buffers are cleared.`,
	Does:  "opens a transaction after EHLO, sends HELO; requires 250, then RCPT refused with 503 (no MAIL any more)",
	Run: func(s *Session) {
		s.Ehlo()
		s.Transaction()
		s.Helo()
		s.ExpectCmd("RCPT TO:<"+s.Mailbox()+">", 503)
		s.Sync()
	},
})

var _ = register(Case{
	ID: "smtp-4.1.4-ehlo-mismatch-not-refused", RFC: "5321", Section: "4.1.4", Level: MUST,
	Quote: `An SMTP server MAY verify that the domain name argument in the EHLO command actually corresponds to the IP address of the client. However, if the verification fails, the server MUST NOT refuse to accept a message on that basis.`,
	Does:  "greets with EHLO [192.0.2.1], an address the client does not have, then sends a message; requires 250 to EHLO, MAIL, RCPT and the message",
	Run: func(s *Session) {
		s.ExpectCmd("EHLO [192.0.2.1]", 250)
		s.Transaction()
		s.expectTransactionIntact("after EHLO with an address that is not the client's")
	},
})
