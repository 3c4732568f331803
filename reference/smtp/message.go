package smtp

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/netip"
	"time"

	"github.com/mailspec/mailspec/reference/mailstore"
)

// dataWriter takes a message in wire form (lines ended by CRLF, dots
// already unstuffed) and writes it to the store in local form (lines ended
// by LF) after the trace fields, checking as it goes every rule the message
// must meet before it may be acknowledged:
//
//   - RFC 5321 §2.3.8: CR and LF appear only together, as a line end. A
//     message with a bare CR or bare LF is refused whole (554) once its end
//     is seen; its bytes are never delivered, so no reading of them can
//     differ from another server's.
//   - RFC 5321 §4.5.3.1.6: no line longer than MaxTextLine, CRLF included.
//   - RFC 1870 §6.3 / RFC 5321 §4.5.3.1.7: no more than MaxMessageSize octets.
//   - RFC 5321 §6.3: no more than MaxHops Received fields (a loop).
//
// Every violation still reads the message to its end, so the session stays
// in step with the client.
type dataWriter struct {
	s   *session
	d   *mailstore.Delivery
	id  string
	out []byte // local-form bytes waiting to be written

	size      int64 // octets of message in wire form
	lineLen   int   // octets of the current line so far
	pendingCR bool  // the last octet was a CR whose LF has not yet come
	inHeader  bool
	head      []byte // the first octets of the current line, to spot "Received:"
	hops      int

	bareLineEnd, longLine, tooBig bool
	ioErr                         error

	fault storeFault // Faults.Store's state (faults_store.go)
}

// newDataWriter opens the delivery for the current transaction and writes
// the trace fields RFC 5321 §4.4 requires of the delivering server: the
// Return-Path (the reverse-path, <> for a null one) and a Received field.
func (s *session) newDataWriter() (*dataWriter, error) {
	d, err := s.tx.begin(s.cfg.Store)
	if err != nil {
		return nil, err
	}
	w := &dataWriter{s: s, d: d, id: newMessageID(), inHeader: true, head: make([]byte, 0, len("received:"))}
	if _, err := d.Write([]byte(s.faultyTrace(s.traceFields(w.id, time.Now())))); err != nil {
		d.Abort()
		return nil, err
	}
	return w, nil
}

// newMessageID returns the identifier quoted in the Received field and in
// the 250 reply, so that a client's log and the stored message line up.
func newMessageID() string {
	b := make([]byte, 8)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// traceFields renders Return-Path and Received (RFC 5321 §4.4), in local
// form. The FOR clause names the recipient only when there is one, as
// §7.2 advises for privacy.
func (s *session) traceFields(id string, now time.Time) string {
	from := "<>"
	if !s.tx.nullSender {
		from = "<" + s.tx.from.String() + ">"
	}
	tcpInfo := "[" + s.remoteIP + "]"
	if ip, err := netip.ParseAddr(s.remoteIP); err == nil && ip.Is6() && !ip.Is4In6() {
		tcpInfo = "[IPv6:" + ip.String() + "]"
	}
	received := fmt.Sprintf("Received: from %s (%s)\n\tby %s with %s id %s", s.heloDomain, tcpInfo, s.cfg.Hostname, s.protocolName(), id)
	if len(s.tx.rcpts) == 1 {
		received += "\n\tfor <" + s.tx.rcpts[0].addr.String() + ">"
	}
	received += ";\n\t" + now.Format("Mon, 02 Jan 2006 15:04:05 -0700") + "\n"
	return "Return-Path: " + from + "\n" + received
}

// Write takes message octets in wire form. It never fails: problems are
// recorded and reported by finish, once the whole message has been read.
// A run of octets that are neither CR nor LF, most of any message, is
// checked and copied whole (plain); CR, LF and the octet after a CR one at
// a time (octet), as is every octet when a store fault rewrites them.
func (w *dataWriter) Write(p []byte) (int, error) {
	bulk := !w.s.storeFaults().rewritesOctets()
	for rest := p; len(rest) > 0; {
		if bulk && !w.pendingCR {
			if n := plainRun(rest); n > 0 {
				w.plain(rest[:n])
				rest = rest[n:]
				continue
			}
		}
		w.octet(rest[0])
		rest = rest[1:]
	}
	w.size += int64(len(p))
	if w.size > w.s.cfg.MaxMessageSize {
		w.tooBig = true
	}
	w.drain(false)
	return len(p), nil
}

// plainRun is the length of the run of octets at the start of p that are
// neither CR nor LF.
func plainRun(p []byte) int {
	n := len(p)
	if i := bytes.IndexByte(p, '\n'); i >= 0 {
		n = i
	}
	if i := bytes.IndexByte(p[:n], '\r'); i >= 0 {
		n = i
	}
	return n
}

// plain takes a run of octets that are neither CR nor LF, with no CR
// pending before it: what octet does for each of them, at once.
func (w *dataWriter) plain(run []byte) {
	w.lineLen += len(run)
	if w.lineLen+2 > w.s.cfg.MaxTextLine && !w.s.tx.binaryMIME { // as in octet
		w.longLine = true
	}
	if w.inHeader && len(w.head) < cap(w.head) {
		w.head = append(w.head, run[:min(len(run), cap(w.head)-len(w.head))]...)
	}
	w.out = append(w.out, run...)
}

// octet takes one octet of the message.
func (w *dataWriter) octet(c byte) {
	if w.pendingCR {
		w.pendingCR = false
		if c == '\n' {
			w.endLine()
			return
		}
		w.bareLineEnd = true
		w.emit('\r')
	}
	switch c {
	case '\r':
		w.pendingCR = true
		w.lineLen++
		return
	case '\n':
		w.bareLineEnd = true
	}
	w.lineLen++
	if w.lineLen+2 > w.s.cfg.MaxTextLine && !w.s.tx.binaryMIME { // +2: the CRLF still to come; binary has no text lines
		w.longLine = true
	}
	if w.inHeader && len(w.head) < cap(w.head) {
		w.head = append(w.head, c)
	}
	w.emit(c)
}

// endLine handles a CRLF: one LF in local form, and the header bookkeeping.
func (w *dataWriter) endLine() {
	if w.inHeader {
		if w.lineLen == 1 { // just the CR: the empty line ends the header
			w.inHeader = false
		} else if len(w.head) == cap(w.head) && asciiEqualFold(string(w.head), "received:") {
			w.hops++
		}
		w.head = w.head[:0]
	}
	w.lineLen = 0
	w.emit('\n')
}

func (w *dataWriter) emit(c byte) {
	if f := w.s.storeFaults(); f.rewritesOctets() {
		w.emitFaulty(f, c)
		return
	}
	w.out = append(w.out, c)
}

// drain writes buffered local-form octets to the store, unless the
// message is already refused, when there is no point in storing them.
func (w *dataWriter) drain(force bool) {
	if len(w.out) < 32<<10 && !force {
		return
	}
	if w.ioErr == nil && !w.refused() {
		_, w.ioErr = w.d.Write(w.out)
	}
	w.out = w.out[:0]
}

func (w *dataWriter) refused() bool {
	return w.bareLineEnd && !w.keepsBareLineEnds() || w.longLine || w.tooBig || w.hops >= w.s.cfg.MaxHops
}

// finish ends the message: the reply that refuses it, or, once it is
// durable in every recipient's Maildir, the 250 that accepts it.
func (w *dataWriter) finish() Reply {
	if w.pendingCR {
		w.bareLineEnd = true
		if w.keepsBareLineEnds() {
			w.emit('\r')
		}
	}
	w.finishFaulty()
	w.drain(true)
	switch {
	case w.tooBig:
		w.d.Abort()
		return replySizeExceeded
	case w.bareLineEnd && !w.keepsBareLineEnds():
		w.d.Abort()
		return replyBareLineEnd
	case w.longLine:
		w.d.Abort()
		return replyTextTooLong
	case w.hops >= w.s.cfg.MaxHops:
		w.d.Abort()
		return replyTooManyHops
	case w.ioErr != nil:
		w.d.Abort()
		w.s.log.Error("smtp: writing message", "err", w.ioErr)
		return replyLocalError
	}
	if err := w.d.Commit(); err != nil {
		w.s.log.Error("smtp: committing message", "err", err)
		return replyLocalError
	}
	w.s.log.Info("smtp: delivered", "id", w.id, "size", w.size, "rcpts", len(w.s.tx.rcpts))
	return reply(250, "2.0.0", "OK: queued as "+w.id)
}

// abort drops the message.
func (w *dataWriter) abort() { w.d.Abort() }

func asciiEqualFold(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}
