package fuzz

import (
	"bytes"
	"io"
	"net"
	"os"
	"sync"
	"time"
)

// memPipe returns the two ends of an in-memory connection that buffers as
// a socket does. A write returns once its octets are queued for the peer
// (beyond memConnBuffer queued octets it waits for the peer to read), so
// a client's pipelined batch and the server's replies never wait on each
// other, as they would over a bare net.Pipe. As over TCP, a write to a
// peer that has closed is accepted and dropped, and the peer's last words
// (a 421) can still be read. Deadlines cost a field write: a timer runs
// only while a read or write actually waits.
func memPipe() (client, server net.Conn) {
	a, b := newMemHalf(), newMemHalf()
	return &memConn{in: a, out: b}, &memConn{in: b, out: a}
}

// memConnBuffer bounds the octets queued in one direction.
const memConnBuffer = 4 << 20

// memHalf is one direction of a memPipe: the octets written and not yet
// read, and the state of each end. As on a socket, one goroutine reads
// and one writes at a time (a bufio.Reader, a tls.Conn): each keeps its
// own timer, made once and reset for every wait.
type memHalf struct {
	mu         sync.Mutex
	data       bytes.Buffer
	eof        bool // the writing end closed: reads end after the data
	readClosed bool // the reading end closed: writes fail
	readable   chan struct{}
	writable   chan struct{}
	rdeadline  time.Time // the reading end's read deadline
	wdeadline  time.Time // the writing end's write deadline
	rtimer     *time.Timer
	wtimer     *time.Timer
}

func newMemHalf() *memHalf {
	return &memHalf{readable: make(chan struct{}, 1), writable: make(chan struct{}, 1)}
}

// signal wakes a waiter on c, if there is one.
func signal(c chan struct{}) {
	select {
	case c <- struct{}{}:
	default:
	}
}

// wait blocks until c is signalled or the deadline passes, and reports
// false if the deadline has passed. The caller does not hold mu; *t is
// the waiting side's timer.
func wait(c chan struct{}, deadline time.Time, t **time.Timer) bool {
	if deadline.IsZero() {
		<-c
		return true
	}
	d := time.Until(deadline)
	if d <= 0 {
		return false
	}
	if *t == nil {
		*t = time.NewTimer(d)
	} else {
		(*t).Reset(d)
	}
	select {
	case <-c:
		(*t).Stop()
		return true
	case <-(*t).C:
		return false
	}
}

func (h *memHalf) read(p []byte) (int, error) {
	h.mu.Lock()
	for {
		switch {
		case h.readClosed:
			h.mu.Unlock()
			return 0, net.ErrClosed
		case h.data.Len() > 0:
			n, _ := h.data.Read(p)
			h.mu.Unlock()
			signal(h.writable)
			return n, nil
		case h.eof:
			h.mu.Unlock()
			return 0, io.EOF
		}
		deadline := h.rdeadline
		h.mu.Unlock()
		woken := wait(h.readable, deadline, &h.rtimer)
		h.mu.Lock()
		if !woken && h.data.Len() == 0 && !h.eof && h.rdeadline.Equal(deadline) {
			h.mu.Unlock()
			return 0, os.ErrDeadlineExceeded
		}
	}
}

func (h *memHalf) write(p []byte) (int, error) {
	h.mu.Lock()
	for {
		switch {
		case h.eof:
			h.mu.Unlock()
			return 0, net.ErrClosed
		case h.readClosed:
			// As over TCP, a write to a peer that has closed is not
			// refused at once: what the peer said before it closed
			// (a 421) is still there to be read.
			h.mu.Unlock()
			return len(p), nil
		case h.data.Len() < memConnBuffer:
			h.data.Write(p)
			h.mu.Unlock()
			signal(h.readable)
			return len(p), nil
		}
		deadline := h.wdeadline
		h.mu.Unlock()
		woken := wait(h.writable, deadline, &h.wtimer)
		h.mu.Lock()
		if !woken && h.data.Len() >= memConnBuffer && !h.eof && !h.readClosed && h.wdeadline.Equal(deadline) {
			h.mu.Unlock()
			return 0, os.ErrDeadlineExceeded
		}
	}
}

// memConn is one end of a memPipe: it reads from in and writes to out.
type memConn struct {
	in, out *memHalf
	once    sync.Once
}

func (c *memConn) Read(p []byte) (int, error)  { return c.in.read(p) }
func (c *memConn) Write(p []byte) (int, error) { return c.out.write(p) }

// Close ends both directions: the peer reads what was queued and then
// EOF, and its writes fail.
func (c *memConn) Close() error {
	c.once.Do(func() {
		c.in.mu.Lock()
		c.in.readClosed = true
		c.in.mu.Unlock()
		c.out.mu.Lock()
		c.out.eof = true
		c.out.mu.Unlock()
		for _, h := range []*memHalf{c.in, c.out} {
			signal(h.readable)
			signal(h.writable)
		}
	})
	return nil
}

func (c *memConn) LocalAddr() net.Addr  { return pipeAddr{} }
func (c *memConn) RemoteAddr() net.Addr { return pipeAddr{} }

func (c *memConn) SetDeadline(t time.Time) error {
	c.SetReadDeadline(t)
	return c.SetWriteDeadline(t)
}

// SetReadDeadline sets the deadline and wakes a waiting read to see it.
func (c *memConn) SetReadDeadline(t time.Time) error {
	c.in.mu.Lock()
	c.in.rdeadline = t
	c.in.mu.Unlock()
	signal(c.in.readable)
	return nil
}

// SetWriteDeadline sets the deadline and wakes a waiting write to see it.
func (c *memConn) SetWriteDeadline(t time.Time) error {
	c.out.mu.Lock()
	c.out.wdeadline = t
	c.out.mu.Unlock()
	signal(c.out.writable)
	return nil
}
