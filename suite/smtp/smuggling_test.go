package smtp

import refsmtp "github.com/mailspec/mailspec/reference/smtp"

// Faults for the smuggling cases: the lenient line readings of a real
// server (a bare LF or bare CR taken as a line end), and, for look-alikes
// no lenient reading produces, a server that answers the end of data with
// the replies a smuggled transaction would get.
var (
	bareLFEndsLine = fault{name: "a bare LF ends a line", apply: func(f *refsmtp.Faults) { f.BareLFEndsLine = true }}
	bareCREndsLine = fault{name: "a bare CR ends a line", apply: func(f *refsmtp.Faults) { f.BareCREndsLine = true }}
	bareCRorLF     = fault{name: "a bare CR or bare LF ends a line", apply: func(f *refsmtp.Faults) {
		f.BareLFEndsLine, f.BareCREndsLine = true, true
	}}
	smuggledReplies = replyTo(`\.`, "",
		"250 2.0.0 OK: queued\r\n250 2.1.0 Sender OK\r\n250 2.1.5 Recipient OK\r\n354 Start mail input\r\n250 2.0.0 OK: queued\r\n")
)

var (
	_ = breaks("smtp-4.1.1.4-smuggling-lf-dot-lf", bareLFEndsLine, smuggledReplies)
	_ = breaks("smtp-4.1.1.4-smuggling-lf-dot-crlf", bareLFEndsLine, smuggledReplies)
	_ = breaks("smtp-4.1.1.4-smuggling-crlf-dot-lf", bareLFEndsLine, smuggledReplies)
	_ = breaks("smtp-2.3.8-smuggling-cr-dot-cr", bareCREndsLine, smuggledReplies)
	_ = breaks("smtp-2.3.8-smuggling-cr-dot-lf", bareCRorLF, smuggledReplies)
	_ = breaks("smtp-2.3.8-smuggling-cr-dot-crlf", bareCREndsLine, smuggledReplies)
	_ = breaks("smtp-2.3.8-smuggling-crlf-dot-cr", bareCREndsLine, smuggledReplies)
	_ = breaks("smtp-2.3.8-smuggling-lf-dot-cr", bareCRorLF, smuggledReplies)
	_ = breaks("smtp-4.1.1.4-smuggling-crlf-nul-dot-crlf", smuggledReplies)
	_ = breaks("smtp-4.1.1.4-smuggling-crlf-dot-nul-crlf", smuggledReplies)
	_ = breaks("smtp-4.1.1.4-smuggling-text-dot-crlf", smuggledReplies)
	_ = breaks("smtp-4.5.2-smuggling-crlf-dot-sp-crlf", smuggledReplies)
	_ = breaks("smtp-4.5.2-smuggling-crlf-dot-sp-sp-crlf", smuggledReplies)
	_ = breaks("smtp-4.5.2-smuggling-crlf-dot-dot-crlf", smuggledReplies)
	// A server that never sees the end of data leaves the client waiting.
	_ = breaks("smtp-4.1.1.4-no-mail-data", replyTo(`\.`, "", ""), smuggledReplies)
)
