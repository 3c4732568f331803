package wire

import (
	"cmp"
	"fmt"
	"net"
	"slices"
	"sync"
	"time"
)

// DefaultMaxTranscript is the default for Options.MaxTranscript.
const DefaultMaxTranscript = 1 << 20

// entryOverhead is what each entry is charged on top of its data, so that
// many tiny lines cannot grow the transcript without bound either.
const entryOverhead = 64

// recorder keeps the transcript of one connection. It is safe for
// concurrent use. Once half its budget is spent it keeps the first half
// and a sliding window of the most recent entries, counting what falls out
// in between.
type recorder struct {
	mu    sync.Mutex
	start time.Time
	chunk int // longest entry; a longer line is split

	headBudget, tailBudget int
	head, tail             []Entry
	headCost, tailCost     int
	omitted, omittedOctets int
	lastOmitted            time.Duration

	pending [2]pendingLine // indexed by dirIndex
}

// pendingLine is the part of a line seen so far in one direction.
type pendingLine struct {
	at   time.Duration
	data []byte
}

func newRecorder(maxBytes int) *recorder {
	if maxBytes <= 0 {
		maxBytes = DefaultMaxTranscript
	}
	maxBytes = max(maxBytes, 16*entryOverhead)
	return &recorder{
		start:      time.Now(),
		chunk:      min(8192, maxBytes/8),
		headBudget: maxBytes / 2,
		tailBudget: maxBytes - maxBytes/2,
	}
}

func dirIndex(d Dir) int { return int(d-DirClient) & 1 }

// data records octets sent (DirClient) or received (DirServer), one entry
// per line. A partial line waits for the rest of it, unless the other side
// speaks first.
func (r *recorder) data(d Dir, b []byte) {
	r.mu.Lock()
	defer r.mu.Unlock()
	now := time.Since(r.start)
	other := DirServer
	if d == DirServer {
		other = DirClient
	}
	r.flush(other)
	p := &r.pending[dirIndex(d)]
	for len(b) > 0 {
		if len(p.data) == 0 {
			p.at = now
		}
		n := len(b)
		if i := slices.Index(b, '\n'); i >= 0 {
			n = i + 1
		}
		n = min(n, r.chunk-len(p.data))
		p.data = append(p.data, b[:n]...)
		b = b[n:]
		if p.data[len(p.data)-1] == '\n' || len(p.data) >= r.chunk {
			r.flush(d)
		}
	}
}

// event records something that happened to the connection.
func (r *recorder) event(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.flush(DirClient)
	r.flush(DirServer)
	r.add(Entry{At: time.Since(r.start), Dir: DirEvent, Data: fmt.Appendf(nil, format, args...)})
}

// flush turns a pending partial line into an entry. r.mu must be held.
func (r *recorder) flush(d Dir) {
	p := &r.pending[dirIndex(d)]
	if len(p.data) == 0 {
		return
	}
	r.add(Entry{At: p.at, Dir: d, Data: p.data})
	p.data = nil
}

// add appends e within the budget. r.mu must be held.
func (r *recorder) add(e Entry) {
	cost := len(e.Data) + entryOverhead
	if r.tail == nil && r.headCost+cost <= r.headBudget {
		r.head = append(r.head, e)
		r.headCost += cost
		return
	}
	r.tail = append(r.tail, e)
	r.tailCost += cost
	for r.tailCost > r.tailBudget && len(r.tail) > 1 {
		old := r.tail[0]
		r.tail = r.tail[1:]
		r.tailCost -= len(old.Data) + entryOverhead
		r.omitted++
		r.omittedOctets += len(old.Data)
		r.lastOmitted = old.At
	}
}

// snapshot returns a copy of the transcript so far, partial lines included.
func (r *recorder) snapshot() Transcript {
	r.mu.Lock()
	defer r.mu.Unlock()
	es := make([]Entry, 0, len(r.head)+len(r.tail)+3)
	es = append(es, r.head...)
	if r.omitted > 0 {
		es = append(es, Entry{At: r.lastOmitted, Dir: DirEvent, Data: fmt.Appendf(nil,
			"%d entries (%d octets) left out: transcript limit reached", r.omitted, r.omittedOctets)})
	}
	es = append(es, r.tail...)
	var partial []Entry
	for _, d := range []Dir{DirClient, DirServer} {
		if p := r.pending[dirIndex(d)]; len(p.data) > 0 {
			partial = append(partial, Entry{At: p.at, Dir: d, Data: clone(p.data)})
		}
	}
	slices.SortFunc(partial, func(a, b Entry) int { return cmp.Compare(a.At, b.At) })
	return Transcript{Entries: append(es, partial...)}
}

// recConn records the plaintext that crosses a net.Conn: below it sits the
// socket or the TLS layer, so the transcript never holds ciphertext.
type recConn struct {
	net.Conn
	rec *recorder
}

func (c recConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	if n > 0 {
		c.rec.data(DirServer, p[:n])
	}
	return n, err
}

func (c recConn) Write(p []byte) (int, error) {
	n, err := c.Conn.Write(p)
	if n > 0 {
		c.rec.data(DirClient, p[:n])
	}
	return n, err
}
