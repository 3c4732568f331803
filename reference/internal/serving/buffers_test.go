package serving

import (
	"bufio"
	"bytes"
	"strings"
	"testing"
)

func TestBuffersReuseEmptied(t *testing.T) {
	b := NewBuffers(4096, 1024)
	br := b.Reader(strings.NewReader("first session's line\r\nleft over"))
	if _, err := br.ReadString('\n'); err != nil {
		t.Fatal(err)
	}
	var first, second bytes.Buffer
	bw := b.Writer(&first)
	bw.WriteString("never flushed")
	b.Release(br, bw)

	br, bw = b.Reader(strings.NewReader("second\r\n")), b.Writer(&second)
	if br.Size() != 4096 || bw.Size() != 1024 {
		t.Errorf("sizes %d and %d, want 4096 and 1024", br.Size(), bw.Size())
	}
	if line, err := br.ReadString('\n'); err != nil || line != "second\r\n" {
		t.Errorf("a reused reader read %q, %v; want only the new source", line, err)
	}
	bw.WriteString("mine")
	bw.Flush()
	if first.Len() != 0 || second.String() != "mine" {
		t.Errorf("first got %q, second %q; want nothing and %q", first.String(), second.String(), "mine")
	}
}

func TestBuffersLeaveOtherSizes(t *testing.T) {
	b := NewBuffers(4096, 1024)
	b.Release(bufio.NewReaderSize(nil, 16), bufio.NewWriterSize(nil, 16))
	b.Release(nil, nil)
	if r, w := b.Reader(nil), b.Writer(nil); r.Size() != 4096 || w.Size() != 1024 {
		t.Errorf("handed out a reader of %d and a writer of %d", r.Size(), w.Size())
	}
}
