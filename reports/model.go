// Package reports is what a run of the conformance suite comes to, as a
// record that outlives the run: one Run with one Case per case or oracle,
// built once from Ginkgo's report (FromGinkgo) or from outcomes a test
// collected itself (CaseFrom), and written by every writer from that same
// record: versioned JSON (which Read reads back), JUnit XML, Markdown for
// a CI job summary, a self-contained HTML page, the verdicts file, the
// deviations file; compared across runs (Diff) and across servers
// (Matrix). The mailspec command only wires flags to it.
package reports

import (
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/mailspec/mailspec/suite/spec"
)

// Run is one run of the suite against one target.
type Run struct {
	// Tool is the program that ran the cases and its version.
	Tool Tool
	// Target is what was under test.
	Target Target
	// Capabilities are what the target advertised, per protocol and
	// phase; empty when nobody probed.
	Capabilities []Capabilities
	// Started is when the cases began; Duration how long they took.
	Started  time.Time
	Duration time.Duration
	// Options are the run's settings that change verdicts or selection.
	Options Options
	// SessionTag says how an operator finds a case's sessions in the
	// server's own logs, when the cases tag them.
	SessionTag string
	// Interrupted says why the run did not finish, if it did not: the
	// cases not run are missing.
	Interrupted string
	// Cases are every case and oracle run, in ID order.
	Cases []Case
}

// Tool names the program that made a run.
type Tool struct {
	Name    string
	Version string
}

// Target is the server under test, as the report names it.
type Target struct {
	Name string
	// SMTP and POP3 are the addresses, empty when not tested.
	SMTP, POP3 string
	// TLS is how SMTP cases got TLS: none, starttls or implicit.
	TLS string
	// POP3TLS is how POP3 cases got TLS (STLS for starttls).
	POP3TLS string
}

// Options are a run's settings.
type Options struct {
	// Strict makes warnings fail the run.
	Strict bool
	// LabelFilter selected the cases, if given.
	LabelFilter string
	// Timeout bounds each read, CaseTimeout each case.
	Timeout, CaseTimeout time.Duration
	// Expectations names the file of known deviations, if one was given.
	Expectations string
}

// Capabilities are the keywords a server advertised in one phase of a
// session: "EHLO" or "CAPA", in plaintext or after TLS.
type Capabilities struct {
	Protocol string // "smtp", "pop3"
	Command  string // "EHLO", "CAPA"
	TLS      bool   // advertised after STARTTLS / STLS or on implicit TLS
	// Keywords are the advertised lines, each a keyword and its
	// parameters, as the server sent them.
	Keywords []string
}

// Case is what one case or oracle came to in a run.
type Case struct {
	ID       string
	Protocol string
	RFC      string
	Section  string
	Level    spec.Level
	// Extension is the keyword the case needs, if any.
	Extension string
	Strict    bool
	// Oracle marks a check that runs on every reply of every case.
	Oracle bool
	Labels []string
	Does   string
	// Quote is the RFC sentence the case checks; Binds why it binds the
	// server at Level, when it has no keyword of that level.
	Quote, Binds string
	Verdict      spec.Verdict
	// Message explains any verdict but pass; Expected and Actual are its
	// check's two sides, when it reports them.
	Message          string
	Expected, Actual string
	// Known is the known deviation the run was told to expect for this
	// case, if any (mailspec run -expect).
	Known    *Known
	Duration time.Duration
	// Transcripts are the case's connections, each line each way.
	Transcripts []Transcript
}

// Known is an expected deviation: the case is known not to pass, for the
// reason given.
type Known struct {
	// Verdict is the verdict expected; empty means any that does not
	// pass.
	Verdict spec.Verdict
	Reason  string
}

// Transcript is one connection's lines, in order.
type Transcript []Line

// Line is one line of a transcript: octets one way, made visible (bare CR,
// LF and NUL as <CR>, <LF>, <NUL>), or an event on the connection.
type Line struct {
	At   time.Duration
	From From
	Text string
}

// From says who a transcript line comes from.
type From string

const (
	Client From = "C"
	Server From = "S"
	Event  From = "-" // TLS upgrade, timeout, close, lines left out
)

// Status is a case's standing once known deviations are accounted for.
type Status string

const (
	// StatusOK: the verdict does not fail the run, and none was expected.
	StatusOK Status = "ok"
	// StatusFailed: the verdict fails the run and was not expected.
	StatusFailed Status = "failed"
	// StatusExpected: the case deviates as the expectations say.
	StatusExpected Status = "expected failure"
	// StatusUnexpectedPass: the case was expected to deviate and did not.
	StatusUnexpectedPass Status = "unexpected pass"
)

// Status is the case's standing in a run that is strict or not.
func (c Case) Status(strict bool) Status {
	fails := c.Verdict.FailsRun(strict)
	switch {
	case c.Known == nil && fails:
		return StatusFailed
	case c.Known == nil:
		return StatusOK
	case c.Known.matches(c.Verdict):
		return StatusExpected
	case c.Verdict == spec.Pass:
		return StatusUnexpectedPass
	case fails:
		return StatusFailed // deviates, but not as expected
	}
	return StatusOK
}

// matches reports whether v is the deviation expected.
func (k Known) matches(v spec.Verdict) bool {
	if k.Verdict == "" {
		return v != spec.Pass && v != spec.Skip
	}
	return v == k.Verdict
}

// Verdicts in the order reports show them: the ones that need attention
// first.
var Verdicts = []spec.Verdict{spec.Fail, spec.Error, spec.Warn, spec.Info, spec.Pass, spec.Skip}

// verdictRank is a verdict's place in Verdicts.
func verdictRank(v spec.Verdict) int {
	for i, w := range Verdicts {
		if v == w {
			return i
		}
	}
	return len(Verdicts)
}

// Counts are how many cases came to each verdict.
type Counts map[spec.Verdict]int

// Total is the number of cases counted.
func (c Counts) Total() int {
	n := 0
	for _, k := range c {
		n += k
	}
	return n
}

// String is "pass N, fail N, warn N, info N, skip N, error N".
func (c Counts) String() string {
	var parts []string
	for _, v := range []spec.Verdict{spec.Pass, spec.Fail, spec.Warn, spec.Info, spec.Skip, spec.Error} {
		parts = append(parts, string(v)+" "+strconv.Itoa(c[v]))
	}
	return strings.Join(parts, ", ")
}

// Counts counts the run's verdicts.
func (r *Run) Counts() Counts {
	c := Counts{}
	for _, x := range r.Cases {
		c[x.Verdict]++
	}
	return c
}

// CountsBy counts the run's verdicts grouped by key (protocol, level, …),
// and returns the keys in order.
func (r *Run) CountsBy(key func(Case) string) ([]string, map[string]Counts) {
	out := map[string]Counts{}
	for _, x := range r.Cases {
		k := key(x)
		if out[k] == nil {
			out[k] = Counts{}
		}
		out[k][x.Verdict]++
	}
	keys := make([]string, 0, len(out))
	for k := range out {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys, out
}

// Find returns the case with the given ID.
func (r *Run) Find(id string) (Case, bool) {
	i := sort.Search(len(r.Cases), func(i int) bool { return r.Cases[i].ID >= id })
	if i < len(r.Cases) && r.Cases[i].ID == id {
		return r.Cases[i], true
	}
	for _, c := range r.Cases { // not sorted: a hand-made record
		if c.ID == id {
			return c, true
		}
	}
	return Case{}, false
}

// Sort puts the cases in ID order, the order every record keeps.
func (r *Run) Sort() {
	sort.SliceStable(r.Cases, func(i, j int) bool { return r.Cases[i].ID < r.Cases[j].ID })
}

// AttentionFirst returns the cases with the ones that need attention
// first (fail, error, warn, info, pass, skip), by ID within each verdict.
func (r *Run) AttentionFirst() []Case {
	out := append([]Case(nil), r.Cases...)
	sort.SliceStable(out, func(i, j int) bool {
		a, b := verdictRank(out[i].Verdict), verdictRank(out[j].Verdict)
		if a != b {
			return a < b
		}
		return out[i].ID < out[j].ID
	})
	return out
}

// Result is what a run comes to as a whole.
type Result int

const (
	// Conforms: no case failed or ended in error, beyond those expected.
	Conforms Result = iota
	// Failures: a case failed (or warned, when strict), or one expected
	// to deviate passed.
	Failures
	// Inconclusive: cases ended in error and none failed.
	Inconclusive
)

// Result judges the run: failures first, then cases that could not
// conclude. Cases that deviate as expected count for nothing.
func (r *Run) Result() Result {
	failed, errored := false, false
	for _, c := range r.Cases {
		switch c.Status(r.Options.Strict) {
		case StatusFailed:
			if c.Verdict == spec.Error {
				errored = true
			} else {
				failed = true
			}
		case StatusUnexpectedPass:
			failed = true
		}
	}
	switch {
	case failed:
		return Failures
	case errored:
		return Inconclusive
	}
	return Conforms
}
