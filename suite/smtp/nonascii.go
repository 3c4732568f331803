package smtp

// RFC 5321 §4.1.2 on a server that does not advertise SMTPUTF8: its
// grammar is ASCII, so a UTF-8 address is "invalid character codes",
// which the server MUST refuse. RFC 6531 §3.5's cases (smtputf8.go) cover
// a server that advertises SMTPUTF8 and gets an address without the
// parameter.
//
// The sentence asks for 501 "for which there are no other reasons for
// rejection"; a server may refuse the address for another reason first (a
// policy on the sender, an unknown mailbox, RFC 5321 §4.2.2's 553 "mailbox
// name not allowed"), and the order of its checks is not visible on the
// wire. So any permanent refusal satisfies the rule; a 4yz leaves the case
// inconclusive (error) and acceptance fails it.

import "github.com/mailspec/mailspec/suite/spec"

// requireNoSMTPUTF8 greets with EHLO and skips the case where the server
// advertises SMTPUTF8, under which UTF-8 addresses are valid with the
// parameter and RFC 6531 §3.5 governs them without it.
func (s *Session) requireNoSMTPUTF8() {
	s.Ehlo()
	if _, ok := s.Has("SMTPUTF8"); ok {
		spec.Skipf("the server advertises SMTPUTF8: RFC 6531 section 3.5 governs a UTF-8 address without the parameter (smtp-6531.3.5-* cases)")
	}
}

var _ = register(Case{
	ID: "smtp-4.1.2-mail-utf8-without-smtputf8-refused", RFC: "5321", Section: "4.1.2", Level: MUST,
	Quote: quoteInvalidCharacters,
	Does:  "to a server not advertising SMTPUTF8, sends MAIL with a UTF-8 local part; requires a refusal (501, or any other 5yz for another reason), then MAIL with an ASCII path 250",
	Run: func(s *Session) {
		s.requireNoSMTPUTF8()
		s.ExpectCmd("MAIL FROM:<"+utf8Local+"@sender.example>", 5)
		s.ExpectCmd("MAIL FROM:<"+s.Sender()+">", 250)
	},
})

var _ = register(Case{
	ID: "smtp-4.1.2-rcpt-utf8-without-smtputf8-refused", RFC: "5321", Section: "4.1.2", Level: MUST,
	Quote: quoteInvalidCharacters,
	Does:  "to a server not advertising SMTPUTF8, sends MAIL, then RCPT with a UTF-8 local part in the mailbox's domain; requires a refusal (501, or any other 5yz such as no such user), then RCPT to the mailbox 250 or 251",
	Run: func(s *Session) {
		s.requireNoSMTPUTF8()
		s.ExpectCmd("MAIL FROM:<"+s.Sender()+">", 250)
		s.ExpectCmd("RCPT TO:<"+utf8Local+"@"+domainOf(s.Mailbox())+">", 5)
		s.ExpectCmd("RCPT TO:<"+s.Mailbox()+">", 250, 251)
	},
})
