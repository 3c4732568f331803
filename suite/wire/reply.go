package wire

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Reply is one SMTP reply, single- or multi-line (RFC 5321 §4.2):
//
//	Reply-line = *( Reply-code "-" [ textstring ] CRLF )
//	             Reply-code [ SP textstring ] CRLF
//	Reply-code = %x32-35 %x30-35 %x30-39
//	textstring = 1*(%d09 / %d32-126)
//
// For example "250-mx.example\r\n250 SIZE 10240000\r\n" is
// Reply{Code: 250, Lines: []string{"mx.example", "SIZE 10240000"}}.
// A refusal is a Reply like any other; see Expect.
type Reply struct {
	// Code is the three-digit reply code shared by every line.
	Code int
	// Lines holds the text of each line, after the code and the hyphen or
	// SP that follows it, without CRLF. The last line's text is empty when
	// the server sent the code alone.
	Lines []string
	// TrailingSP records that the last line was the code and a SP with no
	// text ("250 <CRLF>"), rather than the code alone ("250<CRLF>"). Both
	// are tolerated (RFC 5321 §4.2: clients "SHOULD be prepared to process
	// the code alone (with or without a trailing space character)"); the
	// field lets String reproduce the reply exactly.
	TrailingSP bool
	// TextProblem, when not empty, says which octet of the text of which
	// line is outside RFC 5321 §4.2's textstring: a breach of the format
	// that leaves the code and the lines readable.
	TextProblem string
}

// Class returns the first digit of the code: 2 positive completion,
// 3 positive intermediate, 4 transient negative, 5 permanent negative
// (RFC 5321 §4.2.1).
func (r *Reply) Class() int { return r.Code / 100 }

// Text returns the texts of all lines joined by "\n".
func (r *Reply) Text() string { return strings.Join(r.Lines, "\n") }

// String returns the reply in wire form, CRLFs included. For a reply returned
// by ReadReply or ParseReply this is exactly the bytes received.
func (r *Reply) String() string {
	var b strings.Builder
	code := fmt.Sprintf("%03d", r.Code)
	lines := r.Lines
	if len(lines) == 0 {
		lines = []string{""}
	}
	for i, text := range lines {
		b.WriteString(code)
		switch {
		case i < len(lines)-1:
			b.WriteByte('-')
		case text != "" || r.TrailingSP:
			b.WriteByte(' ')
		}
		b.WriteString(text)
		b.WriteString("\r\n")
	}
	return b.String()
}

// LongestLine returns the length in octets of the reply's longest line,
// code and CRLF included, for checking the 512-octet limit of
// RFC 5321 §4.5.3.1.5.
func (r *Reply) LongestLine() int {
	n := 0
	for _, l := range strings.SplitAfter(r.String(), "\r\n") {
		n = max(n, len(l))
	}
	return n
}

// Expect returns nil if the reply is allowed, and a *ReplyError otherwise.
// Each allowed value is either a class, 2 to 5, matching any code with that
// first digit, or an exact code such as 250 or 354. Values of neither form
// match nothing. RFC 5321 often allows more than one code (§4.3.2); pass
// them all.
func (r *Reply) Expect(allowed ...int) error {
	for _, a := range allowed {
		if a == r.Code || (a >= 2 && a <= 5 && a == r.Class()) {
			return nil
		}
	}
	return &ReplyError{Reply: r, Allowed: allowed}
}

// summary renders the first line, and how many follow, for error messages.
func (r *Reply) summary() string {
	s := strconv.Itoa(r.Code)
	if len(r.Lines) > 0 && r.Lines[0] != "" {
		s += " " + Visible([]byte(r.Lines[0]))
	}
	if len(r.Lines) > 1 {
		s += fmt.Sprintf(" (+%d lines)", len(r.Lines)-1)
	}
	return s
}

// ReadReply reads one SMTP reply, checking its format strictly against
// RFC 5321 §4.2: every line is three digits (2-5, 0-5, 0-9), then "-" on
// every line but the last and SP or nothing on the last, then textstring,
// then CRLF; every line carries the same code. A reply that breaks a rule
// is a *ProtocolError; a refusal is not an error.
func (r *Reader) ReadReply() (*Reply, error) {
	const op = "read reply"
	rep := &Reply{Code: -1}
	for {
		line, err := r.readLine(op, len(rep.Lines) > 0)
		if err != nil {
			return nil, err
		}
		code, last, text, perr := parseReplyLine(line, r.utf8)
		if perr != "" {
			return nil, &ProtocolError{Op: op, Reason: perr, Line: clone(line)}
		}
		if p := textProblem(text, r.utf8); p != "" && rep.TextProblem == "" {
			rep.TextProblem = fmt.Sprintf("line %d: %s", len(rep.Lines)+1, p)
		}
		if rep.Code >= 0 && code != rep.Code {
			return nil, &ProtocolError{Op: op, Line: clone(line), Reason: fmt.Sprintf(
				"line %d has code %d, line 1 has %d (RFC 5321 §4.2: one code per reply)",
				len(rep.Lines)+1, code, rep.Code)}
		}
		rep.Code = code
		rep.Lines = append(rep.Lines, string(text))
		if last {
			rep.TrailingSP = text != nil && len(text) == 0
			return rep, nil
		}
		if len(rep.Lines) >= r.lim.MaxReplyLines {
			return nil, &ProtocolError{Op: op, Err: ErrLimit,
				Reason: fmt.Sprintf("reply has more than %d lines", r.lim.MaxReplyLines)}
		}
	}
}

// parseReplyLine splits one reply line (without CRLF). text is nil when the
// line is the code alone, and empty but non-nil when a separator follows the
// code with no text. A non-empty reason means the line is malformed. With
// utf8Text, the text may also hold UTF-8 (RFC 6531 §3.7.4).
func parseReplyLine(line []byte, utf8Text bool) (code int, last bool, text []byte, reason string) {
	if len(line) < 3 {
		return 0, false, nil, "line shorter than a three-digit reply code (RFC 5321 §4.2)"
	}
	d0, d1, d2 := line[0], line[1], line[2]
	if d0 < '2' || d0 > '5' || d1 < '0' || d1 > '5' || d2 < '0' || d2 > '9' {
		return 0, false, nil, "reply code is not %x32-35 %x30-35 %x30-39 (RFC 5321 §4.2)"
	}
	code = int(d0-'0')*100 + int(d1-'0')*10 + int(d2-'0')
	rest := line[3:]
	switch {
	case len(rest) == 0:
		return code, true, nil, ""
	case rest[0] == ' ':
		last = true
	case rest[0] == '-':
	default:
		return 0, false, nil, "reply code is followed by neither \"-\", SP nor CRLF (RFC 5321 §4.2)"
	}
	return code, last, rest[1:], ""
}

// textProblem says what in a reply line's text is outside RFC 5321 §4.2's
// textstring (with utf8Text, outside it or UTF-8, RFC 6531 §3.7.4), or ""
// when nothing is. The code and the line structure are sound, so the
// reply still reads: the client knows what the server answered, and the
// breach is the text's alone.
func textProblem(text []byte, utf8Text bool) string {
	valid := isTextChar
	if utf8Text && utf8.Valid(text) {
		valid = func(c byte) bool { return isTextChar(c) || c >= 0x80 }
	}
	if i := indexInvalid(text, valid); i >= 0 {
		return fmt.Sprintf("reply text has octet %s at offset %d, outside textstring (RFC 5321 §4.2)", Visible(text[i:i+1]), 3+1+i)
	}
	return ""
}

// isTextChar reports whether c may appear in an RFC 5321 textstring:
// HT, SP, printable US-ASCII.
func isTextChar(c byte) bool { return c == '\t' || (c >= 0x20 && c <= 0x7e) }

// indexInvalid returns the index of the first octet of b for which valid is
// false, or -1.
func indexInvalid(b []byte, valid func(byte) bool) int {
	for i, c := range b {
		if !valid(c) {
			return i
		}
	}
	return -1
}

// ParseReply parses b as exactly one SMTP reply, CRLFs included, with the
// default Limits. Trailing bytes after the reply are a *ProtocolError; an
// incomplete reply is an error wrapping io.EOF or io.ErrUnexpectedEOF.
func ParseReply(b []byte) (*Reply, error) {
	r := NewReader(bytes.NewReader(b), Limits{})
	rep, err := r.ReadReply()
	if err != nil {
		return nil, err
	}
	if !r.atEOF() {
		return nil, &ProtocolError{Op: "read reply", Reason: "bytes after the end of the reply"}
	}
	return rep, nil
}
