package smtp

// Config.WithoutSMTPUTF8 withdraws SMTPUTF8 (RFC 6531): the keyword is
// not listed, the MAIL parameter SMTPUTF8 is unknown (555, RFC 5321
// §4.1.1.11), VRFY and EXPN take no SMTPUTF8 parameter, and RFC 6531
// §3.5's 550 and 553 for a non-ASCII address give way to RFC 5321's own
// rule, whose grammar is ASCII: "SMTP servers that receive a command in
// which invalid character codes have been employed, and for which there
// are no other reasons for rejection, MUST reject that command with a 501
// response" (§4.1.2).

// Replies to a non-ASCII argument without SMTPUTF8 (RFC 5321 §4.1.2).
var (
	replyInvalidSender    = reply(501, "5.1.7", "Bad sender address syntax: octets outside US-ASCII")
	replyInvalidRecipient = reply(501, "5.1.3", "Bad recipient address syntax: octets outside US-ASCII")
	replyInvalidArgument  = reply(501, "5.5.2", "Syntax error: octets outside US-ASCII")
)

// nonASCIIReply is the reply to a non-ASCII address or argument given
// without the SMTPUTF8 parameter; r is RFC 6531 §3.5's reply for it.
func (s *session) nonASCIIReply(r Reply) Reply {
	if !s.cfg.WithoutSMTPUTF8 {
		return s.nonASCIIRefusal(r)
	}
	switch v, _, _ := verb([]byte(s.command)); v {
	case "MAIL":
		return replyInvalidSender
	case "RCPT":
		return replyInvalidRecipient
	}
	return replyInvalidArgument
}

// withoutKeyword returns keywords without the EHLO keyword kw.
func withoutKeyword(keywords []string, kw string) []string {
	out := keywords[:0:0]
	for _, k := range keywords {
		if k != kw {
			out = append(out, k)
		}
	}
	return out
}
