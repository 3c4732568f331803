package wire

import (
	"bytes"
	"fmt"
	"strings"
	"time"
)

// Dir says who an Entry comes from.
type Dir uint8

const (
	// DirClient marks bytes the client sent, rendered "C:".
	DirClient Dir = iota + 1
	// DirServer marks bytes the server sent, rendered "S:".
	DirServer
	// DirEvent marks something that happened to the connection (TLS
	// upgrade, timeout, close, omitted entries), rendered "--".
	DirEvent
)

func (d Dir) String() string {
	switch d {
	case DirClient:
		return "C:"
	case DirServer:
		return "S:"
	case DirEvent:
		return "--"
	}
	return fmt.Sprintf("Dir(%d)", int(d))
}

// Entry is one line of a transcript: one line each way as it crossed the
// wire, its line end included, or a chunk of a line that was too long or
// is not yet complete, or an event.
type Entry struct {
	// At is the time since the connection was opened. For data it is when
	// the line's first octet was sent or received.
	At  time.Duration
	Dir Dir
	// Data holds the exact octets for DirClient and DirServer (after TLS
	// decryption), and a description for DirEvent.
	Data []byte
}

// String renders the entry on one line, invisible octets made visible:
//
//	+0.000s S: 220 mx.example ESMTP<CR><LF>
func (e Entry) String() string {
	text := string(e.Data)
	if e.Dir != DirEvent {
		text = Visible(e.Data)
	}
	return fmt.Sprintf("+%.3fs %s %s", e.At.Seconds(), e.Dir, text)
}

// Transcript is a snapshot of what crossed a Conn, in order. When the
// recording limit was reached, the middle is left out and a DirEvent entry
// says how much.
type Transcript struct {
	Entries []Entry
}

// String renders one entry per line; see Entry.String.
func (t Transcript) String() string {
	var b strings.Builder
	for _, e := range t.Entries {
		b.WriteString(e.String())
		b.WriteByte('\n')
	}
	return b.String()
}

// visibleNames are the names Visible gives to octets that would otherwise
// be invisible or ambiguous in a line of text.
var visibleNames = map[byte]string{'\r': "<CR>", '\n': "<LF>", 0: "<NUL>", '\t': "<HT>"}

// Visible renders b on one line with every invisible octet made visible: CR,
// LF, NUL and HT as <CR>, <LF>, <NUL>, <HT>; other control octets, DEL and
// 8-bit octets as \xNN. A literal "<" that would read as one of those names,
// and a literal "\" before "x", are written \x3C and \x5C, so the rendering
// is unambiguous.
func Visible(b []byte) string {
	var s strings.Builder
	for i, c := range b {
		switch name, ok := visibleNames[c]; {
		case ok:
			s.WriteString(name)
		case c < 0x20 || c >= 0x7f:
			fmt.Fprintf(&s, `\x%02X`, c)
		case c == '<' && startsWithName(b[i:]), c == '\\' && i+1 < len(b) && b[i+1] == 'x':
			fmt.Fprintf(&s, `\x%02X`, c)
		default:
			s.WriteByte(c)
		}
	}
	return s.String()
}

func startsWithName(b []byte) bool {
	for _, name := range visibleNames {
		if bytes.HasPrefix(b, []byte(name)) {
			return true
		}
	}
	return false
}
