package smtp

// RFC 5321 §4.1.1.10 (QUIT) and §3.8 (Terminating Sessions and
// Connections): QUIT is answered 221 and then the server closes, at any
// point of the session; until then the server keeps the connection open,
// errors or not.

var _ = register(Case{
	ID: "smtp-4.1.1.10-quit-closes-connection", RFC: "5321", Section: "4.1.1.10", Level: MUST,
	Quote: `This command specifies that the receiver MUST send a "221 OK" reply, and then close the transmission channel.`,
	Does:  "sends QUIT after EHLO; requires 221 and then the connection closed, with nothing more sent",
	Run: func(s *Session) {
		s.Ehlo()
		s.ExpectCmd("QUIT", 221)
		s.ExpectClosed("after the 221 reply to QUIT")
	},
})

var _ = register(Case{
	ID: "smtp-4.1.1.10-quit-before-ehlo", RFC: "5321", Section: "4.1.1.10", Level: MUST,
	Binds: "§4.1.1.10: \"the receiver MUST send a 221 OK reply, and then close\", and QUIT \"may be issued at any time\"",
	Quote: `The QUIT command may be issued at any time.`,
	Does:  "sends QUIT straight after the greeting; requires 221 and the connection closed",
	Run: func(s *Session) {
		s.ExpectCmd("QUIT", 221)
		s.ExpectClosed("after the 221 reply to QUIT")
	},
})

var _ = register(Case{
	ID: "smtp-4.1.1.10-quit-during-transaction", RFC: "5321", Section: "4.1.1.10", Level: MUST,
	Binds: "§4.1.1.10: \"the receiver MUST send a 221 OK reply, and then close\", and QUIT \"may be issued at any time\"",
	Quote: `The QUIT command may be issued at any time. Any current uncompleted mail transaction will be aborted.`,
	Does:  "opens a transaction (MAIL, RCPT) and sends QUIT; requires 221 and the connection closed",
	Run: func(s *Session) {
		s.Ehlo()
		s.Transaction()
		s.ExpectCmd("QUIT", 221)
		s.ExpectClosed("after the 221 reply to QUIT")
	},
})

var _ = register(Case{
	ID: "smtp-4.3.2-quit-with-argument", RFC: "5321", Section: "4.3.2", Level: SHOULD,
	Quote: `In order to provide for future extensions, commands that are specified in this document as not accepting arguments (DATA, RSET, QUIT) SHOULD return a 501 message if arguments are supplied in the absence of EHLO-advertised extensions.`,
	Does:  "sends QUIT with an argument; requires 501 and the session still open (NOOP 250)",
	Run: func(s *Session) {
		s.Ehlo()
		s.ExpectCmd("QUIT now", 501)
		s.Sync()
	},
})

var _ = register(Case{
	ID: "smtp-4.1.1.10-error-keeps-connection", RFC: "5321", Section: "4.1.1.10", Level: MUST,
	Quote: `The receiver MUST NOT intentionally close the transmission channel until it receives and replies to a QUIT command (even if there was an error).`,
	Does:  "sends MAIL with a broken argument (MAIL FROM:) and RCPT out of order; requires 5yz to each, then a usable session",
	Run: func(s *Session) {
		s.Ehlo()
		s.expectCmdKeepingSession("MAIL FROM:", 5)
		s.expectCmdKeepingSession("RCPT TO:<"+s.Mailbox()+">", 5)
		s.Sync()
	},
})
