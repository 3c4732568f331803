package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mailspec/mailspec/reference"
	"github.com/mailspec/mailspec/reference/smtp"
)

// TestFuzzFindsAndReplays runs `mailspec fuzz` against a reference that
// answers an unknown verb 250: it finds that, minimises it and saves it;
// `mailspec replay` says it reproduces there and not against the strict
// reference.
func TestFuzzFindsAndReplays(t *testing.T) {
	broken := startRef(t, &smtp.Faults{Reply: func(cmd, reply string) string {
		if strings.HasPrefix(cmd, "XYZZY") {
			return "250 2.0.0 OK\r\n"
		}
		return reply
	}})
	dir := t.TempDir()
	var out, errs bytes.Buffer
	args := append(targetArgs(broken), "-duration", "3s", "-findings", dir)
	if code := mainCode(append([]string{"fuzz"}, args...), &out, &errs); code != exitFailed {
		t.Fatalf("fuzz exit %d, want %d\n%s\n%s", code, exitFailed, out.String(), errs.String())
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.json"))
	if len(files) == 0 || !strings.Contains(out.String(), "unknown") {
		t.Fatalf("no finding about the unknown verb saved:\n%s", out.String())
	}
	var file string
	for _, f := range files {
		if b, _ := os.ReadFile(f); strings.Contains(string(b), `"where": "smtp session 1: unknown`) {
			file = f
		}
	}
	if file == "" {
		file = files[0]
	}
	out.Reset()
	if code := mainCode(append([]string{"replay", file}, targetArgs(broken)...), &out, &errs); code != exitFailed || !strings.HasPrefix(out.String(), "reproduces") {
		t.Fatalf("replay against the fault: exit %d\n%s%s", code, out.String(), errs.String())
	}
	clean := startRef(t, nil)
	out.Reset()
	errs.Reset()
	args = append(targetArgs(clean), "-duration", "3s", "-findings", t.TempDir())
	if code := mainCode(append([]string{"fuzz"}, args...), &out, &errs); code != exitOK {
		t.Fatalf("fuzz against the strict reference: exit %d\n%s\n%s", code, out.String(), errs.String())
	}
	// Into a pipe or a file the progress is plain lines, and the last
	// says how many sessions ran and how fast.
	if strings.Contains(errs.String(), "\r") || !strings.Contains(errs.String(), "sessions/s, 0 distinct findings in ") {
		t.Errorf("progress into a buffer: %q", errs.String())
	}
	t.Logf("strict reference over loopback: %s", strings.TrimSpace(errs.String()))
	out.Reset()
	if code := mainCode(append([]string{"replay", file}, targetArgs(clean)...), &out, &errs); code != exitOK {
		t.Fatalf("replay against the strict reference: exit %d\n%s%s", code, out.String(), errs.String())
	}
}

func startRef(t *testing.T, f *smtp.Faults) *reference.Instance {
	inst, err := reference.Start(reference.Options{SMTP: func(c *smtp.Config) { c.Faults = f }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { inst.Close() })
	return inst
}

func targetArgs(inst *reference.Instance) []string {
	a := inst.Accounts[0]
	return []string{"-smtp", inst.SMTP.Addr().String(), "-pop3", inst.POP3.Addr().String(),
		"-user", a.User, "-password", a.Password, "-tls-insecure", "-timeout", "2s"}
}
