package pop3

import (
	"bufio"
	"bytes"
	"errors"
	"strings"
)

// Line limits.
const (
	// maxCommandLine is RFC 2449 §4: "The maximum length of a command is
	// increased ... to 255 octets, including the terminating CRLF."
	maxCommandLine = 255
	// maxSASLLine bounds one client response in an AUTH exchange. RFC 5034
	// §4 exempts these from the 255-octet limit, asking only for room for
	// the mechanisms supported: PLAIN's longest (RFC 4616 §2: three fields
	// of 255 octets and two NULs) is 1,024 base64 octets.
	maxSASLLine = 1024 + 2
)

// Line errors. Both are answered -ERR and the session goes on.
var (
	errLineTooLong = errors.New("pop3: line too long")
	errBadLineEnd  = errors.New("pop3: bare CR or LF in line")
)

// readLine reads one line ended by CRLF (RFC 1939 §3: "All commands are
// terminated by a CRLF pair") and returns it without the CRLF.
//
// Only CRLF ends a line, as in the reference SMTP server: a bare LF or a
// bare CR is part of the line, which is then errBadLineEnd and is never
// executed (one reply, whatever the line holds). A line of more than max
// octets, CRLF included, is read to its end and dropped, and is
// errLineTooLong; memory use stays bounded by max however long the line
// is. Any other error is the connection's.
func readLine(br *bufio.Reader, max int) ([]byte, error) {
	var line []byte
	tooLong := false
	prevCR := false // the octet before this chunk, when the line was dropped
	for {
		chunk, err := br.ReadSlice('\n')
		if !tooLong {
			if len(line)+len(chunk) > max {
				tooLong, line = true, nil
			} else {
				line = append(line, chunk...)
			}
		}
		if err == bufio.ErrBufferFull {
			if len(chunk) > 0 {
				prevCR = chunk[len(chunk)-1] == '\r'
			}
			continue
		}
		if err != nil {
			return nil, err
		}
		// The chunk ends in LF: a line end only after a CR.
		crlf := len(chunk) >= 2 && chunk[len(chunk)-2] == '\r' || len(chunk) == 1 && prevCR
		if crlf {
			break
		}
		prevCR = false
	}
	if tooLong {
		return nil, errLineTooLong
	}
	body, ok := bytes.CutSuffix(line, []byte("\r\n"))
	if !ok || bytes.ContainsAny(body, "\r\n") {
		return nil, errBadLineEnd
	}
	return body, nil
}

// command is one command line, split as RFC 1939 §3 says: "a
// case-insensitive keyword, possibly followed by one or more arguments ...
// separated by a single SPACE character."
type command struct {
	keyword string // upper case
	// rest is everything after the keyword's SPACE: PASS takes it whole,
	// as RFC 1939 §7 lets a server treat spaces as part of the password.
	rest    string
	hasRest bool
	// args is rest split at each SPACE; argsOK is false when an argument
	// is empty (two spaces, a trailing space) or holds an octet outside
	// printable ASCII (0x21-0x7E).
	args   []string
	argsOK bool
}

// parseCommand splits line. It reports false for a line that is no
// command at all: a keyword that is not 3 or 4 printable characters
// (RFC 2449 §3: keyword = 3*4VCHAR), or a control character anywhere.
func parseCommand(line []byte) (command, bool) {
	for _, b := range line {
		if b < 0x20 || b == 0x7f {
			return command{}, false
		}
	}
	kw, rest, hasRest := strings.Cut(string(line), " ")
	if len(kw) < 3 || len(kw) > 4 {
		return command{}, false
	}
	for i := 0; i < len(kw); i++ {
		if kw[i] <= ' ' || kw[i] > '~' {
			return command{}, false
		}
	}
	c := command{keyword: strings.ToUpper(kw), rest: rest, hasRest: hasRest, argsOK: true}
	if !hasRest {
		return c, true
	}
	c.args = strings.Split(rest, " ")
	for _, a := range c.args {
		if a == "" || strings.ContainsFunc(a, func(r rune) bool { return r <= ' ' || r > '~' }) {
			c.argsOK = false
		}
	}
	return c, true
}

// nargs reports whether c has between lo and hi well-formed arguments.
func (c command) nargs(lo, hi int) bool {
	return c.argsOK && len(c.args) >= lo && len(c.args) <= hi
}
