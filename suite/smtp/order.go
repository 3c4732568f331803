package smtp

// RFC 5321 §4.1.4 (Order of Commands) and §3.3 (Mail Transactions): a
// command out of order gets 503 and changes nothing, so the session stays
// usable after it.


var _ = register(Case{
	ID: "smtp-4.1.4-mail-before-ehlo", RFC: "5321", Section: "4.1.4", Level: MUST,
	Quote: `A session that will contain mail transactions MUST first be initialized by the use of the EHLO command.`,
	Does:  "sends MAIL before any EHLO or HELO; requires 503, then a usable session",
	Run: func(s *Session) {
		s.ExpectCmd("MAIL FROM:<"+s.Sender()+">", 503)
		s.Sync()
	},
})

var _ = register(Case{
	ID: "smtp-4.1.4-rcpt-before-mail", RFC: "5321", Section: "4.1.4", Level: MUST,
	Quote: `The MAIL command (or the obsolete SEND, SOML, or SAML commands) begins a mail transaction. Once started, a mail transaction consists of a transaction beginning command, one or more RCPT commands, and a DATA command, in that order.`,
	Does:  "sends RCPT after EHLO with no MAIL; requires 503, then a usable session",
	Run: func(s *Session) {
		s.Ehlo()
		s.ExpectCmd("RCPT TO:<"+s.Mailbox()+">", 503)
		s.Sync()
	},
})
