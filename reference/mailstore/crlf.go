package mailstore

import (
	"bufio"
	"io"
)

// The network form of a message (RFC 1939 §11, RFC 5322 §2.1) ends every
// line in CRLF. Messages on disk are in local form (LF), but a file put in
// a Maildir by another tool may already use CRLF, may hold a stray CR, and
// may lack a final line end. The conversion below is defined once and used
// both to send a message and to count its octets, so that the size a POP3
// server announces is exactly what it sends:
//
//   - an LF not preceded by CR becomes CRLF;
//   - every other octet, CRLF and a CR not followed by LF included, is kept;
//   - a non-empty message whose last octet is not LF gets a final CRLF;
//   - an empty message stays empty.

// CRLFSize returns the number of octets the CRLF conversion of r yields,
// reading r to its end.
func CRLFSize(r io.Reader) (int64, error) {
	var c crlfState
	var size int64
	buf := make([]byte, 32<<10)
	for {
		n, err := r.Read(buf)
		size += c.count(buf[:n])
		if err == io.EOF {
			return size + c.tail(), nil
		}
		if err != nil {
			return 0, err
		}
	}
}

// AppendCRLF appends the CRLF conversion of the whole message src to dst
// and returns the extended slice (see CRLFSize for the rules).
func AppendCRLF(dst, src []byte) []byte {
	var c crlfState
	for _, b := range src {
		if c.step(b) == 2 {
			dst = append(dst, '\r')
		}
		dst = append(dst, b)
	}
	if c.tail() != 0 {
		dst = append(dst, '\r', '\n')
	}
	return dst
}

// count accounts for the octets of p and returns how many they become.
func (c *crlfState) count(p []byte) int64 {
	var n int64
	for _, b := range p {
		n += c.step(b)
	}
	return n
}

// crlfState is the conversion's memory: the previous octet, and whether
// any octet was seen at all.
type crlfState struct {
	prev byte
	any  bool
}

// step accounts for one octet and returns how many it becomes.
func (c *crlfState) step(b byte) int64 {
	n := int64(1)
	if b == '\n' && c.prev != '\r' {
		n = 2
	}
	c.prev, c.any = b, true
	return n
}

// tail is the number of octets added at the end: 2 for a missing final CRLF.
func (c *crlfState) tail() int64 {
	if c.any && c.prev != '\n' {
		return 2
	}
	return 0
}

// crlfReader is an io.Reader giving the CRLF conversion of its source.
type crlfReader struct {
	src  io.Reader
	in   []byte
	buf  []byte // backing array of out, kept to reuse its capacity
	out  []byte // converted octets not yet returned
	st   crlfState
	done bool
}

// NewCRLFReader returns a reader yielding the CRLF conversion of r (see
// CRLFSize for the rules).
func NewCRLFReader(r io.Reader) io.Reader {
	return &crlfReader{src: r, in: make([]byte, 16<<10)}
}

func (c *crlfReader) Read(p []byte) (int, error) {
	for len(c.out) == 0 {
		if c.done {
			return 0, io.EOF
		}
		n, err := c.src.Read(c.in)
		out := c.buf[:0]
		for _, b := range c.in[:n] {
			if c.st.step(b) == 2 {
				out = append(out, '\r')
			}
			out = append(out, b)
		}
		if err == io.EOF {
			c.done = true
			if c.st.tail() != 0 {
				out = append(out, '\r', '\n')
			}
		}
		c.buf, c.out = out, out
		if err != nil && err != io.EOF {
			return 0, err
		}
	}
	n := copy(p, c.out)
	c.out = c.out[n:]
	return n, nil
}

// topReader passes the header section of a CRLF-converted message, the
// blank line that ends it, and then at most lines lines of the body
// (RFC 1939 §7, TOP). A message with no blank line is all header, and is
// passed whole.
type topReader struct {
	src     *bufio.Reader
	lines   int  // body lines still to pass
	inBody  bool // the blank line has been passed
	lineLen int  // octets of the current line so far
	prev    byte
	done    bool
}

// NewTopReader returns a reader that stops after the header section and
// lines lines of the body of the CRLF-converted message r.
func NewTopReader(r io.Reader, lines int) io.Reader {
	return &topReader{src: bufio.NewReaderSize(r, 16<<10), lines: lines}
}

func (t *topReader) Read(p []byte) (int, error) {
	if t.done || (t.inBody && t.lines <= 0) {
		return 0, io.EOF
	}
	n := 0
	for n < len(p) {
		b, err := t.src.ReadByte()
		if err != nil {
			if n > 0 && err == io.EOF {
				return n, nil
			}
			t.done = err == io.EOF
			return n, err
		}
		p[n] = b
		n++
		if b != '\n' {
			t.lineLen++
			t.prev = b
			continue
		}
		blank := t.lineLen == 1 && t.prev == '\r'
		t.lineLen, t.prev = 0, b
		switch {
		case t.inBody:
			t.lines--
		case blank:
			t.inBody = true
		}
		if t.inBody && t.lines <= 0 {
			return n, nil
		}
	}
	return n, nil
}
