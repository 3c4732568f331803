package reports

import (
	"fmt"
	"io"
	"strings"

	"github.com/mailspec/mailspec/suite/spec"
)

// WriteMarkdown writes the run as Markdown fit for a CI job summary
// (GitHub's $GITHUB_STEP_SUMMARY, GitLab's and Gitea's pages): what was
// tested, what the target advertises, the totals, then every case that
// needs attention with its section and what happened; passes and skips
// only as counts, the full record being in the JSON and HTML reports.
func WriteMarkdown(w io.Writer, r *Run) error {
	var b strings.Builder
	fmt.Fprintf(&b, "# mailspec: %s\n\n", mdText(r.Target.Name))
	fmt.Fprintf(&b, "%s\n\n", mdText(runLine(r)))
	if r.Interrupted != "" {
		fmt.Fprintf(&b, "> **Interrupted:** %s\n\n", mdText(r.Interrupted))
	}
	writeCapabilitiesMD(&b, r)
	b.WriteString("## Totals\n\n")
	b.WriteString("| | cases | pass | fail | warn | info | skip | error |\n|---|--:|--:|--:|--:|--:|--:|--:|\n")
	row := func(name string, c Counts) {
		fmt.Fprintf(&b, "| %s | %d | %d | %d | %d | %d | %d | %d |\n", name, c.Total(), c[spec.Pass], c[spec.Fail], c[spec.Warn], c[spec.Info], c[spec.Skip], c[spec.Error])
	}
	row("**all**", r.Counts())
	for _, g := range []struct {
		name string
		key  func(Case) string
	}{{"protocol", func(c Case) string { return c.Protocol }}, {"level", func(c Case) string { return string(c.Level) }}} {
		keys, counts := r.CountsBy(g.key)
		for _, k := range keys {
			row(g.name+" "+k, counts[k])
		}
	}
	b.WriteString("\n")
	var attention, expected []Case
	for _, c := range r.AttentionFirst() {
		switch st := c.Status(r.Options.Strict); {
		case st == StatusExpected:
			expected = append(expected, c)
		case st == StatusUnexpectedPass, c.Verdict != spec.Pass && c.Verdict != spec.Skip:
			attention = append(attention, c)
		}
	}
	if len(attention) == 0 {
		b.WriteString("No case needs attention.\n")
	} else {
		fmt.Fprintf(&b, "## Needs attention (%d)\n\n| verdict | case | RFC | level | what happened |\n|---|---|---|---|---|\n", len(attention))
		for _, c := range attention {
			v := string(c.Verdict)
			what := Headline(c.Message)
			if c.Status(r.Options.Strict) == StatusUnexpectedPass {
				v, what = "pass (unexpected)", "expected to deviate: "+c.Known.Reason
			}
			fmt.Fprintf(&b, "| %s | `%s` | %s §%s | %s | %s |\n", v, c.ID, c.RFC, c.Section, levelText(c), mdCell(what))
		}
	}
	if len(expected) > 0 {
		fmt.Fprintf(&b, "\n## Known deviations, as expected (%d)\n\n| verdict | case | reason |\n|---|---|---|\n", len(expected))
		for _, c := range expected {
			fmt.Fprintf(&b, "| %s | `%s` | %s |\n", c.Verdict, c.ID, mdCell(c.Known.Reason))
		}
	}
	if r.SessionTag != "" {
		fmt.Fprintf(&b, "\n%s\n", mdText(r.SessionTag))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// runLine says in one line what ran, against what, when and how.
func runLine(r *Run) string {
	var parts []string
	if r.Tool.Name != "" {
		parts = append(parts, strings.TrimSpace(r.Tool.Name+" "+r.Tool.Version))
	}
	for _, a := range []struct{ p, addr string }{{"SMTP", r.Target.SMTP}, {"POP3", r.Target.POP3}} {
		if a.addr != "" {
			parts = append(parts, a.p+" "+a.addr)
		}
	}
	if r.Target.TLS != "" {
		parts = append(parts, "TLS "+r.Target.TLS)
	}
	if r.Target.POP3TLS != "" {
		parts = append(parts, "POP3 TLS "+r.Target.POP3TLS)
	}
	if !r.Started.IsZero() {
		parts = append(parts, "started "+r.Started.UTC().Format("2006-01-02 15:04:05 UTC"))
	}
	parts = append(parts, fmt.Sprintf("%d cases in %s", len(r.Cases), r.Duration.Round(1e6)))
	if r.Options.Strict {
		parts = append(parts, "strict")
	}
	if r.Options.LabelFilter != "" {
		parts = append(parts, "label filter "+r.Options.LabelFilter)
	}
	if r.Options.Expectations != "" {
		parts = append(parts, "known deviations from "+r.Options.Expectations)
	}
	return strings.Join(parts, " · ")
}

func levelText(c Case) string {
	if c.Strict {
		return string(c.Level) + " (strict)"
	}
	return string(c.Level)
}

func writeCapabilitiesMD(b *strings.Builder, r *Run) {
	caps := r.CapabilityReport()
	if len(caps) == 0 {
		return
	}
	b.WriteString("## Capabilities\n\n| protocol | keyword | plaintext | after TLS | cases | found working |\n|---|---|---|---|---|---|\n")
	for _, c := range caps {
		fmt.Fprintf(b, "| %s | `%s` | %s | %s | %s | %s |\n", c.Protocol, c.Keyword, mdCell(yesParams(c.Plain, c.PlainParams)), mdCell(yesParams(c.TLS, c.TLSParams)), c.Counts.Brief(), c.Working)
	}
	b.WriteString("\n")
}

func yesParams(ok bool, params string) string {
	if !ok {
		return "–"
	}
	if params == "" {
		return "yes"
	}
	return "yes: " + params
}

// mdCell makes s safe in a Markdown table cell: one line, pipes escaped.
func mdCell(s string) string {
	return strings.ReplaceAll(mdText(strings.Join(strings.Fields(s), " ")), "|", `\|`)
}

// mdText keeps s from being read as HTML or Markdown markup.
func mdText(s string) string {
	r := strings.NewReplacer("<", "&lt;", ">", "&gt;", "`", "\\`", "*", "\\*", "_", "\\_")
	return r.Replace(s)
}
