package wire

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"strings"
	"syscall"
)

// ErrLimit is wrapped by a *ProtocolError when the server exceeded a bound set
// in Limits (line length, lines per reply, multi-line body size) rather than
// breaking a format rule; test with errors.Is(err, ErrLimit).
var ErrLimit = errors.New("wire: limit exceeded")

// maxErrLine bounds how much of an offending line an error message shows.
const maxErrLine = 128

// ProtocolError reports that the server broke the wire format: the bytes it
// sent are not a well-formed reply or response. It is never returned for a
// well-formed refusal; see ReplyError and StatusError for those.
type ProtocolError struct {
	// Op is what the client was doing: "read reply", "read status",
	// "read multi-line", "starttls".
	Op string
	// Reason says which rule was broken, citing the RFC section where one applies.
	Reason string
	// Line holds the offending bytes as received (without a line end that was
	// read correctly), or nil when no single line is at fault.
	Line []byte
	// Err is ErrLimit when a configured bound was exceeded, otherwise nil.
	Err error
}

func (e *ProtocolError) Error() string {
	s := "wire: " + e.Op + ": " + e.Reason
	if e.Line != nil {
		l := e.Line
		more := ""
		if len(l) > maxErrLine {
			l, more = l[:maxErrLine], fmt.Sprintf("... (%d octets)", len(e.Line))
		}
		s += ": " + Visible(l) + more
	}
	return s
}

func (e *ProtocolError) Unwrap() error { return e.Err }

// ReplyError reports a well-formed SMTP reply whose code was not among those
// the caller allowed. The server answered; it did not break the protocol.
type ReplyError struct {
	Reply   *Reply
	Allowed []int // as passed to Reply.Expect: classes 2..5 or codes 200..599
}

func (e *ReplyError) Error() string {
	want := make([]string, len(e.Allowed))
	for i, a := range e.Allowed {
		if a >= 2 && a <= 5 {
			want[i] = fmt.Sprintf("%dxx", a)
		} else {
			want[i] = fmt.Sprint(a)
		}
	}
	return fmt.Sprintf("wire: unexpected reply %s (want %s)",
		e.Reply.summary(), strings.Join(want, " or "))
}

// StatusError reports a well-formed POP3 status line of another kind than the
// caller wanted, typically -ERR where +OK was required.
type StatusError struct {
	Status *Status
	Want   StatusKind
}

func (e *StatusError) Error() string {
	return fmt.Sprintf("wire: unexpected status %s (want %s)",
		Visible([]byte(strings.TrimSuffix(e.Status.String(), "\r\n"))), e.Want)
}

// IsTimeout reports whether err is, or wraps, a deadline expiry: the server
// did not answer (or did not accept data) within the Conn's timeout.
func IsTimeout(err error) bool {
	if err == nil {
		return false
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return true
	}
	return errors.Is(err, os.ErrDeadlineExceeded) || errors.Is(err, context.DeadlineExceeded)
}

// IsClosed reports whether err is, or wraps, the end of the connection: EOF
// (also in the middle of a line or reply), a reset, a broken pipe, or use of a
// Conn already closed.
func IsClosed(err error) bool {
	if err == nil {
		return false
	}
	for _, target := range []error{
		io.EOF, io.ErrUnexpectedEOF, net.ErrClosed,
		syscall.ECONNRESET, syscall.ECONNABORTED, syscall.EPIPE,
	} {
		if errors.Is(err, target) {
			return true
		}
	}
	return false
}

// ioError wraps an I/O error from op with the package prefix, turning a bare
// io.EOF met part way through op into io.ErrUnexpectedEOF.
func ioError(op string, err error, partial bool) error {
	if partial && err == io.EOF {
		err = io.ErrUnexpectedEOF
	}
	return fmt.Errorf("wire: %s: %w", op, err)
}
