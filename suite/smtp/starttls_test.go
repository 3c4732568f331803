package smtp

var (
	_ = breaks("smtp-3207.4-starttls-argument-501",
		replyTo("STARTTLS ", "501", "250 2.0.0 OK\r\n"))
	_ = breaks("smtp-3207.4-starttls-220-then-handshake",
		replyTo("STARTTLS$", "220", "250 2.0.0 OK\r\n"),
		appendReplies("answers in plaintext after its 220 to STARTTLS", "STARTTLS$", "220", "250 2.0.0 OK\r\n"))
	_ = breaks("smtp-3207.4.2-no-starttls-after-tls",
		addKeyword("advertises STARTTLS after the handshake", "STARTTLS"))
	_ = breaks("smtp-3207.4.2-transaction-forgotten", keepStateAfterSTARTTLS)
	_ = breaks("smtp-3207.4.2-greeting-forgotten", keepStateAfterSTARTTLS)
	_ = breaks("smtp-3207.4.2-starttls-again-refused",
		replyTo("STARTTLS", "503", "220 2.0.0 Ready to start TLS\r\n"))
	_ = breaks("smtp-3207.6-pipelined-plaintext-discarded",
		keepPlaintextAfterSTARTTLS, keepPlaintextAndStateAfterSTARTTLS)
)
