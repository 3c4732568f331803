package reports

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/mailspec/mailspec/suite/spec"
)

// TestGolden renders the fixture with every writer and compares each
// with its golden file.
func TestGolden(t *testing.T) {
	r := fixture()
	// other is another server's run: one error fixed, one pass broken, a
	// case more and a case less.
	other := fixture()
	other.Target.Name = "other server"
	other.Cases[0].Verdict, other.Cases[0].Message = spec.Pass, ""
	other.Cases = append(other.Cases[:1], other.Cases[2:]...)
	for i := range other.Cases {
		if other.Cases[i].ID == "smtp-4.2-every-reply-well-formed" {
			other.Cases[i].Verdict, other.Cases[i].Message = spec.Fail, "seen in 1 of 7 cases"
		}
	}
	other.Cases = append(other.Cases, Case{ID: "smtp-9.9-new", Protocol: "smtp", RFC: "5321", Section: "9.9", Level: spec.MUST, Verdict: spec.Error, Message: "new and inconclusive"})
	other.Sort()
	m := NewMatrix(r, other)
	for _, w := range []struct {
		name  string
		write func(*bytes.Buffer) error
	}{
		{"report.json", func(b *bytes.Buffer) error { return WriteJSON(b, r) }},
		{"junit.xml", func(b *bytes.Buffer) error { return WriteJUnit(b, r) }},
		{"report.md", func(b *bytes.Buffer) error { return WriteMarkdown(b, r) }},
		{"report.html", func(b *bytes.Buffer) error { return WriteHTML(b, r) }},
		{"summary.txt", func(b *bytes.Buffer) error { return WriteSummary(b, r) }},
		{"verdicts.tsv", func(b *bytes.Buffer) error { return WriteVerdicts(b, r) }},
		{"deviations.tsv", func(b *bytes.Buffer) error { return WriteDeviations(b, r.Deviations()) }},
		{"diff.txt", func(b *bytes.Buffer) error { return Diff(r, other).Write(b) }},
		{"matrix.md", func(b *bytes.Buffer) error { return m.WriteMarkdown(b) }},
		{"matrix.html", func(b *bytes.Buffer) error { return m.WriteHTML(b) }},
	} {
		t.Run(w.name, func(t *testing.T) { golden(t, w.name, render(t, w.write)) })
	}
}

// TestJSONRoundTrip: what WriteJSON writes, ReadJSON reads back the same.
func TestJSONRoundTrip(t *testing.T) {
	r := fixture()
	var b bytes.Buffer
	if err := WriteJSON(&b, r); err != nil {
		t.Fatal(err)
	}
	back, err := ReadJSON(&b)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(r, back); diff != "" {
		t.Errorf("round trip changed the run (-written +read):\n%s", diff)
	}
}

// TestReadJSONRefuses: another format or version is refused with a
// message saying which.
func TestReadJSONRefuses(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{`{"format":"other","version":1}`, `not a mailspec report`},
		{`{"format":"mailspec-report","version":99}`, `report version 99`},
		{`{"format":"mailspec-report","version":1,"duration":"soon"}`, `bad duration`},
		{`[`, `reading JSON`},
	} {
		_, err := ReadJSON(strings.NewReader(c.in))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want an error saying %q", c.in, err, c.want)
		}
	}
}

// TestResult: the run's result with and without known deviations.
func TestResult(t *testing.T) {
	mk := func(cs ...Case) *Run { return &Run{Cases: cs} }
	pass := Case{ID: "a", Verdict: spec.Pass}
	fail := Case{ID: "b", Verdict: spec.Fail}
	warn := Case{ID: "c", Verdict: spec.Warn}
	errc := Case{ID: "d", Verdict: spec.Error}
	known := func(c Case, v spec.Verdict) Case { c.Known = &Known{Verdict: v, Reason: "r"}; return c }
	for _, c := range []struct {
		name   string
		run    *Run
		strict bool
		want   Result
	}{
		{"all pass", mk(pass), false, Conforms},
		{"a fail", mk(pass, fail), false, Failures},
		{"a warn", mk(warn), false, Conforms},
		{"a warn, strict", mk(warn), true, Failures},
		{"an error", mk(errc), false, Inconclusive},
		{"fail and error", mk(fail, errc), false, Failures},
		{"fail as expected", mk(known(fail, spec.Fail)), false, Conforms},
		{"fail expected as any", mk(known(fail, "")), false, Conforms},
		{"fail expected as warn", mk(known(fail, spec.Warn)), false, Failures},
		{"pass expected to fail", mk(known(pass, spec.Fail)), false, Failures},
		{"error as expected", mk(known(errc, spec.Error)), false, Conforms},
	} {
		c.run.Options.Strict = c.strict
		if got := c.run.Result(); got != c.want {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}

// TestDeviations: the file reads back as written; a run's deviations
// differ from the recorded ones as new, gone and changed.
func TestDeviations(t *testing.T) {
	in := "# comment\nsmtp-a\tfail\tbreaks it\nsmtp-b\twarn\n\nsmtp-c\t-\tany\n"
	ds, err := ReadDeviations(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	want := []Deviation{{"smtp-a", spec.Fail, "breaks it"}, {"smtp-b", spec.Warn, ""}, {"smtp-c", "", "any"}}
	if diff := cmp.Diff(want, ds); diff != "" {
		t.Fatalf("read (-want +got):\n%s", diff)
	}
	var b bytes.Buffer
	WriteDeviations(&b, ds)
	if got := b.String(); got != "smtp-a\tfail\tbreaks it\nsmtp-b\twarn\nsmtp-c\t-\tany\n" {
		t.Errorf("written: %q", got)
	}
	for _, bad := range []string{"smtp-a\tpass\n", "smtp-a\tfail\nsmtp-a\twarn\n", "smtp a\tfail\n"} {
		if _, err := ReadDeviations(strings.NewReader(bad)); err == nil {
			t.Errorf("%q read without error", bad)
		}
	}
	run := &Run{Cases: []Case{
		{ID: "smtp-a", Verdict: spec.Fail},
		{ID: "smtp-b", Verdict: spec.Fail},
		{ID: "smtp-c", Verdict: spec.Error},
		{ID: "smtp-d", Verdict: spec.Info},
		{ID: "smtp-e", Verdict: spec.Pass},
	}}
	d := run.DiffDeviations(append(ds, Deviation{ID: "smtp-e", Verdict: spec.Fail}))
	wantDiff := DeviationDiff{
		New:     []Deviation{{ID: "smtp-d", Verdict: spec.Info}},
		Gone:    []Deviation{{ID: "smtp-e", Verdict: spec.Fail}},
		Changed: [][2]Deviation{{{ID: "smtp-b", Verdict: spec.Warn}, {ID: "smtp-b", Verdict: spec.Fail}}},
	}
	if diff := cmp.Diff(wantDiff, d); diff != "" {
		t.Errorf("diff (-want +got):\n%s", diff)
	}
	if run.DiffDeviations(run.Deviations()).Empty() != true {
		t.Error("a run's own deviations differ from it")
	}
}

// TestParseTranscript reads suite/wire's rendering back into lines.
func TestParseTranscript(t *testing.T) {
	got := ParseTranscript("+0.000s -- connected\n+0.012s C: NOOP<CR><LF>\n+1.500s S: 250 OK<CR><LF>\nodd line\n")
	want := Transcript{
		{0, Event, "connected"},
		{12 * time.Millisecond, Client, "NOOP<CR><LF>"},
		{1500 * time.Millisecond, Server, "250 OK<CR><LF>"},
		{0, Event, "odd line"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
