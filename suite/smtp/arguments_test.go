package smtp

import "regexp"

const (
	argsSenderOK    = "250 2.1.0 Sender OK\r\n"
	argsRecipientOK = "250 2.1.5 Recipient OK\r\n"
	argsBadSender   = "553 5.1.7 Bad sender address syntax\r\n"
	argsUnknown     = "500 5.5.1 Command unrecognized\r\n"
	argsParamUnkown = "555 5.5.4 MAIL FROM/RCPT TO parameter not recognized or not implemented\r\n"
)

var (
	_ = breaks("smtp-4.1.4-mail-without-argument",
		coreReplyToLine("MAIL", "501", argsSenderOK),
		coreReplyToLine("MAIL", "501", argsUnknown))
	_ = breaks("smtp-4.1.4-mail-from-without-path",
		coreReplyToLine("MAIL FROM:", "501", argsSenderOK),
		coreReplyAfter("MAIL FROM:$", "501", "MAIL", "250", "503 5.5.1 Mail transaction already in progress\r\n"))
	_ = breaks("smtp-4.1.1.3-rcpt-without-argument",
		coreReplyToLine("RCPT", "501", argsRecipientOK))
	_ = breaks("smtp-4.1.1.6-vrfy-without-argument",
		coreReplyToLine("VRFY", "501", "252 2.1.5 Cannot VRFY user\r\n"))
	_ = breaks("smtp-4.1.1.7-expn-without-argument",
		coreReplyToLine("EXPN", "501", "550 5.1.1 No such mailing list\r\n"))
	_ = breaks("smtp-4.1.2-rcpt-control-character-after-path",
		replyTo("RCPT TO:<[^>]*>\x01", "501", argsRecipientOK),
		replyTo("RCPT TO:<[^>]*>\x01", "501", "553 5.1.3 Bad recipient address syntax\r\n"))
	_ = breaks("smtp-2.4-mail-parameter-keyword-case",
		coreReplyCaseSensitive(`^MAIL .* size=`, "250", argsParamUnkown))
	_ = breaks("smtp-2.4-mail-parameter-value-case",
		coreReplyCaseSensitive(`^MAIL .* Body=8bitMIME`, "250", argsParamUnkown))
)

// Each control-character sender is accepted by one fault, and refused with
// 553 rather than 501 by another.
var _ = func() struct{} {
	for _, c := range controlSenders {
		line := regexp.QuoteMeta("MAIL FROM:" + c.path)
		breaks(c.id, replyTo(line, "501", argsSenderOK), replyTo(line, "501", argsBadSender))
	}
	return struct{}{}
}()
