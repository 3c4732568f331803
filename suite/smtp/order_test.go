package smtp

var (
	_ = breaks("smtp-4.1.4-mail-before-ehlo", replyTo("MAIL", "503", "250 2.1.0 Sender OK\r\n"))
	_ = breaks("smtp-4.1.4-rcpt-before-mail", replyTo("RCPT", "503", "250 2.1.5 Recipient OK\r\n"))
)
