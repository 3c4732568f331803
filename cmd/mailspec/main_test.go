package main

import (
	"bufio"
	"bytes"
	"context"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestMain lets the test binary act as the mailspec command when
// MAILSPEC_AS_MAIN is set, so each test runs the real command in a
// process of its own (Ginkgo runs specs once per process).
func TestMain(m *testing.M) {
	if os.Getenv("MAILSPEC_AS_MAIN") == "1" {
		os.Exit(mainCode(os.Args[1:], os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// mailspec runs the command with args, bounded by a deadline, and returns
// its exit code and output.
func mailspec(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], args...)
	cmd.Env = append(os.Environ(), "MAILSPEC_AS_MAIN=1")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("mailspec %v did not finish: %v", args, ctx.Err())
	}
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return code, stdout.String(), stderr.String()
}

func TestUsageErrors(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{nil, "usage: mailspec"},
		{[]string{"bogus"}, `unknown command "bogus"`},
		{[]string{"run", "-no-such-flag"}, "flag provided but not defined"},
		{[]string{"run", "-smtp", "127.0.0.1:25", "-smtp-tls", "sometimes"}, "TLS mode"},
		{[]string{"run", "-smtp", "no-port"}, "want host:port"},
		{[]string{"run", "extra"}, "unexpected argument"},
		{[]string{"serve", "-tls-cert", "x.pem"}, "go together"},
	} {
		code, _, stderr := mailspec(t, c.args...)
		if code != exitUsage || !strings.Contains(stderr, c.want) {
			t.Errorf("mailspec %v: exit %d, stderr %q; want exit %d and %q", c.args, code, stderr, exitUsage, c.want)
		}
	}
}

func verdicts(t *testing.T, dir string) map[string]string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "verdicts.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		id, v, _ := strings.Cut(line, "\t")
		out[id] = v
	}
	return out
}

// TestRunAgainstReference is the README's main job: the whole suite
// against the embedded reference server passes, and the reports exist.
func TestRunAgainstReference(t *testing.T) {
	dir := t.TempDir()
	code, stdout, stderr := mailspec(t, "run", "-report-dir", dir)
	if code != exitOK {
		t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
	}
	for id, v := range verdicts(t, dir) {
		if v != "pass" {
			t.Errorf("%s: %s against the reference server", id, v)
		}
	}
	for _, f := range []string{"report.json", "junit.xml"} {
		if fi, err := os.Stat(filepath.Join(dir, f)); err != nil || fi.Size() == 0 {
			t.Errorf("%s missing or empty: %v", f, err)
		}
	}
}

// TestRunUnreachable: nothing listens, so every case is an error and the
// run fails, promptly.
func TestRunUnreachable(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	dir := t.TempDir()
	code, stdout, _ := mailspec(t, "run", "-smtp", addr, "-mailbox", "a@localhost", "-timeout", "2s", "-report-dir", dir)
	if code != exitFailed {
		t.Fatalf("exit %d, want %d\n%s", code, exitFailed, stdout)
	}
	for id, v := range verdicts(t, dir) {
		if v != "error" {
			t.Errorf("%s: %s, want error", id, v)
		}
	}
}

// TestRunHostileServers: a server that sends garbage and one that never
// answers make cases fail, not hang.
func TestRunHostileServers(t *testing.T) {
	for name, handle := range map[string]func(net.Conn){
		"garbage": func(c net.Conn) {
			c.Write([]byte("hello there\r\n\x00\xff\r\n"))
			bufio.NewReader(c).ReadString('\n')
		},
		"silent": func(c net.Conn) {
			bufio.NewReader(c).ReadString('\x00')
		},
	} {
		t.Run(name, func(t *testing.T) {
			l, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				t.Fatal(err)
			}
			defer l.Close()
			go func() {
				for {
					c, err := l.Accept()
					if err != nil {
						return
					}
					go func() {
						defer c.Close()
						c.SetDeadline(time.Now().Add(10 * time.Second))
						handle(c)
					}()
				}
			}()
			dir := t.TempDir()
			// The MUST cases of one section are enough to see every case
			// fail rather than hang; each waits out the short timeout.
			code, stdout, _ := mailspec(t, "run", "-smtp", l.Addr().String(), "-mailbox", "a@localhost", "-timeout", "300ms",
				"-label-filter", "level:MUST && rfc5321:4.1.4", "-report-dir", dir)
			if code != exitFailed {
				t.Fatalf("exit %d, want %d\n%s", code, exitFailed, stdout)
			}
			got := verdicts(t, dir)
			if len(got) == 0 {
				t.Fatal("no case ran")
			}
			for id, v := range got {
				if v != "fail" {
					t.Errorf("%s: %s, want fail", id, v)
				}
			}
		})
	}
}

// TestServe starts the reference servers, sees them answer, and stops
// them with SIGTERM.
func TestServe(t *testing.T) {
	cmd := exec.Command(os.Args[0], "serve", "-smtp", "127.0.0.1:0", "-pop3", "127.0.0.1:0", "-store", t.TempDir())
	cmd.Env = append(os.Environ(), "MAILSPEC_AS_MAIN=1")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	addrs := map[string]string{}
	sc := bufio.NewScanner(out)
	for len(addrs) < 2 && sc.Scan() {
		for _, proto := range []string{"SMTP", "POP3"} {
			if a, ok := strings.CutPrefix(sc.Text(), proto+" listening on "); ok {
				addrs[proto] = a
			}
		}
	}
	for proto, greeting := range map[string]string{"SMTP": "220 ", "POP3": "+OK"} {
		c, err := net.DialTimeout("tcp", addrs[proto], 5*time.Second)
		if err != nil {
			t.Fatalf("%s: %v", proto, err)
		}
		c.SetDeadline(time.Now().Add(5 * time.Second))
		line, _ := bufio.NewReader(c).ReadString('\n')
		c.Close()
		if !strings.HasPrefix(line, greeting) {
			t.Errorf("%s greeting %q", proto, line)
		}
	}
	go func() { // drain, so the command never blocks on a full pipe
		for sc.Scan() {
		}
	}()
	cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve after SIGTERM: %v", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("serve did not stop after SIGTERM")
	}
}
