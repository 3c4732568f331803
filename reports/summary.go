package reports

import (
	"fmt"
	"io"
	"strings"

	"github.com/mailspec/mailspec/suite/spec"
)

// WriteSummary writes the closing summary of a run for a person at a
// terminal or reading a CI log: the target, each case that did not pass
// with what happened, and the counts. It holds no colour codes.
func WriteSummary(w io.Writer, r *Run) error {
	var b strings.Builder
	fmt.Fprintf(&b, "\nmailspec conformance of %s\n", r.Target.Name)
	for _, c := range r.Cases {
		if c.Verdict == spec.Pass && c.Known == nil {
			continue
		}
		mark := ""
		switch c.Status(r.Options.Strict) {
		case StatusExpected:
			mark = " (expected)"
		case StatusUnexpectedPass:
			mark = " (unexpected pass: expected to deviate)"
		}
		text := Headline(c.Message)
		if c.Verdict == spec.Pass {
			text = c.Known.Reason
		}
		fmt.Fprintf(&b, "  %-5s %s%s: %s\n", c.Verdict, c.ID, mark, text)
	}
	b.WriteString(r.Counts().String())
	if r.Options.Strict {
		b.WriteString(" (strict: warnings fail the run)")
	}
	if n, u := r.knownCounts(); n+u > 0 {
		fmt.Fprintf(&b, "; %d deviations as expected, %d unexpected passes", n, u)
	}
	b.WriteString("\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// knownCounts counts the cases that deviate as expected and those
// expected to deviate that passed.
func (r *Run) knownCounts() (expected, unexpectedPass int) {
	for _, c := range r.Cases {
		switch c.Status(r.Options.Strict) {
		case StatusExpected:
			expected++
		case StatusUnexpectedPass:
			unexpectedPass++
		}
	}
	return expected, unexpectedPass
}

// WriteVerdicts writes one "ID<TAB>verdict" line per case, sorted by ID:
// a file a script can diff between runs and servers.
func WriteVerdicts(w io.Writer, r *Run) error {
	var b strings.Builder
	for _, c := range r.Cases {
		fmt.Fprintf(&b, "%s\t%s\n", c.ID, c.Verdict)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// Headline is a message's first line and, for a check that reports
// Expected and Actual, what actually happened: enough to see at a glance
// what the server did, the rest being in the reports.
func Headline(message string) string {
	lines := strings.Split(message, "\n")
	for _, l := range lines[1:] {
		if actual, ok := strings.CutPrefix(l, "Actual:"); ok {
			return lines[0] + ": " + strings.TrimSpace(actual)
		}
	}
	return lines[0]
}
