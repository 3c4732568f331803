package wire

import (
	"bufio"
	"errors"
	"fmt"
	"io"
)

// Defaults for Limits. They are deliberately more generous than the RFCs'
// own limits so that an over-long line can still be read and reported by a
// conformance case, while a hostile server cannot make the client buffer
// without end.
const (
	// DefaultMaxLineLen is eight times the 512-octet reply line limit of
	// RFC 5321 §4.5.3.1.5 and RFC 1939 §3 / RFC 2449 §4.
	DefaultMaxLineLen = 4096
	// DefaultMaxReplyLines bounds a multi-line SMTP reply (RFC 5321 §4.2
	// sets no limit; real EHLO replies have a few dozen lines).
	DefaultMaxReplyLines = 1000
	// DefaultMaxBody bounds a POP3 multi-line response (RFC 1939 §3).
	DefaultMaxBody = 64 << 20
)

// Limits bounds what a Reader accepts from a server. A zero field takes its
// default. Exceeding a bound is a *ProtocolError wrapping ErrLimit.
type Limits struct {
	// MaxLineLen is the longest line, CRLF included, accepted in an SMTP
	// reply or a POP3 status line. RFC 5321 §4.5.3.1.5 allows 512 octets;
	// lines between that and MaxLineLen are read without error so that a
	// check can report them (see Reply.LongestLine).
	MaxLineLen int
	// MaxReplyLines is the most lines one SMTP reply may have.
	MaxReplyLines int
	// MaxBody is the most octets a POP3 multi-line response may have on the
	// wire, byte-stuffing included and the terminating ".CRLF" excluded.
	// Lines inside it are bounded only by MaxBody.
	MaxBody int64
}

func (l Limits) withDefaults() Limits {
	if l.MaxLineLen <= 0 {
		l.MaxLineLen = DefaultMaxLineLen
	}
	if l.MaxReplyLines <= 0 {
		l.MaxReplyLines = DefaultMaxReplyLines
	}
	if l.MaxBody <= 0 {
		l.MaxBody = DefaultMaxBody
	}
	return l
}

// Reader parses SMTP replies and POP3 responses from a byte stream, strictly:
// only CRLF ends a line. It does no I/O of its own beyond reading r, sets no
// deadlines and records nothing; Conn adds those. A Reader is for one
// goroutine.
type Reader struct {
	br   *bufio.Reader
	lim  Limits
	utf8 bool // reply text may hold UTF-8 (RFC 6531 §3.7.4)
}

// SetUTF8Text lets the text of the next replies hold UTF-8, which RFC 6531
// §3.7.4 allows in some replies once the client has used SMTPUTF8. Off by
// default: RFC 5321 §4.2's textstring is printable US-ASCII.
func (r *Reader) SetUTF8Text(on bool) { r.utf8 = on }

// NewReader returns a Reader over r bounded by lim (zero fields take their
// defaults).
func NewReader(r io.Reader, lim Limits) *Reader {
	lim = lim.withDefaults()
	return &Reader{br: bufio.NewReaderSize(r, lim.MaxLineLen), lim: lim}
}

// buffered reports how many octets have been read from the stream but not
// yet consumed.
func (r *Reader) buffered() int { return r.br.Buffered() }

// atEOF reports whether the stream holds nothing more.
func (r *Reader) atEOF() bool {
	_, err := r.br.Peek(1)
	return err != nil
}

// readLine reads one line that must end in CRLF and be at most
// lim.MaxLineLen octets long, CRLF included. It returns the line without its
// CRLF; the slice is valid until the next read. partial tells ioError whether
// op was already under way, so that EOF there is unexpected.
func (r *Reader) readLine(op string, partial bool) ([]byte, error) {
	line, err := r.br.ReadSlice('\n')
	switch {
	case errors.Is(err, bufio.ErrBufferFull) || len(line) > r.lim.MaxLineLen:
		return nil, &ProtocolError{Op: op, Line: clone(line), Err: ErrLimit,
			Reason: fmt.Sprintf("line longer than %d octets", r.lim.MaxLineLen)}
	case err != nil:
		return nil, ioError(op, err, partial || len(line) > 0)
	}
	n := len(line)
	if n < 2 || line[n-2] != '\r' {
		return nil, &ProtocolError{Op: op, Line: clone(line),
			Reason: "line ends in a bare LF, not CRLF"}
	}
	return line[:n-2], nil
}

func clone(b []byte) []byte { return append([]byte(nil), b...) }
