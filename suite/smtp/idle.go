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

// idleWait is how long the idle case stays silent (spec.IdleWait).
func idleWait(t *target.Target) time.Duration { return spec.IdleWait(t, 5*time.Minute) }

// caseLimit is the case's overall bound (spec.CaseLimit), the idle case's
// wait on top.
func caseLimit(t *target.Target, c Case) time.Duration {
	if c.ID == idleCaseID {
		return spec.CaseLimit(t, idleWait(t))
	}
	return spec.CaseLimit(t, 0)
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
