package serving

import (
	"bufio"
	"io"
	"sync"
)

// Buffers are a server's session buffers, a reader for commands and a
// writer for replies, handed out when a session starts and taken back
// when it ends. A server that takes many short sessions (a fuzzer runs
// thousands a second) would otherwise allocate, and the collector free,
// both buffers for every one of them.
type Buffers struct {
	readSize, writeSize int
	readers, writers    sync.Pool
}

// NewBuffers returns pools of readers of readSize octets and writers of
// writeSize.
func NewBuffers(readSize, writeSize int) *Buffers {
	return &Buffers{readSize: readSize, writeSize: writeSize}
}

// Reader returns a reader of r, its buffer empty.
func (b *Buffers) Reader(r io.Reader) *bufio.Reader {
	if br, ok := b.readers.Get().(*bufio.Reader); ok {
		br.Reset(r)
		return br
	}
	return bufio.NewReaderSize(r, b.readSize)
}

// Writer returns a writer to w, its buffer empty.
func (b *Buffers) Writer(w io.Writer) *bufio.Writer {
	if bw, ok := b.writers.Get().(*bufio.Writer); ok {
		bw.Reset(w)
		return bw
	}
	return bufio.NewWriterSize(w, b.writeSize)
}

// Release takes back a session's reader and writer; either may be nil,
// and neither may be used after. What the writer still holds is
// discarded. A buffer of another size (one a session made for itself) is
// left to the collector.
func (b *Buffers) Release(r *bufio.Reader, w *bufio.Writer) {
	if r != nil && r.Size() == b.readSize {
		r.Reset(nil)
		b.readers.Put(r)
	}
	if w != nil && w.Size() == b.writeSize {
		w.Reset(nil)
		b.writers.Put(w)
	}
}
