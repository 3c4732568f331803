package mailstore

import (
	"errors"
	"sync"
	"sync/atomic"
)

// groupSync is group commit for a store: deliveries that need their work
// made durable at about the same time share one sync instead of each
// running its own.
//
// A caller of wait has finished some work (written a file, linked it into
// new/) and needs it on stable storage. wait returns only after a sync
// that STARTED after wait was called has ended, so that the sync covers
// the work: a sync already running when the work was done may have passed
// over it, and does not count. While a sync runs, callers gather for the
// next one, which starts as soon as the running one ends; that gathering
// is the only batching. Nothing waits on a timer, so a lone delivery is
// synced at once, as it would be without group commit, and the more
// deliveries arrive during one sync, the more the next one serves.
//
// The first caller to find no sync running runs one itself, in its own
// goroutine; if others gathered meanwhile, a new goroutine runs syncs for
// them until nobody is left waiting, and then ends. So the store has no
// goroutine to start or to stop.
//
// A failed sync fails every caller it was to serve: the error cannot be
// traced to one caller's files. It also fails every delivery begun before
// it ended (see failures): a sync may have written, and failed to write,
// the data of a delivery that was not yet waiting for it, and the next
// sync, finding nothing left to write, would succeed.
type groupSync struct {
	// sync makes durable what was done before it was called: at least the
	// files of the deliveries waiting and the entries of dirs, the
	// directories they linked files into (each named once). When one
	// caller alone waits, own is the sync that caller gave for its own
	// work, which sync may run instead (nil otherwise).
	sync func(dirs []string, own func() error) error

	mu      sync.Mutex
	running bool   // a sync is in flight
	next    *round // callers gathered for the sync after the running one

	failed  atomic.Uint64 // number of syncs that failed
	lastErr atomic.Value  // error of the last failed sync
}

// round is one sync and the callers it serves.
type round struct {
	dirs    map[string]bool // directories whose entries the callers changed
	callers int             // number of callers waiting for it
	own     func() error    // the caller's own sync, when it is alone
	done    chan struct{}   // closed when the sync has ended
	err     error           // the sync's error, set before done is closed
}

// wait returns once a sync that started after the call has ended, with
// that sync's error. dirs are the directories whose entries the caller
// changed; own, if not nil, makes the caller's work durable, and may be
// run instead of the shared sync when the caller is alone: a lone
// delivery then costs what it would without group commit.
func (g *groupSync) wait(dirs []string, own func() error) error {
	g.mu.Lock()
	if g.next == nil {
		g.next = &round{dirs: map[string]bool{}, done: make(chan struct{})}
	}
	r := g.next
	r.callers++
	r.own = own
	for _, d := range dirs {
		r.dirs[d] = true
	}
	if g.running {
		// The running sync started before this call: wait for the next.
		g.mu.Unlock()
		<-r.done
		return r.err
	}
	g.running = true
	g.next = nil
	g.mu.Unlock()
	g.run(r)
	// Whoever gathered while this sync ran is served by another
	// goroutine, so that this caller can go on at once.
	g.mu.Lock()
	if g.next != nil {
		go g.runAll()
	} else {
		g.running = false
	}
	g.mu.Unlock()
	return r.err
}

// runAll runs syncs until nobody waits for one.
func (g *groupSync) runAll() {
	g.mu.Lock()
	for g.next != nil {
		r := g.next
		g.next = nil
		g.mu.Unlock()
		g.run(r)
		g.mu.Lock()
	}
	g.running = false
	g.mu.Unlock()
}

// run runs the sync for r and wakes its callers.
func (g *groupSync) run(r *round) {
	dirs := make([]string, 0, len(r.dirs))
	for d := range r.dirs {
		dirs = append(dirs, d)
	}
	var own func() error
	if r.callers == 1 {
		own = r.own
	}
	r.err = g.sync(dirs, own)
	if r.err != nil {
		g.lastErr.Store(r.err)
		g.failed.Add(1)
	}
	close(r.done)
}

// failures is the number of syncs that have failed so far. A delivery
// notes it when it begins, and checks with failedSince before it
// succeeds.
func (g *groupSync) failures() uint64 { return g.failed.Load() }

// failedSince returns an error if a sync has failed since failures
// returned n.
func (g *groupSync) failedSince(n uint64) error {
	if g.failed.Load() == n {
		return nil
	}
	err, _ := g.lastErr.Load().(error)
	return errors.Join(errors.New("a sync failed during the delivery"), err)
}
