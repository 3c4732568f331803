//go:build !unix

package mailstore

import "errors"

// LockFileName is the file in each Maildir that a POP3 session locks.
const LockFileName = "mailspec-pop3.lock"

// ErrLocked reports that another session has the maildrop open.
var ErrLocked = errors.New("mailstore: maildrop is in use by another session")

// maildropLock is an exclusive lock on one Maildir. Only Unix systems (flock(2))
// are supported.
type maildropLock struct{}

func lockMaildir(dir string) (*maildropLock, error) {
	return nil, errors.New("mailstore: maildrop locking needs flock(2), which this system lacks")
}

// unlock releases the lock.
func (l *maildropLock) unlock() error { return nil }
