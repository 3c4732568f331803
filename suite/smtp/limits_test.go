package smtp

import (
	"fmt"
	"strings"

	refsmtp "github.com/mailspec/mailspec/reference/smtp"
)

// commandLineLimit makes the server refuse command lines of more than n
// octets, CRLF included, as "line too long".
func commandLineLimit(n int) fault {
	return fault{name: fmt.Sprintf("refuses command lines over %d octets", n), apply: func(f *refsmtp.Faults) {
		f.Reply = func(cmd, reply string) string {
			if cmd != "." && len(cmd)+2 > n {
				return "500 5.5.6 Line too long\r\n"
			}
			return reply
		}
	}}
}

// recipientLimit makes the server refuse, with 452, every recipient past
// the first n of a transaction.
func recipientLimit(n int) fault {
	return fault{name: fmt.Sprintf("accepts %d recipients a transaction", n), apply: func(f *refsmtp.Faults) {
		accepted := 0
		f.Reply = func(cmd, reply string) string {
			switch verb := strings.ToUpper(cmd[:min(4, len(cmd))]); {
			case verb == "MAIL" || verb == "RSET":
				accepted = 0
			case verb == "RCPT" && strings.HasPrefix(reply, "250"):
				if accepted++; accepted > n {
					return "452 4.5.3 Too many recipients\r\n"
				}
			}
			return reply
		}
	}}
}

var (
	_ = breaks("smtp-4.5.3.1.1-local-part-64", replyTo(`MAIL FROM:<[^@>]{64}@`, "250", "501 5.1.7 Local part too long\r\n"))
	_ = breaks("smtp-4.5.3.1.2-domain-255", replyTo(`EHLO [^ ]{255}$`, "250", "501 5.5.4 Domain too long\r\n"))
	_ = breaks("smtp-4.5.3.1.3-path-256", replyTo(`MAIL FROM:<[^>]{254}>`, "250", "501 5.1.3 Path too long\r\n"))
	_ = breaks("smtp-4.5.3.1.4-command-line-512", commandLineLimit(500))
	// The reference answers a line past its read limit before the line
	// is a command, so these faults match the reply, not the command.
	_ = breaks("smtp-4.2-over-long-line-one-reply", replyTo("", "500 5.5.6", "500 5.5.6 Line too long\r\n500 5.5.1 Command unrecognized\r\n"))
	_ = breaks("smtp-3.8-over-long-line-keeps-session", replyTo("", "500 5.5.6", "421 4.7.0 Line too long; closing connection\r\n"))
	_ = breaks("smtp-4.5.3.1.5-reply-line-512", replyTo("HELP", "214", "214 2.0.0 "+strings.Repeat("h", 600)+"\r\n"))
	_ = breaks("smtp-4.5.3.1.6-text-line-1000", refusesMessage)
	_ = breaks("smtp-4.5.3.1.6-text-line-stuffed-dot", noUnstuffing)
	_ = breaks("smtp-4.5.3.1.7-message-64k", replyTo(`\.`, "250", "552 5.3.4 Message size exceeds fixed maximum message size\r\n"))
	_ = breaks("smtp-4.5.3.1.8-100-recipients", recipientLimit(50))
	_ = breaks("smtp-4.5.3.1.10-too-many-recipients-452", replyTo("RCPT", "452", "451 4.5.3 Too many recipients\r\n"))
)
