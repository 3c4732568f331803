package smtp

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/mailspec/mailspec/internal/reftarget"
	"github.com/mailspec/mailspec/internal/reftest"
	"github.com/mailspec/mailspec/reference"
	"github.com/mailspec/mailspec/suite/target"
)

// TestCheckSetup: the reference server as it is passes the setup check,
// and each thing given wrongly stops it with a message that names it.
func TestCheckSetup(t *testing.T) {
	inst := reftest.Start(t, reference.Options{})
	defer inst.Close()
	front := implicitTLSFront(t, inst.SMTP.Addr().String(), inst.Cert.ServerConfig())
	for _, c := range []struct {
		name   string
		change func(*target.Target)
		want   string // "" for no error
	}{
		{"as given", func(*target.Target) {}, ""},
		// The reference behind the front sees plaintext and offers no AUTH.
		{"implicit TLS", func(tg *target.Target) { tg.SMTP.Addr, tg.SMTP.TLS, tg.SMTP.User = front, target.TLSImplicit, "" }, ""},
		{"nothing but the address", func(tg *target.Target) { tg.Mailbox, tg.SecondMailbox, tg.SMTP.User = "", "", "" }, ""},
		{"unknown mailbox", func(tg *target.Target) { tg.Mailbox = "nobody@localhost" }, "the mailbox given with -mailbox"},
		{"unknown second mailbox", func(tg *target.Target) { tg.SecondMailbox = "nobody@localhost" }, "-second-mailbox"},
		{"wrong password", func(tg *target.Target) { tg.SMTP.Password += "x" }, "AUTH PLAIN <credentials> with"},
		{"credentials without TLS", func(tg *target.Target) { tg.SMTP.TLS = target.TLSNone }, "TLS mode is none"},
		{"untrusted certificate", func(tg *target.Target) { tg.TLSConfig = nil }, "TLS handshake"},
		{"plaintext to a TLS port", func(tg *target.Target) { tg.SMTP.Addr, tg.Timeout = front, 200*time.Millisecond }, "the greeting: no complete reply"},
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
