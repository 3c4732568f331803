package smtp

import (
	"strings"

	refsmtp "github.com/mailspec/mailspec/reference/smtp"
)

// nullSenderMessageRefused takes MAIL FROM:<> but refuses the message
// that follows it.
func nullSenderMessageRefused() fault {
	return fault{name: "refuses the message of a MAIL FROM:<> transaction", apply: func(f *refsmtp.Faults) {
		null := false
		f.Reply = func(cmd, reply string) string {
			if strings.HasPrefix(strings.ToUpper(cmd), "MAIL FROM:") {
				null = strings.HasPrefix(cmd[len("MAIL FROM:"):], "<>")
			}
			if cmd == "." && null && strings.HasPrefix(reply, "250") {
				return "550 5.7.1 Notifications not accepted\r\n"
			}
			return reply
		}
	}}
}

var (
	_ = breaks("smtp-4.5.5-null-reverse-path", replyTo(`MAIL FROM:<>`, "250", "553 5.1.7 Null sender not allowed\r\n"))
	_ = breaks("smtp-4.5.5-null-reverse-path-delivered",
		replyTo(`MAIL FROM:<>`, "250", "553 5.1.7 Null sender not allowed\r\n"),
		nullSenderMessageRefused())
)
