package smtp

import (
	"context"
	"strings"
	"testing"

	"github.com/mailspec/mailspec/internal/reftarget"
	"github.com/mailspec/mailspec/internal/reftest"
	"github.com/mailspec/mailspec/reference"
	refsmtp "github.com/mailspec/mailspec/reference/smtp"
	"github.com/mailspec/mailspec/suite/spec"
	"github.com/mailspec/mailspec/suite/target"
)

// A server may refuse a reverse-path by policy (RFC 5321 §3.3), and real
// ones refuse senders whose domain does not resolve. The reference's
// SenderDomains stands for such a server: it refuses MAIL from any domain
// not listed with 550 5.1.8.

// policySender is a sender in the one domain the policy accepts; its
// local part is not the default's either, so a case that writes the
// default sender by hand shows.
const policySender = "bounces@senders.mailspec.test"

func senderPolicy(cfg *refsmtp.Config) { cfg.SenderDomains = []string{domainOf(policySender)} }

// policyInfo are the cases whose subject is a domain no policy can know,
// and which record its refusal as info rather than pass.
var policyInfo = map[string]string{
	"smtp-4.5.3.1.3-path-256":            "a 256-octet path needs a domain of about 240 octets, which no list holds",
	"smtp-6531.3.3-utf8-domain-accepted": "the U-label domain b\u00fccher.example is the case's subject",
}

// TestEveryCaseGivenAnAcceptedSender runs each case against the reference
// refusing unknown sender domains, with the target's sender in the domain
// it accepts: each must end as against the plain reference, the sender's
// domain being the only thing the policy judges — but for policyInfo.
func TestEveryCaseGivenAnAcceptedSender(t *testing.T) {
	useSender := func(tg *target.Target) { tg.Sender = policySender }
	for _, c := range registry.Cases() {
		t.Run(c.ID, func(t *testing.T) {
			plain := runAgainstTarget(t, c, nil, useSender)
			want := plain.Verdict
			if _, ok := policyInfo[c.ID]; ok && want == spec.Pass {
				want = spec.Info
			}
			if out := runAgainstTarget(t, c, senderPolicy, useSender); out.Verdict != want {
				t.Errorf("verdict %s against the sender policy, %s against the plain reference, want %s: %s\n%s", out.Verdict, plain.Verdict, want, out.Message, strings.Join(out.Transcripts, "\n"))
			}
		})
	}
	for id := range policyInfo {
		if _, ok := registry.Find(id); !ok {
			t.Errorf("policyInfo names an undeclared case %s", id)
		}
	}
}

// TestCheckSetupRefusedSender: a server that refuses the sender stops the
// run at the setup check, with or without a mailbox given, in words that
// name the flag and the variable that give another; one it accepts passes.
func TestCheckSetupRefusedSender(t *testing.T) {
	inst := reftest.Start(t, reference.Options{SMTP: senderPolicy})
	defer inst.Close()
	for _, c := range []struct {
		name   string
		change func(*target.Target)
		want   string // "" for no error
	}{
		{"the default sender", func(*target.Target) {}, "the sender given with -sender or MAILSPEC_SENDER: the server answered MAIL FROM:<mailspec@sender.example> with 550 5.1.8"},
		{"the default sender, no mailbox", func(tg *target.Target) { tg.Mailbox, tg.SecondMailbox = "", "" }, "-sender or MAILSPEC_SENDER"},
		{"an accepted sender", func(tg *target.Target) { tg.Sender = policySender }, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			tg := reftarget.Of(inst)
			tg.Timeout = timeoutForTests
			c.change(tg)
			err := CheckSetup(context.Background(), tg)
			switch {
			case c.want == "" && err != nil:
				t.Errorf("CheckSetup: %v", err)
			case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
				t.Errorf("CheckSetup: %v, want an error saying %q", err, c.want)
			}
		})
	}
}
