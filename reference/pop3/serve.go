package pop3

import (
	"context"
	"errors"
	"net"

	"github.com/mailspec/mailspec/reference/internal/serving"
)

// Start returns a server already serving on Config.Addr (DefaultAddr,
// a free loopback port, if empty) in a goroutine: for tests and for
// embedding. Stop it with Shutdown.
func Start(cfg Config) (*Server, error) {
	s, err := NewServer(cfg)
	if err != nil {
		return nil, err
	}
	if err := s.group.Start(s.cfg.Addr, handler{s}); err != nil {
		if errors.Is(err, serving.ErrClosed) {
			return nil, ErrServerClosed
		}
		return nil, err
	}
	return s, nil
}

// ListenAndServe listens on Config.Addr and serves until Shutdown.
func (s *Server) ListenAndServe() error {
	return s.group.ListenAndServe(s.cfg.Addr, handler{s})
}

// Addr is the address of the first listener, or nil before one is served.
func (s *Server) Addr() net.Addr { return s.group.Addr() }

// Serve accepts connections on l and serves each in its own goroutine
// until Shutdown, when it returns ErrServerClosed. It closes l. Past
// MaxConnections a connection is answered -ERR [SYS/TEMP] and closed.
func (s *Server) Serve(l net.Listener) error {
	return s.group.Serve(l, handler{s})
}

// Shutdown stops accepting connections, tells each live session
// -ERR with the SYS/TEMP response code and closes it, without entering the UPDATE state: no
// message is deleted (RFC 1939 §6). A session answering a command is
// interrupted once it waits for the next one, or during a login delay. If
// ctx ends first, the remaining connections are closed at once and
// Shutdown returns ctx's error.
func (s *Server) Shutdown(ctx context.Context) error {
	return s.group.Shutdown(ctx)
}

// handler makes POP3 sessions for the serving group.
type handler struct{ srv *Server }

func (h handler) NewSession(c net.Conn) serving.Session { return newSession(h.srv, c) }

// Refuse answers a connection that gets no session, and closes it.
func (h handler) Refuse(c net.Conn, why serving.Refusal) {
	r := replyTooManyConnections
	switch why {
	case serving.ShuttingDown:
		r = replyShutdown
	case serving.AddressFull:
		r = replyTooManyFromClient
	}
	serving.Refuse(c, r.String()+"\r\n")
}
