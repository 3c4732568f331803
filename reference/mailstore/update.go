package mailstore

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Delete marks message i as deleted (RFC 1939 §5, DELE). The file stays
// until Commit; the index stays reserved, and every method that takes an
// index refuses it with ErrDeleted.
func (m *Mailbox) Delete(i int) error {
	e, err := m.get(i, false)
	if err != nil {
		return err
	}
	e.deleted = true
	return nil
}

// Undelete clears every deletion mark (RFC 1939 §5, RSET).
func (m *Mailbox) Undelete() {
	for _, e := range m.msgs {
		e.deleted = false
	}
}

// Commit applies the session's changes and releases the lock, as the POP3
// UPDATE state does (RFC 1939 §6): it removes the files of the messages
// marked as deleted, gives the Maildir S (seen) flag to messages opened
// whole, and syncs the directories, so that the removals are durable when
// Commit returns. It returns the number of messages left. On an error some
// marked messages may remain, but no unmarked message is ever removed; the
// lock is released either way. A file already removed by another tool
// counts as removed.
func (m *Mailbox) Commit() (left int, err error) {
	if m.mem != nil {
		return m.memCommit()
	}
	if m.lock == nil {
		return 0, errors.New("mailstore: commit of a closed mailbox")
	}
	defer m.Close()
	dirs := make(map[string]bool)
	var errs []error
	for _, e := range m.msgs {
		switch {
		case e.deleted:
			if err := removeMessage(e.path); err != nil {
				errs = append(errs, err)
				left++
				continue
			}
			dirs[filepath.Dir(e.path)] = true
		case e.seen:
			left++
			// The flag is a courtesy to Maildir readers: failing to set it
			// loses nothing, so its error is not reported.
			dir := filepath.Dir(e.path)
			if os.Rename(e.path, filepath.Join(dir, withFlag(e.Name, 'S'))) == nil {
				dirs[dir] = true
			}
		default:
			left++
		}
	}
	for dir := range dirs {
		if err := syncDir(dir); err != nil {
			errs = append(errs, err)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return left, fmt.Errorf("mailstore: %w", err)
	}
	return left, nil
}

// removeMessage removes the message file at path. If another Maildir
// reader has renamed it since the snapshot (to change its flags), the file
// with the same unique part in the same directory is removed instead.
func removeMessage(path string) error {
	err := os.Remove(path)
	if !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	dir := filepath.Dir(path)
	unique, _, _ := strings.Cut(filepath.Base(path), ":")
	des, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, de := range des {
		if u, _, _ := strings.Cut(de.Name(), ":"); u == unique {
			if err := os.Remove(filepath.Join(dir, de.Name())); !errors.Is(err, fs.ErrNotExist) {
				return err
			}
		}
	}
	return nil
}

// Close releases the lock without changing anything: no message marked as
// deleted is removed (RFC 1939 §6: a session that ends other than by QUIT
// does not enter the UPDATE state). Close after Commit or Close does
// nothing.
func (m *Mailbox) Close() error {
	if m.mem != nil {
		return m.memClose()
	}
	if m.lock == nil {
		return nil
	}
	err := m.lock.unlock()
	m.lock = nil
	return err
}
