package smtp

import (
	"fmt"
	"strings"
)

// StoreFaults break what the server stores rather than what it says: each
// is seen only by reading the delivered message back, as the SMTP-to-POP3
// round trip does (suite/roundtrip). Like Faults, they are for the
// conformance suite's own tests; the zero value breaks nothing.
type StoreFaults struct {
	// NoReceived stores the message without the Received field RFC 5321
	// §4.4 requires at the beginning of the message content.
	NoReceived bool
	// NoReturnPath stores the message without the Return-Path field that
	// RFC 5321 §4.4 requires of final delivery.
	NoReturnPath bool
	// ForEveryRecipient lists every recipient in the Received field's FOR
	// clause (RFC 5321 §4.4: it "MUST contain exactly one <path> entry,
	// even when multiple RCPT commands have been given").
	ForEveryRecipient bool
	// Clear8Bit clears the high bit of every octet of the message as it
	// is stored (RFC 6152 §3: a server that offers 8BITMIME "shall
	// preserve all bits in each octet").
	Clear8Bit bool
	// BareLineEndsKept accepts a message holding a bare CR or bare LF
	// instead of refusing it, and stores the octet as it came: in a
	// Maildir, whose lines end in LF, a bare LF then reads back as a line
	// break (RFC 5321 §2.3.8).
	BareLineEndsKept bool
	// ExtraFinalLine stores an empty line after the message's last line:
	// the CRLF before the end-of-data dot counted twice (RFC 5321
	// §4.1.1.4: it "is also the <CRLF> that ends the final line").
	ExtraFinalLine bool
	// SplitLinesAt, when positive, breaks every stored line after that
	// many octets, as a server that folds long lines does (RFC 5321
	// §4.5.3.1.6 lets text lines have 998 octets before the CRLF).
	SplitLinesAt int
	// TruncateAfter, when positive, stores only the first that many
	// octets of the message content and still answers 250 (RFC 5321
	// §4.5.2: all characters are to be delivered).
	TruncateAfter int64
	// ChunkEndsLine ends each BDAT chunk that ends inside a line (not
	// after a CR) with a CRLF, as if a chunk were a line (RFC 3030 §2: a chunk is exactly the
	// octets its count says).
	ChunkEndsLine bool
}

// storeFaults returns the session's store faults, never nil.
func (s *session) storeFaults() *StoreFaults { return &s.faulty().Store }

// rewritesOctets reports whether any octet fault is set, so that a
// message is copied octet by octet through emitFaulty only then.
func (f *StoreFaults) rewritesOctets() bool {
	return f.TruncateAfter > 0 || f.Clear8Bit || f.SplitLinesAt > 0
}

// faultyTrace applies the trace faults to the rendered trace fields.
func (s *session) faultyTrace(trace string) string {
	f := s.storeFaults()
	if !f.ForEveryRecipient && !f.NoReturnPath && !f.NoReceived {
		return trace
	}
	returnPath, received, _ := strings.Cut(trace, "\n")
	returnPath += "\n"
	if f.ForEveryRecipient && len(s.tx.rcpts) > 0 {
		var paths []string
		for _, r := range s.tx.rcpts {
			paths = append(paths, "<"+r.addr.String()+">")
		}
		head, date, _ := strings.Cut(received, ";\n")
		head, _, _ = strings.Cut(head, "\n\tfor ")
		received = fmt.Sprintf("%s\n\tfor %s;\n%s", head, strings.Join(paths, ", "), date)
	}
	if f.NoReturnPath {
		returnPath = ""
	}
	if f.NoReceived {
		received = ""
	}
	return returnPath + received
}

// storeFault is the state of the octet faults while a message is written.
type storeFault struct {
	lineLen int   // octets of the current stored line
	written int64 // octets of the message content stored
}

// emitFaulty appends c to w.out as the store faults say.
func (w *dataWriter) emitFaulty(f *StoreFaults, c byte) {
	if f.TruncateAfter > 0 && w.fault.written >= f.TruncateAfter {
		return
	}
	w.fault.written++
	if f.Clear8Bit {
		c &= 0x7f
	}
	if c == '\n' {
		w.fault.lineLen = 0
	} else {
		if f.SplitLinesAt > 0 && w.fault.lineLen == f.SplitLinesAt {
			w.out = append(w.out, '\n')
			w.fault.lineLen = 0
		}
		w.fault.lineLen++
	}
	w.out = append(w.out, c)
}

// keepsBareLineEnds reports whether a bare CR or LF is stored, not refused.
func (w *dataWriter) keepsBareLineEnds() bool {
	return w.s.storeFaults().BareLineEndsKept
}

// endChunk applies ChunkEndsLine at the end of a BDAT chunk.
func (w *dataWriter) endChunk() {
	if w.s.storeFaults().ChunkEndsLine && w.lineLen > 0 && !w.pendingCR {
		w.Write([]byte("\r\n"))
	}
}

// finishFaulty applies ExtraFinalLine before the message is committed.
func (w *dataWriter) finishFaulty() {
	if w.s.storeFaults().ExtraFinalLine {
		w.emit('\n')
	}
}
