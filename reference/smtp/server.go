// Package smtp is the reference SMTP server: a strict reading of RFC 5321
// and the extensions it advertises (PIPELINING, SIZE, 8BITMIME,
// ENHANCEDSTATUSCODES, STARTTLS, AUTH PLAIN and LOGIN, CHUNKING, SMTPUTF8),
// delivering durably into a Maildir store. It is the model every
// conformance case is measured against, so where the RFC leaves a choice it
// takes the strictest, and every relaxation is a named Config option.
package smtp

import (
	"context"
	"errors"
	"net"

	"github.com/mailspec/mailspec/reference/internal/serving"
)

// Server is a running or runnable reference SMTP server.
type Server struct {
	cfg         Config
	authLimiter *authLimiter
	greylist    greylist // Alternatives.Greylist
	group       *serving.Group
}

// ErrServerClosed is returned by Serve after Shutdown.
var ErrServerClosed = serving.ErrClosed

// NewServer checks cfg, fills in defaults and returns a server that is not
// yet listening.
func NewServer(cfg Config) (*Server, error) {
	if err := cfg.setDefaults(); err != nil {
		return nil, err
	}
	return &Server{
		cfg:         cfg,
		authLimiter: newAuthLimiter(cfg.authFailuresPerClient(), cfg.AuthFailureWindow),
		group:       serving.NewGroup("smtp", serving.Limits{MaxSessions: cfg.MaxConnections, MaxPerAddress: cfg.MaxConnectionsPerClient}, cfg.Logger),
	}, nil
}

// Start listens on cfg.Addr (by default an ephemeral loopback port) and
// serves in the background. It is the embedding API: tests and the
// conformance suite's default target use it.
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

// ListenAndServe listens on cfg.Addr and serves until Shutdown.
func (s *Server) ListenAndServe() error {
	return s.group.ListenAndServe(s.cfg.Addr, handler{s})
}

// Addr is the address the server listens on, or nil before it listens.
func (s *Server) Addr() net.Addr { return s.group.Addr() }

// Serve accepts connections on l until Shutdown, one goroutine a session.
// Past MaxConnections a connection is answered 421 and closed.
func (s *Server) Serve(l net.Listener) error {
	return s.group.Serve(l, handler{s})
}

// Shutdown stops accepting connections, tells every live session 421 at
// its next chance (a session waiting for a command is woken at once; one
// in the middle of a message drops it unacknowledged) and waits for them to
// end or for ctx to be done, when the remaining connections are closed.
func (s *Server) Shutdown(ctx context.Context) error {
	return s.group.Shutdown(ctx)
}

// handler makes SMTP sessions for the serving group.
type handler struct{ srv *Server }

func (h handler) NewSession(c net.Conn) serving.Session { return newSession(h.srv, c) }

// Refuse answers a connection that will not be served with 421 (RFC 5321
// §3.8) and closes it.
func (h handler) Refuse(c net.Conn, why serving.Refusal) {
	r := replyTooManyConns
	switch why {
	case serving.ShuttingDown:
		r = replyShuttingDown
	case serving.AddressFull:
		r = replyTooManyFromClient
	}
	serving.Refuse(c, r.Format())
}
