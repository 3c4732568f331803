package main

import (
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mailspec/mailspec/reports"
	"github.com/mailspec/mailspec/suite/spec"
)

// writeRun writes a small JSON report with the given verdicts.
func writeRun(t *testing.T, name string, verdicts map[string]spec.Verdict) string {
	t.Helper()
	r := &reports.Run{Tool: reports.Tool{Name: "mailspec", Version: "test"}, Target: reports.Target{Name: name}}
	for id, v := range verdicts {
		r.Cases = append(r.Cases, reports.Case{ID: id, Protocol: "smtp", RFC: "5321", Section: "4.1.4", Level: spec.MUST, Verdict: v, Message: "what " + id + " saw"})
	}
	r.Sort()
	path := filepath.Join(t.TempDir(), name+".json")
	if err := reports.WriteFile(path, func(w io.Writer) error { return reports.WriteJSON(w, r) }); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestReportDiff: a regression makes the exit status 1; fixes alone, 0.
func TestReportDiff(t *testing.T) {
	old := writeRun(t, "old", map[string]spec.Verdict{"smtp-4.1.4-a": spec.Pass, "smtp-4.1.4-b": spec.Fail, "smtp-4.1.4-gone": spec.Pass})
	new := writeRun(t, "new", map[string]spec.Verdict{"smtp-4.1.4-a": spec.Fail, "smtp-4.1.4-b": spec.Pass, "smtp-4.1.4-added": spec.Pass})
	code, stdout, stderr := mailspec(t, "report", "diff", old, new)
	if code != exitFailed || !strings.Contains(stdout, "regressions (1):\n  smtp-4.1.4-a") || !strings.Contains(stdout, "fixes (1)") ||
		!strings.Contains(stdout, "new cases (1)") || !strings.Contains(stdout, "removed cases (1)") {
		t.Errorf("diff old new: exit %d, want %d\n%s%s", code, exitFailed, stdout, stderr)
	}
	fixed := writeRun(t, "fixed", map[string]spec.Verdict{"smtp-4.1.4-a": spec.Pass, "smtp-4.1.4-b": spec.Pass})
	if code, stdout, _ := mailspec(t, "report", "diff", old, fixed); code != exitOK || !strings.Contains(stdout, "0 regressions, 1 fixes") {
		t.Errorf("diff old fixed: exit %d, want 0\n%s", code, stdout)
	}
	if code, _, stderr := mailspec(t, "report", "diff", old); code != exitUsage || !strings.Contains(stderr, "two reports") {
		t.Errorf("diff with one file: exit %d\n%s", code, stderr)
	}
}

// TestReportRender: a JSON report renders again as HTML, Markdown and
// JUnit; a file that is no report is a usage error.
func TestReportRender(t *testing.T) {
	in := writeRun(t, "server", map[string]spec.Verdict{"smtp-4.1.4-a": spec.Fail})
	for sub, want := range map[string]string{"html": "<title>mailspec: server</title>", "md": "# mailspec: server", "junit": `<failure message="fail: smtp-4.1.4-a`} {
		out := filepath.Join(t.TempDir(), "out")
		code, _, stderr := mailspec(t, "report", sub, "-o", out, in)
		b, _ := os.ReadFile(out)
		if code != exitOK || !strings.Contains(string(b), want) {
			t.Errorf("report %s: exit %d, output lacks %q\n%s", sub, code, want, stderr)
		}
	}
	bad := filepath.Join(t.TempDir(), "bad.json")
	os.WriteFile(bad, []byte(`{"format":"something else"}`), 0o644)
	if code, _, stderr := mailspec(t, "report", "html", bad); code != exitUsage || !strings.Contains(stderr, "not a mailspec report") {
		t.Errorf("report html of another file: exit %d\n%s", code, stderr)
	}
	if code, _, _ := mailspec(t, "report", "bogus", in); code != exitUsage {
		t.Errorf("report bogus: exit %d", code)
	}
}

// TestReportMatrix: the matrix of two runs, as HTML and Markdown.
func TestReportMatrix(t *testing.T) {
	a := writeRun(t, "alpha", map[string]spec.Verdict{"smtp-4.1.4-a": spec.Pass, "smtp-4.1.4-b": spec.Pass})
	b := writeRun(t, "beta", map[string]spec.Verdict{"smtp-4.1.4-a": spec.Warn, "smtp-4.1.4-b": spec.Pass})
	dir := t.TempDir()
	code, _, stderr := mailspec(t, "report", "matrix", "-o", filepath.Join(dir, "m.html"), "-md", filepath.Join(dir, "m.md"), a, b)
	html, _ := os.ReadFile(filepath.Join(dir, "m.html"))
	md, _ := os.ReadFile(filepath.Join(dir, "m.md"))
	if code != exitOK || !strings.Contains(string(html), `<td class="cell v-warn"`) || !strings.Contains(string(md), "| `smtp-4.1.4-a` | 5321 §4.1.4 | MUST | pass | **warn** |") {
		t.Errorf("matrix: exit %d\n%s\n%s\n%s", code, stderr, html, md)
	}
}

// TestReportDeviations: a run's deviations compared with a recorded
// file: exit 0 when the same, 1 with the difference said.
func TestReportDeviations(t *testing.T) {
	in := writeRun(t, "server", map[string]spec.Verdict{"smtp-4.1.4-a": spec.Fail, "smtp-4.1.4-b": spec.Pass})
	code, stdout, _ := mailspec(t, "report", "deviations", in)
	if code != exitOK || stdout != "smtp-4.1.4-a\tfail\n" {
		t.Fatalf("deviations: exit %d, %q", code, stdout)
	}
	recorded := filepath.Join(t.TempDir(), "recorded.tsv")
	os.WriteFile(recorded, []byte(stdout), 0o644)
	if code, stdout, _ := mailspec(t, "report", "deviations", "-expect", recorded, in); code != exitOK || !strings.Contains(stdout, "exactly") {
		t.Errorf("same deviations: exit %d\n%s", code, stdout)
	}
	os.WriteFile(recorded, []byte("smtp-4.1.4-a\twarn\nsmtp-4.1.4-b\tfail\n"), 0o644)
	code, stdout, _ = mailspec(t, "report", "deviations", "-expect", recorded, in)
	if code != exitFailed || !strings.Contains(stdout, "changed: smtp-4.1.4-a\twarn -> fail") || !strings.Contains(stdout, "gone:    smtp-4.1.4-b\tfail -> pass") {
		t.Errorf("other deviations: exit %d\n%s", code, stdout)
	}
}

// TestList: the catalogue, filtered by label, and the requirements
// table, the same as docs/requirements.md.
func TestList(t *testing.T) {
	code, stdout, _ := mailspec(t, "list", "-label-filter", "id:smtp-4.5.1-supports-quit")
	if code != exitOK || !strings.HasPrefix(stdout, "smtp-4.5.1-supports-quit") || strings.Count(stdout, "\n") != 1 {
		t.Errorf("list: exit %d\n%s", code, stdout)
	}
	code, stdout, _ = mailspec(t, "list", "-requirements", "-")
	want, _ := os.ReadFile("../../docs/requirements.md")
	if code != exitOK || stdout != string(want) {
		t.Errorf("list -requirements: exit %d, differs from docs/requirements.md", code)
	}
}

// TestRunExpect: failures listed in -expect are expected failures and
// leave the exit status 0; the output is plain, with no colour codes.
func TestRunExpect(t *testing.T) {
	addr := hostile(t, func(c net.Conn, _ int) { answerAll(c, "250 OK\r\n", 0) })
	dir := t.TempDir()
	args := []string{"run", "-smtp", addr, "-mailbox", "a@localhost", "-timeout", "300ms", "-label-filter", "rfc5321:4.2 && level:MUST", "-report-dir", dir}
	code, stdout, stderr := mailspec(t, args...)
	if code != exitFailed || strings.Contains(stdout, "\x1b") {
		t.Fatalf("exit %d, want %d, and no escape codes\n%s\n%s", code, exitFailed, stdout, stderr)
	}
	_, deviations, _ := mailspec(t, "report", "deviations", filepath.Join(dir, "report.json"))
	known := filepath.Join(t.TempDir(), "known.tsv")
	os.WriteFile(known, []byte(deviations), 0o644)
	code, stdout, stderr = mailspec(t, append(args, "-expect", known)...)
	n := strings.Count(deviations, "\n")
	if code != exitOK || !strings.Contains(stdout, fmt.Sprintf("%d deviations as expected", n)) {
		t.Errorf("with -expect: exit %d, want 0 and %d deviations as expected\n%s\n%s", code, n, stdout, stderr)
	}
}
