package smtp

import refsmtp "github.com/mailspec/mailspec/reference/smtp"

// acceptsMessageWithoutRecipient takes the data of a transaction with no
// valid recipient, as RFC 5321 §3.3 allows, and then answers it 250.
var acceptsMessageWithoutRecipient = over("354 to DATA with no valid recipient",
	func(a *refsmtp.Alternatives) { a.DataWithoutRecipients354 = true },
	replyTo(`\.`, "554", "250 2.0.0 OK: queued\r\n"))

var (
	_ = breaks("smtp-4.1.4-mail-before-ehlo", replyTo("MAIL", "503", "250 2.1.0 Sender OK\r\n"))
	_ = breaks("smtp-4.1.4-rcpt-before-mail", replyTo("RCPT", "503", "250 2.1.5 Recipient OK\r\n"))
)

const (
	orderDataStarts    = "354 Start mail input; end with <CRLF>.<CRLF>\r\n"
	orderNeedHelo      = "503 5.5.1 Send HELO or EHLO first\r\n"
	orderSenderLost    = "503 5.5.1 Send MAIL first\r\n"
	orderSenderOK      = "250 2.1.0 Sender OK\r\n"
	orderRecipientOK   = "250 2.1.5 Recipient OK\r\n"
	orderNestedRefused = "503 5.5.1 Mail transaction already in progress\r\n"
)

var (
	_ = breaks("smtp-4.1.4-rcpt-before-ehlo", replyTo("RCPT", "503", orderRecipientOK))
	_ = breaks("smtp-4.1.4-data-before-ehlo", replyTo("DATA", "503", orderDataStarts))
	_ = breaks("smtp-4.1.4-data-before-mail", replyTo("DATA", "503", orderDataStarts))
	_ = breaks("smtp-4.1.4-data-before-rcpt", replyTo("DATA", "503", orderDataStarts), acceptsMessageWithoutRecipient)
	_ = breaks("smtp-3.3-data-after-rejected-rcpt", coreReplyAfter("RCPT", "5", "DATA", "503", orderDataStarts), acceptsMessageWithoutRecipient)
	_ = breaks("smtp-4.1.4-transaction-survives-503", coreReplyAfter("DATA", "503", "RCPT", "250", orderSenderLost))
	_ = breaks("smtp-4.1.4-nested-mail",
		// A second MAIL taken as new, but the old recipients kept.
		coreReplyAfter("MAIL", "250", "MAIL", "503", orderSenderOK),
		// A second MAIL refused, but the transaction lost.
		coreReplyAfter("MAIL", "503", "DATA", "354", orderSenderLost),
	)
	_ = breaks("smtp-4.1.4-mail-after-rset", coreReplyAfter("RSET", "250", "MAIL", "250", orderNestedRefused))
	_ = breaks("smtp-4.1.1.5-rcpt-after-rset", coreReplyAfter("RSET", "250", "RCPT", "503", orderRecipientOK))
	_ = breaks("smtp-4.1.4-mail-after-completed-transaction", coreReplyAfter(`\.`, "250", "MAIL", "250", orderNestedRefused))
	_ = breaks("smtp-4.1.1.4-rcpt-after-completed-transaction", coreReplyAfter(`\.`, "250", "RCPT", "503", orderRecipientOK))
	_ = breaks("smtp-4.1.4-noop-before-ehlo", replyTo("NOOP", "250", orderNeedHelo))
	_ = breaks("smtp-4.1.4-rset-before-ehlo", replyTo("RSET", "250", orderNeedHelo))
	_ = breaks("smtp-4.1.4-help-before-ehlo", replyTo("HELP", "214", orderNeedHelo))
	_ = breaks("smtp-4.1.4-vrfy-before-ehlo", replyTo("VRFY", "250", orderNeedHelo))
	_ = breaks("smtp-4.1.4-expn-before-ehlo", replyTo("EXPN", "550", orderNeedHelo))
)
