package mailstore

import (
	"bufio"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// putFile writes a message file into user's new/ directly, as a foreign
// tool would: no S=, no W=, any line ends.
func putFile(t *testing.T, s *Store, user, name, content string) {
	t.Helper()
	dir, err := s.Maildir(user)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "new", name), []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

func openStore(t *testing.T) *Store {
	t.Helper()
	s, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func readMessage(t *testing.T, m *Mailbox, i int) string {
	t.Helper()
	rc, err := m.Open(i)
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestMailboxSnapshot(t *testing.T) {
	s := openStore(t)
	deliver(t, s, "Subject: first\n\nbody\n", "alice")
	putFile(t, s, "alice", "1.M1P1Q1.foreign", "Subject: crlf\r\n\r\nno final newline")
	deliver(t, s, "Subject: third\n\nno final newline", "alice") // W= must be corrected
	dir := filepath.Join(s.Root(), "alice")
	os.WriteFile(filepath.Join(dir, "tmp", "2.M1P1Q1.partial"), []byte("half"), 0o600)
	os.WriteFile(filepath.Join(dir, "new", ".hidden"), []byte("x"), 0o600)

	m, err := s.OpenMailbox("alice")
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	want := []string{ // delivery order: the foreign file's name says second 1
		"Subject: crlf\r\n\r\nno final newline\r\n",
		"Subject: first\r\n\r\nbody\r\n",
		"Subject: third\r\n\r\nno final newline\r\n",
	}
	if m.Len() != len(want) {
		t.Fatalf("Len() = %d, want %d (tmp/ and dot files are not messages)", m.Len(), len(want))
	}
	var total int64
	for i, w := range want {
		msg, err := m.Message(i)
		if err != nil {
			t.Fatal(err)
		}
		if got := readMessage(t, m, i); got != w {
			t.Errorf("message %d = %q, want %q", i, got, w)
		}
		if msg.Size != int64(len(w)) {
			t.Errorf("message %d: Size %d, but Open yields %d octets", i, msg.Size, len(w))
		}
		total += msg.Size
	}
	if n, size := m.Stat(); n != 3 || size != total {
		t.Errorf("Stat() = %d, %d; want 3, %d", n, size, total)
	}
	if got := names(t, filepath.Join(dir, "new")); len(got) != 1 || got[0] != ".hidden" {
		t.Errorf("new/ after open = %v, want only .hidden (messages move to cur/)", got)
	}
	for _, name := range names(t, filepath.Join(dir, "cur")) {
		if !strings.HasSuffix(name, ":2,") {
			t.Errorf("cur/%s lacks the \":2,\" info", name)
		}
	}
}

func TestMailboxUIDsPersist(t *testing.T) {
	s := openStore(t)
	deliver(t, s, "Subject: a\n\n", "alice")
	deliver(t, s, "Subject: b\n\n", "alice")
	putFile(t, s, "alice", "3.M1P1Q1.a name far too long to be a unique-id by itself, as RFC 1939 section 7 limits it", "x\n")
	uids := func() []string {
		m, err := s.OpenMailbox("alice")
		if err != nil {
			t.Fatal(err)
		}
		defer m.Close()
		var out []string
		for i := 0; i < m.Len(); i++ {
			readMessage(t, m, i) // the S flag changes the file name, not the UID
			msg, _ := m.Message(i)
			out = append(out, msg.UID)
		}
		if _, err := m.Commit(); err != nil {
			t.Fatal(err)
		}
		return out
	}
	first, second := uids(), uids()
	if strings.Join(first, " ") != strings.Join(second, " ") {
		t.Errorf("UIDs changed across sessions: %v then %v", first, second)
	}
	seen := map[string]bool{}
	for _, u := range first {
		if seen[u] || len(u) > 70 {
			t.Errorf("UID %q repeated or too long", u)
		}
		seen[u] = true
	}
	for _, name := range names(t, filepath.Join(s.Root(), "alice", "cur")) {
		if !strings.HasSuffix(name, ":2,S") {
			t.Errorf("cur/%s: a retrieved message should carry the S flag", name)
		}
	}
}

func TestMailboxDeleteOnlyAtCommit(t *testing.T) {
	s := openStore(t)
	for _, subj := range []string{"a", "b", "c"} {
		deliver(t, s, "Subject: "+subj+"\n\n", "alice")
	}
	m, err := s.OpenMailbox("alice")
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Delete(1); err != nil {
		t.Fatal(err)
	}
	if err := m.Delete(1); !errors.Is(err, ErrDeleted) {
		t.Errorf("second Delete(1) = %v, want ErrDeleted", err)
	}
	if _, err := m.Open(1); !errors.Is(err, ErrDeleted) {
		t.Errorf("Open of a deleted message = %v, want ErrDeleted", err)
	}
	if _, err := m.Message(3); !errors.Is(err, ErrNoMessage) {
		t.Errorf("Message(3) = %v, want ErrNoMessage", err)
	}
	if n, _ := m.Stat(); n != 2 {
		t.Errorf("Stat() counts %d messages, want 2", n)
	}
	m.Undelete()
	if n, _ := m.Stat(); n != 3 {
		t.Errorf("after Undelete, Stat() counts %d, want 3", n)
	}
	m.Delete(0)
	m.Close() // not a commit: nothing is removed
	cur := filepath.Join(s.Root(), "alice", "cur")
	if got := names(t, cur); len(got) != 3 {
		t.Fatalf("after Close, cur/ = %v, want all 3 messages", got)
	}

	m, err = s.OpenMailbox("alice")
	if err != nil {
		t.Fatal(err)
	}
	keep, _ := m.Message(1)
	m.Delete(0)
	m.Delete(2)
	deliver(t, s, "Subject: during\n\n", "alice") // arrives mid-session
	left, err := m.Commit()
	if err != nil || left != 1 {
		t.Fatalf("Commit() = %d, %v; want 1, nil", left, err)
	}
	if got := names(t, cur); len(got) != 1 || parseName(got[0]).base != keep.UID {
		t.Errorf("cur/ after commit = %v, want only %s", got, keep.UID)
	}
	if got := names(t, filepath.Join(s.Root(), "alice", "new")); len(got) != 1 {
		t.Errorf("the message delivered during the session should wait in new/: %v", got)
	}
}

func TestMailboxLockInProcess(t *testing.T) {
	s := openStore(t)
	m, err := s.OpenMailbox("alice")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.OpenMailbox("alice"); !errors.Is(err, ErrLocked) {
		t.Fatalf("second OpenMailbox = %v, want ErrLocked", err)
	}
	other, err := s.OpenMailbox("bob")
	if err != nil {
		t.Fatalf("bob's maildrop is not alice's: %v", err)
	}
	other.Close()
	m.Close()
	m, err = s.OpenMailbox("alice")
	if err != nil {
		t.Fatalf("OpenMailbox after Close: %v", err)
	}
	m.Close()
}

// TestHelperHoldLock is not a test: TestMailboxLockAcrossProcesses runs the
// test binary again with this test selected, to hold a lock in another
// process.
func TestHelperHoldLock(t *testing.T) {
	root := os.Getenv("MAILSTORE_HELPER_ROOT")
	if root == "" {
		t.Skip("helper process only")
	}
	s, err := Open(root)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.OpenMailbox("alice"); err != nil {
		t.Fatal(err)
	}
	os.Stdout.WriteString("locked\n")
	io.Copy(io.Discard, os.Stdin) // hold until killed
}

func TestMailboxLockAcrossProcesses(t *testing.T) {
	s := openStore(t)
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperHoldLock$")
	cmd.Env = append(os.Environ(), "MAILSTORE_HELPER_ROOT="+s.Root())
	stdin, _ := cmd.StdinPipe()
	defer stdin.Close()
	out, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil || line != "locked\n" {
		cmd.Process.Kill()
		t.Fatalf("helper said %q, %v", line, err)
	}
	if _, err := s.OpenMailbox("alice"); !errors.Is(err, ErrLocked) {
		t.Errorf("OpenMailbox while another process holds the lock = %v, want ErrLocked", err)
	}
	cmd.Process.Kill() // the kernel releases a dead process's lock
	cmd.Wait()
	m, err := s.OpenMailbox("alice")
	if err != nil {
		t.Fatalf("OpenMailbox after the other process died: %v", err)
	}
	m.Close()
}

// Deliveries racing with sessions: every snapshot is consistent (each
// message readable, its size exact) and nothing is lost.
func TestMailboxConcurrentDelivery(t *testing.T) {
	s := openStore(t)
	const total = 60
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := 0; i < total; i++ {
			d, err := s.Begin([]string{"alice"})
			if err != nil {
				t.Error(err)
				return
			}
			d.Write([]byte(strings.Repeat("line\n", i+1)))
			if err := d.Commit(); err != nil {
				t.Error(err)
				return
			}
		}
	}()
	check := func() int {
		m, err := s.OpenMailbox("alice")
		if err != nil {
			t.Fatal(err)
		}
		defer m.Close()
		for i := 0; i < m.Len(); i++ {
			msg, _ := m.Message(i)
			if got := readMessage(t, m, i); int64(len(got)) != msg.Size || strings.Contains(got, "\r\r") {
				t.Fatalf("message %s: %d octets read, Size %d", msg.Name, len(got), msg.Size)
			}
		}
		return m.Len()
	}
	for running := true; running; {
		select {
		case <-done:
			running = false
		default:
			check()
		}
	}
	if n := check(); n != total {
		t.Errorf("%d messages after %d deliveries", n, total)
	}
}
