package smtp

import (
	"context"
	"fmt"
	"time"

	"github.com/mailspec/mailspec/suite/wire"
)

// CaseRounds is the default bound on a whole case, in multiples of the
// target's Timeout. Every read is bounded by Timeout, but a server that
// answers each command just inside it, or a case of a hundred commands
// against a slow server, would still stretch a case without end; the
// longest cases (100 recipients) make about 110 round trips against a
// server that answers at once, so 20 rounds is plenty for any server
// that answers promptly.
const CaseRounds = 20

// caseBound is a case's overall deadline: when it passes, every
// connection the case opened is closed, which ends any read in progress,
// and the case's verdict becomes error (spec.Bounded).
type caseBound struct {
	ctx    context.Context
	cancel context.CancelFunc
	limit  time.Duration
}

func newCaseBound(timeout, caseTimeout time.Duration) *caseBound {
	if caseTimeout <= 0 {
		caseTimeout = CaseRounds * timeout
	}
	ctx, cancel := context.WithTimeout(context.Background(), caseTimeout)
	return &caseBound{ctx: ctx, cancel: cancel, limit: caseTimeout}
}

// watch closes conn when the case's deadline passes.
func (b *caseBound) watch(conn *wire.Conn) {
	context.AfterFunc(b.ctx, func() { conn.Close() })
}

// Overrun reports, once the case's overall deadline has passed, that the
// case could not conclude within it (spec.Bounded).
func (s *Session) Overrun() error {
	if s.bound == nil || s.bound.ctx.Err() != context.DeadlineExceeded {
		return nil
	}
	return fmt.Errorf("the case did not finish within its bound of %s (-case-timeout): the server answers too slowly to conclude; its connections were closed", s.bound.limit)
}
