package mailstore

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Mailbox is one user's maildrop as a POP3 session sees it (RFC 1939 §4):
// locked against other sessions, and fixed at the moment it was opened.
// Messages are numbered from 0 here, in delivery order; a POP3 server
// shows index i as message-number i+1. A message marked deleted keeps its
// index, and nothing is removed until Commit. A Mailbox is used by one
// session and is not safe for concurrent use.
type Mailbox struct {
	dir  string
	lock *maildropLock
	msgs []*entry
	// mem and memUser name the maildrop of a memory store (NewMemory).
	mem     *memory
	memUser string
}

// entry is one message of the snapshot.
type entry struct {
	Message
	path    string
	deleted bool
	seen    bool   // retrieved whole: gets the Maildir S flag at Commit
	memData []byte // the message in network form, in a memory store
}

// Message describes one message of a Mailbox.
type Message struct {
	// Name is the file name, in cur/ (or new/, if it could not be moved).
	Name string
	// UID is the POP3 unique-id (RFC 1939 §7): the file's base name, or a
	// hash of it when that does not fit; see uidFor.
	UID string
	// Size is the exact number of octets the message has in network form,
	// with CRLF line ends, before byte-stuffing (RFC 1939 §11): what Open
	// yields.
	Size int64
}

// Errors about message indexes.
var (
	ErrNoMessage = errors.New("mailstore: no such message")
	ErrDeleted   = errors.New("mailstore: message is marked as deleted")
)

// OpenMailbox locks user's Maildir and takes a snapshot of its messages.
// If another session holds the lock it returns ErrLocked. Messages found in
// new/ are moved to cur/ with an empty info (":2,"), as POP3 servers do
// once a client has been shown them; the move keeps the base name, and so
// the UID. Messages delivered after the snapshot are not seen until the
// next OpenMailbox; tmp/ is never read. Close or Commit the Mailbox to
// release the lock.
func (s *Store) OpenMailbox(user string) (*Mailbox, error) {
	if s.mem != nil {
		return s.mem.open(user)
	}
	dir, err := s.Maildir(user)
	if err != nil {
		return nil, err
	}
	lock, err := lockMaildir(dir)
	if err != nil {
		return nil, err
	}
	m := &Mailbox{dir: dir, lock: lock}
	if err := m.scan(); err != nil {
		lock.unlock()
		return nil, err
	}
	return m, nil
}

// scan moves new/ into cur/, then lists cur/ (and whatever could not be
// moved) in delivery order.
func (m *Mailbox) scan() error {
	newDir, curDir := filepath.Join(m.dir, "new"), filepath.Join(m.dir, "cur")
	fresh, err := listDir(newDir)
	if err != nil {
		return err
	}
	var stuck []string // paths left in new/
	moved := false
	for _, name := range fresh {
		dst := name
		if !strings.Contains(name, ":") {
			dst = name + ":2,"
		}
		err := os.Rename(filepath.Join(newDir, name), filepath.Join(curDir, dst))
		switch {
		case err == nil:
			moved = true
		case errors.Is(err, fs.ErrNotExist): // taken by another reader
		default:
			stuck = append(stuck, filepath.Join(newDir, name))
		}
	}
	if moved {
		if err := syncDir(curDir); err != nil {
			return fmt.Errorf("mailstore: %w", err)
		}
		if err := syncDir(newDir); err != nil {
			return fmt.Errorf("mailstore: %w", err)
		}
	}
	cur, err := listDir(curDir)
	if err != nil {
		return err
	}
	paths := stuck
	for _, name := range cur {
		paths = append(paths, filepath.Join(curDir, name))
	}
	keys := make(map[*entry]deliveryKey, len(paths))
	for _, p := range paths {
		e, key, err := inspect(p)
		if errors.Is(err, fs.ErrNotExist) {
			continue // removed by another tool since the listing
		}
		if err != nil {
			return err
		}
		keys[e] = key
		m.msgs = append(m.msgs, e)
	}
	sort.Slice(m.msgs, func(i, j int) bool { return keys[m.msgs[i]].less(keys[m.msgs[j]]) })
	return nil
}

// listDir returns the names of the regular files in dir, skipping dot
// files (which Maildir readers ignore).
func listDir(dir string) ([]string, error) {
	des, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("mailstore: %w", err)
	}
	var names []string
	for _, de := range des {
		if strings.HasPrefix(de.Name(), ".") || !de.Type().IsRegular() {
			continue
		}
		names = append(names, de.Name())
	}
	return names, nil
}

// inspect reads what the snapshot needs about the message file at path.
// The size in network form is W= when the name carries it and its S= is
// the file's true size (both written by Commit), adjusted for a missing
// final line end; otherwise the file is read and converted to count.
func inspect(path string) (*entry, deliveryKey, error) {
	name := filepath.Base(path)
	parts := parseName(name)
	f, err := os.Open(path)
	if err != nil {
		return nil, deliveryKey{}, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, deliveryKey{}, fmt.Errorf("mailstore: %w", err)
	}
	var size int64
	if parts.wire >= 0 && parts.size == fi.Size() {
		size = parts.wire
		if fi.Size() > 0 {
			last := make([]byte, 1)
			if _, err := f.ReadAt(last, fi.Size()-1); err != nil {
				return nil, deliveryKey{}, fmt.Errorf("mailstore: %w", err)
			}
			if last[0] != '\n' {
				size += 2
			}
		}
	} else if size, err = CRLFSize(f); err != nil {
		return nil, deliveryKey{}, fmt.Errorf("mailstore: %s: %w", name, err)
	}
	e := &entry{Message: Message{Name: name, UID: uidFor(parts.base), Size: size}, path: path}
	return e, keyFor(name, parts.base, fi.ModTime()), nil
}

// Len is the number of messages in the snapshot, deleted ones included.
func (m *Mailbox) Len() int { return len(m.msgs) }

// get returns message i, refusing indexes out of range and, unless
// deletedOK, messages marked as deleted.
func (m *Mailbox) get(i int, deletedOK bool) (*entry, error) {
	if i < 0 || i >= len(m.msgs) {
		return nil, ErrNoMessage
	}
	if e := m.msgs[i]; deletedOK || !e.deleted {
		return e, nil
	}
	return nil, ErrDeleted
}

// Message describes message i; it fails with ErrNoMessage or ErrDeleted.
func (m *Mailbox) Message(i int) (Message, error) {
	e, err := m.get(i, false)
	if err != nil {
		return Message{}, err
	}
	return e.Message, nil
}

// Stat returns the number and total size of the messages not marked as
// deleted (RFC 1939 §5, STAT).
func (m *Mailbox) Stat() (count int, size int64) {
	for _, e := range m.msgs {
		if !e.deleted {
			count++
			size += e.Size
		}
	}
	return count, size
}

// Open returns message i in network form (see NewCRLFReader). Open marks
// the message as seen: Commit gives it the Maildir S flag unless it is
// deleted.
func (m *Mailbox) Open(i int) (io.ReadCloser, error) {
	e, err := m.get(i, false)
	if err != nil {
		return nil, err
	}
	e.seen = true
	if m.mem != nil {
		return memOpen(e), nil
	}
	f, err := os.Open(e.path)
	if err != nil {
		return nil, fmt.Errorf("mailstore: %w", err)
	}
	return readCloser{NewCRLFReader(f), f}, nil
}

// OpenTop returns the header section of message i, the blank line after
// it, and at most lines lines of its body, in network form (RFC 1939 §7,
// TOP). It does not mark the message as seen.
func (m *Mailbox) OpenTop(i, lines int) (io.ReadCloser, error) {
	e, err := m.get(i, false)
	if err != nil {
		return nil, err
	}
	if m.mem != nil {
		return readCloser{NewTopReader(memOpen(e), lines), io.NopCloser(nil)}, nil
	}
	f, err := os.Open(e.path)
	if err != nil {
		return nil, fmt.Errorf("mailstore: %w", err)
	}
	return readCloser{NewTopReader(NewCRLFReader(f), lines), f}, nil
}

type readCloser struct {
	io.Reader
	io.Closer
}
