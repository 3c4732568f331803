package pop3

import (
	"bufio"
	"bytes"
	"io"
)

// dotWriter writes the body of a multi-line response (RFC 1939 §3): a
// line that begins with the termination octet "." gets another one in
// front ("byte-stuffed"), and Close ends the response with ".CRLF" after
// a CRLF, so that it ends in the five octets CRLF.CRLF. Its input must be
// in network form (CRLF line ends); only LF is taken to end a line.
type dotWriter struct {
	w   *bufio.Writer
	bol bool // the next octet begins a line
	// unstuffed leaves lines that begin with "." alone (Faults.NoByteStuffing).
	unstuffed bool
}

func newDotWriter(w *bufio.Writer) *dotWriter {
	return &dotWriter{w: w, bol: true}
}

func (d *dotWriter) Write(p []byte) (int, error) {
	n := 0
	for len(p) > 0 {
		if d.bol && p[0] == '.' && !d.unstuffed {
			if err := d.w.WriteByte('.'); err != nil {
				return n, err
			}
		}
		line := p
		if i := bytes.IndexByte(p, '\n'); i >= 0 {
			line = p[:i+1]
		}
		m, err := d.w.Write(line)
		n += m
		if err != nil {
			return n, err
		}
		d.bol = line[len(line)-1] == '\n'
		p = p[len(line):]
	}
	return n, nil
}

// Close writes the termination line. A body that did not end its last
// line gets a CRLF first; message bodies never need it, as the store's
// CRLF conversion always ends them with one.
func (d *dotWriter) Close() error {
	if !d.bol {
		if _, err := d.w.WriteString("\r\n"); err != nil {
			return err
		}
	}
	_, err := d.w.WriteString(".\r\n")
	return err
}

// sendMultiline sends first, then body byte-stuffed and terminated. An
// error from body after first is sent cannot be told to the client: the
// caller must end the session, leaving the response unterminated.
func (s *session) sendMultiline(first reply, body io.Reader) error {
	if err := s.writeStatus(first); err != nil {
		return err
	}
	d := newDotWriter(s.bw)
	if f := s.faulty(); f.Body != nil || f.NoByteStuffing {
		b, err := io.ReadAll(body)
		if err != nil {
			return err
		}
		if f.Body != nil {
			b = f.Body(s.command, b)
		}
		body, d.unstuffed = bytes.NewReader(b), f.NoByteStuffing
	}
	if _, err := io.Copy(d, body); err != nil {
		return err
	}
	if err := d.Close(); err != nil {
		return err
	}
	return s.flushIfIdle()
}
