package smtp

import refsmtp "github.com/mailspec/mailspec/reference/smtp"

var (
	// noUnstuffing keeps the transparency dot, so a stuffed line is one
	// octet longer than the client's text.
	noUnstuffing = fault{name: "keeps the transparency dot", apply: func(f *refsmtp.Faults) { f.NoUnstuffing = true }}
	// refusesMessage refuses every message, as a server that cannot take
	// dot-stuffed lines would.
	refusesMessage = replyTo(`\.`, "250", "554 5.6.0 Message refused\r\n")
)

var (
	_ = breaks("smtp-4.5.2-stuffed-line", refusesMessage)
	_ = breaks("smtp-4.5.2-every-line-dot", noUnstuffing, refusesMessage)
)
