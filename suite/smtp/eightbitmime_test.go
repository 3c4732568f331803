package smtp

var (
	_ = breaks("smtp-6152.3-body-8bitmime-accepted",
		replyTo("MAIL .* BODY=8BITMIME", "250", "555 5.5.4 MAIL FROM/RCPT TO parameter not recognized or not implemented\r\n"))
	_ = breaks("smtp-6152.2-body-7bit-accepted",
		replyTo("MAIL .* BODY=7BIT", "250", "555 5.5.4 MAIL FROM/RCPT TO parameter not recognized or not implemented\r\n"))
	_ = breaks("smtp-6152.3-eight-bit-message-accepted",
		replyTo(`\.`, "250", "554 5.6.0 Message contains 8-bit octets\r\n"))
	_ = breaks("smtp-6152.2-body-unknown-value-refused",
		replyTo("MAIL .* BODY=9BIT", "555", "250 2.1.0 Sender OK\r\n"))
	_ = breaks("smtp-6152.2-body-binarymime-not-offered",
		replyTo("MAIL .* BODY=BINARYMIME", "555", "250 2.1.0 Sender OK\r\n"))
)
