package mailstore

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Delivery is one message on its way into one or more Maildirs. Write the
// message to it, then Commit to deliver it or Abort to drop it. A message
// that was never committed is never seen in any new/ directory.
type Delivery struct {
	store      *Store
	recipients []string
	base       string // the unique part of its name in new/ (uniqueName)
	tmpPath    string // its name in tmp/, "" once renamed into new/ (link)
	unnamed    bool   // its file has no name in tmp/ (create)
	file       *os.File
	buf        *bufio.Writer
	size       int64 // octets on disk (LF line ends)
	lines      int64 // LF octets written, to give the size with CRLF line ends
	done       bool
	// syncfs says that syncfs(2) covers the delivery: the store uses it
	// and every Maildir involved is on the store's file system.
	syncfs bool
	// syncFailures is the store's count of failed syncs when the
	// delivery began: one more by the end fails it (see groupSync).
	syncFailures uint64
	// mem holds the message instead of a file, in a memory store.
	mem *bytes.Buffer
}

// deliveryCounter makes names unique among deliveries from this process.
var deliveryCounter atomic.Uint64

// Begin starts a delivery to the Maildirs of recipients (canonical user
// names; a name given twice is delivered once).
func (s *Store) Begin(recipients []string) (*Delivery, error) {
	if len(recipients) == 0 {
		return nil, errors.New("mailstore: delivery with no recipients")
	}
	seen := make(map[string]bool, len(recipients))
	var unique []string
	for _, r := range recipients {
		if !seen[r] {
			seen[r] = true
			unique = append(unique, r)
		}
	}
	if s.mem != nil {
		return s.mem.begin(s, unique)
	}
	var first string
	for i, r := range unique {
		dir, err := s.Maildir(r)
		if err != nil {
			return nil, err
		}
		if i == 0 {
			first = dir
		}
	}
	d := &Delivery{store: s, recipients: unique, base: uniqueName(), syncFailures: s.commits.failures()} // failures before anything is written
	if err := d.create(filepath.Join(first, "tmp"), s.open.Add(1) > 1); err != nil {
		s.open.Add(-1)
		return nil, fmt.Errorf("mailstore: %w", err)
	}
	d.buf = fileBuffers.Get().(*bufio.Writer)
	d.buf.Reset(d.file)
	return d, nil
}

// fileBuffers are the deliveries' write buffers, taken back when a
// delivery ends (release), so that a busy server does not allocate, nor
// its collector free, one for every message.
var fileBuffers = sync.Pool{New: func() any { return bufio.NewWriterSize(nil, 64<<10) }}

// create opens the file that d writes in tmp. Its links into new/ will be
// on the same file system (a link cannot cross one), so syncfs covers the
// delivery when it covers the file.
//
// A delivery that begins while others are open (concurrent) has its file
// made without a name (openUnnamed), if the store can, and synced by
// syncfs: creating a name in tmp/ and removing it after the links would
// take tmp/'s lock twice, and a lookup in tmp/ under that lock waits while
// a sync writes tmp/'s entries out, so that concurrent deliveries queue
// behind one another there. A lone delivery has a name in tmp/: if its
// sync is its own (groupSync), the fsync of its file covers the link
// count that a name gives it, which an unnamed file gets only by its
// link, and would need a second fsync after it (see Commit).
func (d *Delivery) create(tmp string, concurrent bool) error {
	s := d.store
	if concurrent && s.unnamed {
		if f, err := openUnnamed(tmp); err == nil {
			if s.sameDevice(f) {
				d.file, d.syncfs, d.unnamed = f, true, true
				return nil
			}
			f.Close()
		}
	}
	tmpPath := filepath.Join(tmp, d.base)
	f, err := os.OpenFile(tmpPath, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	d.file, d.tmpPath, d.syncfs = f, tmpPath, s.syncfs && s.sameDevice(f)
	return nil
}

// uniqueName returns a Maildir base name in the conventional form
// "seconds.MmicrosPpidQcounter.host", unique across processes (pid),
// across time (seconds and microseconds) and within a process (counter).
func uniqueName() string {
	now := time.Now()
	b := make([]byte, 0, 64)
	b = strconv.AppendInt(b, now.Unix(), 10)
	b = append(b, ".M"...)
	b = strconv.AppendInt(b, int64(now.Nanosecond()/1000), 10)
	b = append(b, 'P')
	b = strconv.AppendInt(b, int64(processID), 10)
	b = append(b, 'Q')
	b = strconv.AppendUint(b, deliveryCounter.Add(1), 10)
	b = append(b, '.')
	b = append(b, maildirHost()...)
	return string(b)
}

// processID is this process's ID, which never changes.
var processID = os.Getpid()

// maildirHost is the host name as Maildir names carry it: '/' and ':'
// have meanings there, and are replaced as the Maildir convention does.
// It is read once, as mail delivery agents read it when they start.
var maildirHost = sync.OnceValue(func() string {
	host, err := os.Hostname()
	if err != nil || host == "" {
		host = "localhost"
	}
	return strings.NewReplacer("/", `\057`, ":", `\072`).Replace(host)
})

// Write appends message bytes, in local form (LF line ends).
func (d *Delivery) Write(p []byte) (int, error) {
	if d.done {
		return 0, errors.New("mailstore: write after commit or abort")
	}
	var n int
	var err error
	if d.mem != nil {
		n, err = d.mem.Write(p)
	} else {
		n, err = d.buf.Write(p)
	}
	d.size += int64(n)
	d.lines += int64(bytes.Count(p[:n], []byte{'\n'}))
	return n, err
}

// Size is the number of octets written so far.
func (d *Delivery) Size() int64 { return d.size }

// Commit makes the message durable and delivers it, and returns nil only
// once both are done: only then may a server acknowledge the message
// (RFC 5321 §6.1: a server that has replied 250 has accepted
// responsibility for it). The file is written out in tmp/ and made
// durable, then linked into each recipient's new/ directory under a name
// that records its size on disk (S=) and with CRLF line ends (W=), and the
// links are made durable; then the tmp/ name, if the file still has one
// (see create and link), is removed.
//
// Deliveries that commit at the same time share the syncs (group commit,
// see groupSync): a Commit waits for a sync that started after its own
// work was done, and syncs run back to back while deliveries wait, each
// serving all that gathered during the one before.
//
// On Linux (5.8 and later) a sync is one syncfs(2) of the store's file
// system: it writes out every dirty page, inode and directory block of
// that file system and waits for them, so that the data of every file
// written and every directory entry made before the call started is on
// stable storage when it returns, for any number of deliveries into any
// number of Maildirs; and it reports every write error on that file
// system since the store was opened (see useSyncfs). A sync that started
// before a write or a link may have passed over it: that is why only a
// sync that started after counts. A delivery that has a sync to itself, no
// other waiting for the same one, fsyncs its own file or its own new/
// directories (and its file again if it is unnamed: syncLinks) instead,
// which costs a lone client less than syncfs. Each Commit waits twice, once after
// writing the file, so that the data is durable before its name appears
// in new/ (the Maildir rule: a file in new/ is complete, crash or not),
// and once after linking; under load one sync serves the second wait of
// one group and the first wait of the next. syncfs also writes out other
// programs' dirty data on the same file system: a cost, to them and to
// the sync's duration, never a loss of durability; a store on a file
// system of its own does not pay it.
//
// Elsewhere, and for a delivery to a Maildir on another file system than
// the store's root, each Commit fsyncs its own file, alongside the others,
// and a sync fsyncs each new/ directory that the waiting deliveries linked
// into, once however many linked into it.
//
// A failed sync fails every Commit waiting for it, and every delivery
// begun before it ended (see groupSync). A failed Commit removes the
// links it made, so that the sender, told that the message was not
// accepted, may send it again without its appearing twice.
func (d *Delivery) Commit() (err error) {
	if d.done {
		return errors.New("mailstore: commit after commit or abort")
	}
	d.done = true
	if d.mem != nil {
		d.store.mem.commit(d)
		return nil
	}
	defer func() {
		if err != nil {
			err = fmt.Errorf("mailstore: %w", err)
		}
		d.release()
	}()
	if err := d.buf.Flush(); err != nil {
		return err
	}
	if !d.syncfs {
		if err := d.file.Sync(); err != nil {
			return err
		}
	}
	if d.syncfs {
		// The data reaches the disk before the name does.
		if err := d.store.commits.wait(nil, d.file.Sync); err != nil {
			return err
		}
	}
	if !d.unnamed {
		if err := d.file.Close(); err != nil {
			return err
		}
	}
	name := d.base + ",S=" + strconv.FormatInt(d.size, 10) + ",W=" + strconv.FormatInt(d.size+d.lines, 10)
	var linked, dirs []string
	for _, r := range d.recipients {
		dir := filepath.Join(d.store.root, r, "new")
		dst := filepath.Join(dir, name)
		if err := d.link(dst); err != nil {
			for _, l := range linked {
				os.Remove(l)
			}
			return err
		}
		linked = append(linked, dst)
		if !d.syncfs {
			dirs = append(dirs, dir)
		}
	}
	err = d.store.commits.wait(dirs, d.syncLinks)
	if err == nil {
		err = d.store.commits.failedSince(d.syncFailures)
	}
	if err != nil {
		// Not acknowledged, so the sender will try again: take the
		// message back out of sight rather than deliver it twice.
		for _, l := range linked {
			os.Remove(l)
		}
		return err
	}
	return nil
}

// link gives d's file the name dst in a new/ directory. A file named in
// tmp/ for one recipient is renamed there: its tmp/ name goes in the same
// step, as the Maildir convention allows (link then unlink, or rename).
func (d *Delivery) link(dst string) error {
	switch {
	case d.unnamed:
		return linkUnnamed(d.file, dst)
	case len(d.recipients) == 1:
		if err := os.Rename(d.tmpPath, dst); err != nil {
			return err
		}
		d.tmpPath = ""
		return nil
	}
	return os.Link(d.tmpPath, dst)
}

// syncLinks makes d's links durable when its sync is its own: an fsync of
// each new/ directory it linked into and, for an unnamed file, of the file
// too, whose link count its links raised from zero after its first fsync
// (a file system check may take an entry that names an inode with no link
// for one to a deleted file).
func (d *Delivery) syncLinks() error {
	if d.unnamed {
		if err := d.file.Sync(); err != nil {
			return err
		}
	}
	return syncDirs(newDirsOf(d), nil)
}

// release closes d's file and removes its tmp/ name, if it has one: the
// last step of a Commit, whatever its outcome, and of an Abort. Once
// linked, the message stays in new/; before, nothing of it is left.
func (d *Delivery) release() {
	d.buf.Reset(nil)
	fileBuffers.Put(d.buf)
	d.buf = nil
	d.file.Close()
	if d.tmpPath != "" {
		os.Remove(d.tmpPath)
	}
	d.store.open.Add(-1)
}

// newDirsOf lists the new/ directories of d's recipients.
func newDirsOf(d *Delivery) []string {
	dirs := make([]string, len(d.recipients))
	for i, r := range d.recipients {
		dirs[i] = filepath.Join(d.store.root, r, "new")
	}
	return dirs
}

// Abort drops the message. It is safe to call after Commit, where it does
// nothing, so that callers may defer it.
func (d *Delivery) Abort() {
	if d.done {
		return
	}
	d.done = true
	if d.mem != nil {
		return
	}
	d.release()
}
