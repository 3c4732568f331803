package wire

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"sync"
	"time"
)

// Defaults for Options.
const (
	DefaultDialTimeout = 10 * time.Second
	DefaultTimeout     = 10 * time.Second
)

// Options configures a Conn. The zero value is usable: plaintext, default
// timeouts and limits.
type Options struct {
	// DialTimeout bounds connecting, implicit TLS handshake included.
	DialTimeout time.Duration
	// Timeout bounds every wait on the server: each Read* call, each Send,
	// and each TLS handshake. There is no way to wait for ever. Conformance
	// cases that measure the server's own timeouts (RFC 5321 §4.5.3.2)
	// raise it with SetTimeout.
	Timeout time.Duration
	// TLS, when set, makes the connection implicit TLS (RFC 8314 §3.3:
	// SMTP submission on 465, POP3 on 995): the handshake runs before the
	// greeting is read. Dial fills in ServerName from the address if empty.
	TLS *tls.Config
	// Limits bounds what is read from the server.
	Limits Limits
	// MaxTranscript bounds the octets the transcript keeps (default
	// DefaultMaxTranscript); beyond it the middle of the transcript is left
	// out and counted.
	MaxTranscript int
}

// Conn is a client connection to a server under test. It sends exactly the
// bytes it is given, reads replies strictly, and records a transcript.
// A Conn is used by one goroutine at a time, except that Transcript,
// TLSState and Close may be called from any goroutine.
type Conn struct {
	mu   sync.Mutex // guards cur, tc and r against Close, TLSState from other goroutines
	raw  net.Conn   // the socket
	cur  net.Conn   // raw, or tc after a TLS handshake
	tc   *tls.Conn  // nil until TLS
	r    *Reader    // reads from recConn{cur}
	host string     // for TLS ServerName, from Dial's address

	rec     *recorder
	lim     Limits
	timeout time.Duration
}

// Dial connects to addr ("host:port") over TCP within opts.DialTimeout or
// ctx, whichever ends first, and does the implicit TLS handshake if
// opts.TLS is set. It reads nothing: the caller reads the greeting.
func Dial(ctx context.Context, addr string, opts Options) (*Conn, error) {
	if opts.DialTimeout <= 0 {
		opts.DialTimeout = DefaultDialTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, opts.DialTimeout)
	defer cancel()
	var d net.Dialer
	nc, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("wire: dial %s: %w", addr, err)
	}
	host, _, _ := net.SplitHostPort(addr)
	c := newConn(nc, opts, host)
	if opts.TLS != nil {
		if err := c.handshake(ctx, opts.TLS, "implicit TLS"); err != nil {
			nc.Close()
			return nil, err
		}
	}
	return c, nil
}

// NewConn wraps an established connection, such as one end of net.Pipe
// for an in-process server, and does the implicit TLS handshake if
// opts.TLS is set (ServerName is then the caller's to set). If the
// handshake fails, nc is closed. The transcript starts now.
func NewConn(nc net.Conn, opts Options) (*Conn, error) {
	c := newConn(nc, opts, "")
	if opts.TLS != nil {
		if err := c.handshake(context.Background(), opts.TLS, "implicit TLS"); err != nil {
			nc.Close()
			return nil, err
		}
	}
	return c, nil
}

func newConn(nc net.Conn, opts Options, host string) *Conn {
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	c := &Conn{
		raw: nc, cur: nc, host: host,
		rec:     newRecorder(opts.MaxTranscript),
		lim:     opts.Limits.withDefaults(),
		timeout: opts.Timeout,
	}
	c.r = NewReader(recConn{Conn: nc, rec: c.rec}, c.lim)
	c.rec.event("connected to %s from %s", nc.RemoteAddr(), nc.LocalAddr())
	return c
}

// SetTimeout changes the bound on every later wait; d <= 0 restores
// DefaultTimeout.
func (c *Conn) SetTimeout(d time.Duration) {
	if d <= 0 {
		d = DefaultTimeout
	}
	c.timeout = d
}

// Timeout returns the current bound on each wait.
func (c *Conn) Timeout() time.Duration { return c.timeout }

// SetUTF8Replies lets the text of the replies read next hold UTF-8 (RFC
// 6531 §3.7.4), until it is turned off again.
func (c *Conn) SetUTF8Replies(on bool) {
	c.mu.Lock()
	r := c.r
	c.mu.Unlock()
	r.SetUTF8Text(on)
}

// Transcript returns a snapshot of everything recorded so far.
func (c *Conn) Transcript() Transcript { return c.rec.snapshot() }

// Close closes the connection (sending a TLS close_notify first if TLS is
// up). It may be called from any goroutine, and interrupts a pending read.
func (c *Conn) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.rec.event("closed by client")
	if err := c.cur.Close(); err != nil {
		return fmt.Errorf("wire: close: %w", err)
	}
	return nil
}

// Send writes b exactly as given: no line end is added and nothing is
// checked or converted, so bare CR, bare LF, NUL, 8-bit octets and
// over-long lines all reach the server as they are.
func (c *Conn) Send(b []byte) error {
	conn := c.conn()
	if err := conn.SetWriteDeadline(time.Now().Add(c.timeout)); err != nil {
		return fmt.Errorf("wire: send: %w", err)
	}
	if _, err := (recConn{Conn: conn, rec: c.rec}).Write(b); err != nil {
		c.rec.event("send failed: %v", err)
		return fmt.Errorf("wire: send: %w", err)
	}
	return nil
}

// SendLine writes s followed by CRLF. s itself is sent as it is.
func (c *Conn) SendLine(s string) error { return c.Send([]byte(s + "\r\n")) }

// Cmd formats a command with fmt.Sprintf and writes it followed by CRLF,
// as in c.Cmd("MAIL FROM:<%s>", addr).
func (c *Conn) Cmd(format string, args ...any) error {
	return c.SendLine(fmt.Sprintf(format, args...))
}

// ReadReply reads one SMTP reply within the timeout; see Reader.ReadReply.
func (c *Conn) ReadReply() (*Reply, error) {
	r, err := c.reader("reply")
	if err != nil {
		return nil, err
	}
	rep, err := r.ReadReply()
	return rep, c.noteErr("reply", err)
}

// ExpectReply reads one SMTP reply and checks it with Reply.Expect. A
// well-formed reply is returned even when the error is a *ReplyError.
func (c *Conn) ExpectReply(allowed ...int) (*Reply, error) {
	rep, err := c.ReadReply()
	if err != nil {
		return nil, err
	}
	return rep, rep.Expect(allowed...)
}

// ReadStatus reads one POP3 status line within the timeout; see
// Reader.ReadStatus.
func (c *Conn) ReadStatus() (*Status, error) {
	r, err := c.reader("status line")
	if err != nil {
		return nil, err
	}
	st, err := r.ReadStatus()
	return st, c.noteErr("status line", err)
}

// ExpectStatus reads one POP3 status line and checks it with
// Status.Expect. A well-formed status is returned even when the error is a
// *StatusError.
func (c *Conn) ExpectStatus(want StatusKind) (*Status, error) {
	st, err := c.ReadStatus()
	if err != nil {
		return nil, err
	}
	return st, st.Expect(want)
}

// ReadMultiline reads the body of a POP3 multi-line response within the
// timeout (the whole body, not each line); see Reader.ReadMultiline.
func (c *Conn) ReadMultiline() ([]byte, error) {
	r, err := c.reader("multi-line body")
	if err != nil {
		return nil, err
	}
	body, err := r.ReadMultiline()
	return body, c.noteErr("multi-line body", err)
}

func (c *Conn) conn() net.Conn {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.cur
}

// reader arms a fresh read deadline and returns the reader to use.
func (c *Conn) reader(what string) (*Reader, error) {
	c.mu.Lock()
	cur, r := c.cur, c.r
	c.mu.Unlock()
	if err := cur.SetReadDeadline(time.Now().Add(c.timeout)); err != nil {
		return nil, fmt.Errorf("wire: read %s: %w", what, err)
	}
	return r, nil
}

// noteErr records a failed read in the transcript, so that it shows where
// the conversation stopped and why, and returns err.
func (c *Conn) noteErr(what string, err error) error {
	var pe *ProtocolError
	switch {
	case err == nil:
	case errors.As(err, &pe):
		c.rec.event("protocol error: %s", pe.Reason)
	case IsTimeout(err):
		c.rec.event("timeout: no complete %s within %v", what, c.timeout)
	case IsClosed(err):
		c.rec.event("connection closed while reading %s: %v", what, errors.Unwrap(err))
	default:
		c.rec.event("reading %s failed: %v", what, err)
	}
	return err
}
