package smtp

var (
	_ = breaks("smtp-4.2-greeting-one-reply",
		replyTo("$", "220", "220 localhost ESMTP ready\r\n220 localhost says hello again\r\n"),
		quitAnswered250)
	_ = breaks("smtp-4.2-ehlo-multiline",
		replyTo("EHLO", "250", "250 localhost\r\n250 PIPELINING\r\n250 SIZE 1000000\r\n"),
		replyTo("EHLO", "250", "250-localhost\r\n251 PIPELINING\r\n"))
	_ = breaks("smtp-4.2-help-multiline",
		replyTo("HELP", "214", "214 2.0.0 Commands: HELO EHLO MAIL RCPT DATA\r\n214 2.0.0 See RFC 5321\r\n"),
		replyTo("HELP", "214", "214-2.0.0 Commands: HELO EHLO MAIL RCPT DATA\r\n211 2.0.0 See RFC 5321\r\n"))
	_ = breaks("smtp-4.2-one-reply-per-command",
		replyTo("RSET", "250", "250 2.0.0 Reset state\r\n250 2.0.0 Reset state again\r\n"),
		replyTo("XMAILSPEC", "500", "500 5.5.1 Command unrecognized\r\n500 5.5.1 Command unrecognized\r\n"))
	_ = breaks("smtp-4.2-reply-code-digits",
		replyTo("NOOP", "250", "650 2.0.0 OK\r\n"),
		replyTo("XMAILSPEC", "500", "570 5.5.1 Command unrecognized\r\n"))
	_ = breaks("smtp-4.2-no-bare-code",
		replyTo("NOOP", "250", "250\r\n"),
		replyTo("RSET", "250", "250 \r\n"))

	_ = breaks("smtp-4.3.2-ehlo-helo-codes",
		replyTo("HELO", "250", "220 localhost greets you\r\n"),
		replyTo("EHLO$", "501", "553 5.5.4 EHLO needs a domain\r\n"))
	_ = breaks("smtp-4.3.2-mail-codes", replyTo("MAIL", "555", "504 5.5.4 Parameter not implemented\r\n"))
	_ = breaks("smtp-4.3.2-rcpt-codes", replyTo("RCPT", "550", "554 5.7.1 Rejected\r\n"))
	_ = breaks("smtp-4.3.2-data-codes",
		replyTo("DATA", "354", "334 Go ahead\r\n"),
		replyTo(`\.`, "250", "251 2.0.0 OK\r\n"))
	_ = breaks("smtp-4.3.2-session-command-codes",
		replyTo("QUIT", "221", "250 2.0.0 Bye\r\n"),
		replyTo("HELP", "214", "250 2.0.0 Help\r\n"))
)
