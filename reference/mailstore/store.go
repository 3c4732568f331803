// Package mailstore is the Maildir store that the reference SMTP server
// delivers into and the reference POP3 server reads from. Each user has a
// Maildir (tmp/, new/, cur/) under the store's root, named by the user's
// canonical name, laid out as real mail tools (Dovecot, mutt, s-nail)
// expect: a message is written whole in tmp/, made durable, then linked
// into new/ under a name unique to that Maildir.
//
// Messages are kept in local form: every line ends in a bare LF, as on
// disk in any Maildir. A protocol that sends them converts each LF back to
// CRLF; the reference SMTP server refuses data with a bare CR or LF, so the
// conversion loses nothing.
package mailstore

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync/atomic"
	"time"

	"github.com/mailspec/mailspec/reference/users"
)

// Store is a directory of Maildirs, one for each user.
type Store struct {
	root string
	// syncfs says how deliveries reach stable storage (see Commit): by
	// one syncfs(2) of the whole file system for many deliveries at once,
	// or by an fsync of each file and, for many deliveries at once, one
	// fsync of each new/ directory they were linked into.
	syncfs  bool
	rootDev uint64 // the device of root, with syncfs
	// unnamed says that deliveries may make their files without a name
	// in tmp/ (openUnnamed), with syncfs only (see Delivery.create).
	unnamed bool
	open    atomic.Int64 // deliveries begun and not yet ended
	commits groupSync
	// mem, when set, keeps every Maildir in memory instead (NewMemory).
	mem *memory
}

// ErrBadUser reports a user name that could escape the store.
var ErrBadUser = errors.New("mailstore: invalid user name")

// Open returns the store rooted at root, creating the directory if needed,
// and removes what killed deliveries left in tmp/ (see CleanTmp).
func Open(root string) (*Store, error) {
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, fmt.Errorf("mailstore: %w", err)
	}
	if err := os.MkdirAll(abs, 0o700); err != nil {
		return nil, fmt.Errorf("mailstore: %w", err)
	}
	s := &Store{root: abs}
	s.commits.sync = syncDirs
	// Where syncfs(2) cannot serve, each delivery fsyncs its own file.
	_ = s.useSyncfs()
	s.unnamed = s.syncfs && unnamedWorks(abs)
	if _, err := s.CleanTmp(time.Now()); err != nil {
		return nil, fmt.Errorf("mailstore: cleaning tmp/: %w", err)
	}
	return s, nil
}

// Root is the directory holding every user's Maildir.
func (s *Store) Root() string { return s.root }

// Maildir returns the path of user's Maildir, creating tmp/, new/ and cur/
// if they are missing. The name must pass users.ValidName, so that it can
// never name a path outside the store.
func (s *Store) Maildir(user string) (string, error) {
	if s.mem != nil {
		return "", errors.New("mailstore: a memory store has no Maildirs on disk")
	}
	if !users.ValidName(user) {
		return "", fmt.Errorf("%w: %q", ErrBadUser, user)
	}
	dir := filepath.Join(s.root, user)
	for _, sub := range []string{"tmp", "new", "cur"} {
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o700); err != nil {
			return "", fmt.Errorf("mailstore: %w", err)
		}
	}
	return dir, nil
}

// syncDirs flushes the entries of each of dirs to stable storage: the
// group sync without syncfs(2).
func syncDirs(dirs []string, _ func() error) error {
	for _, dir := range dirs {
		if err := syncDir(dir); err != nil {
			return err
		}
	}
	return nil
}

// syncDir flushes a directory's entries to stable storage, so that a file
// created, linked or renamed in it survives a crash.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}
