package pop3

import (
	"context"
	"fmt"

	"github.com/mailspec/mailspec/suite/target"
	"github.com/mailspec/mailspec/suite/wire"
)

// CheckSetup is the POP3 setup check a run makes before any case: it
// connects, requires a +OK greeting, and, with credentials given, logs in
// (after STLS unless the target's TLS mode is none or implicit) and quits.
// An error says why the target cannot carry a run.
func CheckSetup(ctx context.Context, t *target.Target) error {
	if t.POP3.Addr == "" {
		return nil
	}
	opts := wire.Options{Timeout: t.Timeout, DialTimeout: t.Timeout}
	if t.POP3.TLS == target.TLSImplicit {
		opts.TLS = t.TLSFor(t.POP3.Addr)
	}
	conn, err := wire.Dial(ctx, t.POP3.Addr, opts)
	if err != nil {
		return fmt.Errorf("pop3: %w", err)
	}
	defer conn.Close()
	step := func(line string) error {
		if line != "" {
			if err := conn.SendLine(line); err != nil {
				return fmt.Errorf("pop3: %w", err)
			}
		} else {
			line = "the greeting"
		}
		if _, err := conn.ExpectStatus(wire.StatusOK); err != nil {
			return fmt.Errorf("pop3: %s: %w", line, err)
		}
		return nil
	}
	if err := step(""); err != nil {
		return err
	}
	if t.POP3.User == "" {
		return step("QUIT")
	}
	if t.POP3.TLS == target.TLSStartTLS {
		if err := step("STLS"); err != nil {
			return err
		}
		if err := conn.StartTLS(t.TLSFor(t.POP3.Addr)); err != nil {
			return fmt.Errorf("pop3: STLS: %w", err)
		}
	}
	if err := step("USER " + t.POP3.User); err != nil {
		return err
	}
	if err := conn.SendLine("PASS " + t.POP3.Password); err != nil {
		return fmt.Errorf("pop3: %w", err)
	}
	if _, err := conn.ExpectStatus(wire.StatusOK); err != nil {
		return fmt.Errorf("pop3: PASS (the given credentials): %w", err)
	}
	return step("QUIT")
}
