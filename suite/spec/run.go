package spec

import (
	"fmt"
	"strings"

	"github.com/mailspec/mailspec/suite/target"
)

// Opener starts a case's session against t. It returns the session, a
// function that collects the transcripts of every connection the session
// opened, and one that closes them. A server that cannot be reached is
// reported with Errorf, from inside the opener.
type Opener[S any] func(t *target.Target, c Case[S]) (s S, transcripts func() []string, closeAll func())

// Warner is a session that notes lesser breaches while its case runs: a
// rule of SHOULD strength broken on the way to the case's own check, such
// as an unusual reply code. A case that otherwise passes ends as Warn.
type Warner interface {
	Warnings() []string
}

// Bounded is a session whose case has an overall deadline. Once Overrun
// returns an error, the deadline has passed and the session's connections
// were cut: a case that then ends otherwise than pass or skip is Error,
// with that message, for it could not conclude in time.
type Bounded interface {
	Overrun() error
}

// Advertiser is a session that knows what the server advertised during
// the case (EHLO keywords, CAPA capabilities): listed says whether any
// reply of the case listed keyword, seen whether the case saw such a
// reply at all.
type Advertiser interface {
	Advertises(keyword string) (listed, seen bool)
}

// Run executes one case against t and returns its outcome. It is the one
// way cases run: Ginkgo specs call it, and so do the tests that break a
// rule in a test server and expect the case to fail.
func Run[S any](c Case[S], t *target.Target, open Opener[S]) Outcome {
	transcripts := func() []string { return nil }
	var session any
	out := Execute(c.Level, c.Strict, func() {
		s, tr, closeAll := open(t, c)
		transcripts, session = tr, s
		defer closeAll()
		if b, ok := any(s).(Bounded); ok {
			defer func() {
				err := b.Overrun()
				if err == nil {
					return
				}
				switch v := recover().(type) {
				case nil:
				case skipping:
					panic(v)
				default:
					panic(erroring{err})
				}
			}()
		}
		c.Run(s)
		if w, ok := any(s).(Warner); ok && len(w.Warnings()) > 0 {
			panic(warning{strings.Join(w.Warnings(), "\n")})
		}
	}, func() []string { return transcripts() })
	if b, ok := session.(Breacher); ok {
		out.Breaches = b.Breaches()
	}
	return unadvertised(c, session, out)
}

// unadvertised turns the failure of a case whose Extension the server
// never advertised into a skip: an extension case applies only to a
// server that offers the extension (Case.Extension). A case normally
// skips itself on finding the keyword missing; this is the rule for every
// case, whatever its body checks first.
func unadvertised[S any](c Case[S], session any, out Outcome) Outcome {
	a, ok := session.(Advertiser)
	if c.Extension == "" || !ok {
		return out
	}
	switch out.Verdict {
	case Fail, Warn, Info:
	default:
		return out
	}
	if listed, seen := a.Advertises(c.Extension); seen && !listed {
		out.Message = fmt.Sprintf("the server does not advertise %s (the case's failure, not counted: %s)", c.Extension, out.Message)
		out.Verdict = Skip
	}
	return out
}
