package spec

import (
	"fmt"
	"runtime/debug"
)

// Verdict is a case's result (see DESIGN.md, "Verdicts").
type Verdict string

const (
	Pass  Verdict = "pass"  // the behaviour is as the RFC requires
	Fail  Verdict = "fail"  // a MUST or MUST NOT is broken
	Warn  Verdict = "warn"  // a SHOULD or SHOULD NOT is broken
	Info  Verdict = "info"  // a MAY, or an open choice, recorded for comparison
	Skip  Verdict = "skip"  // not applicable: extension not advertised, no credentials
	Error Verdict = "error" // the case could not run: refused, TLS failure, deadline
)

// FailsRun reports whether the verdict fails a run; warnings do only when
// strict.
func (v Verdict) FailsRun(strict bool) bool {
	return v == Fail || v == Error || v == Warn && strict
}

// Outcome is what running a case came to.
type Outcome struct {
	Verdict Verdict
	// Message explains any verdict but pass: the check's Expected and
	// Actual, the skip reason, or the error.
	Message string
	// Transcripts holds each connection's transcript, in order.
	Transcripts []string
	// Breaches are the oracle breaches seen on the way (see Oracle); they
	// do not change the verdict.
	Breaches []Breach
}

// Signals a case body raises through panic, caught by Execute.
type (
	failure   struct{ message string }
	skipping  struct{ reason string }
	erroring  struct{ err error }
	recording struct{ note string }
	warning   struct{ message string }
)

// Failf stops the case as a broken requirement; its verdict is then Fail,
// Warn or Info by the case's level. Gomega failures come here too.
func Failf(format string, args ...any) { panic(failure{fmt.Sprintf(format, args...)}) }

// Skipf stops the case as not applicable.
func Skipf(format string, args ...any) { panic(skipping{fmt.Sprintf(format, args...)}) }

// Errorf stops the case as unable to run: the server could not be reached,
// a deadline passed, the wire broke in a way that says nothing about the
// requirement.
func Errorf(err error) { panic(erroring{err}) }

// Infof ends a MAY case that found the optional behaviour absent: the
// verdict is Info whatever the level, with the note.
func Infof(format string, args ...any) { panic(recording{fmt.Sprintf(format, args...)}) }

// Execute runs body and turns how it ended into an outcome for a case of
// the given level, strict or not (Case.Strict). transcripts is called
// last, to collect the wire logs.
func Execute(level Level, strict bool, body func(), transcripts func() []string) (out Outcome) {
	defer func() {
		out.Transcripts = transcripts()
	}()
	defer func() {
		v := recover()
		switch v := v.(type) {
		case nil:
			out.Verdict = Pass
		case failure:
			out.Verdict, out.Message = FailureVerdict(level, strict), v.message
		case skipping:
			out.Verdict, out.Message = Skip, v.reason
		case erroring:
			out.Verdict, out.Message = Error, v.err.Error()
		case recording:
			out.Verdict, out.Message = Info, v.note
		case warning:
			out.Verdict, out.Message = Warn, v.message
		default:
			out.Verdict, out.Message = Error, fmt.Sprintf("case panicked: %v\n%s", v, debug.Stack())
		}
	}()
	body()
	return Outcome{}
}

// FailureVerdict is what a broken check of a case comes to: fail for a
// MUST, warn for a SHOULD or for lenient acceptance (a strict case), info
// for a MAY.
func FailureVerdict(level Level, strict bool) Verdict {
	if strict && level != MAY {
		return Warn
	}
	switch level {
	case SHOULD:
		return Warn
	case MAY:
		return Info
	}
	return Fail
}
