package smtp

// RFC 5321 §3.5 (Commands for Debugging Addresses), §4.1.1.6 (VRFY),
// §4.1.1.7 (EXPN), §4.5.1 (VRFY is required) and §7.3 (a disabled VRFY
// answers 252): what VRFY and EXPN may answer, what a positive answer must
// hold, and that neither touches the mail transaction.

import (
	"strings"

	"github.com/mailspec/mailspec/suite/spec"
	"github.com/mailspec/mailspec/suite/wire"
)

// vrfyPositive are the VRFY replies that name a mailbox (§3.5.2: "normal
// (2yz or 551) responses"). 252 is left out: it says the server could not
// verify the user, so it has no mailbox of its own to give (§3.5.3).
var vrfyPositive = map[int]bool{250: true, 251: true, 551: true}

var _ = register(Case{
	ID: "smtp-4.5.1-vrfy-supported", RFC: "5321", Section: "4.5.1", Level: MUST,
	Quote: `The following commands MUST be supported to conform to this specification: EHLO HELO MAIL RCPT DATA RSET NOOP QUIT VRFY`,
	Does:  "sends VRFY with the local part of the deliverable mailbox; requires a reply other than 500 or 502",
	Run: func(s *Session) {
		local, _ := s.mailboxParts()
		s.Ehlo()
		// §7.3: a site that disables VRFY "MUST return a 252 response,
		// rather than a code that could be confused with successful or
		// unsuccessful verification", so 502 is wrong either way.
		r := s.Cmd("VRFY " + local)
		if r.Code == 500 || r.Code == 502 {
			spec.Failf("VRFY %s\nExpected: VRFY supported (252 if disabled, RFC 5321 section 7.3)\nActual:   %s", local, wire.Visible([]byte(r.String())))
		}
	},
})

var _ = register(Case{
	ID: "smtp-3.5.1-vrfy-local-user-name", RFC: "5321", Section: "3.5.1", Level: MUST,
	Quote: `An implementation of the VRFY or EXPN commands MUST include at least recognition of local mailboxes as "user names".`,
	Does:  "sends VRFY with the local part of the deliverable mailbox; requires neither 501 nor 550/551 (unknown)",
	Run: func(s *Session) {
		local, _ := s.mailboxParts()
		s.Ehlo()
		// 250/251 verified, 252 not verifiable or disabled (§7.3), 553
		// ambiguous (§3.5.1); 500/502/504 leave VRFY unimplemented, which
		// smtp-4.5.1-vrfy-supported judges.
		s.ExpectCmd("VRFY "+local, 250, 251, 252, 553, 500, 502, 504, 530)
	},
})

var _ = register(Case{
	ID: "smtp-3.5.1-vrfy-mailbox-form", RFC: "5321", Section: "3.5.1", Level: SHOULD,
	Quote: `However, since current Internet practice often results in a single host handling mail for multiple domains, hosts, especially hosts that provide this functionality, SHOULD accept the "local-part@domain" form as a "user name"; hosts MAY also choose to recognize other strings as "user names".`,
	Does:  "sends VRFY local-part@domain for the deliverable mailbox; requires neither 501 nor 550/551 (unknown)",
	Run: func(s *Session) {
		s.Ehlo()
		s.ExpectCmd("VRFY "+s.Mailbox(), 250, 251, 252, 553, 500, 502, 504, 530)
	},
})

var _ = register(Case{
	ID: "smtp-3.5.2-vrfy-reply-names-mailbox", RFC: "5321", Section: "3.5.2", Level: MUST,
	Quote: `When normal (2yz or 551) responses are returned from a VRFY or EXPN request, the reply MUST include the <Mailbox> name using a "<local-part@domain>" construction, where "domain" is a fully-qualified domain name.`,
	Does:  "sends VRFY with the local part of the deliverable mailbox; a 250, 251 or 551 reply must hold local-part@domain",
	Run: func(s *Session) {
		local, _ := s.mailboxParts()
		s.Ehlo()
		r := s.Cmd("VRFY " + local)
		if vrfyPositive[r.Code] && !grammarMailboxInText.MatchString(r.Text()) {
			spec.Failf("VRFY %s\nExpected: a reply holding local-part@domain\nActual:   %s", local, wire.Visible([]byte(r.String())))
		}
	},
})

var _ = register(Case{
	ID: "smtp-3.5.2-vrfy-reply-angle-brackets", RFC: "5321", Section: "3.5.2", Level: SHOULD,
	Quote: `In order to facilitate parsing by both computers and people, addresses SHOULD appear in pointed brackets.`,
	Does:  "sends VRFY with the local part of the deliverable mailbox; a 250, 251 or 551 reply should hold <local-part@domain>",
	Run: func(s *Session) {
		local, _ := s.mailboxParts()
		s.Ehlo()
		r := s.Cmd("VRFY " + local)
		if vrfyPositive[r.Code] && !grammarBracketedMailbox.MatchString(r.Text()) {
			spec.Failf("VRFY %s\nExpected: a reply holding <local-part@domain>\nActual:   %s", local, wire.Visible([]byte(r.String())))
		}
	},
})

var _ = register(Case{
	ID: "smtp-3.5.2-vrfy-no-source-route", RFC: "5321", Section: "3.5.2", Level: MUST,
	Quote: `Paths (explicit source routes) MUST NOT be returned by VRFY or EXPN.`,
	Does:  "sends VRFY with the local part of the deliverable mailbox; requires no <@host,...:mailbox> path in the reply",
	Run: func(s *Session) {
		local, _ := s.mailboxParts()
		s.Ehlo()
		r := s.Cmd("VRFY " + local)
		if strings.Contains(r.Text(), "<@") {
			spec.Failf("VRFY %s\nExpected: a mailbox, without a source route\nActual:   %s", local, wire.Visible([]byte(r.String())))
		}
	},
})

var _ = register(Case{
	ID: "smtp-3.5.2-vrfy-mailbox-usable-in-rcpt", RFC: "5321", Section: "3.5.2", Level: MUST,
	Quote: `When addresses, rather than free-form debugging information, are returned, EXPN and VRFY MUST return only valid domain addresses that are usable in SMTP RCPT commands.`,
	Does:  "sends VRFY with the local part of the deliverable mailbox; the mailbox a 250 or 251 reply names must get 250 or 251 as a RCPT",
	Run: func(s *Session) {
		local, _ := s.mailboxParts()
		s.Ehlo()
		r := s.Cmd("VRFY " + local)
		if r.Code != 250 && r.Code != 251 {
			return
		}
		mailbox := grammarMailboxInText.FindString(r.Text())
		if mailbox == "" {
			return // free-form text; smtp-3.5.2-vrfy-reply-names-mailbox judges it
		}
		s.ExpectCmd("MAIL FROM:<"+s.Sender()+">", 250)
		s.ExpectReply("RCPT for the mailbox VRFY returned ("+mailbox+")", s.Cmd("RCPT TO:<"+mailbox+">"), 250, 251)
	},
})

var _ = register(Case{
	ID: "smtp-3.5.3-vrfy-unverifiable-not-250", RFC: "5321", Section: "3.5.3", Level: MUST,
	Quote: `A server MUST NOT return a 250 code in response to a VRFY or EXPN command unless it has actually verified the address. In particular, a server MUST NOT return 250 if all it has done is to verify that the syntax given is valid.`,
	Does:  "sends VRFY for a mailbox in the .invalid domain (RFC 2606), which no one can verify; requires a reply other than 250",
	Run: func(s *Session) {
		s.Ehlo()
		line := "VRFY mailspec@no-such-host.invalid"
		if r := s.Cmd(line); r.Code == 250 {
			spec.Failf("%s\nExpected: not 250 (252 if it cannot be verified, RFC 5321 section 3.5.3)\nActual:   %s", line, wire.Visible([]byte(r.String())))
		}
	},
})

var _ = register(Case{
	ID: "smtp-4.1.1.6-vrfy-keeps-transaction", RFC: "5321", Section: "4.1.1.6", Level: MUST,
	Binds: "§4.1.1.6 defines VRFY as having no effect on the buffers; a server that drops them does not implement VRFY",
	Quote: `This command has no effect on the reverse-path buffer, the forward-path buffer, or the mail data buffer.`,
	Does:  "opens a transaction, sends VRFY; then requires DATA 354 and the message accepted",
	Run: func(s *Session) {
		local, _ := s.mailboxParts()
		s.Ehlo()
		s.Transaction()
		s.Cmd("VRFY " + local)
		s.expectTransactionIntact("after VRFY")
	},
})

var _ = register(Case{
	ID: "smtp-3.5.2-expn-advertised-if-supported", RFC: "5321", Section: "3.5.2", Level: MUST,
	Quote: `Since they were both optional in RFC 821, but VRFY was made mandatory in RFC 1123 [3], if EXPN is supported, it MUST be listed as a service extension in an EHLO response.`,
	Does:  "sends EXPN postmaster; unless refused as not implemented (500, 502) or disabled (252), requires EXPN in the EHLO reply",
	Run: func(s *Session) {
		s.Ehlo()
		r := s.Cmd("EXPN postmaster")
		switch r.Code {
		case 500, 502: // §4.2.4: not recognised, or not implemented
			return
		case 252: // §7.3: what a site that disabled EXPN must answer
			return
		}
		// Any other answer, 550 included (§3.5.1's "550 Access Denied to
		// You"), comes from an EXPN that is there.
		if _, ok := s.Has("EXPN"); !ok {
			spec.Failf("EXPN postmaster was answered as by a server that supports EXPN, but the EHLO reply does not list EXPN\nExpected: EXPN in the EHLO reply, or 502\nActual:   %s", wire.Visible([]byte(r.String())))
		}
	},
})

var _ = register(Case{
	ID: "smtp-3.5.3-expn-unknown-list-not-250", RFC: "5321", Section: "3.5.3", Level: MUST,
	Quote: `A server MUST NOT return a 250 code in response to a VRFY or EXPN command unless it has actually verified the address.`,
	Does:  "sends EXPN for a list name no server has; requires a reply other than 250",
	Run: func(s *Session) {
		s.Ehlo()
		line := "EXPN mailspec-no-such-list-5f3a9c"
		if r := s.Cmd(line); r.Code == 250 {
			spec.Failf("%s\nExpected: not 250\nActual:   %s", line, wire.Visible([]byte(r.String())))
		}
	},
})

var _ = register(Case{
	ID: "smtp-4.1.1.7-expn-keeps-transaction", RFC: "5321", Section: "4.1.1.7", Level: MUST,
	Binds: "§4.1.1.7 defines EXPN as having no effect on the buffers; a server that drops them does not implement EXPN",
	Quote: `This command has no effect on the reverse-path buffer, the forward-path buffer, or the mail data buffer, and it may be issued at any time.`,
	Does:  "opens a transaction, sends EXPN; then requires DATA 354 and the message accepted",
	Run: func(s *Session) {
		s.Ehlo()
		s.Transaction()
		s.Cmd("EXPN postmaster")
		s.expectTransactionIntact("after EXPN")
	},
})
