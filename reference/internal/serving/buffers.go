package serving

import (
	"bufio"
	"io"
	"sync"
)

// ReaderPool hands out bufio.Readers of one size and takes them back when
// a session ends. A server that takes many short sessions (a fuzzer runs
// thousands a second) would otherwise allocate, and the collector free,
// a command buffer for every one of them.
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
