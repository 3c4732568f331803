package pop3

import (
	"context"
	"fmt"
	"strings"

	"github.com/mailspec/mailspec/suite/target"
	"github.com/mailspec/mailspec/suite/wire"
)

// Advertised asks t's POP3 server what it advertises: the CAPA listing
// (RFC 2449 §5) in plaintext and, when the server lists STLS and the
// target's TLS mode allows it, after TLS (with implicit TLS, only after).
// It is for the report's capability summary, not a case: it judges
// nothing, and returns what it learned before any error.
func Advertised(ctx context.Context, t *target.Target) (plain, secure []string, err error) {
	ctx, cancel := context.WithTimeout(ctx, 6*t.Timeout)
	defer cancel()
	opts := wire.Options{Timeout: t.Timeout, DialTimeout: t.Timeout}
	implicit := t.POP3.TLS == target.TLSImplicit
	if implicit {
		opts.TLS = t.TLSFor(t.POP3.Addr)
	}
	conn, err := wire.Dial(ctx, t.POP3.Addr, opts)
	if err != nil {
		return nil, nil, err
	}
	defer conn.Close()
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer stop()
	if _, err := conn.ExpectStatus(wire.StatusOK); err != nil {
		return nil, nil, fmt.Errorf("the greeting: %w", err)
	}
	capa := func() ([]string, error) {
		if err := conn.SendLine("CAPA"); err != nil {
			return nil, err
		}
		if _, err := conn.ExpectStatus(wire.StatusOK); err != nil {
			return nil, fmt.Errorf("CAPA: %w", err)
		}
		body, err := conn.ReadMultiline()
		if err != nil {
			return nil, fmt.Errorf("CAPA: %w", err)
		}
		return strings.Split(strings.TrimSuffix(string(body), "\r\n"), "\r\n"), nil
	}
	first, err := capa()
	if err != nil || implicit {
		return nil, first, err
	}
	stls := false
	for _, l := range first {
		stls = stls || strings.EqualFold(strings.Fields(l + " x")[0], "STLS")
	}
	if !stls || t.POP3.TLS == target.TLSNone {
		conn.SendLine("QUIT")
		return first, nil, nil
	}
	if err := conn.SendLine("STLS"); err != nil {
		return first, nil, err
	}
	if _, err := conn.ExpectStatus(wire.StatusOK); err != nil {
		return first, nil, fmt.Errorf("STLS: %w", err)
	}
	if err := conn.StartTLS(t.TLSFor(t.POP3.Addr)); err != nil {
		return first, nil, fmt.Errorf("the TLS handshake: %w", err)
	}
	second, err := capa()
	conn.SendLine("QUIT")
	return first, second, err
}
