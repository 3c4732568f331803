package wire

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestParseStatus(t *testing.T) {
	tests := []struct {
		name string // the input, written as its bytes
		in   string
		want outcome
		st   *Status
	}{
		{"+OK<CR><LF>", "+OK\r\n", parsed, &Status{Kind: StatusOK}},
		{"+OK <CR><LF>", "+OK \r\n", parsed, &Status{Kind: StatusOK, TrailingSP: true}},
		{"+OK 2 messages (320 octets)<CR><LF>", "+OK 2 messages (320 octets)\r\n", parsed,
			&Status{Kind: StatusOK, Text: "2 messages (320 octets)"}},
		{"-ERR<CR><LF>", "-ERR\r\n", parsed, &Status{Kind: StatusErr}},
		{"-ERR [IN-USE] locked<CR><LF>", "-ERR [IN-USE] locked\r\n", parsed,
			&Status{Kind: StatusErr, Text: "[IN-USE] locked", Code: "IN-USE"}},
		{"-ERR [SYS/TEMP]<CR><LF>", "-ERR [SYS/TEMP]\r\n", parsed,
			&Status{Kind: StatusErr, Text: "[SYS/TEMP]", Code: "SYS/TEMP"}},
		{"+OK [AUTH] hi<CR><LF>", "+OK [AUTH] hi\r\n", parsed,
			&Status{Kind: StatusOK, Text: "[AUTH] hi", Code: "AUTH"}},
		{"-ERR [] x<CR><LF>", "-ERR [] x\r\n", parsed,
			&Status{Kind: StatusErr, Text: "[] x"}},
		{"-ERR [SYS/] x<CR><LF>", "-ERR [SYS/] x\r\n", parsed,
			&Status{Kind: StatusErr, Text: "[SYS/] x"}},
		{"-ERR [IN USE] x<CR><LF>", "-ERR [IN USE] x\r\n", parsed,
			&Status{Kind: StatusErr, Text: "[IN USE] x"}},
		{"-ERR [open<CR><LF>", "-ERR [open\r\n", parsed,
			&Status{Kind: StatusErr, Text: "[open"}},
		{"+OK a<HT>b<CR><LF>", "+OK a\tb\r\n", parsed,
			&Status{Kind: StatusOK, Text: "a\tb"}},
		{"+ <CR><LF>", "+ \r\n", parsed, &Status{Kind: StatusContinue}},
		{"+ dGVzdA==<CR><LF>", "+ dGVzdA==\r\n", parsed,
			&Status{Kind: StatusContinue, Text: "dGVzdA=="}},

		{"+OK<LF>", "+OK\n", malformed, nil},
		{"+OKAY<CR><LF>", "+OKAY\r\n", malformed, nil},
		{"+ok<CR><LF>", "+ok\r\n", malformed, nil},
		{"-ERROR<CR><LF>", "-ERROR\r\n", malformed, nil},
		{"-ERR<HT>x<CR><LF>", "-ERR\tx\r\n", malformed, nil},
		{"OK<CR><LF>", "OK\r\n", malformed, nil},
		{"+<CR><LF>", "+\r\n", malformed, nil},
		{"+ not base64!<CR><LF>", "+ not base64!\r\n", malformed, nil},
		{"+OK a<NUL>b<CR><LF>", "+OK a\x00b\r\n", malformed, nil},
		{"+OK a<CR>b<CR><LF>", "+OK a\rb\r\n", malformed, nil},
		{"+OK caf\\xC3\\xA9<CR><LF>", "+OK caf\xc3\xa9\r\n", badText, nil},
		{"+OK<CR><LF>+OK<CR><LF>", "+OK\r\n+OK\r\n", malformed, nil},
		{"line of 4097 octets", "+OK " + strings.Repeat("x", 4091) + "\r\n", limited, nil},
		{"empty", "", closed, nil},
		{"+OK", "+OK", closed, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, err := ParseStatus([]byte(tt.in))
			checkOutcome(t, err, tt.want)
			if err == nil && (st.TextProblem != "") != (tt.want == badText) {
				t.Errorf("TextProblem = %q, want one: %v", st.TextProblem, tt.want == badText)
			}
			if tt.st != nil && !reflect.DeepEqual(st, tt.st) {
				t.Errorf("ParseStatus = %#v, want %#v", st, tt.st)
			}
			if err == nil && st.String() != tt.in {
				t.Errorf("String() = %q, want the input %q", st.String(), tt.in)
			}
		})
	}
}

func TestStatusHasCode(t *testing.T) {
	st := &Status{Kind: StatusErr, Code: "SYS/TEMP"}
	for code, want := range map[string]bool{
		"SYS": true, "sys": true, "SYS/TEMP": true, "sys/temp": true,
		"SY": false, "SYS/PERM": false, "SYS/TEMP/X": false, "IN-USE": false,
	} {
		if got := st.HasCode(code); got != want {
			t.Errorf("HasCode(%q) = %v, want %v", code, got, want)
		}
	}
}

func TestStatusExpect(t *testing.T) {
	st := &Status{Kind: StatusErr, Text: "[IN-USE] locked", Code: "IN-USE"}
	err := st.Expect(StatusOK)
	var se *StatusError
	if !errors.As(err, &se) || se.Status != st {
		t.Fatalf("Expect(StatusOK) = %v, want *StatusError", err)
	}
	const msg = "wire: unexpected status -ERR [IN-USE] locked (want +OK)"
	if err.Error() != msg {
		t.Errorf("Error() = %q, want %q", err.Error(), msg)
	}
	if err := st.Expect(StatusErr); err != nil {
		t.Errorf("Expect(StatusErr) = %v, want nil", err)
	}
}

func TestReadMultiline(t *testing.T) {
	tests := []struct {
		name string // the input, written as its bytes
		in   string
		want string // the body returned
	}{
		{".<CR><LF>", ".\r\n", ""},
		{"a<CR><LF>.<CR><LF>", "a\r\n.\r\n", "a\r\n"},
		{"<CR><LF>.<CR><LF>", "\r\n.\r\n", "\r\n"},
		{"..<CR><LF>.<CR><LF>", "..\r\n.\r\n", ".\r\n"},
		{"...<CR><LF>.<CR><LF>", "...\r\n.\r\n", "..\r\n"},
		{"..a<CR><LF>.<CR><LF>", "..a\r\n.\r\n", ".a\r\n"},
		// RFC 1939 §3: the client strips a leading "." whatever follows.
		{".a<CR><LF>.<CR><LF>", ".a\r\n.\r\n", "a\r\n"},
		{"a.<CR><LF>.<CR><LF>", "a.\r\n.\r\n", "a.\r\n"},
		// Only CRLF ends a line, so a bare LF or CR never terminates.
		{"a<LF>.<LF>b<CR><LF>.<CR><LF>", "a\n.\nb\r\n.\r\n", "a\n.\nb\r\n"},
		{"a<CR>.<CR>b<CR><LF>.<CR><LF>", "a\r.\rb\r\n.\r\n", "a\r.\rb\r\n"},
		{"<LF>.<CR><LF>.<CR><LF>", "\n.\r\n.\r\n", "\n.\r\n"},
		{".<LF><CR><LF>.<CR><LF>", ".\n\r\n.\r\n", "\n\r\n"},
		{"a<CR><LF>.<CR><LF>b<CR><LF>", "a\r\n.\r\nb\r\n", "a\r\n"},
		{"1 120<CR><LF>2 200<CR><LF>.<CR><LF>", "1 120\r\n2 200\r\n.\r\n", "1 120\r\n2 200\r\n"},
		{"<NUL>\\xFF<CR><LF>.<CR><LF>", "\x00\xff\r\n.\r\n", "\x00\xff\r\n"},
		{"line of 10000 octets", strings.Repeat("x", 9998) + "\r\n.\r\n", strings.Repeat("x", 9998) + "\r\n"},
		{".line of 10000 octets", "." + strings.Repeat("x", 9997) + "\r\n.\r\n", strings.Repeat("x", 9997) + "\r\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := NewReader(strings.NewReader(tt.in), Limits{MaxLineLen: 64})
			got, err := r.ReadMultiline()
			if err != nil {
				t.Fatalf("ReadMultiline error = %v", err)
			}
			if !bytes.Equal(got, []byte(tt.want)) {
				t.Errorf("ReadMultiline = %s, want %s", Visible(got), Visible([]byte(tt.want)))
			}
		})
	}
}

func TestReadMultilineLeavesTheRest(t *testing.T) {
	r := NewReader(strings.NewReader("a\r\n.\r\n+OK next\r\n"), Limits{})
	if _, err := r.ReadMultiline(); err != nil {
		t.Fatal(err)
	}
	st, err := r.ReadStatus()
	if err != nil || st.Text != "next" {
		t.Errorf("ReadStatus after the body = %v, %v; want +OK next", st, err)
	}
}

func TestReadMultilineErrors(t *testing.T) {
	tests := []struct {
		name string
		in   string
		max  int64
		want outcome
	}{
		{"empty", "", 0, closed},
		{"a<CR><LF>", "a\r\n", 0, closed},
		{"a<CR><LF>.", "a\r\n.", 0, closed},
		{"a<CR><LF>.<LF>", "a\r\n.\n", 0, closed},
		{"17 octets, MaxBody 16", strings.Repeat("x", 15) + "\r\n" + "y\r\n.\r\n", 16, limited},
		{"endless line, MaxBody 16", strings.Repeat("x", 100), 16, limited},
		{"16 octets, MaxBody 16", strings.Repeat("x", 14) + "\r\n.\r\n", 16, parsed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := NewReader(strings.NewReader(tt.in), Limits{MaxBody: tt.max})
			_, err := r.ReadMultiline()
			checkOutcome(t, err, tt.want)
		})
	}
}
