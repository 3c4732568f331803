package pop3

import (
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"strings"
	"sync"
	"time"

	"github.com/mailspec/mailspec/reference/mailstore"
	"github.com/mailspec/mailspec/reference/users"

	"github.com/mailspec/mailspec/reference/internal/serving"
)

// maxHostname keeps the greeting, which holds the name twice with APOP,
// within the 512 octets RFC 1939 §3 allows a response line.
const maxHostname = 200

// Defaults for Config's zero values.
const (
	DefaultAddr = "127.0.0.1:0"
	// DefaultAutologoutTimeout is the shortest autologout timer RFC 1939 §3
	// allows: "Such a timer MUST be of at least 10 minutes' duration."
	DefaultAutologoutTimeout = 10 * time.Minute
	// DefaultLoginDelay is the pause before a failed login is answered.
	DefaultLoginDelay = time.Second
	// DefaultMaxConnections bounds concurrent sessions.
	DefaultMaxConnections = 100
	// DefaultMaxConnectionsPerClient bounds concurrent sessions from one
	// client address.
	DefaultMaxConnectionsPerClient = 20
	// DefaultMaxErrors is how many -ERR replies end a session.
	DefaultMaxErrors = 20
)

// Config configures a Server. Store and Users are required; every other
// field has a default.
type Config struct {
	// Addr is the address ListenAndServe listens on; DefaultAddr if empty.
	Addr string
	// Hostname names the server in the greeting and in the APOP timestamp
	// (RFC 1939 §7); "localhost" if empty, as for the SMTP server.
	Hostname string
	// Store holds the maildrops; Users says who may open them.
	Store *mailstore.Store
	Users *users.Directory
	// TLSConfig, if set, enables STLS (RFC 2595 §4).
	TLSConfig *tls.Config
	// AllowInsecureAuth permits USER/PASS and SASL PLAIN without TLS.
	// Off, they are neither advertised nor accepted until STLS has
	// succeeded, the configuration RFC 5034 §4 requires a server to have
	// and RFC 4616 §1 recommends as the default.
	AllowInsecureAuth bool
	// AllowAPOP enables APOP (RFC 1939 §7) and puts the timestamp it needs
	// in the greeting. APOP sends no password, so it is accepted without
	// TLS. Off by default: RFC 1939 §13 says a server should not allow both
	// PASS and APOP for one user, and the users directory has one secret
	// for both.
	AllowAPOP bool
	// AutologoutTimeout ends a session that sends nothing for this long,
	// without entering the UPDATE state (RFC 1939 §3). It also bounds each
	// write. DefaultAutologoutTimeout if zero.
	AutologoutTimeout time.Duration
	// AllowShortAutologout permits an AutologoutTimeout under the 10
	// minutes RFC 1939 §3 requires, for tests and fuzzing.
	AllowShortAutologout bool
	// LoginDelay is how long a failed USER/PASS, APOP or AUTH waits before
	// its -ERR reply (response code AUTH), to slow password guessing. DefaultLoginDelay
	// if zero; negative for no delay.
	LoginDelay time.Duration
	// MaxConnections bounds concurrent sessions; a connection over the
	// limit is answered -ERR (response code SYS/TEMP) and closed. DefaultMaxConnections
	// if zero.
	MaxConnections int
	// MaxConnectionsPerClient bounds concurrent sessions from one client
	// IP address, so that one client cannot starve the others; a
	// connection over it is answered -ERR [SYS/TEMP] and closed.
	// DefaultMaxConnectionsPerClient if zero.
	MaxConnectionsPerClient int
	// MaxErrors is how many -ERR replies a session may earn before it is
	// closed. DefaultMaxErrors if zero; negative for no limit.
	MaxErrors int
	// Logger receives the server's log; nothing is logged if nil.
	Logger *slog.Logger
	// Alternatives are choices the RFCs allow that the strict server does
	// not make; all off by default.
	Alternatives Alternatives
	// Faults, for the conformance suite's own tests only, breaks named
	// rules; nil in every real use.
	Faults *Faults
}

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
	if cfg.Store == nil || cfg.Users == nil {
		return nil, errors.New("pop3: Config.Store and Config.Users are required")
	}
	if cfg.Addr == "" {
		cfg.Addr = DefaultAddr
	}
	if cfg.Hostname == "" {
		cfg.Hostname = "localhost"
	}
	if len(cfg.Hostname) > maxHostname || strings.ContainsFunc(cfg.Hostname, func(r rune) bool { return r <= ' ' || r >= 0x7f || r == '<' || r == '>' }) {
		return nil, fmt.Errorf("pop3: bad Hostname %q", cfg.Hostname)
	}
	switch {
	case cfg.AutologoutTimeout == 0:
		cfg.AutologoutTimeout = DefaultAutologoutTimeout
	case cfg.AutologoutTimeout < 0:
		return nil, errors.New("pop3: negative AutologoutTimeout")
	case cfg.AutologoutTimeout < 10*time.Minute && !cfg.AllowShortAutologout:
		return nil, fmt.Errorf("pop3: AutologoutTimeout %v is under the 10 minutes RFC 1939 §3 requires (set AllowShortAutologout)", cfg.AutologoutTimeout)
	}
	if cfg.LoginDelay == 0 {
		cfg.LoginDelay = DefaultLoginDelay
	}
	if cfg.MaxConnections <= 0 {
		cfg.MaxConnections = DefaultMaxConnections
	}
	if cfg.MaxConnectionsPerClient <= 0 {
		cfg.MaxConnectionsPerClient = DefaultMaxConnectionsPerClient
	}
	if cfg.MaxErrors == 0 {
		cfg.MaxErrors = DefaultMaxErrors
	}
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	s := &Server{cfg: cfg, log: log}
	s.Bind(serving.NewGroup("pop3", serving.Limits{MaxSessions: cfg.MaxConnections, MaxPerAddress: cfg.MaxConnectionsPerClient}, log),
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
