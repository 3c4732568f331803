package wire

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

// FuzzParseReply checks that every input ParseReply accepts re-serialises
// byte for byte, that it fails only with a *ProtocolError or a short-input
// error, and that what it accepts is only CRLF-terminated lines.
func FuzzParseReply(f *testing.F) {
	for _, seed := range []string{
		"250 OK\r\n",                         // single line
		"250\r\n",                            // code alone
		"250 \r\n",                           // code and SP, no text
		"250-mx.example\r\n250 SIZE 100\r\n", // multi-line
		"220-\r\n220 ready\r\n",              // empty continuation text
		"550 5.1.1 no such user\r\n",         // enhanced status code
		"220 mx\tready\r\n",                  // HT in text
		"250 OK\n",                           // bare LF line end
		"250-a\r\n251 b\r\n",                 // mixed codes
		"650 x\r\n",                          // first digit out of range
		"250OK\r\n",                          // no separator
		"250 a\x00b\r\n",                     // NUL in text
		"250 caf\xc3\xa9\r\n",                // 8-bit text
		"250 OK\r\n250 again\r\n",            // trailing data
		"250-a\r\n",                          // incomplete
		"250 " + strings.Repeat("x", 5000) + "\r\n", // over-long line
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		rep, err := ParseReply(b)
		if err != nil {
			var pe *ProtocolError
			if !errors.As(err, &pe) && !IsClosed(err) {
				t.Fatalf("ParseReply(%q) error %v is neither a ProtocolError nor EOF", b, err)
			}
			return
		}
		if got := rep.String(); got != string(b) {
			t.Fatalf("ParseReply(%q).String() = %q", b, got)
		}
		if bytes.Count(b, []byte("\n")) != len(rep.Lines) || bytes.Count(b, []byte("\r\n")) != len(rep.Lines) {
			t.Fatalf("ParseReply(%q) accepted a line end other than CRLF", b)
		}
	})
}

// FuzzReadMultiline checks that any body, byte-stuffed as RFC 1939 §3
// requires and terminated, is read back byte-identical.
func FuzzReadMultiline(f *testing.F) {
	for _, seed := range []string{
		"",                                 // empty body
		"a\r\n",                            // one line
		".\r\n",                            // a line that is the terminator unless stuffed
		"..\r\n.a\r\n",                     // lines starting with dots
		"a\n.\nb\r\n",                      // bare LF is data
		"a\r.\r\n",                         // bare CR is data
		"\x00\xff\r\n\r\n",                 // NUL, 8-bit, empty line
		strings.Repeat("x", 9000) + "\r\n", // line longer than the buffer
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		if len(body) > 0 && !bytes.HasSuffix(body, []byte("\r\n")) {
			// A body is whole lines. The fuzzer's input is read-only: the
			// capacity is clipped so that append copies it.
			body = append(body[:len(body):len(body)], "\r\n"...)
		}
		got, err := NewReader(bytes.NewReader(stuff(body)), Limits{}).ReadMultiline()
		if err != nil {
			t.Fatalf("ReadMultiline(stuff(%q)) error %v", body, err)
		}
		if !bytes.Equal(got, body) {
			t.Fatalf("ReadMultiline(stuff(%q)) = %q", body, got)
		}
	})
}

// stuff byte-stuffs body (whole CRLF-terminated lines) and appends the
// terminator, as a POP3 server sends it.
func stuff(body []byte) []byte { return []byte(DotStuff(string(body)) + ".\r\n") }
