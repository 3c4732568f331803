package smtp

import (
	"testing"
	"time"

	refsmtp "github.com/mailspec/mailspec/reference/smtp"
	"github.com/mailspec/mailspec/suite/spec"
)

// idleWaitForTests stands for RFC 5321 §4.5.3.2.7's five minutes in the
// suite's own tests, against a reference whose command timeout is scaled
// down to match: 1s passes, 50ms fails.
const idleWaitForTests = 200 * time.Millisecond

var (
	_ = configuredBy(idleCaseID, func(cfg *refsmtp.Config) { cfg.CommandTimeout = time.Second })
	_ = breaks(idleCaseID, fault{
		name:  "times out an idle session after 50ms, before the idle wait ends",
		apply: func(f *refsmtp.Faults) { f.CommandTimeout = 50 * time.Millisecond },
	})
)

// TestIdleCaseSkipsWithoutSlow: without the target's opt-in the idle case
// skips, and says how to opt in.
func TestIdleCaseSkipsWithoutSlow(t *testing.T) {
	c, _ := registry.Find(idleCaseID)
	if out := runAgainstDefault(t, c); out.Verdict != spec.Skip {
		t.Errorf("verdict %s without -slow, want skip: %s", out.Verdict, out.Message)
	}
}
