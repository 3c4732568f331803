package mailstore

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// TestCleanTmp: stale and orphaned files go, everything else stays.
func TestCleanTmp(t *testing.T) {
	s, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	dir, err := s.Maildir("alice")
	if err != nil {
		t.Fatal(err)
	}
	tmp := filepath.Join(dir, "tmp")
	dead := exec.Command("true")
	if err := dead.Run(); err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	files := map[string]time.Time{
		"1700000000.M1P1Q1.other-host":                                        now,                      // another program, recent: kept
		"1700000000.M1P2Q1.other-host,old":                                    now.Add(-37 * time.Hour), // anyone's, past 36 hours: removed
		fmt.Sprintf("1700000000.M1P%dQ1.%s", dead.Process.Pid, maildirHost()): now,                      // this host, a dead process: removed
		fmt.Sprintf("1700000000.M1P%dQ1.%s", os.Getppid(), maildirHost()):     now,                      // this host, a live process: kept
		fmt.Sprintf("1700000000.M1P%dQ1.%s", os.Getpid(), maildirHost()):      now,                      // this very process: kept
	}
	for name, mtime := range files {
		p := filepath.Join(tmp, name)
		if err := os.WriteFile(p, []byte("partial"), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, mtime, mtime); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(filepath.Join(tmp, "a-directory"), 0o700); err != nil {
		t.Fatal(err)
	}
	n, err := s.CleanTmp(now)
	if err != nil || n != 2 {
		t.Errorf("CleanTmp = %d, %v; want 2 removed", n, err)
	}
	entries, _ := os.ReadDir(tmp)
	var left []string
	for _, e := range entries {
		left = append(left, e.Name())
	}
	want := []string{
		"1700000000.M1P1Q1.other-host",
		fmt.Sprintf("1700000000.M1P%dQ1.%s", os.Getppid(), maildirHost()),
		fmt.Sprintf("1700000000.M1P%dQ1.%s", os.Getpid(), maildirHost()),
		"a-directory",
	}
	sort.Strings(want)
	if diff := cmp.Diff(want, left); diff != "" {
		t.Errorf("left in tmp/ (-want +got):\n%s", diff)
	}
	// Opening the store again is the server starting: the same cleaning.
	p := filepath.Join(tmp, fmt.Sprintf("1700000001.M1P%dQ1.%s", dead.Process.Pid, maildirHost()))
	os.WriteFile(p, nil, 0o600)
	if _, err := Open(s.Root()); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(p); !os.IsNotExist(err) {
		t.Errorf("Open left a dead delivery's file: %v", err)
	}
}
