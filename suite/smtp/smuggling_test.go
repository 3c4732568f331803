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

// pipeliningDefence is a lenient reading laid under the defence some servers
// put up against smuggling: the data ended at the look-alike, the input
// that follows it in the same write is met with a 5yz and a hang-up. The
// only reply the client sees is a refusal, as if the whole message had been
// refused; the close gives it away.
func pipeliningDefence(lenient fault) fault {
	return fault{
		name: lenient.name + ", and input sent after the end of data gets 554 \"pipelining not supported\" and a hang-up",
		apply: func(f *refsmtp.Faults) {
			lenient.apply(f)
			f.Reply = func(cmd, reply string) string {
				if cmd == "." {
					return "554 5.5.0 Input sent ahead of the reply: pipelining not supported\r\n"
				}
				return reply
			}
			f.HangUpAfter = func(cmd, _ string) bool { return cmd == "." }
		},
	}
}

var (
	_ = breaks("smtp-4.1.1.4-smuggling-lf-dot-lf", bareLFEndsLine, smuggledReplies, pipeliningDefence(bareLFEndsLine))
	_ = breaks("smtp-4.1.1.4-smuggling-lf-dot-crlf", bareLFEndsLine, smuggledReplies, pipeliningDefence(bareLFEndsLine))
	_ = breaks("smtp-4.1.1.4-smuggling-crlf-dot-lf", bareLFEndsLine, smuggledReplies, pipeliningDefence(bareLFEndsLine))
	_ = breaks("smtp-2.3.8-smuggling-cr-dot-cr", bareCREndsLine, smuggledReplies, pipeliningDefence(bareCREndsLine))
	_ = breaks("smtp-2.3.8-smuggling-cr-dot-lf", bareCRorLF, smuggledReplies, pipeliningDefence(bareCRorLF))
	_ = breaks("smtp-2.3.8-smuggling-cr-dot-crlf", bareCREndsLine, smuggledReplies, pipeliningDefence(bareCREndsLine))
	_ = breaks("smtp-2.3.8-smuggling-crlf-dot-cr", bareCREndsLine, smuggledReplies, pipeliningDefence(bareCREndsLine))
	_ = breaks("smtp-2.3.8-smuggling-lf-dot-cr", bareCRorLF, smuggledReplies, pipeliningDefence(bareCRorLF))
	_ = breaks("smtp-4.1.1.4-smuggling-crlf-nul-dot-crlf", smuggledReplies)
	_ = breaks("smtp-4.1.1.4-smuggling-crlf-dot-nul-crlf", smuggledReplies)
	_ = breaks("smtp-4.1.1.4-smuggling-text-dot-crlf", smuggledReplies)
	_ = breaks("smtp-4.5.2-smuggling-crlf-dot-sp-crlf", smuggledReplies)
	_ = breaks("smtp-4.5.2-smuggling-crlf-dot-sp-sp-crlf", smuggledReplies)
	_ = breaks("smtp-4.5.2-smuggling-crlf-dot-dot-crlf", smuggledReplies)
	// A server that never sees the end of data leaves the client waiting.
	_ = breaks("smtp-4.1.1.4-no-mail-data", replyTo(`\.`, "", ""), smuggledReplies)
)
