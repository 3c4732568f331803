package reports

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/mailspec/mailspec/suite/spec"
)

// Format names the JSON report; Version is its version, raised on any
// change a reader of the previous version would misread (docs/report-json.md).
const (
	Format  = "mailspec-report"
	Version = 1
)

// The JSON forms: the model's fields under stable lower-case names,
// durations as Go duration strings ("1.25s"), so that the model can change
// without the file changing under its readers.
type (
	jsonRun struct {
		Format       string             `json:"format"`
		Version      int                `json:"version"`
		Tool         jsonTool           `json:"tool"`
		Target       jsonTarget         `json:"target"`
		Capabilities []jsonCapabilities `json:"capabilities,omitempty"`
		Started      time.Time          `json:"started"`
		Duration     string             `json:"duration"`
		Options      jsonOptions        `json:"options"`
		SessionTag   string             `json:"session_tag,omitempty"`
		Interrupted  string             `json:"interrupted,omitempty"`
		Cases        []jsonCase         `json:"cases"`
	}
	jsonTool struct {
		Name    string `json:"name"`
		Version string `json:"version"`
	}
	jsonTarget struct {
		Name    string `json:"name"`
		SMTP    string `json:"smtp,omitempty"`
		POP3    string `json:"pop3,omitempty"`
		TLS     string `json:"tls,omitempty"`
		POP3TLS string `json:"pop3_tls,omitempty"`
	}
	jsonOptions struct {
		Strict       bool   `json:"strict"`
		LabelFilter  string `json:"label_filter,omitempty"`
		Timeout      string `json:"timeout,omitempty"`
		CaseTimeout  string `json:"case_timeout,omitempty"`
		Expectations string `json:"expectations,omitempty"`
	}
	jsonCapabilities struct {
		Protocol string   `json:"protocol"`
		Command  string   `json:"command"`
		TLS      bool     `json:"tls"`
		Keywords []string `json:"keywords"`
	}
	jsonCase struct {
		ID          string           `json:"id"`
		Protocol    string           `json:"protocol"`
		RFC         string           `json:"rfc"`
		Section     string           `json:"section"`
		Level       spec.Level       `json:"level"`
		Extension   string           `json:"extension,omitempty"`
		Strict      bool             `json:"strict,omitempty"`
		Oracle      bool             `json:"oracle,omitempty"`
		Labels      []string         `json:"labels,omitempty"`
		Does        string           `json:"does"`
		Quote       string           `json:"quote"`
		Binds       string           `json:"binds,omitempty"`
		Verdict     spec.Verdict     `json:"verdict"`
		Message     string           `json:"message,omitempty"`
		Expected    string           `json:"expected,omitempty"`
		Actual      string           `json:"actual,omitempty"`
		Known       *jsonKnown       `json:"known,omitempty"`
		Duration    string           `json:"duration"`
		Transcripts []jsonTranscript `json:"transcripts,omitempty"`
	}
	jsonKnown struct {
		Verdict spec.Verdict `json:"verdict,omitempty"`
		Reason  string       `json:"reason"`
	}
	jsonTranscript struct {
		Lines []jsonLine `json:"lines"`
	}
	jsonLine struct {
		At   string `json:"at"`
		From From   `json:"from"`
		Text string `json:"text"`
	}
)

func durString(d time.Duration) string {
	return d.String()
}

func parseDur(s string) (time.Duration, error) {
	if s == "" {
		return 0, nil
	}
	return time.ParseDuration(s)
}

func optDur(d time.Duration) string {
	if d == 0 {
		return ""
	}
	return d.String()
}

// WriteJSON writes the run as the versioned JSON report.
func WriteJSON(w io.Writer, r *Run) error {
	j := jsonRun{
		Format: Format, Version: Version,
		Tool:        jsonTool(r.Tool),
		Target:      jsonTarget(r.Target),
		Started:     r.Started.UTC(),
		Duration:    durString(r.Duration),
		Options:     jsonOptions{Strict: r.Options.Strict, LabelFilter: r.Options.LabelFilter, Timeout: optDur(r.Options.Timeout), CaseTimeout: optDur(r.Options.CaseTimeout), Expectations: r.Options.Expectations},
		SessionTag:  r.SessionTag,
		Interrupted: r.Interrupted,
		Cases:       []jsonCase{},
	}
	for _, c := range r.Capabilities {
		j.Capabilities = append(j.Capabilities, jsonCapabilities(c))
	}
	for _, c := range r.Cases {
		jc := jsonCase{
			ID: c.ID, Protocol: c.Protocol, RFC: c.RFC, Section: c.Section, Level: c.Level,
			Extension: c.Extension, Strict: c.Strict, Oracle: c.Oracle, Labels: c.Labels,
			Does: c.Does, Quote: c.Quote, Binds: c.Binds, Verdict: c.Verdict, Message: c.Message,
			Expected: c.Expected, Actual: c.Actual, Duration: durString(c.Duration),
		}
		if c.Known != nil {
			jc.Known = &jsonKnown{Verdict: c.Known.Verdict, Reason: c.Known.Reason}
		}
		for _, t := range c.Transcripts {
			jt := jsonTranscript{Lines: []jsonLine{}}
			for _, l := range t {
				jt.Lines = append(jt.Lines, jsonLine{At: durString(l.At), From: l.From, Text: l.Text})
			}
			jc.Transcripts = append(jc.Transcripts, jt)
		}
		j.Cases = append(j.Cases, jc)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(j)
}

// ReadJSON reads a JSON report WriteJSON wrote, of this Version.
func ReadJSON(rd io.Reader) (*Run, error) {
	var j jsonRun
	dec := json.NewDecoder(rd)
	if err := dec.Decode(&j); err != nil {
		return nil, fmt.Errorf("reports: reading JSON: %w", err)
	}
	if j.Format != Format {
		return nil, fmt.Errorf("reports: not a mailspec report (format %q, want %q)", j.Format, Format)
	}
	if j.Version != Version {
		return nil, fmt.Errorf("reports: report version %d; this mailspec reads version %d", j.Version, Version)
	}
	var err error
	dur := func(s string) time.Duration {
		d, e := parseDur(s)
		if e != nil && err == nil {
			err = fmt.Errorf("reports: bad duration %q: %w", s, e)
		}
		return d
	}
	r := &Run{
		Tool:        Tool(j.Tool),
		Target:      Target(j.Target),
		Started:     j.Started,
		Duration:    dur(j.Duration),
		Options:     Options{Strict: j.Options.Strict, LabelFilter: j.Options.LabelFilter, Timeout: dur(j.Options.Timeout), CaseTimeout: dur(j.Options.CaseTimeout), Expectations: j.Options.Expectations},
		SessionTag:  j.SessionTag,
		Interrupted: j.Interrupted,
	}
	for _, c := range j.Capabilities {
		r.Capabilities = append(r.Capabilities, Capabilities(c))
	}
	for _, jc := range j.Cases {
		c := Case{
			ID: jc.ID, Protocol: jc.Protocol, RFC: jc.RFC, Section: jc.Section, Level: jc.Level,
			Extension: jc.Extension, Strict: jc.Strict, Oracle: jc.Oracle, Labels: jc.Labels,
			Does: jc.Does, Quote: jc.Quote, Binds: jc.Binds, Verdict: jc.Verdict, Message: jc.Message,
			Expected: jc.Expected, Actual: jc.Actual, Duration: dur(jc.Duration),
		}
		if jc.Known != nil {
			c.Known = &Known{Verdict: jc.Known.Verdict, Reason: jc.Known.Reason}
		}
		for _, jt := range jc.Transcripts {
			t := Transcript{}
			for _, l := range jt.Lines {
				t = append(t, Line{At: dur(l.At), From: l.From, Text: l.Text})
			}
			c.Transcripts = append(c.Transcripts, t)
		}
		r.Cases = append(r.Cases, c)
	}
	if err != nil {
		return nil, err
	}
	return r, nil
}

// ReadFile reads a JSON report from a file.
func ReadFile(path string) (*Run, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r, err := ReadJSON(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return r, nil
}

// WriteFile creates path and fills it with write.
func WriteFile(path string, write func(io.Writer) error) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := write(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
