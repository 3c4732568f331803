package mailstore

import (
	"os"
	"path/filepath"
	"slices"
	"syscall"
	"testing"
)

// TestMaildirOnAnotherFileSystem delivers to a Maildir that a symbolic
// link puts on another file system than the store's root, which syncfs of
// the root does not cover: that delivery fsyncs its file and directory.
func TestMaildirOnAnotherFileSystem(t *testing.T) {
	s, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if !s.syncfs {
		t.Skip("no syncfs(2) here")
	}
	elsewhere, err := os.MkdirTemp("/dev/shm", "maildir")
	if err != nil {
		t.Skip("no /dev/shm:", err)
	}
	t.Cleanup(func() { os.RemoveAll(elsewhere) })
	if sameFS(t, s.Root(), elsewhere) {
		t.Skip("/dev/shm is on the same file system as the store")
	}
	if err := os.Symlink(elsewhere, filepath.Join(s.Root(), "bob")); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		recipients []string
		syncfs     bool
	}{{[]string{"alice"}, true}, {[]string{"bob"}, false}, {[]string{"bob"}, false}} {
		d, err := s.Begin(c.recipients)
		if err != nil {
			t.Fatal(err)
		}
		if d.syncfs != c.syncfs {
			t.Errorf("delivery to %v: syncfs %v, want %v", c.recipients, d.syncfs, c.syncfs)
		}
		d.Write([]byte("Subject: x\n\n"))
		if err := d.Commit(); err != nil {
			t.Fatal(err)
		}
	}
	if got := names(t, filepath.Join(elsewhere, "new")); len(got) != 2 {
		t.Errorf("bob's new/ = %v, want 2 messages", got)
	}
}

// sameFS reports whether a and b are on one file system.
func sameFS(t *testing.T, a, b string) bool {
	t.Helper()
	var dev [2]uint64
	for i, p := range []string{a, b} {
		info, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		st, ok := info.Sys().(*syscall.Stat_t)
		if !ok {
			t.Skip("no device numbers here")
		}
		dev[i] = uint64(st.Dev)
	}
	return dev[0] == dev[1]
}

// TestConcurrentDeliveryHasNoTmpName: a delivery begun while another is
// open has its file made without a name in tmp/, and still arrives whole
// in new/, by a sync of its own here (nobody else commits with it); an
// aborted one leaves nothing.
func TestConcurrentDeliveryHasNoTmpName(t *testing.T) {
	s, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if !s.unnamed {
		t.Skip("no syncfs(2) or no O_TMPFILE here")
	}
	lone, err := s.Begin([]string{"alice"})
	if err != nil {
		t.Fatal(err)
	}
	concurrent, err := s.Begin([]string{"alice", "bob"})
	if err != nil {
		t.Fatal(err)
	}
	dropped, err := s.Begin([]string{"alice"})
	if err != nil {
		t.Fatal(err)
	}
	if lone.unnamed || !concurrent.unnamed || !dropped.unnamed {
		t.Fatalf("unnamed: lone %v, concurrent %v, dropped %v; want false, true, true",
			lone.unnamed, concurrent.unnamed, dropped.unnamed)
	}
	tmp := filepath.Join(s.Root(), "alice", "tmp")
	if got := names(t, tmp); len(got) != 1 {
		t.Errorf("tmp/ = %v, want the lone delivery's name alone", got)
	}
	dropped.Write([]byte("Subject: dropped\n\n"))
	dropped.Abort()
	concurrent.Write([]byte("Subject: concurrent\n\n"))
	if err := concurrent.Commit(); err != nil {
		t.Fatal(err)
	}
	lone.Write([]byte("Subject: lone\n\n"))
	if err := lone.Commit(); err != nil {
		t.Fatal(err)
	}
	for user, want := range map[string][]string{
		"alice": {"Subject: concurrent\n\n", "Subject: lone\n\n"},
		"bob":   {"Subject: concurrent\n\n"},
	} {
		var got []string
		for _, n := range names(t, filepath.Join(s.Root(), user, "new")) {
			data, err := os.ReadFile(filepath.Join(s.Root(), user, "new", n))
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, string(data))
		}
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Errorf("%s new/ holds %q, want %q", user, got, want)
		}
	}
	if got := names(t, tmp); len(got) != 0 {
		t.Errorf("tmp/ = %v after the commits, want empty", got)
	}
	if n := s.open.Load(); n != 0 {
		t.Errorf("%d deliveries still counted open", n)
	}
}
