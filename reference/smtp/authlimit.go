package smtp

import (
	"sync"
	"time"
)

// authLimiter counts failed AUTH attempts per client address across
// sessions, so that opening many connections does not multiply the guesses
// a client may make: past the limit within the window, AUTH is refused
// with 454 without checking the credentials (RFC 4954 §6: "454 4.7.0
// Temporary authentication failure").
type authLimiter struct {
	limit  int
	window time.Duration

	mu       sync.Mutex
	failures map[string][]time.Time // per address, oldest first
}

func newAuthLimiter(limit int, window time.Duration) *authLimiter {
	return &authLimiter{limit: limit, window: window, failures: make(map[string][]time.Time)}
}

// blocked reports whether addr has used up its failures for now.
func (l *authLimiter) blocked(addr string, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.prune(addr, now)) >= l.limit
}

// fail records a failed attempt from addr.
func (l *authLimiter) fail(addr string, now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.failures[addr] = append(l.prune(addr, now), now)
}

// prune drops failures older than the window; it forgets addresses with
// none left, so the map holds only recent offenders. Call with mu held.
func (l *authLimiter) prune(addr string, now time.Time) []time.Time {
	times := l.failures[addr]
	i := 0
	for i < len(times) && now.Sub(times[i]) > l.window {
		i++
	}
	times = times[i:]
	if len(times) == 0 {
		delete(l.failures, addr)
		return nil
	}
	l.failures[addr] = times
	return times
}
