package wire

import (
	"strings"
	"testing"
	"time"
)

func TestVisible(t *testing.T) {
	tests := []struct{ in, want string }{
		{"220 mx.example ESMTP\r\n", "220 mx.example ESMTP<CR><LF>"},
		{"a\x00b\tc", "a<NUL>b<HT>c"},
		{"\x01\x1b\x7f\x80\xff", `\x01\x1B\x7F\x80\xFF`},
		{"MAIL FROM:<a@b>", "MAIL FROM:<a@b>"},
		{"<CR>", `\x3CCR>`},
		{"<<LF>", `<\x3CLF>`},
		{"<NUL", "<NUL"},
		{`\x41`, `\x5Cx41`},
		{`\n`, `\n`},
		{"", ""},
	}
	for _, tt := range tests {
		if got := Visible([]byte(tt.in)); got != tt.want {
			t.Errorf("Visible(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// zeroTimes clears the offsets so that a rendering can be compared.
func zeroTimes(tr Transcript) Transcript {
	for i := range tr.Entries {
		tr.Entries[i].At = 0
	}
	return tr
}

func TestTranscriptRendering(t *testing.T) {
	r := newRecorder(0)
	r.data(DirServer, []byte("220 mx.example ESMTP\r\n"))
	r.data(DirClient, []byte("EHLO a\r\nMAIL FROM:<>\r\n"))
	r.data(DirServer, []byte("250-mx.example\r\n250 8BITMIME\r\n250 "))
	r.data(DirServer, []byte("OK\r\n"))
	r.data(DirClient, []byte("DATA\r"))
	r.data(DirServer, []byte("354 go\r\n"))
	r.data(DirClient, []byte("\nx\x00\xe9"))
	r.event("STARTTLS: TLS established")
	r.data(DirServer, []byte("partial"))
	const want = `+0.000s S: 220 mx.example ESMTP<CR><LF>
+0.000s C: EHLO a<CR><LF>
+0.000s C: MAIL FROM:<><CR><LF>
+0.000s S: 250-mx.example<CR><LF>
+0.000s S: 250 8BITMIME<CR><LF>
+0.000s S: 250 OK<CR><LF>
+0.000s C: DATA<CR>
+0.000s S: 354 go<CR><LF>
+0.000s C: <LF>
+0.000s C: x<NUL>\xE9
+0.000s -- STARTTLS: TLS established
+0.000s S: partial
`
	if got := zeroTimes(r.snapshot()).String(); got != want {
		t.Errorf("String() =\n%s\nwant\n%s", got, want)
	}
}

func TestEntryOffset(t *testing.T) {
	e := Entry{At: 1234 * time.Millisecond, Dir: DirClient, Data: []byte("QUIT\r\n")}
	if got, want := e.String(), "+1.234s C: QUIT<CR><LF>"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
}

func TestTranscriptSplitsLongLines(t *testing.T) {
	r := newRecorder(0)
	r.data(DirClient, []byte(strings.Repeat("x", 20000)+"\r\n"))
	es := r.snapshot().Entries
	if len(es) != 3 || len(es[0].Data) != 8192 || string(es[2].Data[len(es[2].Data)-2:]) != "\r\n" {
		t.Errorf("got %d entries, want chunks of 8192, 8192 and the rest with CRLF", len(es))
	}
}

func TestTranscriptBounded(t *testing.T) {
	const limit = 4096
	r := newRecorder(limit)
	r.data(DirServer, []byte("220 first\r\n"))
	for range 10000 {
		r.data(DirClient, []byte("NOOP\r\n"))
		r.data(DirServer, []byte("250 ok\r\n"))
	}
	r.data(DirClient, []byte("QUIT\r\n"))
	es := r.snapshot().Entries
	cost := 0
	var note string
	for _, e := range es {
		cost += len(e.Data) + entryOverhead
		if e.Dir == DirEvent {
			note = string(e.Data)
		}
	}
	if cost > limit+200 {
		t.Errorf("transcript costs %d, want at most about %d", cost, limit)
	}
	if string(es[0].Data) != "220 first\r\n" || string(es[len(es)-1].Data) != "QUIT\r\n" {
		t.Errorf("first %q, last %q: want the head and the tail kept", es[0].Data, es[len(es)-1].Data)
	}
	if !strings.Contains(note, "left out") {
		t.Errorf("no note of what was left out; events: %q", note)
	}
}
