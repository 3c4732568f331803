//go:build unix

package mailstore

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
)

// LockFileName is the file in each Maildir that a POP3 session holds an
// exclusive flock(2) on for as long as it has the maildrop open. The file
// itself is never removed: removing a lock file while another process
// waits on it would let two processes each hold "the" lock.
const LockFileName = "mailspec-pop3.lock"

// ErrLocked reports that another session, in this process or another, has
// the maildrop open (RFC 1939 §4: the server acquires an exclusive-access
// lock on the maildrop; RFC 2449 §8.1.2: the IN-USE response code).
var ErrLocked = errors.New("mailstore: maildrop is in use by another session")

// maildropLock is an exclusive lock on one Maildir, honoured across processes.
// flock(2) locks belong to the open file description, so two locks taken
// in one process exclude each other just as two processes do.
type maildropLock struct {
	f *os.File
}

// lockMaildir takes the lock on the Maildir dir without waiting: if it is
// held, it returns ErrLocked at once.
func lockMaildir(dir string) (*maildropLock, error) {
	f, err := os.OpenFile(filepath.Join(dir, LockFileName), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("mailstore: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, ErrLocked
		}
		return nil, fmt.Errorf("mailstore: lock %s: %w", dir, err)
	}
	return &maildropLock{f: f}, nil
}

// unlock releases the lock. Closing the file releases it too (and the
// kernel does so when the process dies), so a crashed server never leaves
// a maildrop locked.
func (l *maildropLock) unlock() error {
	if l == nil || l.f == nil {
		return nil
	}
	err := syscall.Flock(int(l.f.Fd()), syscall.LOCK_UN)
	if cerr := l.f.Close(); err == nil {
		err = cerr
	}
	l.f = nil
	return err
}
