package pop3

import (
	"strings"

	refpop3 "github.com/mailspec/mailspec/reference/pop3"
)

// caseSensitiveKeywords answers a command whose keyword is not in upper
// case as an unknown one.
var caseSensitiveKeywords = fault{name: "keywords only in upper case", apply: func(f *refpop3.Faults) {
	f.Reply = func(cmd, response string) string {
		kw, _, _ := strings.Cut(cmd, " ")
		if kw != strings.ToUpper(kw) && strings.HasPrefix(response, "+OK") {
			return "-ERR unknown command"
		}
		return response
	}
}}

var (
	_ = configuredBy("pop3-7-apop-timestamp-unique", func(cfg *refpop3.Config) { cfg.AllowAPOP = true })
	_ = configuredBy("pop3-7-pass-after-stls-needs-user", func(cfg *refpop3.Config) { cfg.AllowInsecureAuth = true })
)

var (
	_ = breaks("pop3-4-greeting-positive", replyTo("", "+OK", "-ERR not today"))
	_ = breaks("pop3-7-apop-timestamp-unique", replyTo("", "+OK", "+OK ready <1.2@localhost>"))
	_ = breaks("pop3-3-keywords-case-insensitive", caseSensitiveKeywords)
	_ = breaks("pop3-3-unknown-command-err", replyTo("XYZZ", "-ERR", "+OK"))
	_ = breaks("pop3-3-transaction-commands-before-login", replyTo("NOOP", "-ERR", "+OK"), replyTo("STAT", "-ERR", "+OK 0 0"))
	_ = breaks("pop3-3-login-commands-in-transaction", replyTo("STLS", "-ERR", "+OK"))
	_ = breaks("pop3-4-quit-before-login", replyTo("QUIT", "+OK", "-ERR bye"))
	_ = breaks("pop3-7-user-pass-login", replyTo("PASS .*", "+OK", "-ERR [AUTH] no"))
	_ = breaks("pop3-7-wrong-password-refused", replyTo("PASS .*", "-ERR", "+OK"))
	_ = breaks("pop3-7-pass-without-user", replyTo("PASS .*", "-ERR", "+OK"))
	_ = breaks("pop3-7-pass-after-stls-needs-user", flag("keeps the USER name over STLS", func(f *refpop3.Faults) { f.KeepUserAfterSTLS = true }))
	_ = breaks("pop3-5-noop-ok", replyTo("NOOP", "+OK", "-ERR"))
	_ = breaks("pop3-5-stat-drop-listing", replyTo("STAT", "+OK", "+OK 1"))
)
