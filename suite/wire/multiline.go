package wire

import (
	"bufio"
	"bytes"
	"fmt"
)

// ReadMultiline reads the body of a POP3 multi-line response, the lines
// after a +OK status line up to the terminating "." CRLF (RFC 1939 §3). It
// undoes byte-stuffing: a line that begins with "." loses that first ".".
// The body is returned exactly, each line with its CRLF, the terminator
// excluded. Only CRLF ends a line; a bare CR or LF is data and is returned
// as it came, so that a byte comparison shows it. A body beyond
// Limits.MaxBody is a *ProtocolError wrapping ErrLimit.
func (r *Reader) ReadMultiline() ([]byte, error) {
	const op = "read multi-line"
	body := []byte{}
	var line []byte // the line being assembled, across buffer-sized fragments
	var wire int64  // octets consumed, stuffing included
	tooLong := func() error {
		return &ProtocolError{Op: op, Err: ErrLimit,
			Reason: fmt.Sprintf("multi-line response longer than %d octets", r.lim.MaxBody)}
	}
	for {
		frag, err := r.br.ReadSlice('\n')
		wire += int64(len(frag))
		if wire > r.lim.MaxBody+3 {
			return nil, tooLong()
		}
		line = append(line, frag...)
		if err != nil && err != bufio.ErrBufferFull {
			return nil, ioError(op, err, true)
		}
		if err != nil || !bytes.HasSuffix(line, crlf) {
			continue
		}
		if len(line) == 3 && line[0] == '.' {
			if wire-3 > r.lim.MaxBody {
				return nil, tooLong()
			}
			return body, nil
		}
		if line[0] == '.' {
			body = append(body, line[1:]...)
		} else {
			body = append(body, line...)
		}
		line = line[:0]
	}
}

var crlf = []byte("\r\n")
