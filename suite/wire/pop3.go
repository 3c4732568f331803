package wire

import (
	"bytes"
	"fmt"
	"strings"
)

// StatusKind is the indicator that starts a POP3 response line.
type StatusKind int

const (
	// StatusOK is "+OK" (RFC 1939 §3).
	StatusOK StatusKind = iota + 1
	// StatusErr is "-ERR" (RFC 1939 §3).
	StatusErr
	// StatusContinue is "+ ", a SASL continuation request during AUTH
	// (RFC 5034 §4: continue-req = "+" SP [base64] CRLF).
	StatusContinue
)

func (k StatusKind) String() string {
	switch k {
	case StatusOK:
		return "+OK"
	case StatusErr:
		return "-ERR"
	case StatusContinue:
		return "+"
	}
	return fmt.Sprintf("StatusKind(%d)", int(k))
}

// Status is one POP3 status line (RFC 1939 §3, RFC 2449 §9):
//
//	single-line = status [SP text] CRLF
//	status      = "+OK" / "-ERR"
//	text        = *schar / resp-code *CHAR
//	resp-code   = "[" resp-level *("/" resp-level) "]"
//
// or a SASL continuation, "+" SP [base64] CRLF (RFC 5034 §4).
// For example "-ERR [IN-USE] mailbox locked\r\n" is
// Status{Kind: StatusErr, Code: "IN-USE", Text: "[IN-USE] mailbox locked"}.
type Status struct {
	Kind StatusKind
	// Text is everything after the SP that follows the indicator, without
	// CRLF, response code included; for StatusContinue, the base64 data.
	Text string
	// Code is the extended response code of RFC 2449 §8 without its
	// brackets, e.g. "IN-USE" or "SYS/TEMP", or "" if the text does not
	// start with one. Compare it with HasCode, which ignores case.
	Code string
	// TrailingSP records a +OK or -ERR line that ends in a SP with no text
	// ("+OK <CRLF>"), so that String reproduces it.
	TrailingSP bool
	// TextProblem, when not empty, says which octet of the text is outside
	// US-ASCII (RFC 2449 §3: text is CHAR, %x01-7F). RFC 1939 sets no
	// character set, so the status still reads: the breach is noted, not
	// fatal.
	TextProblem string
}

// OK reports whether the status is "+OK".
func (s *Status) OK() bool { return s.Kind == StatusOK }

// HasCode reports whether the extended response code is code or a more
// detailed code under it: HasCode("SYS") holds for "SYS/TEMP". Codes are
// case-insensitive and unknown detail levels are ignored (RFC 2449 §8).
func (s *Status) HasCode(code string) bool {
	if len(s.Code) < len(code) || !strings.EqualFold(s.Code[:len(code)], code) {
		return false
	}
	return len(s.Code) == len(code) || s.Code[len(code)] == '/'
}

// Expect returns nil if the status is of kind want, else a *StatusError.
func (s *Status) Expect(want StatusKind) error {
	if s.Kind == want {
		return nil
	}
	return &StatusError{Status: s, Want: want}
}

// String returns the status line in wire form, CRLF included. For a Status
// returned by ReadStatus or ParseStatus this is exactly the bytes received.
func (s *Status) String() string {
	sp := ""
	if s.Kind == StatusContinue || s.Text != "" || s.TrailingSP {
		sp = " "
	}
	return s.Kind.String() + sp + s.Text + "\r\n"
}

// ReadStatus reads one POP3 status line: "+OK", "-ERR" or a "+ " SASL
// continuation, optionally followed by SP and text, then CRLF. A -ERR is a
// Status, not an error. Anything else, a bare LF line end, or a NUL in the
// text is a *ProtocolError; so is a continuation whose data is not base64.
// An octet over 0x7F in the text is noted in TextProblem.
func (r *Reader) ReadStatus() (*Status, error) {
	const op = "read status"
	line, err := r.readLine(op, false)
	if err != nil {
		return nil, err
	}
	st, reason := parseStatusLine(line)
	if reason != "" {
		return nil, &ProtocolError{Op: op, Reason: reason, Line: clone(line)}
	}
	return st, nil
}

// parseStatusLine parses one status line without its CRLF; a non-empty
// reason means it is malformed.
func parseStatusLine(line []byte) (*Status, string) {
	st := &Status{}
	var rest []byte
	switch {
	case hasIndicator(line, "+OK"):
		st.Kind, rest = StatusOK, line[3:]
	case hasIndicator(line, "-ERR"):
		st.Kind, rest = StatusErr, line[4:]
	case bytes.HasPrefix(line, []byte("+ ")):
		st.Kind, rest = StatusContinue, line[1:]
	default:
		return nil, "line starts with neither +OK, -ERR nor \"+ \" (RFC 1939 §3, RFC 5034 §4)"
	}
	if len(rest) == 0 {
		return st, ""
	}
	text := rest[1:] // rest[0] is the SP hasIndicator checked
	valid, rule := isStatusOctet, "RFC 1939 §3: a status line is text ended by CRLF"
	if st.Kind == StatusContinue {
		valid, rule = isBase64Char, "RFC 5034 §4: continuation data is base64"
	}
	if i := indexInvalid(text, valid); i >= 0 {
		return nil, fmt.Sprintf("status text has octet %s at offset %d (%s)",
			Visible(text[i:i+1]), len(line)-len(text)+i, rule)
	}
	if st.Kind != StatusContinue {
		if i := indexInvalid(text, isStatusChar); i >= 0 {
			st.TextProblem = fmt.Sprintf("status text has octet %s at offset %d, outside US-ASCII (RFC 2449 §3: text is CHAR, %%x01-7F)",
				Visible(text[i:i+1]), len(line)-len(text)+i)
		}
	}
	st.Text = string(text)
	st.TrailingSP = len(text) == 0 && st.Kind != StatusContinue
	if st.Kind != StatusContinue {
		st.Code = respCode(st.Text)
	}
	return st, ""
}

// hasIndicator reports whether line is ind alone or ind followed by SP.
func hasIndicator(line []byte, ind string) bool {
	return bytes.HasPrefix(line, []byte(ind)) && (len(line) == len(ind) || line[len(ind)] == ' ')
}

// isStatusChar reports whether c is a CHAR of RFC 2449 §3 (%x01-7F) that
// can appear inside a line (not CR or LF).
func isStatusChar(c byte) bool { return c >= 0x01 && c <= 0x7f && c != '\r' && c != '\n' }

// isStatusOctet reports whether c may appear in a status line's text at
// all: anything but NUL, CR and LF.
func isStatusOctet(c byte) bool { return c != 0 && c != '\r' && c != '\n' }

func isBase64Char(c byte) bool {
	return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' ||
		c == '+' || c == '/' || c == '='
}

// respCode returns the response code at the start of text without its
// brackets, or "" if there is none well-formed (RFC 2449 §3:
// resp-level = 1*rchar, rchar = %x21-2E / %x30-5C / %x5E-7F).
func respCode(text string) string {
	end := strings.IndexByte(text, ']')
	if !strings.HasPrefix(text, "[") || end < 0 {
		return ""
	}
	code := text[1:end]
	for level := range strings.SplitSeq(code, "/") {
		if level == "" {
			return ""
		}
		for i := 0; i < len(level); i++ {
			if c := level[i]; c < 0x21 || c > 0x7f {
				return ""
			}
		}
	}
	return code
}

// ParseStatus parses b as exactly one POP3 status line, CRLF included, with
// the default Limits.
func ParseStatus(b []byte) (*Status, error) {
	r := NewReader(bytes.NewReader(b), Limits{})
	st, err := r.ReadStatus()
	if err != nil {
		return nil, err
	}
	if !r.atEOF() {
		return nil, &ProtocolError{Op: "read status", Reason: "bytes after the end of the status line"}
	}
	return st, nil
}
