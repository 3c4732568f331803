package spec

import (
	"fmt"

	"github.com/mailspec/mailspec/suite/wire"
)

// Mismatch is a check that did not hold, as every report shows it: what
// was sent or checked, what the RFC requires, and what came instead.
type Mismatch struct {
	What     string
	Expected string
	Actual   string
}

// String is the mismatch as the case's message: the subject, then
// "Expected:" and "Actual:" lines aligned. What is shown with wire.Visible,
// so control characters in a command appear as <CR>, <LF>.
func (m Mismatch) String() string {
	return fmt.Sprintf("%s\nExpected: %s\nActual:   %s", wire.Visible([]byte(m.What)), m.Expected, m.Actual)
}

// Expected ends the case as a broken requirement (Failf) with the
// mismatch: what was sent, what the RFC requires, and what came.
func Expected(what, expected, actual string) {
	panic(failure{Mismatch{What: what, Expected: expected, Actual: actual}.String()})
}

// Inconclusive ends the case as an error (Errorf) with the mismatch and a
// reason first: a temporary refusal, say, that keeps it from concluding.
func Inconclusive(reason, what, expected, actual string) {
	panic(erroring{fmt.Errorf("%s\n%s", reason, Mismatch{What: what, Expected: expected, Actual: actual})})
}
