// Package reftarget describes the embedded reference servers as a target
// of the suite. It is the one place that knows both sides: the reference
// servers never import the suite, and the suite never imports the
// reference's internals; the command and the suite's own tests join them
// here.
package reftarget

import (
	"github.com/mailspec/mailspec/reference"
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
