package main

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/onsi/ginkgo/v2"

	"github.com/mailspec/mailspec/suite/spec"
)

// verdictSummary counts a run's verdicts and keeps the cases that did
// not pass, for the closing summary.
type verdictSummary struct {
	counts  map[spec.Verdict]int
	all     []caseResult // every case run, by ID
	notable []caseResult // the ones that did not pass
}

type caseResult struct {
	id      string
	verdict spec.Verdict
	message string
}

// summarize reads the verdict each case recorded as a report entry.
func summarize(r ginkgo.Report) verdictSummary {
	s := verdictSummary{counts: map[spec.Verdict]int{}}
	for _, sr := range r.SpecReports {
		var id, verdict, message string
		for _, e := range sr.ReportEntries {
			switch e.Name {
			case spec.EntryCase:
				if c, ok := e.GetRawValue().(spec.CaseEntry); ok {
					id = c.ID
				}
			case spec.EntryVerdict:
				verdict = e.StringRepresentation()
			case spec.EntryMessage:
				message = e.StringRepresentation()
			}
		}
		if id == "" || verdict == "" {
			continue // not run (filtered out)
		}
		v := spec.Verdict(verdict)
		s.counts[v]++
		s.all = append(s.all, caseResult{id, v, message})
	}
	sort.Slice(s.all, func(i, j int) bool { return s.all[i].id < s.all[j].id })
	for _, r := range s.all {
		if r.verdict != spec.Pass {
			s.notable = append(s.notable, r)
		}
	}
	return s
}

// writeVerdicts writes one "ID<TAB>verdict" line per case, sorted by ID:
// a file a script can diff between runs and servers.
func (s verdictSummary) writeVerdicts(w io.Writer) error {
	for _, r := range s.all {
		if _, err := fmt.Fprintf(w, "%s\t%s\n", r.id, r.verdict); err != nil {
			return err
		}
	}
	return nil
}

func (s verdictSummary) print(w io.Writer, name string, strict bool) {
	fmt.Fprintf(w, "\nmailspec conformance of %s\n", name)
	for _, r := range s.notable {
		fmt.Fprintf(w, "  %-5s %s: %s\n", r.verdict, r.id, headline(r.message))
	}
	fmt.Fprintf(w, "pass %d, fail %d, warn %d, info %d, skip %d, error %d",
		s.counts[spec.Pass], s.counts[spec.Fail], s.counts[spec.Warn], s.counts[spec.Info], s.counts[spec.Skip], s.counts[spec.Error])
	if strict {
		fmt.Fprint(w, " (strict: warnings fail the run)")
	}
	fmt.Fprintln(w)
}

// exitCode is the run's exit status from its verdicts: failures first
// (a fail, or a warning when strict), then cases that could not conclude
// (error), then whatever else made Ginkgo report the run as failed.
func (s verdictSummary) exitCode(strict, passed bool) int {
	switch {
	case s.counts[spec.Fail] > 0 || strict && s.counts[spec.Warn] > 0:
		return exitFailed
	case s.counts[spec.Error] > 0:
		return exitInconclusive
	case !passed:
		return exitFailed
	}
	return exitOK
}

// headline is a message's first line and, for a check that reports
// Expected and Actual, what actually happened: enough to see at a glance
// what the server did, the rest being in the reports.
func headline(message string) string {
	lines := strings.Split(message, "\n")
	for _, l := range lines[1:] {
		if actual, ok := strings.CutPrefix(l, "Actual:"); ok {
			return lines[0] + ": " + strings.TrimSpace(actual)
		}
	}
	return lines[0]
}
