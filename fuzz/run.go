package fuzz

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/mailspec/mailspec/suite/wire"
)

// Env is what a program runs against: how to reach each server, the
// account, and the bound on every wait.
type Env struct {
	// DialSMTP connects to the SMTP server under test. Required.
	DialSMTP func(context.Context) (net.Conn, error)
	// DialPOP3 connects to the POP3 server reading the same mailbox; nil
	// skips the POP3 sessions and the delivery check.
	DialPOP3 func(context.Context) (net.Conn, error)
	// TLS is the client configuration for STARTTLS; nil ends a session
	// whose STARTTLS is accepted (the fuzzer cannot go on).
	TLS *tls.Config
	// POP3STLS upgrades every POP3 session with STLS (RFC 2595 §4) before
	// logging in, for servers that refuse USER/PASS in plaintext.
	POP3STLS bool
	Account  Account
	// Baseline, if set, gives the number of messages the mailbox holds
	// when a program starts, for a caller that puts it in a known state
	// before each one (the in-process reference); otherwise a POP3
	// session counts them before the program.
	Baseline func() int
	// Sessions, if set, counts every connection the runs make, the POP3
	// delivery checks' included: for rates a caller reports.
	Sessions *atomic.Int64
	// Timeout bounds each wait for a reply: a server silent for longer
	// has hung. Default 5s.
	Timeout time.Duration
}

// Finding is a breach the oracle saw: what kind, where, and the program
// that shows it.
type Finding struct {
	// Kind is a stable class of breach: "reply-code", "reply-format",
	// "enhanced-code", "ehlo-keyword", "hang", "drop", "stray-reply",
	// "tls", "delivery", "pop3-status", "pop3-count", "pop3-size",
	// "pop3-content".
	Kind string `json:"kind"`
	// Where names the op and the state, as "smtp rcpt in state ready".
	Where string `json:"where"`
	// Detail says what was expected and what came.
	Detail  string  `json:"detail"`
	Program Program `json:"program"`
	// Log is the exchange up to the finding, one line a send or reply.
	Log []string `json:"log,omitempty"`
}

// Key identifies findings that are the same breach, for counting
// distinct findings and for Minimise to keep the breach it shortens.
func (f *Finding) Key() string { return f.Kind + " | " + f.Where }

func (f *Finding) Error() string { return f.Kind + ": " + f.Where + ": " + f.Detail }

// Run runs the program against env and returns the first breach, or nil.
// An error is returned only when the program could not start (the first
// connection failed): that is the environment's fault, not the server's.
func Run(ctx context.Context, env *Env, p Program) (*Finding, error) {
	if env.Timeout <= 0 {
		env.Timeout = 5 * time.Second
	}
	r := &runner{env: env, ctx: ctx, prog: p}
	f, err := r.run()
	if f != nil {
		f.Program = p
		f.Log = r.transcript()
	}
	return f, err
}

// runner is one run of a program: the expected mailbox and the log.
type runner struct {
	env  *Env
	ctx  context.Context
	prog Program
	log  []logLine
	// Expected mailbox content, from what the SMTP server accepted.
	delivered []expected
	// unsure says the model lost track of what was delivered (a reply it
	// allowed but could not follow): the delivery check then checks
	// sizes and format, not counts and content.
	unsure bool
	// baseline is the number of messages the mailbox had before.
	baseline int
	pop      *popModel
}

// expected is a message the SMTP server accepted for the mailbox.
type expected struct {
	body  string // as sent, unstuffed, with a final CRLF
	loose bool   // it had bare CR or LF: a server may have normalised it
	max   int    // copies allowed: one, however many RCPTs named the mailbox
}

func (r *runner) run() (*Finding, error) {
	if r.env.DialPOP3 != nil {
		n, f, err := r.baselineCount()
		if err != nil || f != nil {
			return f, err
		}
		r.baseline = n
		r.pop = &popModel{total: n, deleted: map[int]bool{}, sizes: map[int]int64{}, baseline: n}
	}
	for i, s := range r.prog.Sessions {
		var f *Finding
		var err error
		switch s.Proto {
		case "smtp":
			f, err = r.smtpSession(i, s)
		case "pop3":
			if r.pop == nil {
				continue
			}
			f, err = r.pop3Session(i, s)
		}
		if err != nil && i == 0 {
			return nil, err
		}
		if f != nil {
			return f, nil
		}
	}
	if r.pop != nil {
		return r.checkMailbox()
	}
	return nil, nil
}

// logLine is one line of a run's log, kept as it came: most runs find
// nothing, so the octets are made readable (wire.Visible) only for the
// transcript of a finding.
type logLine struct {
	label string       // "C: ", "S: ", or the whole line when wire and read are empty
	wire  string       // octets sent or read, shown through wire.Visible
	read  fmt.Stringer // or a reply or status line read, shown the same way
}

// maxLog bounds the log of one run.
const maxLog = 2000

// note logs a line of plain text.
func (r *runner) note(text string) {
	if len(r.log) < maxLog {
		r.log = append(r.log, logLine{label: text})
	}
}

// noteWire logs octets sent ("C: ") or read ("S: ").
func (r *runner) noteWire(label, octets string) {
	if len(r.log) < maxLog {
		r.log = append(r.log, logLine{label: label, wire: octets})
	}
}

// noteRead logs a reply or status line read, rendered only if needed.
func (r *runner) noteRead(v fmt.Stringer) {
	if len(r.log) < maxLog {
		r.log = append(r.log, logLine{label: "S: ", read: v})
	}
}

// transcript renders the log, one line a send or reply.
func (r *runner) transcript() []string {
	out := make([]string, len(r.log))
	for i, l := range r.log {
		out[i] = l.label
		switch {
		case l.read != nil:
			out[i] += wire.Visible([]byte(l.read.String()))
		case l.wire != "":
			out[i] += wire.Visible([]byte(l.wire))
		}
	}
	return out
}

// conn is a client connection: raw bytes out, strict readings in.
type conn struct {
	raw, cur net.Conn
	rd       *wire.Reader
	r        *runner
	proto    string
}

func (r *runner) dial(proto string, dial func(context.Context) (net.Conn, error)) (*conn, error) {
	ctx, cancel := context.WithTimeout(r.ctx, r.env.Timeout)
	defer cancel()
	nc, err := dial(ctx)
	if err != nil {
		return nil, fmt.Errorf("fuzz: connect %s: %w", proto, err)
	}
	if r.env.Sessions != nil {
		r.env.Sessions.Add(1)
	}
	r.note(proto + ": connected")
	return &conn{raw: nc, cur: nc, rd: wire.NewReader(nc, wire.Limits{MaxBody: 1 << 20}), r: r, proto: proto}, nil
}

func (c *conn) send(b string) error {
	c.r.noteWire("C: ", b)
	c.cur.SetWriteDeadline(time.Now().Add(c.r.env.Timeout))
	_, err := c.cur.Write([]byte(b))
	return err
}

func (c *conn) arm() { c.cur.SetReadDeadline(time.Now().Add(c.r.env.Timeout)) }

func (c *conn) close() { c.cur.Close() }

// startTLS runs the client side of the handshake on the raw connection.
func (c *conn) startTLS(cfg *tls.Config) error {
	tc := tls.Client(c.raw, cfg)
	tc.SetDeadline(time.Now().Add(c.r.env.Timeout))
	if err := tc.HandshakeContext(c.r.ctx); err != nil {
		return err
	}
	tc.SetDeadline(time.Time{})
	c.cur = tc
	c.rd = wire.NewReader(tc, wire.Limits{MaxBody: 1 << 20})
	c.r.note(c.proto + ": TLS up")
	return nil
}

// place says where in a program a finding is: a step of a session, or a
// fixed text (the delivery check's). It is kept as its parts and made
// text only for a finding: most programs find nothing.
type place struct {
	proto   string // "smtp" or "pop3"; "" for a fixed text
	session int    // the session, from 1
	op      Op     // the step's op; "" for the greeting
	state   string // the model's state before the step
	text    string // the whole place, when proto is ""
	n       int    // a message number after text, if not 0
	note    string // what follows, as ", end of data"
}

func (p place) String() string {
	var s string
	switch {
	case p.proto == "":
		s = p.text
		if p.n != 0 {
			s += " " + strconv.Itoa(p.n)
		}
	case p.op == "":
		s = fmt.Sprintf("%s session %d greeting", p.proto, p.session)
	default:
		s = fmt.Sprintf("%s session %d: %s in state %s", p.proto, p.session, p.op, p.state)
	}
	return s + p.note
}

// readFailure classifies a failed read as a finding: a hang, a drop, or
// a breach of the format.
func readFailure(where place, err error, timeout time.Duration) *Finding {
	var pe *wire.ProtocolError
	switch {
	case errors.As(err, &pe):
		return &Finding{Kind: "reply-format", Where: where.String(), Detail: pe.Error()}
	case wire.IsTimeout(err):
		return &Finding{Kind: "hang", Where: where.String(), Detail: fmt.Sprintf("no reply within %v", timeout)}
	default:
		return &Finding{Kind: "drop", Where: where.String(), Detail: "connection closed without 421 / -ERR: " + err.Error()}
	}
}

// expectEOF checks that the server closes the connection and sends
// nothing more (after 221, or +OK to QUIT).
func (c *conn) expectEOF(where place) *Finding {
	c.arm()
	var buf [512]byte
	n, err := c.cur.Read(buf[:])
	if n > 0 {
		c.r.noteWire("S: ", string(buf[:n]))
		return &Finding{Kind: "stray-reply", Where: where.String(), Detail: "bytes after the closing reply: " + wire.Visible(buf[:n])}
	}
	if wire.IsTimeout(err) {
		return &Finding{Kind: "hang", Where: where.String(), Detail: "connection not closed after the closing reply"}
	}
	return nil
}

// codes renders an allowed list for a finding.
func codes(allowed []int) string {
	var s []string
	for _, a := range allowed {
		if a < 10 {
			s = append(s, fmt.Sprintf("%dxx", a))
		} else {
			s = append(s, fmt.Sprint(a))
		}
	}
	return strings.Join(s, " ")
}

// joinLog is a finding's log as text, a line a send or reply.
func joinLog(l []string) string { return strings.Join(l, "\n") + "\n" }
