package spec

import (
	"time"

	"github.com/mailspec/mailspec/suite/target"
)

// IdleMargin is taken off an RFC's timeout by a case that stays silent to
// see the server keep waiting: the server's clock starts when it sends its
// reply, the suite's when the reply arrives, and the suite's next command
// takes as long again to reach the server. Two seconds keep the transit
// from counting against the server.
const IdleMargin = 2 * time.Second

// IdleWait is how long a case stays silent to test the server's timeout,
// which the RFC sets at rfc: the target's IdleWait (the suite's own
// tests), or rfc less IdleMargin.
func IdleWait(t *target.Target, rfc time.Duration) time.Duration {
	if t.IdleWait > 0 {
		return t.IdleWait
	}
	return rfc - IdleMargin
}

// CaseLimit is a case's overall bound: -case-timeout, or CaseRounds times
// the target's Timeout, with wait on top (the silence of a case that
// idles, or 0).
func CaseLimit(t *target.Target, wait time.Duration) time.Duration {
	limit := t.CaseTimeout
	if limit <= 0 {
		limit = CaseRounds * t.Timeout
	}
	return limit + wait
}
