package mailstore

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// deliver writes body to recipients through Begin/Commit and fails the test
// on any error.
func deliver(t *testing.T, s *Store, body string, recipients ...string) {
	t.Helper()
	d, err := s.Begin(recipients)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Abort()
	if _, err := d.Write([]byte(body)); err != nil {
		t.Fatal(err)
	}
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
}

// names lists the file names in dir.
func names(t *testing.T, dir string) []string {
	t.Helper()
	des, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, de := range des {
		out = append(out, de.Name())
	}
	return out
}

func TestDeliverToSeveralUsers(t *testing.T) {
	s, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	body := "Subject: hi\n\nline one\n.dot line\n"
	deliver(t, s, body, "alice", "bob", "alice")
	var base string
	for _, user := range []string{"alice", "bob"} {
		dir := filepath.Join(s.Root(), user)
		got := names(t, filepath.Join(dir, "new"))
		if len(got) != 1 {
			t.Fatalf("%s new/ = %v, want one message", user, got)
		}
		p := parseName(got[0])
		if base == "" {
			base = p.base
		} else if p.base != base {
			t.Errorf("%s got base %q, alice got %q: one delivery, one name", user, p.base, base)
		}
		if p.size != int64(len(body)) {
			t.Errorf("%s: S=%d, want %d", user, p.size, len(body))
		}
		if want := int64(len(body) + strings.Count(body, "\n")); p.wire != want {
			t.Errorf("%s: W=%d, want %d", user, p.wire, want)
		}
		data, err := os.ReadFile(filepath.Join(dir, "new", got[0]))
		if err != nil || string(data) != body {
			t.Errorf("%s: content %q, %v; want %q", user, data, err, body)
		}
		if tmp := names(t, filepath.Join(dir, "tmp")); len(tmp) != 0 {
			t.Errorf("%s tmp/ = %v after commit, want empty", user, tmp)
		}
	}
}

func TestAbortLeavesNothing(t *testing.T) {
	s, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	d, err := s.Begin([]string{"alice", "bob"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.Write([]byte("Subject: never\n\n")); err != nil {
		t.Fatal(err)
	}
	d.Abort()
	d.Abort() // a second Abort does nothing
	for _, user := range []string{"alice", "bob"} {
		for _, sub := range []string{"tmp", "new", "cur"} {
			if got := names(t, filepath.Join(s.Root(), user, sub)); len(got) != 0 {
				t.Errorf("%s/%s = %v after Abort, want empty", user, sub, got)
			}
		}
	}
	if err := d.Commit(); err == nil {
		t.Error("Commit after Abort succeeded")
	}
	if _, err := d.Write([]byte("x")); err == nil {
		t.Error("Write after Abort succeeded")
	}
}

func TestBeginRefusesBadUsers(t *testing.T) {
	s, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	for _, user := range []string{"../escape", "a/b", "..", ".hidden", "", "a\x00b", "/etc"} {
		if _, err := s.Begin([]string{"alice", user}); !errors.Is(err, ErrBadUser) {
			t.Errorf("Begin(alice, %q) = %v, want ErrBadUser", user, err)
		}
		if _, err := s.OpenMailbox(user); !errors.Is(err, ErrBadUser) {
			t.Errorf("OpenMailbox(%q) = %v, want ErrBadUser", user, err)
		}
	}
	if _, err := s.Begin(nil); err == nil {
		t.Error("Begin(nil) succeeded")
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(s.Root()), "escape")); err == nil {
		t.Error("a directory was created outside the store")
	}
}

func TestManyDeliveriesHaveDistinctNames(t *testing.T) {
	s, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 50; i++ {
		deliver(t, s, "Subject: "+strconv.Itoa(i)+"\n\n", "alice")
	}
	if got := names(t, filepath.Join(s.Root(), "alice", "new")); len(got) != 50 {
		t.Fatalf("new/ holds %d messages, want 50", len(got))
	}
}
