package smtp

import (
	"testing"

	"github.com/mailspec/mailspec/internal/reftarget"
	"github.com/mailspec/mailspec/reference"
	refsmtp "github.com/mailspec/mailspec/reference/smtp"
	"github.com/mailspec/mailspec/suite/spec"
)

// refuseSessions configures the reference to refuse every session with a
// 554 greeting (RFC 5321 §3.1).
func refuseSessions(cfg *refsmtp.Config) {
	cfg.RefuseSessions = "No mail service here: the mailspec suite's refusing reference"
}

var (
	_ = configuredBy("smtp-3.1-554-greeting-waits-for-quit", refuseSessions)
	_ = configuredBy("smtp-3.1-554-greeting-503", refuseSessions)
	_ = breaks("smtp-3.1-554-greeting-waits-for-quit", fault{
		name:  "hangs up a refused session after its first 503",
		apply: func(f *refsmtp.Faults) { f.CloseRefusedSessions = true },
	})
	_ = breaks("smtp-3.1-554-greeting-503",
		replyTo("MAIL", "503", "550 5.7.1 No mail service here\r\n"),
		replyTo("EHLO", "503", "250-localhost\r\n250 PIPELINING\r\n"))
)

// TestRefusedSessionCasesSkipAfter220 runs the §3.1 refusal cases against
// the default reference, which greets with 220: they must skip, not pass
// or fail.
func TestRefusedSessionCasesSkipAfter220(t *testing.T) {
	for _, id := range []string{"smtp-3.1-554-greeting-waits-for-quit", "smtp-3.1-554-greeting-503"} {
		c, _ := registry.Find(id)
		if out := runAgainstDefault(t, c); out.Verdict != spec.Skip {
			t.Errorf("%s against a server that greets with 220: verdict %s, want skip: %s", id, out.Verdict, out.Message)
		}
	}
}

// runAgainstDefault runs case c against a fresh reference with its default
// configuration, whatever the case is configured for.
func runAgainstDefault(t *testing.T, c Case) spec.Outcome {
	t.Helper()
	inst, err := reference.Start(reference.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer inst.Close()
	tg := reftarget.Of(inst)
	tg.Timeout = timeoutForTests
	return spec.Run(c, tg, Open)
}
