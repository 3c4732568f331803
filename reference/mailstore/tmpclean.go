package mailstore

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// staleTmpAge is how old a file in tmp/ must be before any Maildir reader
// may remove it: the Maildir convention's 36 hours, after which no
// delivery can still be writing it.
const staleTmpAge = 36 * time.Hour

// CleanTmp removes what killed deliveries left in the tmp/ of every
// Maildir in the store: files older than 36 hours, whoever wrote them, and
// at once the files this server wrote in an earlier run (named by
// uniqueName with this host and a process that no longer exists). Other
// programs' recent files are left alone: they may still be writing them.
// It returns the number of files removed.
func (s *Store) CleanTmp(now time.Time) (int, error) {
	users, err := os.ReadDir(s.root)
	if err != nil {
		return 0, err
	}
	removed := 0
	for _, u := range users {
		if !u.IsDir() {
			continue
		}
		tmp := filepath.Join(s.root, u.Name(), "tmp")
		entries, err := os.ReadDir(tmp)
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			return removed, err
		}
		for _, e := range entries {
			info, err := e.Info()
			if err != nil || !info.Mode().IsRegular() {
				continue
			}
			if now.Sub(info.ModTime()) < staleTmpAge && !leftByDeadServer(e.Name()) {
				continue
			}
			if os.Remove(filepath.Join(tmp, e.Name())) == nil {
				removed++
			}
		}
	}
	return removed, nil
}

// leftByDeadServer reports whether name is one uniqueName gave on this
// host to a process that is no longer running: a delivery killed with its
// server, which nobody will finish.
func leftByDeadServer(name string) bool {
	// "seconds.MmicrosPpidQcounter.host"
	parts := strings.SplitN(name, ".", 3)
	if len(parts) != 3 || parts[2] != maildirHost() {
		return false
	}
	_, rest, ok := strings.Cut(parts[1], "P")
	if !ok {
		return false
	}
	pidText, _, ok := strings.Cut(rest, "Q")
	pid, err := strconv.Atoi(pidText)
	if !ok || err != nil || pid <= 0 || pid == os.Getpid() {
		return false
	}
	return processGone(pid)
}
