package reports

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"

	"github.com/onsi/ginkgo/v2/reporters"

	"github.com/mailspec/mailspec/suite/spec"
)

// WriteJUnit writes the run as JUnit XML, in the schema of Ginkgo's JUnit
// reporter (its types), one testsuite per protocol, so that what a CI
// shows matches the verdicts (DESIGN.md, "Verdicts"):
//
//   - fail is a <failure>; error an <error>, JUnit's own split between a
//     test that could not run properly and one whose assertion failed.
//   - warn, in a run that is not strict, is a <skipped message="warn: …">
//     with status "warn". JUnit has no state between pass and failure,
//     and the properties and output of a passed test are shown by almost
//     no consumer; a skipped test's message is: the JUnit plugin of
//     Jenkins, GitLab's test report and the GitHub Actions JUnit reporters
//     list it, and none fails a build for it. Under -strict a warn is a
//     <failure message="warn (strict): …">.
//   - skip is <skipped>; info passes, its note in the properties.
//   - a known deviation (mailspec run -expect) is <skipped
//     message="expected failure: …">; a case expected to deviate that
//     passed is a <failure message="unexpected pass: …">.
//
// Every test case carries its verdict, RFC section, level and message as
// properties and, unless it passed, its transcripts as system-out.
func WriteJUnit(w io.Writer, r *Run) error {
	suites := reporters.JUnitTestSuites{Time: r.Duration.Seconds()}
	byProto := map[string]int{}
	for _, c := range r.Cases {
		i, ok := byProto[c.Protocol]
		if !ok {
			i = len(suites.TestSuites)
			byProto[c.Protocol] = i
			suites.TestSuites = append(suites.TestSuites, reporters.JUnitTestSuite{
				Name:      "mailspec " + strings.ToUpper(c.Protocol) + ": " + r.Target.Name,
				Package:   "mailspec/" + c.Protocol,
				Timestamp: r.Started.UTC().Format("2006-01-02T15:04:05"),
				Properties: reporters.JUnitProperties{Properties: []reporters.JUnitProperty{
					{Name: "target", Value: r.Target.Name},
					{Name: "tool", Value: strings.TrimSpace(r.Tool.Name + " " + r.Tool.Version)},
					{Name: "strict", Value: fmt.Sprint(r.Options.Strict)},
				}},
			})
		}
		s := &suites.TestSuites[i]
		tc := junitCase(c, r.Options.Strict)
		s.Tests++
		s.Time += c.Duration.Seconds()
		switch {
		case tc.Failure != nil:
			s.Failures++
		case tc.Error != nil:
			s.Errors++
		case tc.Skipped != nil:
			s.Skipped++
			suites.Disabled++
		}
		s.TestCases = append(s.TestCases, tc)
	}
	for _, s := range suites.TestSuites {
		suites.Tests += s.Tests
		suites.Failures += s.Failures
		suites.Errors += s.Errors
	}
	out, err := xml.MarshalIndent(suites, "", "  ")
	if err != nil {
		return err
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	_, err = w.Write(append(out, '\n'))
	return err
}

func junitCase(c Case, strict bool) reporters.JUnitTestCase {
	tc := reporters.JUnitTestCase{
		Name:      c.ID + ": " + c.Does,
		Classname: fmt.Sprintf("RFC %s section %s", c.RFC, c.Section),
		Status:    string(c.Verdict),
		Time:      c.Duration.Seconds(),
	}
	if c.Verdict != spec.Pass || c.Known != nil {
		tc.SystemOut = transcriptsText(c.Transcripts)
	}
	props := []reporters.JUnitProperty{
		{Name: "id", Value: c.ID},
		{Name: spec.EntryVerdict, Value: string(c.Verdict)},
		{Name: "rfc", Value: c.RFC},
		{Name: "section", Value: c.Section},
		{Name: "level", Value: string(c.Level)},
	}
	if c.Extension != "" {
		props = append(props, reporters.JUnitProperty{Name: "extension", Value: c.Extension})
	}
	if c.Message != "" {
		props = append(props, reporters.JUnitProperty{Name: spec.EntryMessage, Value: c.Message})
	}
	tc.Properties = &reporters.JUnitProperties{Properties: props}
	header := fmt.Sprintf("%s (RFC %s section %s, %s)\nRFC: %s\n", c.ID, c.RFC, c.Section, c.Level, c.Quote)
	switch st := c.Status(strict); {
	case st == StatusExpected:
		tc.Status = string(StatusExpected)
		tc.Skipped = &reporters.JUnitSkipped{Message: fmt.Sprintf("expected failure (%s): %s; %s", c.Verdict, c.Known.Reason, firstLine(c.Message))}
	case st == StatusUnexpectedPass:
		tc.Status = string(StatusUnexpectedPass)
		tc.Failure = &reporters.JUnitFailure{Message: "unexpected pass: expected to deviate: " + c.Known.Reason, Type: string(StatusUnexpectedPass), Description: header}
	case c.Verdict == spec.Fail:
		tc.Failure = &reporters.JUnitFailure{Message: "fail: " + header + c.Message, Type: string(spec.Fail), Description: header + c.Message}
	case c.Verdict == spec.Error:
		tc.Error = &reporters.JUnitError{Message: "error: " + header + c.Message, Type: string(spec.Error), Description: header + c.Message}
	case c.Verdict == spec.Warn && strict:
		tc.Failure = &reporters.JUnitFailure{Message: "warn (strict): " + header + c.Message, Type: string(spec.Warn), Description: header + c.Message}
	case c.Verdict == spec.Warn:
		tc.Skipped = &reporters.JUnitSkipped{Message: "warn: " + c.Message}
	case c.Verdict == spec.Skip:
		tc.Skipped = &reporters.JUnitSkipped{Message: "skip: " + c.Message}
	}
	return tc
}

// transcriptsText renders transcripts as suite/wire does, one connection
// after another.
func transcriptsText(ts []Transcript) string {
	var b strings.Builder
	for i, t := range ts {
		if i > 0 {
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "connection %d:\n", i+1)
		for _, l := range t {
			from := map[From]string{Client: "C:", Server: "S:", Event: "--"}[l.From]
			fmt.Fprintf(&b, "+%.3fs %s %s\n", l.At.Seconds(), from, l.Text)
		}
	}
	return b.String()
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}
