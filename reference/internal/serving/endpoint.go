package serving

import (
	"context"
	"net"
)

// Endpoint is the serving half every protocol server shares: its group of
// sessions, the address it listens on, and the handler that makes the
// protocol's sessions and refusals. A server embeds it, and so has the
// same Addr, Serve, ListenAndServe and Shutdown as the other protocol's.
type Endpoint struct {
	group   *Group
	addr    string
	handler Handler
}

// Bind sets what the endpoint serves: the group, the address for
// StartServing and ListenAndServe, and the handler.
func (e *Endpoint) Bind(g *Group, addr string, h Handler) {
	e.group, e.addr, e.handler = g, addr, h
}

// Group is the endpoint's group of sessions.
func (e *Endpoint) Group() *Group { return e.group }

// Addr is the address of the first listener, or nil before one is served.
func (e *Endpoint) Addr() net.Addr { return e.group.Addr() }

// StartServing listens on the endpoint's address and serves in the
// background; Addr answers as soon as it returns.
func (e *Endpoint) StartServing() error { return e.group.Start(e.addr, e.handler) }

// ListenAndServe listens on the endpoint's address and serves until
// Shutdown.
func (e *Endpoint) ListenAndServe() error { return e.group.ListenAndServe(e.addr, e.handler) }

// Serve accepts connections on l and serves each in its own goroutine
// until Shutdown, when it returns ErrClosed; it closes l. Past the group's
// limits a connection gets the handler's refusal.
func (e *Endpoint) Serve(l net.Listener) error { return e.group.Serve(l, e.handler) }

// Shutdown stops accepting connections, tells every live session goodbye
// (the protocol's own words, at its next chance) and waits for them all to
// end or for ctx, when the remaining connections are closed.
func (e *Endpoint) Shutdown(ctx context.Context) error { return e.group.Shutdown(ctx) }

// Sessions is a Handler built from a protocol's parts: how it makes a
// session, and the line (line end included) it refuses a connection with,
// by reason.
type Sessions struct {
	New      func(net.Conn) Session
	Refusals map[Refusal]string
}

// NewSession makes the protocol's session.
func (h Sessions) NewSession(c net.Conn) Session { return h.New(c) }

// Refuse writes the protocol's refusal for why and closes the connection.
func (h Sessions) Refuse(c net.Conn, why Refusal) { Refuse(c, h.Refusals[why]) }

// Start starts serving a protocol server just made (by its NewServer,
// whose results it takes), for the servers' own Start functions.
func Start[S interface{ StartServing() error }](s S, err error) (S, error) {
	var none S
	if err != nil {
		return none, err
	}
	if err := s.StartServing(); err != nil {
		return none, err
	}
	return s, nil
}
