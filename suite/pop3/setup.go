package pop3

import (
	"context"
	"fmt"
	"strings"

	"github.com/mailspec/mailspec/suite/target"
	"github.com/mailspec/mailspec/suite/wire"
)

// CheckSetup is the POP3 setup check a run makes before any case: it
// connects, requires a +OK greeting, and, with credentials given, logs in
// (after STLS unless the target's TLS mode is none or implicit) and quits.
// It logs in as Session.Login does: USER and PASS, or SASL PLAIN where CAPA
// lists it and not USER, or USER is refused.
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
	last, err := setupLogin(conn, t)
	if err != nil {
		return fmt.Errorf("pop3: %w", err)
	}
	if _, err := conn.ExpectStatus(wire.StatusOK); err != nil {
		return fmt.Errorf("pop3: %s (the given credentials): %w", last, err)
	}
	return step("QUIT")
}

// setupLogin sends the login whose response decides it, unread, and
// names its command: CAPA first (its -ERR is no fault, CAPA being an
// extension), then USER and PASS, or AUTH PLAIN as Session.Login chooses.
func setupLogin(conn *wire.Conn, t *target.Target) (string, error) {
	plain, userListed := false, false
	if err := conn.SendLine("CAPA"); err != nil {
		return "", err
	}
	st, err := conn.ReadStatus()
	if err != nil {
		return "", fmt.Errorf("CAPA: %w", err)
	}
	if st.OK() {
		body, err := conn.ReadMultiline()
		if err != nil {
			return "", fmt.Errorf("CAPA: %w", err)
		}
		for _, line := range strings.Split(string(body), "\r\n") {
			tag, params, _ := strings.Cut(line, " ")
			switch strings.ToUpper(tag) {
			case "USER":
				userListed = true
			case "SASL":
				plain = hasWord(params, "PLAIN")
			}
		}
	}
	auth := "AUTH PLAIN " + PlainResponse(t.POP3.User, t.POP3.Password)
	if plain && !userListed {
		return "AUTH PLAIN", conn.SendLine(auth)
	}
	if err := conn.SendLine("USER " + t.POP3.User); err != nil {
		return "", err
	}
	st, err = conn.ReadStatus()
	switch {
	case err != nil:
		return "", fmt.Errorf("USER: %w", err)
	case !st.OK() && plain:
		return "AUTH PLAIN", conn.SendLine(auth)
	case !st.OK():
		return "", fmt.Errorf("USER (the given user): %s, and CAPA lists no SASL PLAIN", st)
	}
	return "PASS", conn.SendLine("PASS " + t.POP3.Password)
}
