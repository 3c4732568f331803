package reports

import (
	"bufio"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/mailspec/mailspec/suite/spec"
)

// Deviation is a case a server is known not to pass: its ID, the verdict
// it comes to (empty: any that does not pass) and why.
type Deviation struct {
	ID      string
	Verdict spec.Verdict
	Reason  string
}

// ReadDeviations reads a deviations file: one case a line,
//
//	ID<TAB>verdict[<TAB>reason]
//
// where verdict is fail, warn, info or error, or "-" for any that does
// not pass; blank lines and lines starting with "#" are left out. It is
// the file `mailspec run -expect` reads and `mailspec report deviations`
// writes (docs/peers/postfix.tsv is one).
func ReadDeviations(rd io.Reader) ([]Deviation, error) {
	var out []Deviation
	seen := map[string]bool{}
	sc := bufio.NewScanner(rd)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.SplitN(line, "\t", 3)
		d := Deviation{ID: strings.TrimSpace(f[0])}
		if len(f) > 1 {
			d.Verdict = spec.Verdict(strings.TrimSpace(f[1]))
		}
		if len(f) > 2 {
			d.Reason = strings.TrimSpace(f[2])
		}
		switch d.Verdict {
		case spec.Fail, spec.Warn, spec.Info, spec.Error:
		case "-", "":
			d.Verdict = ""
		default:
			return nil, fmt.Errorf("reports: deviations line %d: verdict %q: want fail, warn, info, error or -", n, d.Verdict)
		}
		if d.ID == "" || strings.ContainsAny(d.ID, " ") {
			return nil, fmt.Errorf("reports: deviations line %d: %q is not a case ID", n, d.ID)
		}
		if seen[d.ID] {
			return nil, fmt.Errorf("reports: deviations line %d: %s listed twice", n, d.ID)
		}
		seen[d.ID] = true
		out = append(out, d)
	}
	return out, sc.Err()
}

// WriteDeviations writes deviations in ReadDeviations' form, sorted by ID.
func WriteDeviations(w io.Writer, ds []Deviation) error {
	ds = append([]Deviation(nil), ds...)
	sort.Slice(ds, func(i, j int) bool { return ds[i].ID < ds[j].ID })
	var b strings.Builder
	for _, d := range ds {
		v := string(d.Verdict)
		if v == "" {
			v = "-"
		}
		b.WriteString(d.ID + "\t" + v)
		if d.Reason != "" {
			b.WriteString("\t" + d.Reason)
		}
		b.WriteString("\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// Deviations are the run's cases that neither pass nor skip, with their
// verdicts: what a peer's deviations file records.
func (r *Run) Deviations() []Deviation {
	var out []Deviation
	for _, c := range r.Cases {
		if c.Verdict != spec.Pass && c.Verdict != spec.Skip {
			out = append(out, Deviation{ID: c.ID, Verdict: c.Verdict})
		}
	}
	return out
}

// Expect marks the run's cases with the known deviations, and returns
// the IDs of deviations that name no case in the run (a typo, or a case
// filtered out or removed).
func (r *Run) Expect(ds []Deviation) (unknown []string) {
	byID := map[string]int{}
	for i, c := range r.Cases {
		byID[c.ID] = i
	}
	for _, d := range ds {
		i, ok := byID[d.ID]
		if !ok {
			unknown = append(unknown, d.ID)
			continue
		}
		r.Cases[i].Known = &Known{Verdict: d.Verdict, Reason: d.Reason}
	}
	return unknown
}

// DeviationDiff is how a run's deviations differ from the recorded ones.
type DeviationDiff struct {
	// New are deviations of the run not recorded; Gone recorded ones the
	// run does not show (the case passed, skipped or did not run);
	// Changed recorded ones with another verdict, as recorded then seen.
	New, Gone []Deviation
	Changed   [][2]Deviation
}

// Empty reports whether the run deviates exactly as recorded.
func (d DeviationDiff) Empty() bool { return len(d.New)+len(d.Gone)+len(d.Changed) == 0 }

// DiffDeviations compares the run's deviations with the recorded ones. A
// recorded deviation with no verdict matches any that does not pass.
func (r *Run) DiffDeviations(recorded []Deviation) DeviationDiff {
	var d DeviationDiff
	want := map[string]Deviation{}
	for _, x := range recorded {
		want[x.ID] = x
	}
	got := map[string]Deviation{}
	for _, x := range r.Deviations() {
		got[x.ID] = x
		w, ok := want[x.ID]
		switch {
		case !ok:
			d.New = append(d.New, x)
		case w.Verdict != "" && w.Verdict != x.Verdict:
			d.Changed = append(d.Changed, [2]Deviation{w, x})
		}
	}
	for _, x := range recorded {
		if _, ok := got[x.ID]; !ok {
			d.Gone = append(d.Gone, x)
		}
	}
	sort.Slice(d.Gone, func(i, j int) bool { return d.Gone[i].ID < d.Gone[j].ID })
	return d
}

// Write lists the differences, one a line, with what the run saw.
func (d DeviationDiff) Write(w io.Writer, r *Run) error {
	var b strings.Builder
	for _, x := range d.New {
		c, _ := r.Find(x.ID)
		fmt.Fprintf(&b, "new:     %s\t%s\t%s\n", x.ID, x.Verdict, Headline(c.Message))
	}
	for _, x := range d.Changed {
		c, _ := r.Find(x[1].ID)
		fmt.Fprintf(&b, "changed: %s\t%s -> %s\t%s\n", x[1].ID, x[0].Verdict, x[1].Verdict, Headline(c.Message))
	}
	for _, x := range d.Gone {
		v := "not run"
		if c, ok := r.Find(x.ID); ok {
			v = string(c.Verdict)
		}
		fmt.Fprintf(&b, "gone:    %s\t%s -> %s\n", x.ID, orDash(x.Verdict), v)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func orDash(v spec.Verdict) string {
	if v == "" {
		return "-"
	}
	return string(v)
}
