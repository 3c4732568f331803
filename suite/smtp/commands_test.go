package smtp

var (
	_ = breaks("smtp-4.1.1.5-rset-replies-250",
		replyTo("RSET$", "250", "500 5.5.1 Command unrecognized\r\n"),
		replyTo("RSET$", "250", "250 2.0.0 Reset state\r\n421 4.7.0 Closing connection\r\n"),
	)
	_ = breaks("smtp-4.3.2-rset-with-argument", coreReplyToLine("RSET now", "501", "250 2.0.0 Reset state\r\n"))
	_ = breaks("smtp-4.3.2-data-with-argument", coreReplyToLine("DATA now", "501", "354 Start mail input; end with <CRLF>.<CRLF>\r\n"))
	_ = breaks("smtp-4.1.1-trailing-space-tolerated",
		replyTo("RSET $", "250", "501 5.5.4 This command takes no arguments\r\n"),
		replyTo("MAIL .*> $", "250", "501 5.1.7 Bad sender address syntax\r\n"),
	)
	_ = breaks("smtp-4.1.1.9-noop-replies-250", replyTo("NOOP$", "250", "500 5.5.1 Command unrecognized\r\n"))
	_ = breaks("smtp-4.1.1.9-noop-ignores-string", replyTo("NOOP ", "250", "501 5.5.4 NOOP takes no arguments\r\n"))
	_ = breaks("smtp-4.1.1.9-noop-keeps-transaction", coreReplyAfter("NOOP", "250", "DATA", "354", "503 5.5.1 Send RCPT first\r\n"))
	_ = breaks("smtp-4.1.1.8-help-without-argument", replyTo("HELP$", "214", "502 5.5.1 Command not implemented\r\n"))
	_ = breaks("smtp-4.1.1.8-help-with-topic", replyTo("HELP MAIL", "214", "504 5.5.4 HELP topic not recognized\r\n"))
	_ = breaks("smtp-4.3.1-help-unknown-topic", replyTo("HELP MAILSPEC", "504", "550 5.1.1 No such topic\r\n"))
	_ = breaks("smtp-4.1.1.1-help-advertised-if-implemented", coreWithoutKeyword("HELP"))
	_ = breaks("smtp-f.6-send-advertised-if-implemented", replyTo("SEND ", "502", "250 2.1.0 OK\r\n"))
	_ = breaks("smtp-f.6-saml-advertised-if-implemented", replyTo("SAML ", "502", "250 2.1.0 OK\r\n"))
	_ = breaks("smtp-f.6-soml-advertised-if-implemented", replyTo("SOML ", "502", "503 5.5.1 Send HELO first\r\n"))
	_ = breaks("smtp-f.1-turn-refused", replyTo("TURN", "502", "250 2.0.0 OK, turning around\r\n"))
	_ = breaks("smtp-4.2.4-unknown-verb-500", replyTo("FOOBAR", "500", "502 5.5.1 Command not implemented\r\n"))
	_ = breaks("smtp-3.8-unknown-verb-keeps-session", replyTo("FOOBAR", "500", "500 5.5.1 Command unrecognized\r\n421 4.7.0 Closing connection\r\n"))
)
