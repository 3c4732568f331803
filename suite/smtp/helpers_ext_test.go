package smtp

// Fault builders for the extension cases: ways to break the reference
// server that replyTo alone cannot express — replies held back or lost,
// replies for commands the client sent as data, EHLO keywords edited,
// state kept across STARTTLS.

import (
	"regexp"
	"slices"
	"strings"
	"sync"

	refsmtp "github.com/mailspec/mailspec/reference/smtp"
)

// wrapReply chains a Reply rewrite after any the fault set already has.
func wrapReply(f *refsmtp.Faults, next func(cmd, reply string) string) {
	prev := f.Reply
	f.Reply = func(cmd, reply string) string {
		if prev != nil {
			reply = prev(cmd, reply)
		}
		return next(cmd, reply)
	}
}

func commandPattern(command string) *regexp.Regexp {
	return regexp.MustCompile("(?i)^(?:" + command + ")")
}

// holdReply holds back each reply to commands matching command whose code
// starts with from, and sends what it holds only after the next reply to
// a command matching release: a server that buffers a reply it must send
// at once, or answers out of order (RFC 2920 §3.2).
func holdReply(name, command, from, release string) fault {
	cmdRe, relRe := commandPattern(command), commandPattern(release)
	return fault{name: name, apply: func(f *refsmtp.Faults) {
		var mu sync.Mutex // sessions run in their own goroutines
		var held string
		wrapReply(f, func(cmd, reply string) string {
			mu.Lock()
			defer mu.Unlock()
			if cmdRe.MatchString(cmd) && strings.HasPrefix(reply, from) {
				held += reply
				return ""
			}
			if held != "" && relRe.MatchString(cmd) {
				reply, held = reply+held, ""
			}
			return reply
		})
	}}
}

// silentAfter answers nothing more once it has answered a command matching
// command with a reply whose code starts with from: a server that threw
// away the input it had buffered (RFC 2920 §3.2 (9)).
func silentAfter(name, command, from string) fault {
	re := commandPattern(command)
	return fault{name: name, apply: func(f *refsmtp.Faults) {
		var mu sync.Mutex
		silent := false
		wrapReply(f, func(cmd, reply string) string {
			mu.Lock()
			defer mu.Unlock()
			if silent {
				return ""
			}
			if re.MatchString(cmd) && strings.HasPrefix(reply, from) {
				silent = true
			}
			return reply
		})
	}}
}

// appendReplies follows each reply to command whose code starts with from
// by extra: the replies of a server that ran as commands octets it should
// have read as data.
func appendReplies(name, command, from, extra string) fault {
	re := commandPattern(command)
	return fault{name: name, apply: func(f *refsmtp.Faults) {
		wrapReply(f, func(cmd, reply string) string {
			if re.MatchString(cmd) && strings.HasPrefix(reply, from) {
				return reply + extra
			}
			return reply
		})
	}}
}

// replyToExact is replyTo with the command prefix compared as written,
// case included.
func replyToExact(name, prefix, from, to string) fault {
	return fault{name: name, apply: func(f *refsmtp.Faults) {
		wrapReply(f, func(cmd, reply string) string {
			if strings.HasPrefix(cmd, prefix) && strings.HasPrefix(reply, from) {
				return to
			}
			return reply
		})
	}}
}

// editKeywords changes the EHLO keyword lines.
func editKeywords(name string, edit func([]string) []string) fault {
	return fault{name: name, apply: func(f *refsmtp.Faults) {
		prev := f.Keywords
		f.Keywords = func(kw []string) []string {
			if prev != nil {
				kw = prev(kw)
			}
			return edit(slices.Clone(kw))
		}
	}}
}

// replaceKeyword replaces the keyword line that starts with keyword
// (compared without regard to case) by line; an empty line removes it.
func replaceKeyword(name, keyword, line string) fault {
	return editKeywords(name, func(kw []string) []string {
		var out []string
		for _, k := range kw {
			word, _, _ := strings.Cut(k, " ")
			if strings.EqualFold(word, keyword) {
				if line != "" {
					out = append(out, line)
				}
				continue
			}
			out = append(out, k)
		}
		return out
	})
}

// addKeyword adds line to the keywords whenever no keyword line starts
// with its keyword.
func addKeyword(name, line string) fault {
	keyword, _, _ := strings.Cut(line, " ")
	return editKeywords(name, func(kw []string) []string {
		for _, k := range kw {
			if word, _, _ := strings.Cut(k, " "); strings.EqualFold(word, keyword) {
				return kw
			}
		}
		return append(kw, line)
	})
}

var (
	keepPlaintextAfterSTARTTLS = fault{
		name:  "runs commands pipelined behind STARTTLS after the handshake",
		apply: func(f *refsmtp.Faults) { f.KeepPlaintextAfterSTARTTLS = true },
	}
	keepStateAfterSTARTTLS = fault{
		name:  "keeps the greeting, transaction and authentication across STARTTLS",
		apply: func(f *refsmtp.Faults) { f.KeepStateAfterSTARTTLS = true },
	}
	keepPlaintextAndStateAfterSTARTTLS = fault{
		name: "runs commands pipelined behind STARTTLS, in the state from before it",
		apply: func(f *refsmtp.Faults) {
			f.KeepPlaintextAfterSTARTTLS = true
			f.KeepStateAfterSTARTTLS = true
		},
	}
)

// statusCodePrefix matches the enhanced status code at the start of each
// reply line, for faults that drop it.
var statusCodePrefix = regexp.MustCompile(`(?m)^([0-9]{3}[ -])[245]\.[0-9]{1,3}\.[0-9]{1,3} `)

// stripStatusCodesAfterHELO drops enhanced status codes from every reply
// in a session that greeted with HELO: a server that attaches them only
// for EHLO clients (RFC 2034 §4 forbids it).
var stripStatusCodesAfterHELO = fault{
	name: "sends enhanced status codes only to clients that used EHLO",
	apply: func(f *refsmtp.Faults) {
		var mu sync.Mutex
		helo := false
		wrapReply(f, func(cmd, reply string) string {
			mu.Lock()
			defer mu.Unlock()
			switch verb, _, _ := strings.Cut(strings.ToUpper(cmd), " "); verb {
			case "HELO":
				helo = true
			case "EHLO":
				helo = false
			}
			if helo {
				return statusCodePrefix.ReplaceAllString(reply, "$1")
			}
			return reply
		})
	},
}
