package smtp

import (
	"strings"

	refsmtp "github.com/mailspec/mailspec/reference/smtp"
)

// ehloFirstLine replaces the first line of the EHLO reply.
func ehloFirstLine(text string) fault {
	return coreRewrite("opens the EHLO reply with "+text, func() func(cmd, reply string) string {
		return func(cmd, reply string) string {
			if !strings.HasPrefix(strings.ToUpper(cmd), "EHLO ") || !strings.HasPrefix(reply, "250") {
				return reply
			}
			_, rest, _ := strings.Cut(reply, "\r\n")
			sep := "-"
			if rest == "" {
				sep = " "
			}
			return "250" + sep + text + "\r\n" + rest
		}
	})
}

// extraKeyword adds a line to the EHLO keyword list.
func extraKeyword(line string) fault {
	return fault{name: "lists the EHLO line " + line, apply: func(f *refsmtp.Faults) {
		f.Keywords = func(k []string) []string { return append(k, line) }
	}}
}

const rcptKeptAfterReset = "250 2.1.5 Recipient OK\r\n"

var (
	_ = breaks("smtp-4.1.1.1-ehlo-reply-names-server",
		ehloFirstLine("[ESMTP] at your service"),
		ehloFirstLine("Hello, pleased to meet you"),
	)
	_ = breaks("smtp-4.1.1.1-ehlo-keyword-syntax",
		extraKeyword("X_MAILSPEC"),
		extraKeyword("8BITMIME "),
		extraKeyword("SIZE  1000"),
	)
	_ = breaks("smtp-4.1.1.1-ehlo-ipv4-literal", replyTo(`EHLO \[127`, "250", "501 5.5.4 Syntax error in parameters or arguments\r\n"))
	_ = breaks("smtp-4.1.1.1-ehlo-ipv6-literal", replyTo(`EHLO \[IPv6:`, "250", "501 5.5.4 Syntax error in parameters or arguments\r\n"))
	_ = breaks("smtp-4.1.1.1-helo-supported",
		replyTo("HELO", "250", "502 5.5.1 Command not implemented\r\n"),
		coreReplyAfter("HELO", "250", "MAIL", "250", "503 5.5.1 Send HELO or EHLO first\r\n"),
	)
	_ = breaks("smtp-3.2-helo-reply-not-extended", replyTo("HELO", "250", "250-localhost greets you\r\n250-PIPELINING\r\n250 8BITMIME\r\n"))
	_ = breaks("smtp-4.1.4-ehlo-without-domain",
		coreReplyToLine("EHLO", "501", "554 5.5.4 EHLO needs a domain\r\n"),
		coreReplyAfter("EHLO$", "501", "MAIL", "503", "250 2.1.0 Sender OK\r\n"),
	)
	_ = breaks("smtp-4.1.1.1-helo-without-domain", coreReplyToLine("HELO", "501", "250 localhost\r\n"))
	_ = breaks("smtp-4.1.1.1-ehlo-without-domain-refused", coreReplyToLine("EHLO", "501", "250 localhost\r\n"))
	_ = breaks("smtp-4.1.2-ehlo-underscore-domain", replyTo("EHLO bad_name", "501", "250-localhost\r\n250 PIPELINING\r\n"))
	_ = breaks("smtp-4.1.4-failed-ehlo-keeps-transaction", coreReplyAfter("EHLO$", "501", "DATA", "354", "503 5.5.1 Send MAIL first\r\n"))
	_ = breaks("smtp-4.1.4-ehlo-resets-transaction", coreReplyAfter("RCPT", "250", "RCPT", "503", rcptKeptAfterReset))
	_ = breaks("smtp-4.1.1.1-helo-resets-transaction", coreReplyAfter("RCPT", "250", "RCPT", "503", rcptKeptAfterReset))
)

var _ = breaks("smtp-4.1.4-ehlo-mismatch-not-refused",
	replyTo(`EHLO \[192\.0\.2\.1\]`, "250", "550 5.7.1 EHLO address does not match your connection\r\n"),
	coreReplyAfter(`EHLO \[192\.0\.2\.1\]`, "250", "RCPT", "250", "550 5.7.1 Client host rejected: cannot verify your EHLO\r\n"),
)
