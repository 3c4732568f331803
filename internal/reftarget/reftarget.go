// Package reftarget describes the embedded reference servers as a target
// of the suite. It is the one place that knows both sides: the reference
// servers never import the suite, and the suite never imports the
// reference's internals; the command and the suite's own tests join them
// here.
package reftarget

import (
	"os"
	"testing"

	"github.com/mailspec/mailspec/reference"
	"github.com/mailspec/mailspec/reference/pop3"
	"github.com/mailspec/mailspec/reference/smtp"
	"github.com/mailspec/mailspec/suite/target"
)

// Of is the target an instance of the reference servers makes: both
// addresses, STARTTLS and STLS with the instance's own CA trusted, the
// first account's credentials and mailbox, the second account's mailbox.
func Of(inst *reference.Instance) *target.Target {
	t := &target.Target{
		Name:      "mailspec reference server",
		SMTP:      target.Endpoint{Addr: inst.SMTP.Addr().String(), TLS: target.TLSStartTLS},
		POP3:      target.Endpoint{Addr: inst.POP3.Addr().String(), TLS: target.TLSStartTLS},
		TLSConfig: inst.Cert.ClientConfig("localhost"),
	}
	if len(inst.Accounts) > 0 {
		a := inst.Accounts[0]
		t.SMTP.User, t.SMTP.Password = a.User, a.Password
		t.POP3.User, t.POP3.Password = a.User, a.Password
		t.Mailbox = a.User + "@localhost"
	}
	if len(inst.Accounts) > 1 {
		t.SecondMailbox = inst.Accounts[1].User + "@localhost"
	}
	t.Defaults()
	return t
}

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
	return Of(inst), false
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
