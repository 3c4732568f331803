package spec

import (
	"fmt"
	"strings"

	"github.com/onsi/ginkgo/v2"

	"github.com/mailspec/mailspec/suite/target"
)

// Env is what a run needs when its specs execute. Declare takes a pointer
// to it, so that it can be filled in later (by a BeforeSuite that starts
// the reference server, or by the mailspec command from its flags).
type Env struct {
	Target *target.Target
	// Strict makes a warning (a broken SHOULD) fail the run.
	Strict bool
	// Sightings gathers the oracle breaches of the cases that ran, for
	// the oracle specs that follow them.
	Sightings Sightings
}

// CaseEntry is the report entry that identifies a spec as a case, for the
// report writers.
type CaseEntry struct {
	ID        string `json:"id"`
	RFC       string `json:"rfc"`
	Section   string `json:"section"`
	Level     Level  `json:"level"`
	Extension string `json:"extension,omitempty"`
	Quote     string `json:"quote"`
	Binds     string `json:"binds,omitempty"`
	Strict    bool   `json:"strict,omitempty"`
	Does      string `json:"does"`
}

// Report entry names.
const (
	EntryCase       = "case"
	EntryVerdict    = "verdict"
	EntryMessage    = "message"
	EntryTranscript = "transcript"
)

// Declare adds the registry's cases to the Ginkgo tree: a container per
// RFC section, an It per case, labelled for --label-filter. Each It runs
// the case through Run and turns its outcome into a Ginkgo result, with
// the verdict, the message and the transcripts as report entries.
func Declare[S any](name string, env *Env, reg *Registry[S], open Opener[S]) bool {
	return ginkgo.Describe(name, func() {
		var order []string
		bySection := map[string][]Case[S]{}
		for _, c := range reg.Cases() {
			key := "RFC " + c.RFC + " section " + c.Section
			if _, ok := bySection[key]; !ok {
				order = append(order, key)
			}
			bySection[key] = append(bySection[key], c)
		}
		for _, key := range order {
			ginkgo.Describe(key, func() {
				for _, c := range bySection[key] {
					ginkgo.It(c.ID+": "+c.Does, ginkgo.Label(c.Labels()...), func() { runSpec(env, c, open) })
				}
			})
		}
		// Declared last, so that they run after the cases (Ginkgo runs
		// specs in declaration order unless told to randomize all).
		ginkgo.Describe("Oracles: checked on every reply of every case", func() {
			for _, o := range reg.Oracles() {
				ginkgo.It(o.ID+": "+o.Does, ginkgo.Label(o.Labels()...), func() { judgeSpec(env, o) })
			}
		})
	})
}

// judgeSpec reports an oracle over the cases that ran before it.
func judgeSpec(env *Env, o Oracle) {
	ginkgo.AddReportEntry(EntryCase, o.Entry(), ginkgo.ReportEntryVisibilityNever)
	report(env, o.ID, o.RFC, o.Section, o.Level, o.Quote, env.Sightings.Judge(o))
}

func runSpec[S any](env *Env, c Case[S], open Opener[S]) {
	ginkgo.AddReportEntry(EntryCase, c.Entry(), ginkgo.ReportEntryVisibilityNever)
	if env.Target == nil {
		ginkgo.AddReportEntry(EntryVerdict, string(Error), ginkgo.ReportEntryVisibilityNever)
		ginkgo.Fail("no target: the run's Env was never filled in")
	}
	out := Run(c, env.Target, open)
	env.Sightings.Record(c.ID, out)
	report(env, c.ID, c.RFC, c.Section, c.Level, c.Quote, out)
}

// report turns an outcome into report entries and a Ginkgo result.
func report(env *Env, id, rfc, section string, level Level, quote string, out Outcome) {
	for _, tr := range out.Transcripts {
		ginkgo.AddReportEntry(EntryTranscript, tr, ginkgo.ReportEntryVisibilityFailureOrVerbose)
	}
	ginkgo.AddReportEntry(EntryVerdict, string(out.Verdict), ginkgo.ReportEntryVisibilityNever)
	if out.Message != "" {
		ginkgo.AddReportEntry(EntryMessage, out.Message, ginkgo.ReportEntryVisibilityNever)
	}
	header := fmt.Sprintf("%s (RFC %s section %s, %s)\nRFC: %s\n", id, rfc, section, level, strings.Join(strings.Fields(quote), " "))
	switch out.Verdict {
	case Skip:
		ginkgo.Skip(out.Message)
	case Fail, Error:
		ginkgo.Fail(fmt.Sprintf("%s: %s%s", out.Verdict, header, out.Message))
	case Warn:
		if env.Strict {
			ginkgo.Fail(fmt.Sprintf("warn (strict): %s%s", header, out.Message))
		}
	}
}
