package pop3

import (
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/mailspec/mailspec/reference/internal/serving"
	"github.com/mailspec/mailspec/reference/mailstore"
	"github.com/mailspec/mailspec/reference/users"
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
	DefaultMaxConnections = serving.DefaultMaxSessions
	// DefaultMaxConnectionsPerClient bounds concurrent sessions from one
	// client address.
	DefaultMaxConnectionsPerClient = serving.DefaultMaxPerAddress
	// DefaultMaxErrors is how many -ERR replies end a session.
	DefaultMaxErrors = 20
)

// Config configures a Server. Store and Users are required; every other
// field has a default. Its int and time.Duration fields follow the
// convention smtp.Config follows too: zero means the default; negative
// means off where a field says so (a delay, a count of errors that ends a
// session) and is refused by NewServer otherwise, as is a value below an
// RFC minimum.
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
	// without entering the UPDATE state (RFC 1939 §3: at least 10
	// minutes). It also bounds each write. Zero: DefaultAutologoutTimeout;
	// negative, or under 10 minutes without AllowShortAutologout: refused.
	AutologoutTimeout time.Duration
	// AllowShortAutologout permits an AutologoutTimeout under the 10
	// minutes RFC 1939 §3 requires, for tests and fuzzing.
	AllowShortAutologout bool
	// LoginDelay is how long a failed USER/PASS, APOP or AUTH waits before
	// its -ERR reply (response code AUTH), to slow password guessing.
	// Zero: DefaultLoginDelay; negative: no delay (as
	// smtp.Config.AuthFailureDelay).
	LoginDelay time.Duration
	// MaxConnections bounds concurrent sessions; a connection over the
	// limit is answered -ERR (response code SYS/TEMP) and closed. Zero:
	// DefaultMaxConnections; negative: refused.
	MaxConnections int
	// MaxConnectionsPerClient bounds concurrent sessions from one client
	// IP address, so that one client cannot starve the others; a
	// connection over it is answered -ERR [SYS/TEMP] and closed. Zero:
	// DefaultMaxConnectionsPerClient; negative: refused.
	MaxConnectionsPerClient int
	// MaxErrors is how many -ERR replies a session may earn before it is
	// closed. Zero: DefaultMaxErrors; negative: no limit (as
	// smtp.Config.MaxErrors).
	MaxErrors int
	// Logger receives the server's log. Default: discard.
	Logger *slog.Logger
	// Alternatives are choices the RFCs allow that the strict server does
	// not make; all off by default.
	Alternatives Alternatives
	// Faults, for the conformance suite's own tests only, breaks named
	// rules; nil in every real use.
	Faults *Faults
}

// setDefaults checks c and fills in its defaults, as NewServer does, by
// the convention in Config's doc.
func (c *Config) setDefaults() error {
	if err := serving.Common(c.Store != nil && c.Users != nil, &c.Addr, DefaultAddr, &c.Hostname, &c.Logger); err != nil {
		return fmt.Errorf("pop3: %w", err)
	}
	if len(c.Hostname) > maxHostname || strings.ContainsFunc(c.Hostname, func(r rune) bool { return r <= ' ' || r >= 0x7f || r == '<' || r == '>' }) {
		return fmt.Errorf("pop3: bad Hostname %q", c.Hostname)
	}
	// The numeric fields, by the convention of serving.Default: zero is
	// the default, negative is refused, but for the ones that may be off.
	if err := errors.Join(
		serving.Default(&c.AutologoutTimeout, DefaultAutologoutTimeout, "AutologoutTimeout"),
		serving.Default(&c.MaxConnections, DefaultMaxConnections, "MaxConnections"),
		serving.Default(&c.MaxConnectionsPerClient, DefaultMaxConnectionsPerClient, "MaxConnectionsPerClient"),
	); err != nil {
		return fmt.Errorf("pop3: Config: %w", err)
	}
	serving.DefaultOrOff(&c.MaxErrors, DefaultMaxErrors)
	serving.DefaultOrOff(&c.LoginDelay, DefaultLoginDelay)
	if c.AutologoutTimeout < DefaultAutologoutTimeout && !c.AllowShortAutologout {
		return fmt.Errorf("pop3: AutologoutTimeout %v is under the 10 minutes RFC 1939 §3 requires (set AllowShortAutologout)", c.AutologoutTimeout)
	}
	return nil
}
