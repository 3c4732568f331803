package spec

import (
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
)

// Untestable is a requirement that no case checks, and why: it binds the
// client, or cannot be observed on the wire.
type Untestable struct {
	RFC, Section string
	Level        Level
	Quote        string
	Reason       string
}

// Requirement is one row of the requirements table: a case's metadata.
type Requirement struct {
	RFC, Section string
	Level        Level
	Extension    string
	ID           string
	Does         string
	// Binds is why the case's quote binds the server at its level, when
	// the quote carries no keyword of that level.
	Binds string
	// Strict marks a lenient-acceptance case: its failure is a warn.
	Strict bool
}

// Requirements lists the metadata of the registry's cases.
func Requirements[S any](reg *Registry[S]) []Requirement {
	var out []Requirement
	for _, c := range reg.Cases() {
		out = append(out, Requirement{RFC: c.RFC, Section: c.Section, Level: c.Level, Extension: c.Extension, ID: c.ID, Does: c.Does, Binds: c.Binds, Strict: c.Strict})
	}
	return out
}

// WriteRequirements writes the Markdown requirements table: for each RFC
// section, the cases that check it, then the requirements not testable
// on the wire with the reason.
func WriteRequirements(w io.Writer, title string, reqs []Requirement, untestable []Untestable) error {
	sort.SliceStable(reqs, func(i, j int) bool {
		return sectionLess(reqs[i].RFC, reqs[i].Section, reqs[j].RFC, reqs[j].Section)
	})
	sort.SliceStable(untestable, func(i, j int) bool {
		return sectionLess(untestable[i].RFC, untestable[i].Section, untestable[j].RFC, untestable[j].Section)
	})
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n", title)
	b.WriteString("Generated from the cases' own metadata by `go test ./suite/smtp -run TestRequirementsTable -update`; do not edit by hand.\n\n")
	counts := map[Level]int{}
	strict := 0
	for _, r := range reqs {
		counts[r.Level]++
		if r.Strict {
			strict++
		}
	}
	fmt.Fprintf(&b, "%d cases: %d MUST, %d SHOULD, %d MAY; %d of them strict (lenient acceptance is a warn). %d requirements not testable on the wire.\n\n", len(reqs), counts[MUST], counts[SHOULD], counts[MAY], strict, len(untestable))
	b.WriteString("A level is what binds the server. Where the quoted sentence carries no keyword of the case's level, the last column says why it binds the server at that level.\n\n")
	b.WriteString("## Checked on the wire\n\n| RFC | section | level | extension | case | what it sends and requires | why it binds the server |\n|---|---|---|---|---|---|---|\n")
	for _, r := range reqs {
		level := string(r.Level)
		if r.Strict {
			level += " (strict)"
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s | `%s` | %s | %s |\n", r.RFC, r.Section, level, r.Extension, r.ID, cell(r.Does), cell(r.Binds))
	}
	b.WriteString("\n## Not testable on the wire\n\n| RFC | section | level | requirement | why no case |\n|---|---|---|---|---|\n")
	for _, u := range untestable {
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s |\n", u.RFC, u.Section, u.Level, cell(u.Quote), cell(u.Reason))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func cell(s string) string {
	return strings.ReplaceAll(strings.Join(strings.Fields(s), " "), "|", `\|`)
}

// sectionLess orders by RFC number, then section number by number.
func sectionLess(rfcA, secA, rfcB, secB string) bool {
	if rfcA != rfcB {
		a, _ := strconv.Atoi(rfcA)
		b, _ := strconv.Atoi(rfcB)
		return a < b
	}
	pa, pb := strings.Split(secA, "."), strings.Split(secB, ".")
	for i := 0; i < len(pa) && i < len(pb); i++ {
		if pa[i] == pb[i] {
			continue
		}
		a, errA := strconv.Atoi(pa[i])
		b, errB := strconv.Atoi(pb[i])
		if errA == nil && errB == nil {
			return a < b
		}
		return pa[i] < pb[i]
	}
	return len(pa) < len(pb)
}
