package main

import (
	"encoding/json"
	"encoding/xml"
	"os"
	"path/filepath"

	"github.com/onsi/ginkgo/v2"
	"github.com/onsi/ginkgo/v2/reporters"

	"github.com/mailspec/mailspec/suite/spec"
)

// writeJUnit writes the run's JUnit XML: Ginkgo's, with two changes so
// that what a CI shows matches the verdicts (DESIGN.md, "Verdicts").
//
// A warning (a SHOULD broken) passes in Ginkgo unless the run is strict,
// so Ginkgo's JUnit shows it as a plain pass. JUnit has no state between
// pass and failure, and <properties> and <system-out> of a passed test
// are shown by almost no consumer. A <skipped message="warn: …"> is: the
// JUnit plugin of Jenkins, GitLab's test report and the GitHub Actions
// JUnit reporters all list skipped tests with their message, and none
// fails a build for them. So a warning of a run that is not strict is
// written as skipped, with status "warn" and the message starting
// "warn:"; under -strict it is the failure Ginkgo already made of it.
//
// An error verdict (the case could not conclude) is written as <error>,
// not <failure>: JUnit's own split between a test that could not run
// properly and one whose assertion failed.
func writeJUnit(r ginkgo.Report, path string, strict bool) error {
	tmp := path + ".ginkgo"
	if err := reporters.GenerateJUnitReportWithConfig(r, tmp, reporters.JunitReportConfig{OmitTimelinesForSpecState: 0}); err != nil {
		return err
	}
	defer os.Remove(tmp)
	b, err := os.ReadFile(tmp)
	if err != nil {
		return err
	}
	var suites reporters.JUnitTestSuites
	if err := xml.Unmarshal(b, &suites); err != nil {
		return err
	}
	for i := range suites.TestSuites {
		s := &suites.TestSuites[i]
		for j := range s.TestCases {
			tc := &s.TestCases[j]
			if tc.Properties == nil {
				continue
			}
			verdict := unquote(tc.Properties.WithName(spec.EntryVerdict))
			message := unquote(tc.Properties.WithName(spec.EntryMessage))
			switch {
			case verdict == string(spec.Warn) && !strict && tc.Failure == nil && tc.Skipped == nil:
				tc.Status = string(spec.Warn)
				tc.Skipped = &reporters.JUnitSkipped{Message: "warn: " + message}
				s.Skipped++
				suites.Disabled++ // Ginkgo counts skipped specs there too
			case verdict == string(spec.Error) && tc.Failure != nil:
				tc.Error = &reporters.JUnitError{Message: tc.Failure.Message, Type: string(spec.Error), Description: tc.Failure.Description}
				tc.Failure = nil
				tc.Status = string(spec.Error)
				s.Failures--
				s.Errors++
				suites.Failures--
				suites.Errors++
			}
		}
	}
	out, err := xml.MarshalIndent(suites, "", "  ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, append([]byte(xml.Header), append(out, '\n')...), 0o644)
}

// unquote reads a report entry's value as Ginkgo's JUnit writes it: JSON.
func unquote(v string) string {
	var s string
	if json.Unmarshal([]byte(v), &s) != nil {
		return v
	}
	return s
}
