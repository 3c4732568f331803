package mailstore

import (
	"errors"
	"io"
	"testing"
)

// TestMemoryStore runs a message through a memory store as the two
// servers do: a delivery to two users (one named twice), an aborted
// delivery that is never seen, a locked maildrop, a deletion that only
// Commit applies.
func TestMemoryStore(t *testing.T) {
	s := NewMemory()
	d, err := s.Begin([]string{"alice", "bob", "alice"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.Write([]byte("Subject: x\n\nbody\n")); err != nil {
		t.Fatal(err)
	}
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	gone, _ := s.Begin([]string{"alice"})
	gone.Write([]byte("never\n"))
	gone.Abort()

	m, err := s.OpenMailbox("alice")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.OpenMailbox("alice"); !errors.Is(err, ErrLocked) {
		t.Fatalf("second OpenMailbox: %v, want ErrLocked", err)
	}
	if n, size := m.Stat(); n != 1 || size != int64(len("Subject: x\r\n\r\nbody\r\n")) {
		t.Fatalf("Stat = %d, %d", n, size)
	}
	r, err := m.Open(0)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(r)
	if string(got) != "Subject: x\r\n\r\nbody\r\n" {
		t.Fatalf("Open(0) = %q", got)
	}
	top, _ := m.OpenTop(0, 0)
	got, _ = io.ReadAll(top)
	if string(got) != "Subject: x\r\n\r\n" {
		t.Fatalf("OpenTop(0, 0) = %q", got)
	}
	if err := m.Delete(0); err != nil {
		t.Fatal(err)
	}
	m.Close() // no UPDATE state: the deletion is not applied
	m, _ = s.OpenMailbox("alice")
	m.Delete(0)
	if left, err := m.Commit(); err != nil || left != 0 {
		t.Fatalf("Commit = %d, %v", left, err)
	}
	m, _ = s.OpenMailbox("alice")
	if m.Len() != 0 {
		t.Fatalf("alice has %d messages after the deletion", m.Len())
	}
	m.Close()
	b, _ := s.OpenMailbox("bob")
	defer b.Close()
	if b.Len() != 1 {
		t.Fatalf("bob has %d messages, want 1", b.Len())
	}
	if _, err := s.Begin([]string{"../x"}); !errors.Is(err, ErrBadUser) {
		t.Fatalf("Begin(../x): %v, want ErrBadUser", err)
	}
}
