package smtp

import (
	"context"
	"fmt"

	"github.com/mailspec/mailspec/suite/target"
	"github.com/mailspec/mailspec/suite/wire"
)

// Advertised asks t's SMTP server what it advertises: the EHLO keyword
// lines in plaintext and, when the server offers STARTTLS and the target's
// TLS mode allows it, after TLS (with implicit TLS, only after). It is for
// the report's capability summary, not a case: it judges nothing, and
// returns what it learned before any error.
func Advertised(ctx context.Context, t *target.Target) (plain, secure []string, err error) {
	ctx, cancel := context.WithTimeout(ctx, SetupRounds*t.Timeout)
	defer cancel()
	opts := wire.Options{Timeout: t.Timeout, DialTimeout: t.Timeout}
	implicit := t.SMTP.TLS == target.TLSImplicit
	if implicit {
		opts.TLS = t.TLSFor(t.SMTP.Addr)
	}
	conn, err := wire.Dial(ctx, t.SMTP.Addr, opts)
	if err != nil {
		return nil, nil, err
	}
	defer conn.Close()
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer stop()
	if _, err := conn.ExpectReply(220); err != nil {
		return nil, nil, fmt.Errorf("the greeting: %w", err)
	}
	ehlo := func() ([]string, error) {
		if err := conn.SendLine("EHLO " + t.ClientDomain); err != nil {
			return nil, err
		}
		r, err := conn.ExpectReply(250)
		if err != nil {
			return nil, fmt.Errorf("EHLO: %w", err)
		}
		return append([]string{}, r.Lines[1:]...), nil
	}
	first, err := ehlo()
	if err != nil || implicit {
		return nil, first, err
	}
	s := &Session{ehlo: &wire.Reply{Lines: append([]string{""}, first...)}}
	if _, ok := s.Has("STARTTLS"); !ok || t.SMTP.TLS == target.TLSNone {
		conn.SendLine("QUIT")
		return first, nil, nil
	}
	if err := conn.SendLine("STARTTLS"); err != nil {
		return first, nil, err
	}
	if _, err := conn.ExpectReply(220); err != nil {
		return first, nil, fmt.Errorf("STARTTLS: %w", err)
	}
	if err := conn.StartTLS(t.TLSFor(t.SMTP.Addr)); err != nil {
		return first, nil, fmt.Errorf("the TLS handshake: %w", err)
	}
	second, err := ehlo()
	conn.SendLine("QUIT")
	return first, second, err
}
