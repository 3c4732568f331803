package pop3

import (
	"log/slog"
	"net"
	"sync"

	"github.com/mailspec/mailspec/reference/internal/serving"
)

// ErrServerClosed is returned by Serve and ListenAndServe after Shutdown.
var ErrServerClosed = serving.ErrClosed

// Server is a POP3 server. Create one with NewServer.
type Server struct {
	cfg Config
	log *slog.Logger
	// Endpoint serves the sessions: Addr, Serve, ListenAndServe and
	// Shutdown. Past MaxConnections, or MaxConnectionsPerClient from one
	// address, a connection is answered -ERR [SYS/TEMP] and closed. At
	// Shutdown every live session is told -ERR [SYS/TEMP] and closed
	// without entering the UPDATE state: no message is deleted (RFC 1939
	// §6); one answering a command is interrupted once it waits for the
	// next, or during a login delay.
	serving.Endpoint

	// shared holds the open maildrop of each user logged in, by name, for
	// Faults.ShareLockedMaildrop only.
	shared sync.Map

	// testHook, if set, is called with each command keyword before it is
	// dispatched; tests use it to make a session panic.
	testHook func(keyword string)
}

// NewServer checks cfg, fills in its defaults and returns a Server.
func NewServer(cfg Config) (*Server, error) {
	if err := cfg.setDefaults(); err != nil {
		return nil, err
	}
	s := &Server{cfg: cfg, log: cfg.Logger}
	s.Bind(serving.NewGroup("pop3", serving.Limits{MaxSessions: cfg.MaxConnections, MaxPerAddress: cfg.MaxConnectionsPerClient}, cfg.Logger),
		cfg.Addr, serving.Sessions{
			New: func(c net.Conn) serving.Session { return newSession(s, c) },
			Refusals: map[serving.Refusal]string{
				serving.Full:         replyTooManyConnections.String() + "\r\n",
				serving.AddressFull:  replyTooManyFromClient.String() + "\r\n",
				serving.ShuttingDown: replyShutdown.String() + "\r\n",
			},
		})
	return s, nil
}
