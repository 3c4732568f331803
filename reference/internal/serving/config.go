package serving

import (
	"errors"
	"fmt"
	"log/slog"
)

// Both servers' Config types follow one convention for their int, int64
// and time.Duration fields, applied by the helpers below so that each
// server's checks read alike:
//
//   - zero means the field's default;
//   - negative means "off" for a field that may be switched off: a delay
//     (smtp.Config.AuthFailureDelay, pop3.Config.LoginDelay) or a count
//     of errors that ends a session (MaxErrors, smtp.Config.MaxAuthFailures),
//     which no RFC requires and without which the session is still bounded
//     by its timeouts;
//   - negative is refused with an error for every other field: a size, a
//     line length, a timeout, a window, a cap on connections. Off makes no
//     sense for them, since the reference server bounds every buffer, line,
//     message, connection and timeout, and many have RFC minimums, below
//     which each server refuses a value as well.

// number is the kinds of Config field the convention covers;
// time.Duration is an int64.
type number interface{ ~int | ~int64 }

// Default applies the convention to a field that cannot be switched off:
// zero becomes d, and a negative value is an error naming the field. The
// server adds its own prefix to the error.
func Default[T number](v *T, d T, field string) error {
	switch {
	case *v == 0:
		*v = d
	case *v < 0:
		return fmt.Errorf("%s is %v: negative is refused (zero means the default, %v)", field, *v, d)
	}
	return nil
}

// DefaultOrOff applies the convention to a field that may be switched
// off: zero becomes d, and a negative value is kept, meaning off.
func DefaultOrOff[T number](v *T, d T) {
	if *v == 0 {
		*v = d
	}
}

// Reached reports whether count has reached limit, a field set by
// DefaultOrOff: never when the limit is off.
func Reached(count, limit int) bool { return limit > 0 && count >= limit }

// The connection caps both servers default to, in Limits' terms.
const (
	// DefaultMaxSessions is the default of MaxConnections.
	DefaultMaxSessions = 100
	// DefaultMaxPerAddress is the default of MaxConnectionsPerClient.
	DefaultMaxPerAddress = 20
)

// Common checks and fills in the fields both servers' Configs have: the
// store and the users, which are required (haveStoreAndUsers), the
// listening address, the host name the server gives itself, and the
// logger, which discards by default. The server adds its own prefix to
// the error.
func Common(haveStoreAndUsers bool, addr *string, defaultAddr string, hostname *string, logger **slog.Logger) error {
	if !haveStoreAndUsers {
		return errors.New("Config.Store and Config.Users are required")
	}
	if *addr == "" {
		*addr = defaultAddr
	}
	if *hostname == "" {
		*hostname = "localhost"
	}
	if *logger == nil {
		*logger = slog.New(slog.DiscardHandler)
	}
	return nil
}
