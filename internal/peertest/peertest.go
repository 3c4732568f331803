// Package peertest runs a suite's cases against a server nobody here
// wrote, embedded in that suite's own test (go-smtp, Inbucket), and holds
// the server to the deviations recorded for it: a new failure is either a
// deviation to write down or a bug of the suite's to fix, and a recorded
// one that no longer shows is to be removed.
package peertest

import (
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/mailspec/mailspec/reports"
	"github.com/mailspec/mailspec/suite/spec"
	"github.com/mailspec/mailspec/suite/target"
)

// Peer is the server and what it is recorded to break.
type Peer struct {
	// Name is the server as the report names it, with its version.
	Name string
	// ReportEnv names the variable that, when set, names a file for the
	// run's JSON report (scripts/peers-matrix.sh puts it in docs/peers/).
	ReportEnv string
	// Deviations are the cases the server does not pass, each with the
	// rule it breaks.
	Deviations map[string]string
	// MayPass are deviations that show only some of the time (two
	// greetings within one second of the clock): a pass is no change.
	MayPass map[string]bool
	// SkipInconclusive leaves out of the comparison a case that ended in
	// error (a timeout on a loaded machine) and is not a deviation: it
	// says nothing of the server, and is logged instead.
	SkipInconclusive bool
	// SessionTag is the report's note on how sessions are tagged.
	SessionTag string
}

// Check runs every case and oracle of reg against tg, writes the report
// if asked, and fails t unless the server deviates exactly as p records.
func Check[S any](t *testing.T, tg *target.Target, reg *spec.Registry[S], open spec.Opener[S], p Peer) {
	t.Helper()
	rt := reports.Target{Name: p.Name, SMTP: tg.SMTP.Addr, TLS: string(tg.SMTP.TLS)}
	if tg.POP3.Addr != "" {
		rt.POP3, rt.POP3TLS = tg.POP3.Addr, string(tg.POP3.TLS)
	}
	run := &reports.Run{
		Tool:       reports.Tool{Name: "mailspec", Version: "go test"},
		Target:     rt,
		Started:    time.Now(),
		Options:    reports.Options{Timeout: tg.Timeout},
		SessionTag: p.SessionTag,
	}
	var sightings spec.Sightings
	for _, c := range reg.Cases() {
		start := time.Now()
		out := spec.Run(c, tg, open)
		sightings.Record(c.ID, out)
		run.Cases = append(run.Cases, reports.CaseFrom(c.Entry(), c.Labels(), out, time.Since(start)))
	}
	for _, o := range reg.Oracles() {
		run.Cases = append(run.Cases, reports.CaseFrom(o.Entry(), o.Labels(), sightings.Judge(o), 0))
	}
	run.Duration = time.Since(run.Started)
	run.Sort()
	if path := os.Getenv(p.ReportEnv); path != "" {
		if err := reports.WriteFile(path, func(w io.Writer) error { return reports.WriteJSON(w, run) }); err != nil {
			t.Fatal(err)
		}
	}
	var recorded []reports.Deviation
	for id, reason := range p.Deviations {
		if p.MayPass[id] && passed(run, id) {
			continue
		}
		recorded = append(recorded, reports.Deviation{ID: id, Reason: reason})
	}
	judged := *run
	if p.SkipInconclusive {
		judged.Cases = nil
		for _, c := range run.Cases {
			if c.Verdict == spec.Error && p.Deviations[c.ID] == "" {
				t.Logf("%s inconclusive, not judged: %s", c.ID, c.Message)
				continue
			}
			judged.Cases = append(judged.Cases, c)
		}
	}
	if d := judged.DiffDeviations(recorded); !d.Empty() {
		var b strings.Builder
		d.Write(&b, &judged)
		t.Errorf("%s deviates otherwise than recorded (new: write it down or fix the suite; gone: remove it):\n%s", p.Name, b.String())
	}
	all := len(reg.Cases()) + len(reg.Oracles())
	t.Logf("%s: %d of %d cases and oracles pass or skip; %d listed deviations", p.Name, all-len(run.Deviations()), all, len(p.Deviations))
}

// passed reports whether case id passed in the run.
func passed(run *reports.Run, id string) bool {
	for _, c := range run.Cases {
		if c.ID == id {
			return c.Verdict == spec.Pass
		}
	}
	return false
}
