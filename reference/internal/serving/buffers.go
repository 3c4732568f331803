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
	readers *ReaderPool
	writers *WriterPool
}

// NewBuffers returns pools of readers of readSize octets and writers of
// writeSize.
func NewBuffers(readSize, writeSize int) *Buffers {
	return &Buffers{readers: NewReaderPool(readSize), writers: NewWriterPool(writeSize)}
}

// Reader returns a reader of r, its buffer empty.
func (b *Buffers) Reader(r io.Reader) *bufio.Reader { return b.readers.Get(r) }

// Writer returns a writer to w, its buffer empty.
func (b *Buffers) Writer(w io.Writer) *bufio.Writer { return b.writers.Get(w) }

// Release takes back a session's reader and writer (either may be nil);
// neither may be used after.
func (b *Buffers) Release(r *bufio.Reader, w *bufio.Writer) {
	b.readers.Put(r)
	b.writers.Put(w)
}

// ReaderPool hands out bufio.Readers of one size and takes them back.
type ReaderPool struct {
	size int
	pool sync.Pool
}

// NewReaderPool returns a pool of readers with size-octet buffers.
func NewReaderPool(size int) *ReaderPool { return &ReaderPool{size: size} }

// Get returns a reader of r, its buffer empty.
func (p *ReaderPool) Get(r io.Reader) *bufio.Reader {
	if br, ok := p.pool.Get().(*bufio.Reader); ok {
		br.Reset(r)
		return br
	}
	return bufio.NewReaderSize(r, p.size)
}

// Put takes br back; it must not be used after. A reader of another size
// (one a session made for itself) is left to the collector.
func (p *ReaderPool) Put(br *bufio.Reader) {
	if br == nil || br.Size() != p.size {
		return
	}
	br.Reset(nil)
	p.pool.Put(br)
}

// WriterPool is ReaderPool for bufio.Writers.
type WriterPool struct {
	size int
	pool sync.Pool
}

// NewWriterPool returns a pool of writers with size-octet buffers.
func NewWriterPool(size int) *WriterPool { return &WriterPool{size: size} }

// Get returns a writer to w, its buffer empty.
func (p *WriterPool) Get(w io.Writer) *bufio.Writer {
	if bw, ok := p.pool.Get().(*bufio.Writer); ok {
		bw.Reset(w)
		return bw
	}
	return bufio.NewWriterSize(w, p.size)
}

// Put takes bw back, discarding anything still buffered; it must not be
// used after.
func (p *WriterPool) Put(bw *bufio.Writer) {
	if bw == nil || bw.Size() != p.size {
		return
	}
	bw.Reset(nil)
	p.pool.Put(bw)
}
