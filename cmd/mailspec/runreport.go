package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"time"

	"github.com/onsi/ginkgo/v2"
	"github.com/onsi/ginkgo/v2/types"

	"github.com/mailspec/mailspec/reference"
	refpop3 "github.com/mailspec/mailspec/reference/pop3"
	refsmtp "github.com/mailspec/mailspec/reference/smtp"
	"github.com/mailspec/mailspec/reports"
	"github.com/mailspec/mailspec/suite/pop3"
	"github.com/mailspec/mailspec/suite/smtp"
	"github.com/mailspec/mailspec/suite/spec"
	"github.com/mailspec/mailspec/suite/target"
)

// reportFlags are the flags of `mailspec run` about what it reports and
// how: known deviations, the password's source, the output's form.
type reportFlags struct {
	expect       string
	passwordFile string
	noProgress   bool
}

func addReportFlags(fs *flag.FlagSet, t *target.Target) *reportFlags {
	f := &reportFlags{}
	fs.StringVar(&t.Name, "name", "", "what the reports call the server under test (default: its address)")
	fs.StringVar(&f.expect, "expect", "", "file of known deviations, one `ID<TAB>verdict<TAB>reason` a line: reported as expected failures; only new failures or unexpected passes change the exit status")
	fs.StringVar(&f.passwordFile, "password-file", "", "read the AUTH password from this file's first line (or set "+target.EnvSMTPPassword+")")
	fs.BoolVar(&f.noProgress, "no-progress", false, "print no progress while the cases run, only the summary")
	return f
}

// password picks the AUTH password: -password, else -password-file, else
// the environment, so that it need not show in a process list.
func (f *reportFlags) password(flagValue string, getenv func(string) string) (string, error) {
	return f.secret("-password", flagValue, target.EnvSMTPPassword, getenv)
}

// secret picks a password: the flag named name, else the password file,
// else the environment variable env.
func (f *reportFlags) secret(name, flagValue, env string, getenv func(string) string) (string, error) {
	switch {
	case flagValue != "" && f.passwordFile != "":
		return "", fmt.Errorf("%s and %s-file go alone, not together", name, name)
	case flagValue != "":
		return flagValue, nil
	case f.passwordFile != "":
		b, err := os.ReadFile(f.passwordFile)
		if err != nil {
			return "", err
		}
		line, _, _ := strings.Cut(string(b), "\n")
		return strings.TrimRight(line, "\r"), nil
	}
	return getenv(env), nil
}

// readExpectations reads the -expect file, if any.
func (f *reportFlags) readExpectations() ([]reports.Deviation, error) {
	if f.expect == "" {
		return nil, nil
	}
	return readDeviationsFile(f.expect)
}

// toolVersion is mailspec's module version, as the build recorded it.
func toolVersion() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown"
	}
	v := bi.Main.Version
	for _, s := range bi.Settings {
		if s.Key == "vcs.revision" && len(s.Value) >= 12 {
			v += " " + s.Value[:12]
		}
	}
	return v
}

// reportFiles are the files a run writes into its report directory.
var reportFiles = []struct {
	name  string
	write func(io.Writer, *reports.Run) error
}{
	{"report.json", reports.WriteJSON},
	{"junit.xml", reports.WriteJUnit},
	{"report.md", reports.WriteMarkdown},
	{"report.html", reports.WriteHTML},
	{"verdicts.tsv", reports.WriteVerdicts},
}

// writeReports writes every report of the run into dir and returns their
// paths.
func writeReports(dir string, run *reports.Run) ([]string, error) {
	var paths []string
	for _, f := range reportFiles {
		p := filepath.Join(dir, f.name)
		if err := reports.WriteFile(p, func(w io.Writer) error { return f.write(w, run) }); err != nil {
			return paths, fmt.Errorf("writing %s: %w", p, err)
		}
		paths = append(paths, p)
	}
	return paths, nil
}

// verdictOf is the verdict a spec recorded, if any.
func verdictOf(sr types.SpecReport) (id string, v spec.Verdict) {
	for _, e := range sr.ReportEntries {
		switch e.Name {
		case spec.EntryCase:
			if c, ok := e.GetRawValue().(spec.CaseEntry); ok {
				id = c.ID
			}
		case spec.EntryVerdict:
			if s, ok := e.GetRawValue().(string); ok {
				v = spec.Verdict(s)
			}
		}
	}
	return id, v
}

// progress shows a run as it goes: on a terminal one line rewritten in
// place (cases done of all, verdicts so far, the case under way); else,
// or with NO_COLOR, one plain line per case.
type progress struct {
	w      io.Writer
	live   bool
	total  int
	done   int
	counts reports.Counts
	start  time.Time
}

// isTerminal reports whether f is a character device, as a terminal is.
func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// plainOutput reports whether output to w must be plain: not a terminal,
// or NO_COLOR set (https://no-color.org).
func plainOutput(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok || !isTerminal(f) {
		return true
	}
	_, noColor := os.LookupEnv("NO_COLOR")
	return noColor
}

// declareProgress hooks the progress display into the Ginkgo tree.
func declareProgress(w io.Writer) {
	p := &progress{w: w, live: !plainOutput(w), counts: reports.Counts{}}
	ginkgo.ReportBeforeSuite(func(r ginkgo.Report) {
		p.total = r.PreRunStats.SpecsThatWillRun
		p.start = time.Now()
	})
	ginkgo.ReportBeforeEach(func(sr ginkgo.SpecReport) {
		if p.live && !sr.State.Is(types.SpecStateSkipped) {
			p.line(strings.SplitN(sr.LeafNodeText, ":", 2)[0])
		}
	})
	ginkgo.ReportAfterEach(func(sr ginkgo.SpecReport) {
		id, v := verdictOf(sr)
		if id == "" || v == "" {
			return // filtered out
		}
		p.done++
		p.counts[v]++
		if p.live {
			p.line(id)
			return
		}
		fmt.Fprintf(p.w, "%*d/%d %-5s %s\n", len(fmt.Sprint(p.total)), p.done, p.total, v, id)
	})
	ginkgo.ReportAfterSuite("mailspec progress", func(ginkgo.Report) {
		if p.live {
			fmt.Fprint(p.w, "\r\x1b[K")
		}
	})
}

// line rewrites the terminal's progress line.
func (p *progress) line(current string) {
	colour := map[spec.Verdict]string{spec.Pass: "32", spec.Fail: "31", spec.Error: "35", spec.Warn: "33", spec.Info: "36", spec.Skip: "2"}
	var parts []string
	for _, v := range reports.Verdicts {
		if n := p.counts[v]; n > 0 {
			parts = append(parts, fmt.Sprintf("\x1b[%sm%s %d\x1b[0m", colour[v], v, n))
		}
	}
	fmt.Fprintf(p.w, "\r\x1b[K[%d/%d %s] %s  %s", p.done, p.total, time.Since(p.start).Round(100*time.Millisecond), strings.Join(parts, " "), current)
}

// advertised asks the target what it advertises, for the report's
// capability summary; a failure is said on stderr and leaves the summary
// out, for the setup check has already passed.
func advertised(t *target.Target, stderr io.Writer) []reports.Capabilities {
	var out []reports.Capabilities
	ask := func(protocol, command string, query func(context.Context, *target.Target) ([]string, []string, error)) {
		plain, secure, err := query(context.Background(), t)
		if err != nil {
			fmt.Fprintf(stderr, "mailspec run: asking what the %s server advertises: %v\n", strings.ToUpper(protocol), err)
		}
		if plain != nil {
			out = append(out, reports.Capabilities{Protocol: protocol, Command: command, Keywords: plain})
		}
		if secure != nil {
			out = append(out, reports.Capabilities{Protocol: protocol, Command: command, TLS: true, Keywords: secure})
		}
	}
	if t.SMTP.Addr != "" {
		ask("smtp", "EHLO", smtp.Advertised)
	}
	if t.POP3.Addr != "" {
		ask("pop3", "CAPA", pop3.Advertised)
	}
	return out
}

// embeddedReference is how the main job starts the reference servers: as
// by default, but with a failed AUTH or POP3 login answered after a
// millisecond, not a second, so that the whole suite runs in a moment.
// The delay slows password guessing; the cases only need it to exist.
func embeddedReference() reference.Options {
	return reference.Options{
		SMTP: func(c *refsmtp.Config) { c.AuthFailureDelay = time.Millisecond },
		POP3: func(c *refpop3.Config) { c.LoginDelay = time.Millisecond },
	}
}
