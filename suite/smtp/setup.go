package smtp

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"time"

	"github.com/mailspec/mailspec/suite/target"
	"github.com/mailspec/mailspec/suite/wire"
)

// SetupRounds bounds the whole setup check, in multiples of the target's
// Timeout: the check makes about ten round trips (greeting, EHLO, MAIL,
// RCPT, RSET, STARTTLS, EHLO, AUTH, QUIT), each bounded by Timeout, and a
// server that stretches each to just under it must not stretch the check
// as a whole.
const SetupRounds = 6

// SetupError says why the target cannot carry a run: what the check was
// doing and what went wrong. The cases would only repeat it, once each.
type SetupError struct {
	Step string // "connecting", "the greeting", "EHLO", "the mailbox", ...
	Err  error
}

func (e *SetupError) Error() string { return "smtp setup: " + e.Step + ": " + e.Err.Error() }

func (e *SetupError) Unwrap() error { return e.Err }

// CheckSetup checks, before any case runs, that t's SMTP server can carry
// a run: it connects, reads a 220 greeting, greets with EHLO (HELO if EHLO
// is refused); opens a transaction from the sender (to the mailbox and
// the second mailbox, if given) and resets it; with credentials given, secures the
// session as the target's TLS mode says and authenticates. Every read is
// bounded by t.Timeout and the whole check by SetupRounds times that, so
// that a server that never answers, or answers one octet at a time, ends
// it. It returns nil or a *SetupError.
func CheckSetup(ctx context.Context, t *target.Target) error {
	if t.SMTP.Addr == "" {
		return &SetupError{"the target", errors.New("no SMTP server given")}
	}
	bound := SetupRounds * t.Timeout
	ctx, cancel := context.WithTimeout(ctx, bound)
	defer cancel()
	c := &setupCheck{t: t, ctx: ctx, bound: bound}
	defer func() {
		if c.conn != nil {
			c.conn.Close()
		}
	}()
	return c.run()
}

type setupCheck struct {
	t     *target.Target
	ctx   context.Context
	bound time.Duration
	conn  *wire.Conn
	ehlo  *wire.Reply
	tls   bool
}

func (c *setupCheck) run() error {
	opts := wire.Options{Timeout: c.t.Timeout, DialTimeout: c.t.Timeout}
	if c.t.SMTP.TLS == target.TLSImplicit {
		opts.TLS = c.t.TLSFor(c.t.SMTP.Addr)
		c.tls = true
	}
	conn, err := wire.Dial(c.ctx, c.t.SMTP.Addr, opts)
	if err != nil {
		return c.fail("connecting to "+c.t.SMTP.Addr, err)
	}
	c.conn = conn
	// The whole check's bound: closing the connection ends any read.
	stop := context.AfterFunc(c.ctx, func() { conn.Close() })
	defer stop()

	if _, err := c.reply("the greeting", 220); err != nil {
		return err
	}
	if err := c.greet(); err != nil {
		return err
	}
	if err := c.transaction(); err != nil {
		return err
	}
	if c.t.SMTP.User != "" {
		if err := c.authenticate(); err != nil {
			return err
		}
	}
	c.conn.SendLine("QUIT") // best effort: the check is over
	return nil
}

// greet sends EHLO, and HELO if EHLO is refused: a server without EHLO can
// still run the cases about the base protocol.
func (c *setupCheck) greet() error {
	r, err := c.cmd("EHLO", "EHLO "+c.t.ClientDomain)
	if err != nil {
		return err
	}
	if r.Code == 250 {
		c.ehlo = r
		return nil
	}
	if r.Class() != 5 {
		return c.refused("EHLO", "EHLO "+c.t.ClientDomain, r, "250")
	}
	r, err = c.cmd("HELO", "HELO "+c.t.ClientDomain)
	if err != nil {
		return err
	}
	if r.Code != 250 {
		return c.refused("HELO (after EHLO was refused)", "HELO "+c.t.ClientDomain, r, "250")
	}
	return nil
}

// senderStep names the sender in a setup error: a server may refuse a
// reverse-path by policy (RFC 5321 §3.3), such as one in a domain that
// does not resolve, and the user can then give one it accepts.
const senderStep = "the sender given with -sender or " + target.EnvSender

// transaction opens a transaction from the sender to the given mailboxes
// and resets it: the cases that send MAIL rely on the sender being
// accepted, those that send mail on the mailboxes.
func (c *setupCheck) transaction() error {
	line := "MAIL FROM:<" + sender(c.t) + ">"
	if r, err := c.cmd(senderStep, line); err != nil {
		return err
	} else if r.Code != 250 {
		return c.refused(senderStep, line, r, "250")
	}
	for _, m := range []struct{ flag, addr string }{{"-mailbox", c.t.Mailbox}, {"-second-mailbox", c.t.SecondMailbox}} {
		if m.addr == "" {
			continue
		}
		line := "RCPT TO:<" + m.addr + ">"
		r, err := c.cmd("the mailbox given with "+m.flag, line)
		if err != nil {
			return err
		}
		if r.Code != 250 && r.Code != 251 {
			step := "the mailbox given with " + m.flag
			// A server may refuse the sender only at RCPT (Postfix's
			// smtpd_delay_reject), saying so with RFC 3463's X.1.7 or
			// X.1.8: then it is the sender to change.
			if e, ok := r.EnhancedCode(); ok && e.Subject == 1 && (e.Detail == 7 || e.Detail == 8) {
				step = senderStep + ", refused at RCPT"
			}
			return c.refused(step, line, r, "250 or 251")
		}
	}
	if r, err := c.cmd("RSET", "RSET"); err != nil {
		return err
	} else if r.Code != 250 {
		return c.refused("RSET", "RSET", r, "250")
	}
	return nil
}

// authenticate secures the session as the target says and logs in with
// PLAIN, or LOGIN if PLAIN is not offered, as the AUTH cases will.
func (c *setupCheck) authenticate() error {
	const step = "the credentials given with -user and -password"
	if !c.tls {
		switch {
		case c.t.SMTP.TLS == target.TLSNone:
			return c.fail(step, errors.New("the cases authenticate only over TLS, and the target's TLS mode is none (-smtp-tls starttls or implicit)"))
		case !c.has("STARTTLS"):
			return c.fail(step, errors.New("the cases authenticate only over TLS, and the server does not advertise STARTTLS (-smtp-tls implicit, if it listens with TLS)"))
		}
		if r, err := c.cmd("STARTTLS", "STARTTLS"); err != nil {
			return err
		} else if r.Code != 220 {
			return c.refused("STARTTLS", "STARTTLS", r, "220")
		}
		if err := c.conn.StartTLS(c.t.TLSFor(c.t.SMTP.Addr)); err != nil {
			return c.fail("the TLS handshake after STARTTLS (see -tls-ca, -tls-server-name, -tls-insecure)", err)
		}
		c.tls = true
		c.ehlo = nil
		if err := c.greet(); err != nil {
			return err
		}
	}
	mechs, ok := c.param("AUTH")
	if !ok {
		return c.fail(step, errors.New("the server does not advertise AUTH over TLS"))
	}
	user, password := c.t.SMTP.User, c.t.SMTP.Password
	switch {
	case hasWord(mechs, "PLAIN"):
		line := "AUTH PLAIN " + PlainResponse(user, password)
		r, err := c.cmd(step, line)
		if err != nil {
			return err
		}
		if r.Code != 235 {
			return c.refused(step, "AUTH PLAIN <credentials>", r, "235")
		}
	case hasWord(mechs, "LOGIN"):
		for _, l := range []struct{ line, shown string }{
			{"AUTH LOGIN", "AUTH LOGIN"},
			{base64.StdEncoding.EncodeToString([]byte(user)), "<user name>"},
			{base64.StdEncoding.EncodeToString([]byte(password)), "<password>"},
		} {
			r, err := c.cmd(step, l.line)
			if err != nil {
				return err
			}
			want := 334
			if l.shown == "<password>" {
				want = 235
			}
			if r.Code != want {
				return c.refused(step, l.shown, r, fmt.Sprint(want))
			}
		}
	default:
		return c.fail(step, fmt.Errorf("the server offers neither PLAIN nor LOGIN (AUTH %s)", mechs))
	}
	return nil
}

// has reports whether the last EHLO reply lists keyword.
func (c *setupCheck) has(keyword string) bool {
	_, ok := c.param(keyword)
	return ok
}

func (c *setupCheck) param(keyword string) (string, bool) {
	s := &Session{ehlo: c.ehlo}
	return s.Has(keyword)
}

// cmd sends line and reads the reply; step names it in an error.
func (c *setupCheck) cmd(step, line string) (*wire.Reply, error) {
	if err := c.conn.SendLine(line); err != nil {
		return nil, c.fail(step, err)
	}
	return c.reply(step, 0)
}

// reply reads one reply; with want > 0 it must have that code.
func (c *setupCheck) reply(step string, want int) (*wire.Reply, error) {
	r, err := c.conn.ReadReply()
	if err != nil {
		return nil, c.fail(step, err)
	}
	if want > 0 && r.Code != want {
		return nil, c.refused(step, "", r, fmt.Sprint(want))
	}
	return r, nil
}

// fail describes a failed read, write or dial in words a user can act
// on; a read the whole check's bound cut short says so.
func (c *setupCheck) fail(step string, err error) error {
	var pe *wire.ProtocolError
	switch {
	case c.ctx.Err() != nil:
		err = fmt.Errorf("the setup check did not finish within %s (%d times -timeout): the server answers too slowly to test", c.bound, SetupRounds)
	case errors.As(err, &pe):
		err = fmt.Errorf("the server did not send an SMTP reply (is this an SMTP server, and is the TLS mode right?): %w", err)
	case wire.IsTimeout(err):
		err = fmt.Errorf("no complete reply within %s (-timeout): %w", c.t.Timeout, err)
	case wire.IsClosed(err):
		err = fmt.Errorf("the server closed the connection: %w", err)
	}
	return &SetupError{step, err}
}

// refused describes a well-formed reply other than the one wanted.
func (c *setupCheck) refused(step, sent string, r *wire.Reply, want string) error {
	what := "answered"
	if sent != "" {
		what = "answered " + sent + " with"
	}
	err := fmt.Errorf("the server %s %s, want %s", what, wire.Visible([]byte(r.String())), want)
	if r.Class() == 4 {
		err = fmt.Errorf("%w (a temporary refusal: try again later)", err)
	}
	return &SetupError{step, err}
}
