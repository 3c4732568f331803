package smtp

var (
	_ = breaks("smtp-2034.4-status-code-on-success",
		replyTo("NOOP", "250", "250 OK\r\n"),
		replyTo("HELP", "214", "214-2.0.0 Commands: HELO EHLO MAIL RCPT DATA\r\n214 Send HELP <command> for more\r\n"))
	_ = breaks("smtp-2034.4-status-code-on-failure",
		replyTo("XMAILSPEC", "500", "500 Command unrecognized\r\n"))
	_ = breaks("smtp-2034.4-status-code-class-agrees",
		replyTo("RCPT", "503", "503 2.5.1 Send MAIL first\r\n"),
		replyTo("NOOP", "250", "250 5.0.0 OK\r\n"))
	_ = breaks("smtp-3463.2-status-code-syntax",
		replyTo("NOOP", "250", "250 2.00.0 OK\r\n"),
		replyTo("XMAILSPEC", "500", "500 5.5.1000 Command unrecognized\r\n"),
		replyTo("RSET", "250", "250 3.0.0 Reset state\r\n"))
	_ = breaks("smtp-2034.4-same-status-code-every-line",
		replyTo("HELP", "214", "214-2.0.0 Commands: HELO EHLO MAIL RCPT DATA\r\n214 Send HELP <command> for more\r\n"),
		replyTo("HELP", "214", "214-2.0.0 Commands: HELO EHLO MAIL RCPT DATA\r\n214 2.0.1 Send HELP <command> for more\r\n"))
	_ = breaks("smtp-2034.4-status-code-without-ehlo", stripStatusCodesAfterHELO)
	_ = breaks("smtp-2034.4-status-code-after-data",
		replyTo(`\.`, "250", "250 Message accepted\r\n"))
)
