package smtp

// Fault builders for the core RFC 5321 cases, beside faults_test.go's
// replyTo: an exact command line, a rewrite that starts once another
// command has been answered, and any rewrite that keeps state.

import (
	"fmt"
	"regexp"
	"strings"

	refsmtp "github.com/mailspec/mailspec/reference/smtp"
)

// coreRewrite is a fault that passes every reply through a function made
// fresh for each server, so that it may count and remember what the
// session has done so far.
func coreRewrite(name string, fresh func() func(cmd, reply string) string) fault {
	return fault{name: name, apply: func(f *refsmtp.Faults) {
		prev, fn := f.Reply, fresh()
		f.Reply = func(cmd, reply string) string {
			if prev != nil {
				reply = prev(cmd, reply)
			}
			return fn(cmd, reply)
		}
	}}
}

// coreReplyToLine rewrites the reply to exactly this command line (compared
// without regard to case), as replyTo does.
func coreReplyToLine(line, from, to string) fault {
	return replyTo(regexp.QuoteMeta(line)+"$", from, to)
}

// coreReplyAfter rewrites replies to command, as replyTo does, but only
// once a command matching trigger has been answered with a reply that
// begins with triggerFrom (before any rewriting by this fault).
func coreReplyAfter(trigger, triggerFrom, command, from, to string) fault {
	tre := regexp.MustCompile("(?i)^(?:" + trigger + ")")
	cre := regexp.MustCompile("(?i)^(?:" + command + ")")
	name := fmt.Sprintf("once %s is answered %s, answers %s with %q instead of %s", trigger, triggerFrom, command, to, from)
	return coreRewrite(name, func() func(cmd, reply string) string {
		seen := false
		return func(cmd, reply string) string {
			orig := reply
			if seen && cre.MatchString(cmd) && strings.HasPrefix(reply, from) {
				reply = to
			}
			if tre.MatchString(cmd) && strings.HasPrefix(orig, triggerFrom) {
				seen = true
			}
			return reply
		}
	})
}

// coreReplyCaseSensitive rewrites replies to commands matching pattern, a
// regular expression compared with regard to case: it tells "mail" from
// "MAIL".
func coreReplyCaseSensitive(pattern, from, to string) fault {
	re := regexp.MustCompile(pattern)
	return coreRewrite(fmt.Sprintf("answers %s (case-sensitive) with %q instead of %s", pattern, to, from), func() func(cmd, reply string) string {
		return func(cmd, reply string) string {
			if re.MatchString(cmd) && strings.HasPrefix(reply, from) {
				return to
			}
			return reply
		}
	})
}

// coreGreeting replaces the server's opening reply.
func coreGreeting(to string) fault {
	return coreRewrite(fmt.Sprintf("greets with %q", to), func() func(cmd, reply string) string {
		greeted := false
		return func(cmd, reply string) string {
			if !greeted && cmd == "" {
				greeted = true
				return to
			}
			return reply
		}
	})
}

// coreWithoutKeyword drops the keyword's line from the EHLO reply.
func coreWithoutKeyword(keyword string) fault {
	return fault{name: "leaves " + keyword + " out of the EHLO reply", apply: func(f *refsmtp.Faults) {
		prev := f.Keywords
		f.Keywords = func(kw []string) []string {
			if prev != nil {
				kw = prev(kw)
			}
			var out []string
			for _, k := range kw {
				if word, _, _ := strings.Cut(k, " "); !strings.EqualFold(word, keyword) {
					out = append(out, k)
				}
			}
			return out
		}
	}}
}
