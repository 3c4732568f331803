package smtp

import (
	"strings"

	refsmtp "github.com/mailspec/mailspec/reference/smtp"
)

// refusesExactly refuses, with 550 "no such user", RCPT commands that
// contain text exactly as written, case included: a server that treats
// "postmaster" as case-sensitive.
func refusesExactly(text string) fault {
	return fault{name: "refuses RCPT holding " + text + ", case-sensitively", apply: func(f *refsmtp.Faults) {
		f.Reply = func(cmd, reply string) string {
			if strings.HasPrefix(strings.ToUpper(cmd), "RCPT") && strings.Contains(cmd, text) {
				return "550 5.1.1 No such user here\r\n"
			}
			return reply
		}
	}}
}

var _ = breaksRequiredCommands()

func breaksRequiredCommands() struct{} {
	for _, c := range requiredCommands {
		id := "smtp-4.5.1-supports-" + strings.ToLower(c.verb)
		breaks(id,
			replyTo(c.verb, "", "500 5.5.1 Command unrecognized\r\n"),
			replyTo(c.verb, "", "502 5.5.1 Command not implemented\r\n"))
	}
	return struct{}{}
}

var (
	_ = breaks("smtp-4.5.1-postmaster-no-domain", replyTo(`RCPT TO:<Postmaster>`, "250", "550 5.1.1 No such user here\r\n"))
	_ = breaks("smtp-4.1.1.3-postmaster-any-case", refusesExactly("<POSTMASTER>"), refusesExactly("<postmaster>"))
	_ = breaks("smtp-4.5.1-postmaster-local-domain", replyTo(`RCPT TO:<postmaster@`, "250", "550 5.1.1 No such user here\r\n"))
	_ = breaks("smtp-4.5.1-postmaster-local-domain-any-case", refusesExactly("PoStMaStEr@"))
)
