package wire

import (
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"
)

// outcome is the kind of result a parse test expects.
type outcome int

const (
	parsed    outcome = iota // a value, no error
	malformed                // *ProtocolError, not ErrLimit
	limited                  // *ProtocolError wrapping ErrLimit
	closed                   // IsClosed: the input ended early
	badText                  // a value whose TextProblem names the octet
)

// checkOutcome fails t unless err is of the kind want names.
func checkOutcome(t *testing.T, err error, want outcome) {
	t.Helper()
	var pe *ProtocolError
	isPE := errors.As(err, &pe)
	var ok bool
	switch want {
	case parsed, badText:
		ok = err == nil
	case malformed:
		ok = isPE && !errors.Is(err, ErrLimit)
	case limited:
		ok = isPE && errors.Is(err, ErrLimit)
	case closed:
		ok = !isPE && IsClosed(err)
	}
	if !ok {
		t.Fatalf("error = %v (%T), want outcome %d", err, err, want)
	}
}

func repeatLines(line string, n int) string { return strings.Repeat(line, n) }

func TestParseReply(t *testing.T) {
	tests := []struct {
		name string // the input, written as its bytes
		in   string
		want outcome
		rep  *Reply
	}{
		{"250 OK<CR><LF>", "250 OK\r\n", parsed,
			&Reply{Code: 250, Lines: []string{"OK"}}},
		{"250<CR><LF>", "250\r\n", parsed,
			&Reply{Code: 250, Lines: []string{""}}},
		{"250 <CR><LF>", "250 \r\n", parsed,
			&Reply{Code: 250, Lines: []string{""}, TrailingSP: true}},
		{"250  <CR><LF>", "250  \r\n", parsed,
			&Reply{Code: 250, Lines: []string{" "}}},
		{"250-mx<CR><LF>250-SIZE 100<CR><LF>250 HELP<CR><LF>",
			"250-mx\r\n250-SIZE 100\r\n250 HELP\r\n", parsed,
			&Reply{Code: 250, Lines: []string{"mx", "SIZE 100", "HELP"}}},
		{"220-<CR><LF>220 ready<CR><LF>", "220-\r\n220 ready\r\n", parsed,
			&Reply{Code: 220, Lines: []string{"", "ready"}}},
		{"250-a<CR><LF>250<CR><LF>", "250-a\r\n250\r\n", parsed,
			&Reply{Code: 250, Lines: []string{"a", ""}}},
		{"220 mx<HT>ready ~<CR><LF>", "220 mx\tready ~\r\n", parsed,
			&Reply{Code: 220, Lines: []string{"mx\tready ~"}}},
		{"200 lowest<CR><LF>", "200 lowest\r\n", parsed,
			&Reply{Code: 200, Lines: []string{"lowest"}}},
		{"559 highest<CR><LF>", "559 highest\r\n", parsed,
			&Reply{Code: 559, Lines: []string{"highest"}}},
		{"550 5.1.1 no such user<CR><LF>", "550 5.1.1 no such user\r\n", parsed,
			&Reply{Code: 550, Lines: []string{"5.1.1 no such user"}}},
		{"1000 lines", repeatLines("250-x\r\n", 999) + "250 x\r\n", parsed, nil},

		{"250 OK<LF>", "250 OK\n", malformed, nil},
		{"250-a<LF>250 b<CR><LF>", "250-a\n250 b\r\n", malformed, nil},
		{"250-a<CR><LF>251 b<CR><LF>", "250-a\r\n251 b\r\n", malformed, nil},
		{"250-a<CR><LF>550 b<CR><LF>", "250-a\r\n550 b\r\n", malformed, nil},
		{"150 x<CR><LF>", "150 x\r\n", malformed, nil},
		{"650 x<CR><LF>", "650 x\r\n", malformed, nil},
		{"260 x<CR><LF>", "260 x\r\n", malformed, nil},
		{"25a x<CR><LF>", "25a x\r\n", malformed, nil},
		{"25 x<CR><LF>", "25 x\r\n", malformed, nil},
		{"25<CR><LF>", "25\r\n", malformed, nil},
		{"<CR><LF>", "\r\n", malformed, nil},
		{"250OK<CR><LF>", "250OK\r\n", malformed, nil},
		{"2500 x<CR><LF>", "2500 x\r\n", malformed, nil},
		{"250<HT>x<CR><LF>", "250\tx\r\n", malformed, nil},
		{"250 a<NUL>b<CR><LF>", "250 a\x00b\r\n", badText, nil},
		{"250 a<CR>b<CR><LF>", "250 a\rb\r\n", badText, nil},
		{"250 caf\\xC3\\xA9<CR><LF>", "250 caf\xc3\xa9\r\n", badText, nil},
		{"250 DEL\\x7F<CR><LF>", "250 DEL\x7f\r\n", badText, nil},
		{"HTTP/1.1 400<CR><LF>", "HTTP/1.1 400 Bad Request\r\n", malformed, nil},
		{"250 OK<CR><LF>250 again<CR><LF>", "250 OK\r\n250 again\r\n", malformed, nil},
		{"250-a<CR><LF><CR><LF>", "250-a\r\n\r\n", malformed, nil},

		{"line of 4097 octets", "250 " + strings.Repeat("x", 4091) + "\r\n", limited, nil},
		{"1001 lines", repeatLines("250-x\r\n", 1000) + "250 x\r\n", limited, nil},

		{"empty", "", closed, nil},
		{"250 OK", "250 OK", closed, nil},
		{"250 OK<CR>", "250 OK\r", closed, nil},
		{"250-a<CR><LF>", "250-a\r\n", closed, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep, err := ParseReply([]byte(tt.in))
			checkOutcome(t, err, tt.want)
			if err == nil && (rep.TextProblem != "") != (tt.want == badText) {
				t.Errorf("TextProblem = %q, want one: %v", rep.TextProblem, tt.want == badText)
			}
			if tt.rep != nil && !reflect.DeepEqual(rep, tt.rep) {
				t.Errorf("ParseReply = %#v, want %#v", rep, tt.rep)
			}
			if err == nil && rep.String() != tt.in {
				t.Errorf("String() = %q, want the input %q", rep.String(), tt.in)
			}
		})
	}
}

func TestParseReplyEOF(t *testing.T) {
	_, err := ParseReply(nil)
	if !errors.Is(err, io.EOF) {
		t.Errorf("ParseReply(nil) error = %v, want io.EOF", err)
	}
	_, err = ParseReply([]byte("250-a\r\n"))
	if !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("ParseReply(250-a<CR><LF>) error = %v, want io.ErrUnexpectedEOF", err)
	}
}

func TestReaderReadsSuccessiveReplies(t *testing.T) {
	r := NewReader(strings.NewReader("220 hi\r\n250-a\r\n250 b\r\n354 go\r\n"), Limits{})
	for _, want := range []int{220, 250, 354} {
		rep, err := r.ReadReply()
		if err != nil || rep.Code != want {
			t.Fatalf("ReadReply = %v, %v; want code %d", rep, err, want)
		}
	}
}

func TestReaderLimits(t *testing.T) {
	r := NewReader(strings.NewReader("250-a\r\n250-b\r\n250 c\r\n"), Limits{MaxReplyLines: 2})
	_, err := r.ReadReply()
	checkOutcome(t, err, limited)

	r = NewReader(strings.NewReader("250 "+strings.Repeat("x", 60)+"\r\n"), Limits{MaxLineLen: 64})
	_, err = r.ReadReply()
	checkOutcome(t, err, limited)
}

func TestReplyString(t *testing.T) {
	tests := []struct {
		rep  Reply
		want string
	}{
		{Reply{Code: 250, Lines: []string{"OK"}}, "250 OK\r\n"},
		{Reply{Code: 250}, "250\r\n"},
		{Reply{Code: 250, TrailingSP: true}, "250 \r\n"},
		{Reply{Code: 250, Lines: []string{"a", "b"}}, "250-a\r\n250 b\r\n"},
	}
	for _, tt := range tests {
		if got := tt.rep.String(); got != tt.want {
			t.Errorf("%#v.String() = %q, want %q", tt.rep, got, tt.want)
		}
	}
}

func TestReplyLongestLine(t *testing.T) {
	rep := &Reply{Code: 250, Lines: []string{"a", "bcd"}}
	if got := rep.LongestLine(); got != len("250 bcd\r\n") {
		t.Errorf("LongestLine() = %d, want %d", got, len("250 bcd\r\n"))
	}
}

func TestEnhancedCode(t *testing.T) {
	tests := []struct {
		text string
		want EnhancedCode
		ok   bool
	}{
		{"2.1.0 Sender OK", EnhancedCode{2, 1, 0}, true},
		{"5.7.1", EnhancedCode{5, 7, 1}, true},
		{"4.4.10 later", EnhancedCode{4, 4, 10}, true},
		{"5.100.999 x", EnhancedCode{5, 100, 999}, true},
		{"5.1.1000 x", EnhancedCode{}, false},
		{"5.1000.1 x", EnhancedCode{}, false},
		{"3.1.1 x", EnhancedCode{}, false},
		{"2.1 x", EnhancedCode{}, false},
		{"2.1. x", EnhancedCode{}, false},
		{"2..1 x", EnhancedCode{}, false},
		{"2.1.0x", EnhancedCode{}, false},
		{"2.1.0\tx", EnhancedCode{}, false},
		{" 2.1.0 x", EnhancedCode{}, false},
		{"mx.example", EnhancedCode{}, false},
		{"", EnhancedCode{}, false},
	}
	for _, tt := range tests {
		rep := &Reply{Code: 250, Lines: []string{tt.text}}
		got, ok := rep.EnhancedCode()
		if got != tt.want || ok != tt.ok {
			t.Errorf("EnhancedCode of %q = %v, %v; want %v, %v", tt.text, got, ok, tt.want, tt.ok)
		}
	}
	if s := (EnhancedCode{5, 1, 1}).String(); s != "5.1.1" {
		t.Errorf("String() = %q, want 5.1.1", s)
	}
}

func TestReplyExpect(t *testing.T) {
	rep := &Reply{Code: 550, Lines: []string{"5.1.1 no such user", "more"}}
	if err := rep.Expect(5); err != nil {
		t.Errorf("Expect(5) = %v, want nil", err)
	}
	if err := rep.Expect(250, 550); err != nil {
		t.Errorf("Expect(250, 550) = %v, want nil", err)
	}
	err := rep.Expect(2, 354)
	var re *ReplyError
	if !errors.As(err, &re) || re.Reply != rep {
		t.Fatalf("Expect(2, 354) = %v, want *ReplyError carrying the reply", err)
	}
	const msg = "wire: unexpected reply 550 5.1.1 no such user (+1 lines) (want 2xx or 354)"
	if err.Error() != msg {
		t.Errorf("Error() = %q, want %q", err.Error(), msg)
	}
	if err := rep.Expect(55); err == nil {
		t.Error("Expect(55) = nil, want a *ReplyError: 55 is neither class nor code")
	}
}

// TestReplyUTF8Text: UTF-8 in reply text is a format error unless the
// reader has been told RFC 6531 §3.7.4 allows it; invalid UTF-8 never is.
func TestReplyUTF8Text(t *testing.T) {
	const utf8Reply = "251 2.1.5 User not local; will forward to <jörg@bücher.example>\r\n"
	r := NewReader(strings.NewReader(utf8Reply+utf8Reply+"250 a\xffb\r\n"), Limits{})
	if rep, err := r.ReadReply(); err != nil || rep.Code != 251 || !strings.Contains(rep.TextProblem, "outside textstring") {
		t.Fatalf("UTF-8 text by default: %+v, %v; want the reply, its text marked as a breach", rep, err)
	}
	r.SetUTF8Text(true)
	rep, err := r.ReadReply()
	if err != nil || rep.Code != 251 || !strings.Contains(rep.Lines[0], "jörg") || rep.TextProblem != "" {
		t.Fatalf("with UTF-8 allowed: %+v, %v", rep, err)
	}
	if rep, err := r.ReadReply(); err != nil || rep.TextProblem == "" {
		t.Fatalf("invalid UTF-8: %+v, %v; want its text marked as a breach", rep, err)
	}
}
