// Package serving is what the reference SMTP and POP3 servers share about
// serving connections: the listeners, the accept loop, the cap on live
// sessions, and a graceful shutdown that tells every session goodbye and
// waits for it; and the one convention their Config types follow for
// defaults and limits (config.go).
package serving

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"slices"
	"sync"
	"syscall"
	"time"
)

// Session is one connection's session, as a Group runs it.
type Session interface {
	// Serve runs the session to its end and closes its connection.
	Serve()
	// Interrupt wakes the session so that it says goodbye and ends; it
	// is called by Shutdown, possibly while Serve runs.
	Interrupt()
	// Close closes the connection at once, when Shutdown's time is up.
	Close()
}

// Refusal says why a connection gets no session.
type Refusal int

const (
	Full         Refusal = iota // MaxSessions are live
	ShuttingDown                // Shutdown has begun
	AddressFull                 // MaxPerAddress sessions from the client's address are live
)

// Limits bound the sessions a Group runs at once. Both are positive: each
// server's Config makes them so by the convention of Default (config.go)
// before it makes a Group, from MaxConnections and MaxConnectionsPerClient.
type Limits struct {
	// MaxSessions is the number of live sessions in all.
	MaxSessions int
	// MaxPerAddress is the number of live sessions from one client IP
	// address, so that one client cannot hold every session and starve
	// the others (it would, for the whole command timeout, which RFC 5321
	// §4.5.3.2.7 wants at least 5 minutes long).
	MaxPerAddress int
}

// Handler makes the sessions of one protocol.
type Handler interface {
	NewSession(net.Conn) Session
	// Refuse answers a connection that gets no session, and closes it.
	// It runs in a goroutine of its own.
	Refuse(c net.Conn, why Refusal)
}

// ErrClosed is what Serve returns once Shutdown has begun.
var ErrClosed = errors.New("server closed")

// Group serves connections for one server.
type Group struct {
	name      string // the protocol, for log lines and errors
	limits    Limits
	log       *slog.Logger
	done      chan struct{} // closed when Shutdown begins
	closeOnce sync.Once

	mu        sync.Mutex
	listeners []net.Listener
	sessions  map[Session]string // the client address of each live session
	perAddr   map[string]int     // live sessions by client address
	wg        sync.WaitGroup     // one per session
}

// NewGroup returns a group that runs sessions within limits. Its log lines
// are rate-limited: a flood of refused connections writes a few lines a
// second, each saying how many like it were suppressed.
func NewGroup(name string, limits Limits, log *slog.Logger) *Group {
	return &Group{
		name: name, limits: limits, log: RateLimited(log, time.Second, 5),
		done: make(chan struct{}), sessions: make(map[Session]string), perAddr: make(map[string]int),
	}
}

// clientAddress is the IP address of c's peer, the unit of MaxPerAddress.
func clientAddress(c net.Conn) string {
	a := c.RemoteAddr().String()
	if host, _, err := net.SplitHostPort(a); err == nil {
		return host
	}
	return a
}

// Done is closed when Shutdown begins, for sessions that wait on timers.
func (g *Group) Done() <-chan struct{} { return g.done }

// Closing reports whether Shutdown has begun.
func (g *Group) Closing() bool {
	select {
	case <-g.done:
		return true
	default:
		return false
	}
}

// Track records a listener for Addr and Shutdown, once; it reports false,
// and closes l, when Shutdown has begun.
func (g *Group) Track(l net.Listener) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.Closing() {
		l.Close()
		return false
	}
	if !slices.Contains(g.listeners, l) {
		g.listeners = append(g.listeners, l)
	}
	return true
}

// Addr is the address of the first listener, or nil before there is one.
func (g *Group) Addr() net.Addr {
	g.mu.Lock()
	defer g.mu.Unlock()
	if len(g.listeners) == 0 {
		return nil
	}
	return g.listeners[0].Addr()
}

// Serve accepts connections on l and runs a session for each in its own
// goroutine until Shutdown, when it returns ErrClosed; it closes l when it
// returns. Running out of file
// descriptors, or a passing network error, is waited out with a growing
// pause, never a reason to stop serving.
func (g *Group) Serve(l net.Listener, h Handler) error {
	if !g.Track(l) {
		return ErrClosed
	}
	defer l.Close()
	var backoff time.Duration
	for {
		c, err := l.Accept()
		if err != nil {
			if g.Closing() {
				return ErrClosed
			}
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() || errors.Is(err, syscall.EMFILE) || errors.Is(err, syscall.ENFILE) {
				backoff = min(max(2*backoff, 5*time.Millisecond), time.Second)
				g.log.Warn(g.name+": accept", "err", err, "retry", backoff)
				time.Sleep(backoff)
				continue
			}
			return fmt.Errorf("%s: accept: %w", g.name, err)
		}
		backoff = 0
		g.admit(c, h)
	}
}

// admit starts a session for c, or has h turn it away.
func (g *Group) admit(c net.Conn, h Handler) {
	g.mu.Lock()
	defer g.mu.Unlock()
	switch {
	case g.Closing():
		go h.Refuse(c, ShuttingDown)
		return
	case len(g.sessions) >= g.limits.MaxSessions:
		g.log.Warn(g.name+": connection refused: too many connections", "remote", c.RemoteAddr())
		go h.Refuse(c, Full)
		return
	}
	addr := clientAddress(c)
	if g.perAddr[addr] >= g.limits.MaxPerAddress {
		g.log.Warn(g.name+": connection refused: too many connections from the client's address", "remote", c.RemoteAddr())
		go h.Refuse(c, AddressFull)
		return
	}
	sess := h.NewSession(c)
	g.sessions[sess] = addr
	g.perAddr[addr]++
	g.wg.Add(1)
	go func() {
		defer g.wg.Done()
		defer g.forget(sess)
		sess.Serve()
	}()
}

func (g *Group) forget(sess Session) {
	g.mu.Lock()
	defer g.mu.Unlock()
	addr := g.sessions[sess]
	delete(g.sessions, sess)
	if g.perAddr[addr]--; g.perAddr[addr] <= 0 {
		delete(g.perAddr, addr)
	}
}

// Sessions is the number of live sessions.
func (g *Group) Sessions() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return len(g.sessions)
}

// Shutdown stops accepting, interrupts every live session so that it says
// goodbye, and waits for them all to end; if ctx ends first, it closes the
// remaining connections and returns ctx's error.
func (g *Group) Shutdown(ctx context.Context) error {
	g.closeOnce.Do(func() { close(g.done) })
	g.mu.Lock()
	for _, l := range g.listeners {
		l.Close()
	}
	for sess := range g.sessions {
		sess.Interrupt()
	}
	g.mu.Unlock()
	idle := make(chan struct{})
	go func() {
		g.wg.Wait()
		close(idle)
	}()
	select {
	case <-idle:
		return nil
	case <-ctx.Done():
		g.mu.Lock()
		for sess := range g.sessions {
			sess.Close()
		}
		g.mu.Unlock()
		<-idle
		return ctx.Err()
	}
}
