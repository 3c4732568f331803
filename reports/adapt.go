package reports

import (
	"encoding/json"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/onsi/ginkgo/v2"
	"github.com/onsi/ginkgo/v2/types"

	"github.com/mailspec/mailspec/suite/spec"
)

// FromGinkgo builds the run record from Ginkgo's report of a run of the
// suite: one Case per spec that identified itself as a case or oracle
// (spec.EntryCase) and came to a verdict; specs filtered out or never run
// are left out. The caller fills in Tool, Target, Options and the rest.
func FromGinkgo(r ginkgo.Report) *Run {
	run := &Run{Started: r.StartTime, Duration: r.RunTime}
	for _, sr := range r.SpecReports {
		c, ok := fromSpec(sr)
		if ok {
			run.Cases = append(run.Cases, c)
		}
	}
	run.Sort()
	return run
}

// fromSpec reads a spec's report entries.
func fromSpec(sr types.SpecReport) (Case, bool) {
	var meta spec.CaseEntry
	var haveMeta bool
	var out spec.Outcome
	for _, e := range sr.ReportEntries {
		switch e.Name {
		case spec.EntryCase:
			if m, ok := e.GetRawValue().(spec.CaseEntry); ok {
				meta, haveMeta = m, true
			} else if json.Unmarshal([]byte(e.Value.AsJSON), &meta) == nil && meta.ID != "" {
				haveMeta = true // a report read back from Ginkgo's JSON
			}
		case spec.EntryVerdict:
			out.Verdict = spec.Verdict(entryString(e))
		case spec.EntryMessage:
			out.Message = entryString(e)
		case spec.EntryTranscript:
			out.Transcripts = append(out.Transcripts, entryString(e))
		}
	}
	if !haveMeta || out.Verdict == "" {
		return Case{}, false
	}
	return CaseFrom(meta, sr.Labels(), out, sr.RunTime), true
}

// entryString is a report entry's value as a string, in process or read
// back from JSON.
func entryString(e types.ReportEntry) string {
	if s, ok := e.GetRawValue().(string); ok {
		return s
	}
	var s string
	if json.Unmarshal([]byte(e.Value.AsJSON), &s) == nil {
		return s
	}
	return e.StringRepresentation()
}

func hasLabel(labels []string, l string) bool {
	for _, x := range labels {
		if x == l {
			return true
		}
	}
	return false
}

// CaseFrom builds a case's record from its metadata, Ginkgo labels and
// outcome; a test that runs cases itself (spec.Run) rather than through
// Ginkgo uses it too. An "oracle" label marks an oracle.
func CaseFrom(meta spec.CaseEntry, labels []string, out spec.Outcome, d time.Duration) Case {
	c := Case{
		ID:        meta.ID,
		Protocol:  protocolOf(meta.ID),
		RFC:       meta.RFC,
		Section:   meta.Section,
		Level:     meta.Level,
		Extension: meta.Extension,
		Strict:    meta.Strict,
		Does:      meta.Does,
		Quote:     strings.Join(strings.Fields(meta.Quote), " "),
		Binds:     meta.Binds,
		Verdict:   out.Verdict,
		Message:   out.Message,
		Duration:  d,
		Labels:    append([]string(nil), labels...),
		Oracle:    hasLabel(labels, "oracle"),
	}
	c.Expected, c.Actual = expectedActual(out.Message)
	for _, tr := range out.Transcripts {
		c.Transcripts = append(c.Transcripts, ParseTranscript(tr))
	}
	return c
}

func protocolOf(id string) string {
	p, _, _ := strings.Cut(id, "-")
	return p
}

// expectedActual reads the two sides of a check from its message, as the
// suite writes them: "Expected: …" and "Actual: …" lines.
func expectedActual(message string) (expected, actual string) {
	for _, l := range strings.Split(message, "\n") {
		if v, ok := strings.CutPrefix(l, "Expected:"); ok && expected == "" {
			expected = strings.TrimSpace(v)
		}
		if v, ok := strings.CutPrefix(l, "Actual:"); ok && actual == "" {
			actual = strings.TrimSpace(v)
		}
	}
	return expected, actual
}

// transcriptLine is wire.Entry.String's form: "+0.000s S: 220 …".
var transcriptLine = regexp.MustCompile(`^\+([0-9]+\.[0-9]+)s (C:|S:|--) ?(.*)$`)

// ParseTranscript reads a transcript as suite/wire renders it, one entry
// a line. A line in no known form is kept whole, as an event.
func ParseTranscript(s string) Transcript {
	var t Transcript
	for _, l := range strings.Split(strings.TrimRight(s, "\n"), "\n") {
		if l == "" {
			continue
		}
		m := transcriptLine.FindStringSubmatch(l)
		if m == nil {
			t = append(t, Line{From: Event, Text: l})
			continue
		}
		secs, _ := strconv.ParseFloat(m[1], 64)
		from := map[string]From{"C:": Client, "S:": Server, "--": Event}[m[2]]
		t = append(t, Line{At: time.Duration(secs * float64(time.Second)).Round(time.Millisecond), From: from, Text: m[3]})
	}
	return t
}
