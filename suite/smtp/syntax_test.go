package smtp

import (
	"regexp"
	"strings"
)

// upperCaseVerbsOnly refuses, as unrecognised, every command whose verb is
// not written in upper case: the server §2.4 calls "in violation of this
// specification".
var upperCaseVerbsOnly = coreRewrite("refuses verbs not in upper case with 500", func() func(cmd, reply string) string {
	return func(cmd, reply string) string {
		verb, _, _ := strings.Cut(cmd, " ")
		if verb != strings.ToUpper(verb) {
			return "500 5.5.1 Command unrecognized\r\n"
		}
		return reply
	}
})

// misreadAsUnknown is what a server answers that does not parse a path
// the grammar allows as part of the command at all.
const misreadAsUnknown = "500 5.5.2 Syntax error, command unrecognized\r\n"

var (
	_ = breaks("smtp-2.4-lowercase-verbs", upperCaseVerbsOnly)
	_ = breaks("smtp-2.4-mixed-case-verbs", upperCaseVerbsOnly)
	_ = breaks("smtp-2.4-lowercase-from-to", coreReplyCaseSensitive(`^(MAIL from:|RCPT to:)`, "250", "501 5.5.4 Syntax error in parameters or arguments\r\n"))
	_ = breaks("smtp-2.4-domain-case-insensitive", coreReplyCaseSensitive(`^RCPT TO:<[^@>]+@[^a-z>]+>`, "250", "550 5.1.1 No such user here\r\n"))
	_ = breaks("smtp-4.1.2-quoted-local-part",
		replyTo(`RCPT TO:<"`, "250", "550 5.1.1 No such user here\r\n"),
		replyTo(`RCPT TO:<"`, "250", "501 5.1.3 Bad recipient address syntax\r\n"),
	)
	_ = breaks("smtp-4.1.2-quoted-pair-local-part", replyTo(`RCPT TO:<"[^"]*\\`, "250", "550 5.1.1 No such user here\r\n"))
	_ = breaks("smtp-4.1.2-quoted-local-part-with-space", replyTo(`MAIL FROM:<"`, "250", misreadAsUnknown))
	_ = breaks("smtp-4.1.2-quoted-pair-comma", replyTo(`MAIL FROM:<"`, "250", misreadAsUnknown))
	_ = breaks("smtp-4.1.3-ipv4-literal-in-path", replyTo(`MAIL FROM:<[^>]*@\[`, "250", misreadAsUnknown))
	_ = breaks("smtp-4.1.3-ipv6-literal-in-path", replyTo(`MAIL FROM:<[^>]*@\[IPv6:`, "250", misreadAsUnknown))
	_ = breaks("smtp-f.2-source-route-in-reverse-path", replyTo(`MAIL FROM:<@`, "250", misreadAsUnknown))
	_ = breaks("smtp-3.3-source-route-accepted", replyTo(`RCPT TO:<@`, "250", misreadAsUnknown))
	_ = breaks("smtp-4.1.1.3-source-route-ignored", replyTo(`RCPT TO:<@`, "250", "550 5.7.1 Relaying denied\r\n"))
	_ = breaks("smtp-4.1.2-mail-domain-underscore",
		replyTo(`MAIL FROM:<mailspec@bad_name`, "501", "250 2.1.0 Sender OK\r\n"),
		replyTo(`MAIL FROM:<mailspec@bad_name`, "501", "553 5.1.7 Bad sender address syntax\r\n"),
	)
	_ = breaks("smtp-4.1.1.11-mail-unknown-parameter", replyTo(`MAIL .* XMAILSPEC`, "555", "250 2.1.0 Sender OK\r\n"))
	_ = breaks("smtp-4.1.1.11-rcpt-unknown-parameter", replyTo(`RCPT .* XMAILSPEC`, "555", "250 2.1.5 Recipient OK\r\n"))
)

// Each bad sender is accepted by one fault, and by another refused but
// then held as if the transaction had begun.
var _ = func() struct{} {
	for _, b := range badSenders {
		line := "MAIL FROM:" + b.arg
		breaks(b.id,
			coreReplyToLine(line, "5", "250 2.1.0 Sender OK\r\n"),
			coreReplyAfter(regexp.QuoteMeta(line)+"$", "5", "MAIL", "250", "503 5.5.1 Mail transaction already in progress\r\n"),
		)
	}
	return struct{}{}
}()
