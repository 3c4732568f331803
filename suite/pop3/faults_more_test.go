package pop3

import (
	"fmt"
	"strings"
	"testing"
	"time"

	refpop3 "github.com/mailspec/mailspec/reference/pop3"
	"github.com/mailspec/mailspec/suite/spec"
	"github.com/mailspec/mailspec/suite/target"
)

// editLines applies edit to each line of a multi-line body, CRLF removed
// and put back.
func editLines(body []byte, edit func(string) string) []byte {
	var b strings.Builder
	for _, line := range strings.SplitAfter(string(body), "\r\n") {
		if line == "" {
			continue
		}
		b.WriteString(edit(strings.TrimSuffix(line, "\r\n")) + "\r\n")
	}
	return []byte(b.String())
}

// dropLastLine removes a body's last line.
func dropLastLine(body []byte) []byte {
	s := strings.TrimSuffix(string(body), "\r\n")
	if i := strings.LastIndex(s, "\r\n"); i >= 0 {
		return []byte(s[:i+2])
	}
	return nil
}

// uidsPerSession makes every unique-id differ from one UIDL listing to
// the next, as a server that numbers them per session would.
var uidsPerSession = fault{name: "unique-ids that change with every UIDL", apply: func(f *refpop3.Faults) {
	listings := 0
	f.Body = func(cmd string, body []byte) []byte {
		if !strings.EqualFold(cmd, "UIDL") {
			return body
		}
		listings++
		return editLines(body, func(l string) string { return fmt.Sprintf("%sx%d", l, listings) })
	}
}}

// capaAfterLogin rewrites the CAPA list after login with edit.
func capaAfterLogin(name string, edit func(string) string) fault {
	return flag(name, func(f *refpop3.Faults) { f.CapaAfterLogin = edit })
}

const (
	autologoutForTests      = time.Second           // the configured reference: longer than the wait
	autologoutFaultForTests = 50 * time.Millisecond // the fault: shorter than the wait
)

var (
	_ = configuredBy(autologoutCaseID, func(cfg *refpop3.Config) {
		cfg.AllowShortAutologout, cfg.AutologoutTimeout = true, autologoutForTests
	})
	_ = configuredBy("pop3-7-apop-digest-login", func(cfg *refpop3.Config) { cfg.AllowAPOP = true })
	// The reference's directory has one secret for USER/PASS and APOP.
	_ = targetedBy("pop3-7-apop-digest-login", func(tg *target.Target) { tg.POP3.APOPSecret = tg.POP3.Password })
	_ = configuredBy("pop3-7-apop-wrong-digest-refused", func(cfg *refpop3.Config) { cfg.AllowAPOP = true })
	_ = configuredBy("pop3-2449.6.5-login-delay-largest-before-login", func(cfg *refpop3.Config) { cfg.Alternatives.LoginDelayAnnounced = true })
)

var (
	_ = breaks(autologoutCaseID, flag("autologout after 50ms, before the wait ends", func(f *refpop3.Faults) { f.AutologoutTimeout = autologoutFaultForTests }))
	_ = breaks("pop3-6-quit-removes-deleted", flag("removes nothing at QUIT", func(f *refpop3.Faults) { f.KeepDeletedOnQuit = true }))
	_ = breaks("pop3-6-drop-removes-nothing", flag("removes the marked messages when the connection drops", func(f *refpop3.Faults) { f.DeleteOnDrop = true }))
	_ = breaks("pop3-4-maildrop-locked", flag("lets a second session share a locked maildrop", func(f *refpop3.Faults) { f.ShareLockedMaildrop = true }))
	_ = breaks("pop3-7-uidl-listing-format", bodyOf("text after each unique-id", "UIDL", func(b []byte) []byte {
		return editLines(b, func(l string) string { return l + " extra" })
	}), bodyOf("a 71-character unique-id", "UIDL", func(b []byte) []byte {
		return editLines(b, func(l string) string { n, _, _ := strings.Cut(l, " "); return n + " " + strings.Repeat("u", 71) })
	}))
	_ = breaks("pop3-7-uidl-unique", bodyOf("one unique-id for every message", "UIDL", func(b []byte) []byte {
		return editLines(b, func(l string) string { n, _, _ := strings.Cut(l, " "); return n + " same" })
	}))
	_ = breaks("pop3-7-uidl-persists-across-sessions", uidsPerSession)
	_ = breaks("pop3-7-uidl-with-argument", replyTo(`UIDL \d+`, "+OK", "+OK 1 not-the-listed-one"))
	_ = breaks("pop3-5-retr-whole-message", bodyOf("RETR cut short", `RETR \d+`, dropLastLine))
	_ = breaks("pop3-7-top-zero-lines", bodyOf("TOP without the blank line", `TOP \d+ 0`, func(b []byte) []byte {
		return []byte(strings.Replace(string(b), "\r\n\r\n", "\r\n", 1))
	}), bodyOf("TOP n 0 with a body line", `TOP \d+ 0`, func(b []byte) []byte { return append(b, "body line\r\n"...) }))
	_ = breaks("pop3-7-top-counts-body-lines", bodyOf("TOP with a line too many", `TOP \d+ 1`, func(b []byte) []byte { return append(b, "second\r\n"...) }))
	_ = breaks("pop3-7-top-beyond-body", bodyOf("TOP n 100 without the last line", `TOP \d+ 100`, dropLastLine))
	_ = breaks("pop3-3-message-number-invalid", replyTo(`(RETR|LIST|DELE) abc`, "-ERR", "+OK"), replyTo(`LIST -1`, "-ERR", "+OK 1 100"))
	_ = breaks("pop3-5-message-number-out-of-range", replyTo(`(RETR|LIST|DELE) 0`, "-ERR", "+OK"), replyTo(`DELE \d{10,}`, "-ERR", "+OK"))
	_ = breaks("pop3-2595.4-stls-negotiates", replyTo("STLS", "+OK", "-ERR not now"))
	_ = breaks("pop3-2595.4-stls-stays-authorization", replyTo("STAT", "-ERR", "+OK 0 0"))
	_ = breaks("pop3-2595.4-stls-pipelined-plaintext-discarded", flag("runs plaintext sent behind STLS", func(f *refpop3.Faults) { f.KeepPlaintextAfterSTLS = true }))
	_ = breaks("pop3-5034.4-auth-plain-initial-response", replyTo("AUTH PLAIN .+", "+OK", "-ERR [AUTH] no"))
	_ = breaks("pop3-5034.4-auth-plain-empty-challenge", replyTo("AUTH PLAIN", "+ ", "+ AAAA"), replyTo("AUTH PLAIN", "+ ", "+"), replyTo("AUTH PLAIN", "+ ", "+ go on!"))
	_ = breaks("pop3-5034.4-auth-cancel", replyTo("AUTH PLAIN", "-ERR", "+OK"))
	_ = breaks("pop3-5034.4-auth-bad-base64", flag("ignores octets outside the base64 alphabet", func(f *refpop3.Faults) { f.LenientBase64 = true }))
	_ = breaks("pop3-2449.5-capa-both-states", capaAfterLogin("no USER or SASL after login", func(l string) string {
		l = strings.Replace(l, "USER\r\n", "", 1)
		return strings.Replace(l, "SASL PLAIN\r\n", "", 1)
	}))
	_ = breaks("pop3-2449.5-capa-both-states", flag("answers CAPA after login with -ERR", func(f *refpop3.Faults) { f.NoCapaAfterLogin = true }))
	_ = breaks("pop3-2449.5-capa-lines-512", bodyOf("a capability line of 600 octets", "CAPA", func(b []byte) []byte {
		return append(b, "X-LONG "+strings.Repeat("a", 593)+"\r\n"...)
	}))
	_ = breaks("pop3-2449.6.6-pipelining-in-turn", flag("discards commands sent ahead", func(f *refpop3.Faults) { f.DiscardPipelined = true }))
	_ = breaks("pop3-2449.6.4-resp-codes-well-formed", replyTo("PASS .*", "-ERR", "-ERR [AUTH authentication failed"))
	_ = breaks("pop3-2449.6.7-expire-smallest-before-login", capaAfterLogin("EXPIRE NEVER before login, EXPIRE 5 after", func(l string) string {
		return strings.Replace(l, "EXPIRE NEVER", "EXPIRE 5", 1)
	}), capaAfterLogin("EXPIRE with no number after login", func(l string) string {
		return strings.Replace(l, "EXPIRE NEVER", "EXPIRE SOON", 1)
	}))
	_ = breaks("pop3-2449.6.5-login-delay-largest-before-login", capaAfterLogin("LOGIN-DELAY 0 before login, 900 after", func(l string) string {
		return strings.Replace(l, "LOGIN-DELAY 0", "LOGIN-DELAY 900", 1)
	}))
	_ = breaks("pop3-7-apop-digest-login", replyTo("APOP .*", "+OK", "-ERR [AUTH] permission denied"))
	_ = breaks("pop3-7-apop-wrong-digest-refused", replyTo("APOP .*", "-ERR", "+OK"))
)

// TestPolicyUserAfterLoginWarns: RFC 2449 §6.5 and §6.7 define the USER
// token of LOGIN-DELAY and EXPIRE "in AUTHENTICATION state" and forbid it
// nowhere, so USER after login is a warning, not a fail.
func TestPolicyUserAfterLoginWarns(t *testing.T) {
	for id, tag := range map[string]string{
		"pop3-2449.6.7-expire-smallest-before-login":     "EXPIRE NEVER",
		"pop3-2449.6.5-login-delay-largest-before-login": "LOGIN-DELAY 0",
	} {
		c, _ := registry.Find(id)
		out := runAgainst(t, c, capaAfterLogin(tag+" USER after login", func(l string) string {
			return strings.Replace(l, tag, tag+" USER", 1)
		}).configure)
		if out.Verdict != spec.Warn || !strings.Contains(out.Message, "AUTHENTICATION state") {
			t.Errorf("%s with %s USER after login: verdict %s, want warn: %s", id, tag, out.Verdict, out.Message)
		}
	}
}

// TestAutologoutCaseSkipsWithoutSlow: without the target's opt-in the
// autologout case skips, and says how to opt in.
func TestAutologoutCaseSkipsWithoutSlow(t *testing.T) {
	c, _ := registry.Find(autologoutCaseID)
	out := runAgainstTarget(t, c, nil, func(tg *target.Target) { tg.Slow = false })
	if out.Verdict != spec.Skip || !strings.Contains(out.Message, "-slow") {
		t.Errorf("verdict %s without -slow, want skip naming -slow: %s", out.Verdict, out.Message)
	}
}
