package reports

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/mailspec/mailspec/suite/spec"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// fixture is a small run with one case of each verdict, an oracle, a
// known deviation and a transcript with bare line ends and a NUL: every
// writer's golden file is written from it.
func fixture() *Run {
	at := func(ms int) time.Duration { return time.Duration(ms) * time.Millisecond }
	r := &Run{
		Tool:   Tool{Name: "mailspec", Version: "v0.0.0-test"},
		Target: Target{Name: "example server", SMTP: "127.0.0.1:2525", TLS: "starttls"},
		Capabilities: []Capabilities{
			{Protocol: "smtp", Command: "EHLO", Keywords: []string{"PIPELINING", "SIZE 1000000", "8BITMIME", "STARTTLS"}},
			{Protocol: "smtp", Command: "EHLO", TLS: true, Keywords: []string{"PIPELINING", "SIZE 1000000", "8BITMIME", "AUTH PLAIN LOGIN"}},
		},
		Started:    time.Date(2026, 5, 4, 10, 30, 0, 0, time.UTC),
		Duration:   1500 * time.Millisecond,
		Options:    Options{Strict: false, LabelFilter: "smtp", Timeout: 10 * time.Second, Expectations: "known.tsv"},
		SessionTag: "Each case gives EHLO a domain naming it: find a case's sessions in the server's log by its ID.",
		Cases: []Case{
			{
				ID: "smtp-2.3.8-bare-lf-in-command", Protocol: "smtp", RFC: "5321", Section: "2.3.8", Level: spec.MUST,
				Labels:  []string{"smtp", "id:smtp-2.3.8-bare-lf-in-command", "level:MUST", "rfc5321:2.3.8", "rfc:5321"},
				Does:    "sends NOOP ending in a bare LF, then NOOP<CRLF>; requires one reply, not two",
				Quote:   "Conforming implementations MUST NOT recognize or generate any other character or character sequence as a line terminator.",
				Verdict: spec.Fail, Message: "the bare LF ended the command line\nExpected: one reply to NOOP<LF>NOOP<CRLF>\nActual:   250 2.0.0 OK, twice",
				Expected: "one reply to NOOP<LF>NOOP<CRLF>", Actual: "250 2.0.0 OK, twice", Duration: at(12),
				Transcripts: []Transcript{{
					{At: 0, From: Event, Text: "connected to 127.0.0.1:2525 from 127.0.0.1:40000"},
					{At: at(1), From: Server, Text: "220 mx.example ESMTP<CR><LF>"},
					{At: at(2), From: Client, Text: "EHLO client.mailspec.example<CR><LF>"},
					{At: at(3), From: Server, Text: "250 mx.example<CR><LF>"},
					{At: at(4), From: Client, Text: "NOOP<LF>NOOP<CR><LF>"},
					{At: at(5), From: Server, Text: "250 2.0.0 OK<CR><LF>"},
					{At: at(6), From: Server, Text: "250 2.0.0 OK<CR><LF>"},
					{At: at(7), From: Client, Text: "DATA with a <NUL> and a bare <CR> here<CR><LF>"},
					{At: at(8), From: Event, Text: "closed by client"},
				}},
			},
			{
				ID: "smtp-4.1.1.8-help-without-argument", Protocol: "smtp", RFC: "5321", Section: "4.1.1.8", Level: spec.SHOULD,
				Labels: []string{"smtp", "level:SHOULD"}, Does: "sends HELP; requires 211 or 214",
				Quote: "SMTP servers SHOULD support HELP without arguments", Verdict: spec.Warn,
				Message: "HELP\nExpected: a reply 211 or 214\nActual:   502 5.5.1 not implemented", Expected: "a reply 211 or 214", Actual: "502 5.5.1 not implemented", Duration: at(3),
			},
			{
				ID: "smtp-4.1.4-mail-path-without-brackets", Protocol: "smtp", RFC: "5321", Section: "4.1.4", Level: spec.MUST, Strict: true,
				Labels: []string{"smtp", "level:MUST", "strict"}, Does: "sends MAIL FROM:a@b without brackets; requires 501",
				Quote: "If the transaction beginning command argument is not acceptable, a 501 failure reply MUST be returned", Verdict: spec.Warn,
				Message: "accepted", Known: &Known{Verdict: spec.Warn, Reason: "lenient envelope parser"}, Duration: at(2),
			},
			{
				ID: "smtp-4.1.1.8-help-with-topic", Protocol: "smtp", RFC: "5321", Section: "4.1.1.8", Level: spec.MAY,
				Does: "sends HELP MAIL; records whether it is answered", Quote: "MAY support it with arguments", Verdict: spec.Info, Message: "HELP with a topic is not supported", Duration: at(1),
			},
			{
				ID: "smtp-3030.2-bdat-last", Protocol: "smtp", RFC: "3030", Section: "2", Level: spec.MUST, Extension: "CHUNKING",
				Does: "sends BDAT LAST; requires 250", Quote: "the server MUST", Verdict: spec.Skip, Message: "the server does not advertise CHUNKING", Duration: 0,
			},
			{
				ID: "smtp-3207.4-starttls-220", Protocol: "smtp", RFC: "3207", Section: "4", Level: spec.MUST, Extension: "STARTTLS",
				Does: "sends STARTTLS; requires 220", Quote: "the server MUST", Verdict: spec.Pass, Duration: at(4),
				Known: &Known{Reason: "was broken in 1.0"},
			},
			{
				ID: "smtp-1870.4-size-552", Protocol: "smtp", RFC: "1870", Section: "4", Level: spec.MUST, Extension: "SIZE",
				Does: "sends a message over SIZE; requires 552", Quote: "the server MUST", Verdict: spec.Error, Message: "the server refused for now: 421 4.3.2 busy", Duration: at(20),
			},
			{
				ID: "smtp-4.2-every-reply-well-formed", Protocol: "smtp", RFC: "5321", Section: "4.2", Level: spec.MUST, Oracle: true,
				Labels: []string{"smtp", "oracle"}, Does: "every reply", Quote: "replies MUST", Verdict: spec.Pass, Duration: 0,
			},
		},
	}
	r.Sort()
	return r
}

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./reports -update)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s differs (-want +got; go test ./reports -update rewrites it):\n%s", name, diff)
	}
}

func render(t *testing.T, write func(*bytes.Buffer) error) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := write(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}
