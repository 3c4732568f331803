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

// autologoutWait is how long the case stays silent (spec.IdleWait).
func autologoutWait(t *target.Target) time.Duration { return spec.IdleWait(t, 10*time.Minute) }

// caseLimit is the case's overall bound (spec.CaseLimit), the autologout
// case's wait on top.
func caseLimit(t *target.Target, c Case) time.Duration {
	if c.ID == autologoutCaseID {
		return spec.CaseLimit(t, autologoutWait(t))
	}
	return spec.CaseLimit(t, 0)
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
