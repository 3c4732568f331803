package main

import (
	"bytes"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/mailspec/mailspec/reports"
	"github.com/mailspec/mailspec/suite/spec"
)

// TestPlainOutput: progress is plain lines into files and pipes, and on a
// terminal (a character device) when NO_COLOR is set.
func TestPlainOutput(t *testing.T) {
	if !plainOutput(&bytes.Buffer{}) {
		t.Error("a buffer gets the live, coloured progress line")
	}
	f, err := os.CreateTemp(t.TempDir(), "out")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if !plainOutput(f) {
		t.Error("a regular file gets the live, coloured progress line")
	}
	tty, err := os.OpenFile("/dev/null", os.O_WRONLY, 0) // a character device, as a terminal is
	if err != nil {
		t.Skip(err)
	}
	defer tty.Close()
	os.Unsetenv("NO_COLOR")
	if plainOutput(tty) {
		t.Error("a character device without NO_COLOR gets plain lines")
	}
	t.Setenv("NO_COLOR", "1")
	if !plainOutput(tty) {
		t.Error("NO_COLOR set, yet the live, coloured line")
	}
}

// TestLiveProgressLine: the terminal's line shows cases done of the total,
// the verdict counts so far and the case under way, rewriting itself.
func TestLiveProgressLine(t *testing.T) {
	var b bytes.Buffer
	p := &progress{w: &b, live: true, total: 275, done: 12, counts: reports.Counts{spec.Pass: 10, spec.Fail: 2}, start: time.Now()}
	p.line("smtp-4.1.4-data-before-rcpt")
	got := b.String()
	for _, want := range []string{"\r\x1b[K", "[12/275 ", "pass 10", "fail 2", "smtp-4.1.4-data-before-rcpt"} {
		if !strings.Contains(got, want) {
			t.Errorf("progress line %q lacks %q", got, want)
		}
	}
}
