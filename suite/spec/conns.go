package spec

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/mailspec/mailspec/suite/target"
	"github.com/mailspec/mailspec/suite/wire"
)

// CaseRounds is the default bound on a whole case, in multiples of the
// target's Timeout. Every read is bounded by Timeout, but a server that
// answers each command just inside it, or a case of a hundred commands
// against a slow server, would still stretch a case without end; the
// longest cases (100 SMTP recipients) make about 110 round trips against
// a server that answers at once, so 20 rounds is plenty for any server
// that answers promptly.
const CaseRounds = 20

// Conns is the connection plumbing every protocol's session shares: the
// case's connections, dialled with the target's timeouts and TLS mode,
// their transcripts in order, and the case's overall deadline, which
// closes them all when it passes (Bounded).
type Conns struct {
	ctx    context.Context
	cancel context.CancelFunc
	limit  time.Duration

	mu  sync.Mutex
	all []*wire.Conn
}

// NewConns starts a case's bound: limit, or CaseRounds times timeout if
// limit is not positive.
func NewConns(timeout, limit time.Duration) *Conns {
	if limit <= 0 {
		limit = CaseRounds * timeout
	}
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	return &Conns{ctx: ctx, cancel: cancel, limit: limit}
}

// Dial connects to addr as t says: each wait bounded by t.Timeout, TLS
// from the first byte if implicit, closed when the case's bound passes.
// A server that cannot be reached ends the case as an error.
func (c *Conns) Dial(t *target.Target, addr string, mode target.TLSMode) *wire.Conn {
	opts := wire.Options{Timeout: t.Timeout, DialTimeout: t.Timeout}
	if mode == target.TLSImplicit {
		opts.TLS = t.TLSFor(addr)
	}
	ctx, cancel := context.WithTimeout(c.ctx, t.Timeout)
	defer cancel()
	conn, err := wire.Dial(ctx, addr, opts)
	if err != nil {
		Errorf(fmt.Errorf("connecting to %s: %w", addr, err))
	}
	context.AfterFunc(c.ctx, func() { conn.Close() })
	c.mu.Lock()
	c.all = append(c.all, conn)
	c.mu.Unlock()
	return conn
}

// Done is closed when the case's bound passes or the case ends.
func (c *Conns) Done() <-chan struct{} { return c.ctx.Done() }

// Transcripts returns the transcript of each connection, in the order
// they were opened.
func (c *Conns) Transcripts() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []string
	for _, conn := range c.all {
		out = append(out, conn.Transcript().String())
	}
	return out
}

// CloseAll ends the bound and closes every connection.
func (c *Conns) CloseAll() {
	c.cancel()
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, conn := range c.all {
		conn.Close()
	}
}

// Overrun reports, once the case's overall deadline has passed, that the
// case could not conclude within it (Bounded).
func (c *Conns) Overrun() error {
	if c == nil || c.ctx.Err() != context.DeadlineExceeded {
		return nil
	}
	return fmt.Errorf("the case did not finish within its bound of %s (-case-timeout): the server answers too slowly to conclude; its connections were closed", c.limit)
}
