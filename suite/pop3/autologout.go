package pop3

// RFC 1939 §3: the autologout timer. The one POP3 case where timing is
// the subject: it stays silent for ten minutes, so it runs only when the
// target opts in (-slow, MAILSPEC_SLOW=1), and skips before connecting
// otherwise.

import (
	"time"

	"github.com/mailspec/mailspec/suite/spec"
	"github.com/mailspec/mailspec/suite/target"
)

// autologoutCaseID is the case that idles; its bound is lengthened by the
// wait.
const autologoutCaseID = "pop3-3-autologout-ten-minutes"

// autologoutMargin is taken off the RFC's ten minutes: the server's clock
// starts when it sends its response, the suite's when the response
// arrives, and the suite's next command takes as long again to reach the
// server. Two seconds keep the transit from counting against the server.
const autologoutMargin = 2 * time.Second

// autologoutWait is how long the case stays silent: the target's IdleWait
// (the suite's own tests), or ten minutes less autologoutMargin.
func autologoutWait(t *target.Target) time.Duration {
	if t.IdleWait > 0 {
		return t.IdleWait
	}
	return 10*time.Minute - autologoutMargin
}

// caseLimit is the case's overall bound: -case-timeout, or CaseRounds
// times Timeout, and for the autologout case the wait on top.
func caseLimit(t *target.Target, c Case) time.Duration {
	limit := t.CaseTimeout
	if limit <= 0 {
		limit = spec.CaseRounds * t.Timeout
	}
	if c.ID == autologoutCaseID {
		limit += autologoutWait(t)
	}
	return limit
}

var _ = register(Case{
	ID: autologoutCaseID, RFC: "1939", Section: "3", Level: MUST,
	Quote: `A POP3 server MAY have an inactivity autologout timer.  Such a timer MUST be of at least 10 minutes' duration.`,
	Does:  "only with -slow: logs in, stays silent for 10 minutes (less 2 seconds for transit), then sends NOOP; requires +OK, the session still open",
	Run: func(s *Session) {
		if !s.T.Slow {
			spec.Skipf("the case takes ten minutes by design and the target did not opt in to slow cases (-slow, %s=1)", target.EnvSlow)
		}
		s.Login()
		select {
		case <-time.After(autologoutWait(s.T)):
		case <-s.conns.Done(): // the NOOP below then reports the closed connection
		}
		s.ExpectOK("NOOP")
	},
}, needCredentials)
