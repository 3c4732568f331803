package smtp

const quitClosing = "421 4.7.0 Closing connection\r\n"

var (
	_ = breaks("smtp-4.1.1.10-quit-closes-connection",
		replyTo("QUIT$", "221", "250 2.0.0 Bye\r\n"),
		replyTo("QUIT$", "221", "221 2.0.0 Bye\r\n250 2.0.0 Still here\r\n"),
		replyTo("QUIT$", "221", "221 2.0.0 Bye\r\nnot a reply\r\n"),
		replyTo("QUIT$", "221", "221 2.0.0 Bye\r\n250 2.0.0 cut sh"),
	)
	_ = breaks("smtp-4.1.1.10-quit-before-ehlo", replyTo("QUIT$", "221", "503 5.5.1 Send HELO or EHLO first\r\n"))
	_ = breaks("smtp-4.1.1.10-quit-during-transaction", coreReplyAfter("RCPT", "250", "QUIT$", "221", "503 5.5.1 Finish the mail transaction first\r\n"))
	_ = breaks("smtp-4.3.2-quit-with-argument", coreReplyToLine("QUIT now", "501", "221 2.0.0 Bye\r\n"))
	_ = breaks("smtp-4.1.1.10-error-keeps-connection",
		replyTo("MAIL FROM:$", "501", "501 5.5.4 Syntax error in parameters or arguments\r\n"+quitClosing),
		replyTo("RCPT", "503", "503 5.5.1 Send MAIL first\r\n"+quitClosing),
	)
)
