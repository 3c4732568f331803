package reports

import (
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/mailspec/mailspec/suite/spec"
)

// RequirementSet is one protocol's part of the requirements table: its
// cases' metadata and the requirements no case checks.
type RequirementSet struct {
	// Protocol heads the part: "SMTP", "POP3".
	Protocol     string
	Requirements []spec.Requirement
	Untestable   []spec.Untestable
}

// WriteRequirements writes the Markdown requirements table: a part per
// protocol, in it for each RFC section the cases that check it, then the
// requirements not testable on the wire with the reason. regenerate is
// the command that writes the file again, shown at its head.
func WriteRequirements(w io.Writer, title, regenerate string, sets ...RequirementSet) error {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n", title)
	fmt.Fprintf(&b, "Generated from the cases' own metadata by `%s`; do not edit by hand.\n\n", regenerate)
	b.WriteString("A level is what binds the server. Where the quoted sentence carries no keyword of the case's level, the last column says why it binds the server at that level.\n")
	for _, set := range sets {
		writeRequirementSet(&b, set)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func writeRequirementSet(b *strings.Builder, set RequirementSet) {
	reqs := append([]spec.Requirement(nil), set.Requirements...)
	untestable := append([]spec.Untestable(nil), set.Untestable...)
	sort.SliceStable(reqs, func(i, j int) bool {
		return sectionLess(reqs[i].RFC, reqs[i].Section, reqs[j].RFC, reqs[j].Section)
	})
	sort.SliceStable(untestable, func(i, j int) bool {
		return sectionLess(untestable[i].RFC, untestable[i].Section, untestable[j].RFC, untestable[j].Section)
	})
	counts := map[spec.Level]int{}
	strict := 0
	for _, r := range reqs {
		counts[r.Level]++
		if r.Strict {
			strict++
		}
	}
	fmt.Fprintf(b, "\n## %s\n\n", set.Protocol)
	fmt.Fprintf(b, "%d cases: %d MUST, %d SHOULD, %d MAY; %d of them strict (lenient acceptance is a warn). %d requirements not testable on the wire.\n\n", len(reqs), counts[spec.MUST], counts[spec.SHOULD], counts[spec.MAY], strict, len(untestable))
	fmt.Fprintf(b, "### %s: checked on the wire\n\n| RFC | section | level | extension | case | what it sends and requires | why it binds the server |\n|---|---|---|---|---|---|---|\n", set.Protocol)
	for _, r := range reqs {
		level := string(r.Level)
		if r.Strict {
			level += " (strict)"
		}
		fmt.Fprintf(b, "| %s | %s | %s | %s | `%s` | %s | %s |\n", r.RFC, r.Section, level, r.Extension, r.ID, reqCell(r.Does), reqCell(r.Binds))
	}
	fmt.Fprintf(b, "\n### %s: not testable on the wire\n\n| RFC | section | level | requirement | why no case |\n|---|---|---|---|---|\n", set.Protocol)
	for _, u := range untestable {
		fmt.Fprintf(b, "| %s | %s | %s | %s | %s |\n", u.RFC, u.Section, u.Level, reqCell(u.Quote), reqCell(u.Reason))
	}
}

func reqCell(s string) string {
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
