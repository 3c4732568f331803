package reports

import (
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"regexp"
	"sort"

	"github.com/mailspec/mailspec/suite/spec"
)

//go:embed html.tmpl
var htmlSource string

//go:embed page.css
var pageCSS string

var htmlTemplate = template.Must(template.New("report").Funcs(template.FuncMap{
	"css":      func() template.CSS { return template.CSS(pageCSS) },
	"segments": segments,
	"seconds":  func(d interface{ Seconds() float64 }) string { return fmt.Sprintf("%.3f", d.Seconds()) },
	"headline": Headline,
	"inc":      func(i int) int { return i + 1 },
}).Parse(htmlSource))

// htmlPage is what the template renders.
type htmlPage struct {
	Run          *Run
	RunLine      string
	Counts       Counts
	Verdicts     []spec.Verdict
	Groups       []htmlGroup
	Capabilities []CapabilityRow
	Cases        []htmlCase
	Protocols    []string
	Levels       []string
	Extensions   []string
}

type htmlGroup struct {
	Name string
	Rows []htmlGroupRow
}

type htmlGroupRow struct {
	Key    string
	Counts Counts
}

type htmlCase struct {
	Case
	Status    Status
	Open      bool
	Extension string // "none" when the case needs no extension
}

// WriteHTML writes the run as one self-contained HTML page: no external
// assets, so it can be mailed, archived or opened from a CI's artifacts.
// It shows the totals by verdict, protocol and level, the capabilities,
// then every case, failures first, each with its RFC section, the quoted
// requirement, expected and actual, and its transcripts with client and
// server told apart and bare CR, LF and NUL marked; filters by verdict,
// protocol, level and extension hide the others.
func WriteHTML(w io.Writer, r *Run) error {
	p := htmlPage{Run: r, RunLine: runLine(r), Counts: r.Counts(), Verdicts: Verdicts, Capabilities: r.CapabilityReport()}
	for _, g := range []struct {
		name string
		key  func(Case) string
	}{{"protocol", func(c Case) string { return c.Protocol }}, {"level", func(c Case) string { return string(c.Level) }}} {
		keys, counts := r.CountsBy(g.key)
		group := htmlGroup{Name: g.name}
		for _, k := range keys {
			group.Rows = append(group.Rows, htmlGroupRow{k, counts[k]})
		}
		p.Groups = append(p.Groups, group)
	}
	seen := map[string]map[string]bool{"p": {}, "l": {}, "e": {}}
	for _, c := range r.AttentionFirst() {
		hc := htmlCase{Case: c, Status: c.Status(r.Options.Strict), Extension: c.Extension}
		if hc.Extension == "" {
			hc.Extension = "none"
		}
		hc.Open = hc.Status == StatusFailed || hc.Status == StatusUnexpectedPass
		p.Cases = append(p.Cases, hc)
		seen["p"][c.Protocol] = true
		seen["l"][string(c.Level)] = true
		seen["e"][hc.Extension] = true
	}
	p.Protocols, p.Levels, p.Extensions = sortedKeys(seen["p"]), sortedKeys(seen["l"]), sortedKeys(seen["e"])
	return htmlTemplate.Execute(w, p)
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// segment is a run of transcript text: plain, or a made-visible octet.
type segment struct {
	Text string
	// Class is "" for plain text, "eol" for the CRLF that ends a line,
	// "ctl" for another made-visible octet, "bare" for a bare CR, a bare
	// LF or a NUL: what smuggling and strict parsing are about.
	Class string
}

var visibleToken = regexp.MustCompile(`<CR><LF>|<CR>|<LF>|<NUL>|<HT>|\\x[0-9A-F]{2}`)

// segments splits a transcript line's text into plain text and the
// octets suite/wire made visible, so the page can mark them.
func segments(text string) []segment {
	var out []segment
	last := 0
	for _, m := range visibleToken.FindAllStringIndex(text, -1) {
		if m[0] > last {
			out = append(out, segment{Text: text[last:m[0]]})
		}
		tok := text[m[0]:m[1]]
		class := "ctl"
		switch tok {
		case "<CR><LF>":
			class = "eol"
		case "<CR>", "<LF>", "<NUL>":
			class = "bare"
		}
		out = append(out, segment{Text: tok, Class: class})
		last = m[1]
	}
	if last < len(text) {
		out = append(out, segment{Text: text[last:]})
	}
	return out
}
