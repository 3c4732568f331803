package smtp

// RFC 5321 §4.5.3.2.7: the server's timeout while it waits for the next
// command. The one case where timing is the subject: it stays silent for
// five minutes, so it runs only when the target opts in (-slow,
// MAILSPEC_SLOW=1), and skips before connecting otherwise.

import (
	"time"

	"github.com/mailspec/mailspec/suite/spec"
	"github.com/mailspec/mailspec/suite/target"
)

// idleCaseID is the case that idles; its bound is lengthened by the wait.
const idleCaseID = "smtp-4.5.3.2.7-idle-five-minutes"

// idleMargin is taken off the RFC's five minutes: the server's clock
// starts when it sends its reply, the suite's when the reply arrives, and
// the suite's next command takes as long again to reach the server. Two
// seconds keep the transit from counting against the server.
const idleMargin = 2 * time.Second

// idleWait is how long the idle case stays silent: the target's IdleWait
// (the suite's own tests), or five minutes less idleMargin.
func idleWait(t *target.Target) time.Duration {
	if t.IdleWait > 0 {
		return t.IdleWait
	}
	return 5*time.Minute - idleMargin
}

// caseLimit is the case's overall bound: -case-timeout, or CaseRounds
// times Timeout, and for the idle case the wait on top.
func caseLimit(t *target.Target, c Case) time.Duration {
	limit := t.CaseTimeout
	if limit <= 0 {
		limit = CaseRounds * t.Timeout
	}
	if c.ID == idleCaseID {
		limit += idleWait(t)
	}
	return limit
}

var _ = register(Case{
	ID: idleCaseID, RFC: "5321", Section: "4.5.3.2.7", Level: SHOULD,
	Quote: `An SMTP server SHOULD have a timeout of at least 5 minutes while it is awaiting the next command from the sender.`,
	Does:  "only with -slow: sends EHLO (250), stays silent for 5 minutes (less 2 seconds for transit), then NOOP; requires 250, the session still open",
	Run: func(s *Session) {
		if !s.T.Slow {
			spec.Skipf("the case takes minutes by design and the target did not opt in to slow cases (-slow, %s=1)", target.EnvSlow)
		}
		s.Ehlo()
		select {
		case <-time.After(idleWait(s.T)):
		case <-s.conns.Done(): // the NOOP below then reports the closed connection
		}
		s.Sync()
	},
})
