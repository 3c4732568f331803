// Package smtp is the reference SMTP server: a strict reading of RFC 5321
// and the extensions it advertises (PIPELINING, SIZE, 8BITMIME,
// ENHANCEDSTATUSCODES, STARTTLS, AUTH PLAIN and LOGIN, CHUNKING, SMTPUTF8),
// delivering durably into a Maildir store. It is the model every
// conformance case is measured against, so where the RFC leaves a choice it
// takes the strictest, and every relaxation is a named Config option.
package smtp

import (
	"net"

	"github.com/mailspec/mailspec/reference/internal/serving"
)

// Server is a running or runnable reference SMTP server.
type Server struct {
	cfg         Config
	authLimiter *authLimiter
	greylist    greylist // Alternatives.Greylist
	// Endpoint serves the sessions: Addr, Serve, ListenAndServe and
	// Shutdown. Past MaxConnections, or MaxConnectionsPerClient from one
	// address, a connection is answered 421 and closed (RFC 5321 §3.8);
	// at Shutdown every live session is told 421 at its next chance (one
	// waiting for a command at once; one in the middle of a message drops
	// it unacknowledged).
	serving.Endpoint
}

// ErrServerClosed is returned by Serve after Shutdown.
var ErrServerClosed = serving.ErrClosed

// NewServer checks cfg, fills in defaults and returns a server that is not
// yet listening.
func NewServer(cfg Config) (*Server, error) {
	if err := cfg.setDefaults(); err != nil {
		return nil, err
	}
	s := &Server{cfg: cfg, authLimiter: newAuthLimiter(cfg.authFailuresPerClient(), cfg.AuthFailureWindow)}
	s.Bind(serving.NewGroup("smtp", serving.Limits{MaxSessions: cfg.MaxConnections, MaxPerAddress: cfg.MaxConnectionsPerClient}, cfg.Logger),
		cfg.Addr, serving.Sessions{
			New: func(c net.Conn) serving.Session { return newSession(s, c) },
			Refusals: map[serving.Refusal]string{
				serving.Full:         replyTooManyConns.Format(),
				serving.AddressFull:  replyTooManyFromClient.Format(),
				serving.ShuttingDown: replyShuttingDown.Format(),
			},
		})
	return s, nil
}

// Start listens on cfg.Addr (by default an ephemeral loopback port) and
// serves in the background. It is the embedding API: tests and the
// conformance suite's default target use it.
func Start(cfg Config) (*Server, error) { return serving.Start(NewServer(cfg)) }
