package smtp

import refsmtp "github.com/mailspec/mailspec/reference/smtp"

var (
	_ = breaks("smtp-6531.3.1-ehlo-keyword-without-parameter",
		replaceKeyword("advertises SMTPUTF8 with a parameter", "SMTPUTF8", "SMTPUTF8 1.0"))
	_ = breaks("smtp-6531.3.1-announces-8bitmime",
		replaceKeyword("advertises SMTPUTF8 without 8BITMIME", "8BITMIME", ""))
	_ = breaks("smtp-6531.3.2-utf8-sender-accepted",
		replyTo("MAIL .* SMTPUTF8", "250", "553 5.6.7 Non-ASCII addresses not permitted\r\n"))
	_ = breaks("smtp-6531.3.3-utf8-domain-accepted",
		replyTo("MAIL FROM:<mailspec@b", "250", misreadAsUnknown))
	_ = breaks("smtp-6531.3.3-utf8-quoted-local-part",
		replyTo(`MAIL FROM:<"`, "250", misreadAsUnknown))
	_ = breaks("smtp-6531.3.2-utf8-recipient-parsed",
		replyTo("RCPT", "550", "501 5.1.3 Bad recipient address syntax\r\n"),
		replyTo("RCPT", "550", "555 5.5.4 MAIL FROM/RCPT TO parameter not recognized\r\n"))
	_ = breaks("smtp-6531.3.5-utf8-sender-without-parameter",
		replyTo("MAIL", "550", "250 2.1.0 Sender OK\r\n"),
		coreReplyAfter("MAIL", "550", "NOOP", "250", "503 5.5.1 Send HELO or EHLO first\r\n"))
	_ = breaks("smtp-6531.3.5-utf8-recipient-without-parameter",
		replyTo("RCPT", "553", "250 2.1.5 Recipient OK\r\n"),
		over("501 to non-ASCII addresses", func(a *refsmtp.Alternatives) { a.NonASCIIAddress501 = true },
			replyTo("RCPT", "501", "251 2.1.5 User not local; will forward\r\n")))
	_ = breaks("smtp-6531.3.4-smtputf8-with-value-refused",
		replyTo("MAIL .* SMTPUTF8=", "501", "250 2.1.0 Sender OK\r\n"))
	_ = breaks("smtp-6531.3.1-vrfy-smtputf8-parameter",
		replyTo("VRFY .* SMTPUTF8", "250", "501 5.5.4 Syntax error in parameters or arguments\r\n"),
		replyTo("VRFY .* SMTPUTF8", "250", "504 5.5.4 Command parameter not implemented\r\n"))
	_ = breaks("smtp-6531.3.1-utf8-message-accepted",
		replyTo(`\.`, "250", "554 5.6.9 UTF-8 header message cannot be transmitted\r\n"))
)
