package reports

import (
	"fmt"
	"io"
	"strings"

	"github.com/mailspec/mailspec/suite/spec"
)

// Change is a case whose verdict differs between two runs; Old is empty
// for a case the old run did not have.
type Change struct {
	ID       string
	Old, New spec.Verdict
	// Message is the new run's message, or the old one's for a fix.
	Message string
}

// RunDiff is how a new run of the suite differs from an old one.
type RunDiff struct {
	// Regressions are cases whose new verdict fails the run and whose
	// old one did not, new cases among them; Fixes the reverse.
	Regressions, Fixes []Change
	// Changed are other changes of verdict: pass to skip, fail to error.
	Changed []Change
	// Added and Removed are cases only the new, or only the old, run has.
	Added, Removed []Case
}

// Diff compares two runs case by case. Whether a warn fails a run is the
// new run's Strict.
func Diff(old, new *Run) RunDiff {
	strict := new.Options.Strict
	var d RunDiff
	oldByID := map[string]Case{}
	for _, c := range old.Cases {
		oldByID[c.ID] = c
	}
	newIDs := map[string]bool{}
	for _, n := range new.Cases {
		newIDs[n.ID] = true
		o, ok := oldByID[n.ID]
		if !ok {
			d.Added = append(d.Added, n)
			if n.Verdict.FailsRun(strict) {
				d.Regressions = append(d.Regressions, Change{n.ID, "", n.Verdict, n.Message})
			}
			continue
		}
		if o.Verdict == n.Verdict {
			continue
		}
		ch := Change{n.ID, o.Verdict, n.Verdict, n.Message}
		switch of, nf := o.Verdict.FailsRun(strict), n.Verdict.FailsRun(strict); {
		case nf && !of:
			d.Regressions = append(d.Regressions, ch)
		case of && !nf:
			ch.Message = o.Message
			d.Fixes = append(d.Fixes, ch)
		default:
			d.Changed = append(d.Changed, ch)
		}
	}
	for _, o := range old.Cases {
		if !newIDs[o.ID] {
			d.Removed = append(d.Removed, o)
		}
	}
	return d
}

// Write lists the differences for a person: regressions first.
func (d RunDiff) Write(w io.Writer) error {
	var b strings.Builder
	section := func(title string, cs []Change) {
		if len(cs) == 0 {
			return
		}
		fmt.Fprintf(&b, "%s (%d):\n", title, len(cs))
		for _, c := range cs {
			old := string(c.Old)
			if old == "" {
				old = "new"
			}
			fmt.Fprintf(&b, "  %-44s %s -> %s", c.ID, old, c.New)
			if h := Headline(c.Message); h != "" {
				fmt.Fprintf(&b, ": %s", h)
			}
			b.WriteString("\n")
		}
	}
	section("regressions", d.Regressions)
	section("fixes", d.Fixes)
	section("other changes", d.Changed)
	for _, g := range []struct {
		title string
		cs    []Case
	}{{"new cases", d.Added}, {"removed cases", d.Removed}} {
		if len(g.cs) == 0 {
			continue
		}
		fmt.Fprintf(&b, "%s (%d):\n", g.title, len(g.cs))
		for _, c := range g.cs {
			fmt.Fprintf(&b, "  %-44s %s\n", c.ID, c.Verdict)
		}
	}
	fmt.Fprintf(&b, "%d regressions, %d fixes, %d other changes, %d new cases, %d removed\n", len(d.Regressions), len(d.Fixes), len(d.Changed), len(d.Added), len(d.Removed))
	_, err := io.WriteString(w, b.String())
	return err
}
