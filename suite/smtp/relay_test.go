package smtp

import (
	"strings"

	refsmtp "github.com/mailspec/mailspec/reference/smtp"
)

// The relay recipient of the reference's target is the default,
// relay-test@example.net.
const relayRcpt = `RCPT TO:<[^>]*example\.net>`

// relaysAfterLocal relays for anyone once a transaction has one accepted
// recipient: a server that checks only the first.
func relaysAfterLocal() fault {
	return fault{name: "relays once a local recipient is accepted", apply: func(f *refsmtp.Faults) {
		accepted := false
		f.Reply = func(cmd, reply string) string {
			switch verb := strings.ToUpper(cmd[:min(4, len(cmd))]); {
			case verb == "MAIL":
				accepted = false
			case verb == "RCPT" && strings.HasPrefix(reply, "250"):
				accepted = true
			case verb == "RCPT" && accepted && strings.HasPrefix(reply, "550 5.7.1"):
				return "250 2.1.5 Recipient OK\r\n"
			}
			return reply
		}
	}}
}

var (
	_ = breaks("smtp-7.9-relay-refused",
		replyTo(relayRcpt, "550", "250 2.1.5 Recipient OK\r\n"),
		replyTo(relayRcpt, "550", "450 4.7.1 Try again later\r\n"))
	_ = breaks("smtp-3.6.2-relay-refused-550",
		replyTo(relayRcpt, "550", "553 5.7.1 Relaying denied\r\n"),
		replyTo(relayRcpt, "550", "454 4.7.1 Relay access denied\r\n")) // Postfix's defer_unauth_destination
	_ = breaks("smtp-7.9-relay-refused-after-local-recipient", relaysAfterLocal())
	_ = breaks("smtp-7.9-relay-refused-source-route", replyTo(`RCPT TO:<@`, "550", "250 2.1.5 Recipient OK\r\n"))
	_ = breaks("smtp-7.9-relay-refused-address-literal", replyTo(`RCPT TO:<[^>]*@\[`, "550", "250 2.1.5 Recipient OK\r\n"))
)
