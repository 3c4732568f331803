package serving

import (
	"bufio"
	"bytes"
	"strings"
	"testing"
)

func TestReaderPoolReusesEmptied(t *testing.T) {
	p := NewReaderPool(4096)
	br := p.Get(strings.NewReader("first session's line\r\nleft over"))
	if _, err := br.ReadString('\n'); err != nil {
		t.Fatal(err)
	}
	p.Put(br)
	br = p.Get(strings.NewReader("second\r\n"))
	if br.Size() != 4096 {
		t.Errorf("size %d, want 4096", br.Size())
	}
	if line, err := br.ReadString('\n'); err != nil || line != "second\r\n" {
		t.Errorf("a reused reader read %q, %v; want only the new source", line, err)
	}
	p.Put(bufio.NewReaderSize(nil, 16)) // another size: not kept
	if got := p.Get(nil); got.Size() != 4096 {
		t.Errorf("pool handed out a reader of size %d", got.Size())
	}
}

func TestWriterPoolDropsBuffered(t *testing.T) {
	p := NewWriterPool(4096)
	var first, second bytes.Buffer
	bw := p.Get(&first)
	bw.WriteString("never flushed")
	p.Put(bw)
	bw = p.Get(&second)
	bw.WriteString("mine")
	bw.Flush()
	if first.Len() != 0 || second.String() != "mine" {
		t.Errorf("first got %q, second %q; want nothing and %q", first.String(), second.String(), "mine")
	}
}
