// Package reftest is what the suites' own tests need of the reference
// servers: an instance started for a test, and the target a test runs
// against. It is for tests only; the command uses reftarget alone.
package reftest

import (
	"os"
	"testing"

	"github.com/mailspec/mailspec/internal/reftarget"
	"github.com/mailspec/mailspec/reference"
	"github.com/mailspec/mailspec/reference/pop3"
	"github.com/mailspec/mailspec/reference/smtp"
	"github.com/mailspec/mailspec/suite/target"
)

// FromEnvOrStart is the target a suite's own `go test` runs against: the
// one the environment names (MAILSPEC_SMTP, MAILSPEC_POP3 and their
// siblings, target.FromEnv), or else a reference instance started for the
// test and closed when it ends. fromEnv says which.
func FromEnvOrStart(t testing.TB) (tg *target.Target, fromEnv bool) {
	t.Helper()
	tg, err := target.FromEnv(os.Getenv)
	if err != nil {
		t.Fatal(err)
	}
	if tg != nil {
		return tg, true
	}
	inst, err := reference.Start(reference.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { inst.Close() })
	return reftarget.Of(inst), false
}

// Start starts a reference instance for a suite's own test, with the
// delays after a failed login off (the suite's own tests need no slowing
// down), then opts' own SMTP and POP3 adjustments; the caller closes it.
// It fails t if the instance cannot start.
func Start(t testing.TB, opts reference.Options) *reference.Instance {
	t.Helper()
	adjustSMTP, adjustPOP3 := opts.SMTP, opts.POP3
	opts.SMTP = func(c *smtp.Config) {
		c.AuthFailureDelay = -1
		if adjustSMTP != nil {
			adjustSMTP(c)
		}
	}
	opts.POP3 = func(c *pop3.Config) {
		c.LoginDelay = -1
		if adjustPOP3 != nil {
			adjustPOP3(c)
		}
	}
	inst, err := reference.Start(opts)
	if err != nil {
		t.Fatal(err)
	}
	return inst
}
