package mailstore

import (
	"bytes"
	"errors"
	"io"
	"strconv"
	"sync"

	"github.com/mailspec/mailspec/reference/users"
)

// memory is the backing of a store made by NewMemory: every Maildir a list
// of messages in memory, in delivery order. It keeps the file store's
// rules (local form, a delivery seen whole or not at all, one session per
// maildrop, deletions applied only by Commit) without a disk or a sync,
// so that a fuzzer can run tens of thousands of sessions a second.
type memory struct {
	mu    sync.Mutex
	boxes map[string]*memBox
	seq   uint64 // names deliveries, in order
}

// memBox is one user's maildrop in memory.
type memBox struct {
	msgs   []memMessage
	locked bool
}

// memMessage is one delivered message. It is kept in network form, the
// CRLF conversion of the local form (crlf.go) done once at delivery, so
// that opening a maildrop reads no message and sending one converts
// nothing: the octets and the size are those the file store would give.
type memMessage struct {
	name string
	wire []byte
}

// NewMemory returns a store that keeps its Maildirs in memory, behind the
// same methods as a store made by Open: Begin, OpenMailbox and what they
// return. Nothing touches a disk and nothing is synced, so a Commit is
// "durable" only for the life of the process: it is for tests and fuzzing,
// never for mail anyone wants to keep. Root is empty and Maildir fails.
func NewMemory() *Store {
	return &Store{mem: &memory{boxes: make(map[string]*memBox)}}
}

// box returns user's maildrop, creating it; the caller holds mu.
func (m *memory) box(user string) *memBox {
	b := m.boxes[user]
	if b == nil {
		b = &memBox{}
		m.boxes[user] = b
	}
	return b
}

// begin starts a delivery to the (already deduplicated) recipients.
func (m *memory) begin(s *Store, recipients []string) (*Delivery, error) {
	for _, r := range recipients {
		if !users.ValidName(r) {
			return nil, ErrBadUser
		}
	}
	return &Delivery{store: s, recipients: recipients, mem: new(bytes.Buffer)}, nil
}

// commit delivers d's message to each of its recipients at once.
func (m *memory) commit(d *Delivery) {
	data := AppendCRLF(nil, d.mem.Bytes())
	m.mu.Lock()
	defer m.mu.Unlock()
	m.seq++
	name := "mem.Q" + strconv.FormatUint(m.seq, 10) + ",S=" + strconv.FormatInt(d.size, 10) + ",W=" + strconv.FormatInt(d.size+d.lines, 10)
	for _, r := range d.recipients {
		b := m.box(r)
		b.msgs = append(b.msgs, memMessage{name: name, wire: data})
	}
}

// open locks user's maildrop and takes a snapshot of it, as OpenMailbox.
func (m *memory) open(user string) (*Mailbox, error) {
	if !users.ValidName(user) {
		return nil, ErrBadUser
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	b := m.box(user)
	if b.locked {
		return nil, ErrLocked
	}
	b.locked = true
	mb := &Mailbox{mem: m, memUser: user, msgs: make([]*entry, 0, len(b.msgs))}
	for _, msg := range b.msgs {
		mb.msgs = append(mb.msgs, &entry{Message: Message{Name: msg.name, UID: uidFor(msg.name), Size: int64(len(msg.wire))}, path: msg.name, memData: msg.wire})
	}
	return mb, nil
}

// memOpen returns e's data, kept in network form.
func memOpen(e *entry) io.ReadCloser {
	return io.NopCloser(bytes.NewReader(e.memData))
}

// memCommit removes the messages mb marked deleted and unlocks the
// maildrop, as Commit does for a Maildir.
func (mb *Mailbox) memCommit() (left int, err error) {
	if mb.mem == nil || mb.memUser == "" {
		return 0, errors.New("mailstore: commit of a closed mailbox")
	}
	deleted := make(map[string]bool)
	for _, e := range mb.msgs {
		if e.deleted {
			deleted[e.Name] = true
		}
	}
	m := mb.mem
	m.mu.Lock()
	b := m.box(mb.memUser)
	kept := b.msgs[:0]
	for _, msg := range b.msgs {
		if !deleted[msg.name] {
			kept = append(kept, msg)
		}
	}
	b.msgs = kept
	left = len(kept)
	m.mu.Unlock()
	mb.memClose()
	return left, nil
}

// memClose unlocks the maildrop without changing it.
func (mb *Mailbox) memClose() error {
	if mb.memUser == "" {
		return nil
	}
	m := mb.mem
	m.mu.Lock()
	m.box(mb.memUser).locked = false
	m.mu.Unlock()
	mb.memUser = ""
	return nil
}
