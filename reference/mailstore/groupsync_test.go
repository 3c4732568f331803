package mailstore

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"
)

// syncModes opens a store for each way of syncing that this system has.
func syncModes(t *testing.T) map[string]*Store {
	t.Helper()
	modes := map[string]*Store{}
	for _, mode := range []string{"fsync", "syncfs"} {
		s, err := Open(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case mode == "fsync":
			s.syncfs, s.commits.sync = false, syncDirs
		case !s.syncfs:
			continue // no syncfs here
		}
		modes[mode] = s
	}
	return modes
}

func TestConcurrentCommitsAllDelivered(t *testing.T) {
	for mode, s := range syncModes(t) {
		t.Run(mode, func(t *testing.T) {
			const clients, each = 20, 5
			var wg sync.WaitGroup
			errs := make(chan error, clients*each)
			for c := range clients {
				wg.Go(func() {
					for i := range each {
						d, err := s.Begin([]string{"alice", "bob"})
						if err != nil {
							errs <- err
							return
						}
						fmt.Fprintf(d, "Subject: %d-%d\n\nbody\n", c, i)
						if err := d.Commit(); err != nil {
							errs <- err
						}
					}
				})
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				t.Error(err)
			}
			for _, user := range []string{"alice", "bob"} {
				got := names(t, filepath.Join(s.Root(), user, "new"))
				if len(got) != clients*each {
					t.Errorf("%s new/ holds %d messages, want %d", user, len(got), clients*each)
				}
				subjects := map[string]bool{}
				for _, n := range got {
					data, err := os.ReadFile(filepath.Join(s.Root(), user, "new", n))
					if err != nil {
						t.Fatal(err)
					}
					subjects[string(data)] = true
				}
				if len(subjects) != clients*each {
					t.Errorf("%s: %d distinct messages, want %d", user, len(subjects), clients*each)
				}
			}
			if tmp := names(t, filepath.Join(s.Root(), "alice", "tmp")); len(tmp) != 0 {
				t.Errorf("tmp/ = %v after the commits, want empty", tmp)
			}
		})
	}
}

// gate is a sync that blocks until the test lets it end: each call sends
// the directories it was given on started, then returns what it receives
// on release.
type gate struct {
	started chan []string
	release chan error
}

func newGate() *gate {
	return &gate{started: make(chan []string), release: make(chan error)}
}

func (g *gate) sync(dirs []string, _ func() error) error {
	g.started <- dirs
	return <-g.release
}

// gathered waits until n callers wait for the sync after the running one.
func gathered(t *testing.T, g *groupSync, n int) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		g.mu.Lock()
		got := 0
		if g.next != nil {
			got = g.next.callers
		}
		g.mu.Unlock()
		if got == n {
			return
		}
	}
	t.Fatalf("%d callers never gathered", n)
}

// TestWaitNeedsASyncStartedAfter checks the ordering group commit rests
// on: a caller arriving while a sync runs is not released by that sync
// but by the next, which starts when it ends and serves all who gathered.
func TestWaitNeedsASyncStartedAfter(t *testing.T) {
	gt := newGate()
	g := &groupSync{sync: gt.sync}
	first := make(chan error)
	go func() { first <- g.wait([]string{"a"}, nil) }()
	if dirs := <-gt.started; !slices.Equal(dirs, []string{"a"}) {
		t.Fatalf("first sync got %v, want [a]", dirs)
	}
	// Two callers arrive while the first sync runs.
	late := make(chan error, 2)
	go func() { late <- g.wait([]string{"b", "a"}, nil) }()
	go func() { late <- g.wait([]string{"b"}, nil) }()
	gathered(t, g, 2)
	gt.release <- nil
	if err := <-first; err != nil {
		t.Fatalf("first caller: %v", err)
	}
	// The second sync starts on its own, for both late callers, each
	// directory once; until it ends, they wait.
	dirs := <-gt.started
	slices.Sort(dirs)
	if !slices.Equal(dirs, []string{"a", "b"}) {
		t.Errorf("second sync got %v, want [a b]", dirs)
	}
	select {
	case err := <-late:
		t.Fatalf("a caller that arrived during the first sync returned (%v) before the second ended", err)
	case <-time.After(50 * time.Millisecond):
	}
	gt.release <- nil
	for range 2 {
		if err := <-late; err != nil {
			t.Errorf("late caller: %v", err)
		}
	}
	// Nobody is left: the next caller starts a sync at once.
	go func() { first <- g.wait(nil, nil) }()
	<-gt.started
	gt.release <- nil
	if err := <-first; err != nil {
		t.Fatal(err)
	}
}

var errInjected = errors.New("injected sync failure")

// TestSyncErrorFailsItsWholeBatch makes a sync fail while several callers
// wait for it: each of them gets the error; the caller served by the sync
// before does not.
func TestSyncErrorFailsItsWholeBatch(t *testing.T) {
	gt := newGate()
	g := &groupSync{sync: gt.sync}
	first := make(chan error)
	go func() { first <- g.wait(nil, nil) }()
	<-gt.started
	const batch = 5
	others := make(chan error, batch)
	for range batch {
		go func() { others <- g.wait(nil, nil) }()
	}
	gathered(t, g, batch)
	gt.release <- nil
	if err := <-first; err != nil {
		t.Fatalf("first caller: %v", err)
	}
	<-gt.started
	gt.release <- errInjected
	for range batch {
		if err := <-others; !errors.Is(err, errInjected) {
			t.Errorf("a caller of the failed sync got %v, want %v", err, errInjected)
		}
	}
}

// TestSyncErrorFailsCommits holds a sync while several deliveries reach
// Commit, then fails every sync after it: each of those commits fails, and
// none of their messages is left in new/, while the commit served by the
// sync held stands.
func TestSyncErrorFailsCommits(t *testing.T) {
	for mode, s := range syncModes(t) {
		t.Run(mode, func(t *testing.T) {
			gt := newGate()
			// The first commit's last sync is held: the first in fsync
			// mode, the second in syncfs mode, which syncs before linking.
			holdAt := 1
			if s.syncfs {
				holdAt = 2
			}
			inner := s.commits.sync
			held := make(chan struct{})
			var mu sync.Mutex
			calls := 0
			s.commits.sync = func(dirs []string, own func() error) error {
				mu.Lock()
				calls++
				k := calls
				mu.Unlock()
				switch {
				case k < holdAt:
					return inner(dirs, own)
				case k == holdAt:
					close(held)
					return gt.sync(dirs, own)
				}
				return errInjected
			}
			commit := func(subject string, result chan<- error) {
				d, err := s.Begin([]string{"alice"})
				if err != nil {
					result <- err
					return
				}
				fmt.Fprintf(d, "Subject: %s\n\n", subject)
				result <- d.Commit()
			}
			first := make(chan error, 1)
			go commit("first", first)
			<-held
			<-gt.started
			const batch = 5
			others := make(chan error, batch)
			for i := range batch {
				go commit(fmt.Sprint("batch ", i), others)
			}
			gathered(t, &s.commits, batch)
			gt.release <- nil
			if err := <-first; err != nil {
				t.Fatalf("first commit: %v", err)
			}
			for range batch {
				if err := <-others; !errors.Is(err, errInjected) {
					t.Errorf("a commit after the failure returned %v, want %v", err, errInjected)
				}
			}
			if got := names(t, filepath.Join(s.Root(), "alice", "new")); len(got) != 1 {
				t.Errorf("new/ = %v, want only the first message", got)
			}
		})
	}
}

// TestSyncErrorFailsDeliveriesBegunBefore checks that a failed sync also
// fails a delivery that began before it but waited for a later sync,
// which succeeded: the failed sync may have been the one that wrote the
// delivery's data.
func TestSyncErrorFailsDeliveriesBegunBefore(t *testing.T) {
	for mode, s := range syncModes(t) {
		t.Run(mode, func(t *testing.T) {
			early, err := s.Begin([]string{"alice"})
			if err != nil {
				t.Fatal(err)
			}
			early.Write([]byte("Subject: early\n\n"))
			inner := s.commits.sync
			s.commits.sync = func([]string, func() error) error { return errInjected }
			d, err := s.Begin([]string{"alice"})
			if err != nil {
				t.Fatal(err)
			}
			if err := d.Commit(); !errors.Is(err, errInjected) {
				t.Fatalf("commit during the failure: %v, want %v", err, errInjected)
			}
			s.commits.sync = inner
			if err := early.Commit(); !errors.Is(err, errInjected) {
				t.Errorf("commit of a delivery begun before the failure: %v, want %v", err, errInjected)
			}
			deliver(t, s, "Subject: after\n\n", "alice") // begun after: fine
			if got := names(t, filepath.Join(s.Root(), "alice", "new")); len(got) != 1 {
				t.Errorf("new/ = %v, want only the message begun after the failure", got)
			}
		})
	}
}
