package fuzz

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"sync"
	"time"

	"github.com/mailspec/mailspec/reference/mailstore"
	"github.com/mailspec/mailspec/reference/smtp"
	"github.com/mailspec/mailspec/suite/wire"
)

// The DATA path checks of FuzzDataPath: one transaction a body, by DATA
// or by BDAT, against an in-process reference, and the message read back
// from its store.

// dataPathRef is an in-process reference kept for a whole fuzzing run,
// with its store at hand; each check removes the message it delivered.
type dataPathRef struct {
	env   *Env
	store *mailstore.Store
}

var (
	dataPathOnce sync.Once
	dataPath     *dataPathRef
	dataPathErr  error
)

// sharedDataPathReference is the clean reference FuzzDataPath keeps for
// the whole run.
func sharedDataPathReference() (*dataPathRef, error) {
	dataPathOnce.Do(func() { dataPath, _, dataPathErr = newDataPathRef(nil) })
	return dataPath, dataPathErr
}

// newDataPathRef starts a reference for the DATA path checks, broken as
// faults says, and returns it with the function that stops it.
func newDataPathRef(faults *smtp.Faults) (*dataPathRef, func(), error) {
	store := mailstore.NewMemory()
	env, stop, err := startReference(refOptions{faults: faults, store: store, timeout: 2 * time.Second})
	if err != nil {
		return nil, nil, err
	}
	return &dataPathRef{env: env, store: store}, stop, nil
}

// check sends body in one transaction, by DATA or by BDAT in chunks cut
// where cuts says (each byte a cut at that many octets past the last),
// and checks what the reference answered and stored.
func (r *dataPathRef) check(ctx context.Context, body []byte, bdat bool, cuts uint16) error {
	how := "DATA"
	if bdat {
		how = "BDAT"
	}
	err := r.send(ctx, body, bdat, cuts)
	if err != nil {
		return fmt.Errorf("%s of %s: %w", how, wire.Visible(trim(body)), err)
	}
	return nil
}

func (r *dataPathRef) send(ctx context.Context, body []byte, bdat bool, cuts uint16) error {
	nc, err := r.env.DialSMTP(ctx)
	if err != nil {
		return err
	}
	defer nc.Close()
	rd := wire.NewReader(nc, wire.Limits{})
	expect := func(what string, codes ...int) (*wire.Reply, error) {
		nc.SetReadDeadline(time.Now().Add(r.env.Timeout))
		rep, err := rd.ReadReply()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", what, err)
		}
		if err := rep.Expect(codes...); err != nil {
			return rep, fmt.Errorf("%s: %w", what, err)
		}
		return rep, nil
	}
	write := func(s string) error { _, err := nc.Write([]byte(s)); return err }
	if _, err := expect("greeting", 220); err != nil {
		return err
	}
	mbox := r.env.Account.mailbox()
	for _, c := range []string{"EHLO fuzz.example", "MAIL FROM:<sender@example.org>", "RCPT TO:<" + mbox + ">"} {
		if err := write(c + "\r\n"); err != nil {
			return err
		}
		if _, err := expect(c, 250); err != nil {
			return err
		}
	}
	var end *wire.Reply
	if !bdat {
		write("DATA\r\n")
		if _, err := expect("DATA", 354); err != nil {
			return err
		}
		write(wire.DotStuff(withFinalCRLF(string(body))) + ".\r\n")
		if end, err = expect("end of data", 2, 5); err != nil {
			return err
		}
	} else {
		chunks := cutInto(body, cuts)
		for i, c := range chunks {
			last := i == len(chunks)-1
			cmd := fmt.Sprintf("BDAT %d", len(c))
			if last {
				cmd += " LAST"
			}
			write(cmd + "\r\n" + string(c))
			codes := []int{250}
			if last {
				codes = []int{2, 5}
			}
			rep, err := expect(cmd, codes...)
			if err != nil {
				return err
			}
			end = rep
		}
	}
	// The sentinel: the next reply is NOOP's, then QUIT's, then the end.
	write("NOOP\r\nQUIT\r\n")
	if _, err := expect("NOOP after the message (a reply to something in the body?)", 250); err != nil {
		return err
	}
	if _, err := expect("QUIT", 221); err != nil {
		return err
	}
	nc.SetReadDeadline(time.Now().Add(r.env.Timeout))
	if extra, err := io.ReadAll(nc); len(extra) > 0 || err != nil && !errors.Is(err, net.ErrClosed) && !errors.Is(err, io.EOF) {
		return fmt.Errorf("after 221: %s, %v", wire.Visible(extra), err)
	}
	want := body
	if !bdat {
		want = []byte(withFinalCRLF(string(body)))
	}
	stored, err := r.take()
	if err != nil {
		return err
	}
	keep := keepable(want)
	switch {
	case end.Class() == 2 && stored == nil:
		return fmt.Errorf("answered %d, but nothing was stored", end.Code)
	case end.Class() != 2 && stored != nil:
		return fmt.Errorf("answered %d, but a message was stored", end.Code)
	case end.Class() == 2 && keep == refuse:
		return fmt.Errorf("answered %d to a message with a bare CR or LF or a line over 1000 octets", end.Code)
	case end.Class() != 2 && keep == accept:
		return fmt.Errorf("answered %s to a message it may keep", wire.Visible([]byte(end.String())))
	case stored == nil:
		return nil
	}
	n := traceLen(stored)
	if n < 0 {
		return fmt.Errorf("stored message starts with no Return-Path and Received: %s", wire.Visible(trim(stored)))
	}
	// The store keeps local form and gives network form back: a body
	// whose last line is not ended comes back with its CRLF.
	if got, w := stored[n:], []byte(withFinalCRLF(string(want))); !bytes.Equal(got, w) {
		return fmt.Errorf("stored %s, want %s", wire.Visible(trim(got)), wire.Visible(trim(w)))
	}
	return nil
}

// take removes and returns the message the check delivered, or nil.
func (r *dataPathRef) take() ([]byte, error) {
	mb, err := r.store.OpenMailbox(r.env.Account.User)
	if err != nil {
		return nil, err
	}
	if mb.Len() == 0 {
		return nil, mb.Close()
	}
	if mb.Len() > 1 {
		mb.Close()
		return nil, fmt.Errorf("%d messages stored for one transaction", mb.Len())
	}
	rc, err := mb.Open(0)
	if err != nil {
		return nil, err
	}
	b, err := io.ReadAll(rc)
	rc.Close()
	if err != nil {
		return nil, err
	}
	mb.Delete(0)
	_, err = mb.Commit()
	return b, err
}

// cutInto cuts b into chunks: each byte of cuts (low first) is a chunk
// of that many octets mod 64, while b lasts; the rest is the last chunk.
func cutInto(b []byte, cuts uint16) [][]byte {
	var out [][]byte
	for _, c := range []int{int(cuts & 0xff), int(cuts >> 8)} {
		if c == 0 {
			continue
		}
		n := min(c%64, len(b))
		out = append(out, b[:n])
		b = b[n:]
	}
	return append(out, b)
}

type verdict int

const (
	accept verdict = iota // RFC 5321 lets the server keep it, and the reference does
	refuse                // the reference must refuse it
	either                // a limit the reference may or may not meet (hops)
)

// keepable says what the strict reference must do with body: refuse a
// bare CR or LF (§2.3.8) and a line over 1000 octets, CRLF included
// (§4.5.3.1.6); accept the rest, but for a loop it may suspect.
func keepable(body []byte) verdict {
	if hasBareEnd(string(body)) {
		return refuse
	}
	for l := range bytes.SplitSeq(body, []byte("\r\n")) {
		if len(l)+2 > 1000 {
			return refuse
		}
	}
	if bytes.Count(bytes.ToLower(body), []byte("received:")) >= 99 {
		return either
	}
	return accept
}

// traceLen is the length of the Return-Path and Received fields the
// reference puts first (RFC 5321 §4.4), or -1. The Received field ends
// with the line after the one that ends in ";" (the date): a body line
// that starts with HT is the body's, not a continuation.
func traceLen(b []byte) int {
	if !bytes.HasPrefix(b, []byte("Return-Path: ")) {
		return -1
	}
	n := bytes.Index(b, []byte("\r\n")) + 2
	if n < 2 || !bytes.HasPrefix(b[n:], []byte("Received: ")) {
		return -1
	}
	for dated := false; ; {
		i := bytes.Index(b[n:], []byte("\r\n"))
		if i < 0 {
			return -1
		}
		line := b[n : n+i]
		n += i + 2
		if dated {
			return n
		}
		dated = bytes.HasSuffix(line, []byte(";"))
	}
}

func trim(b []byte) []byte {
	if len(b) > 300 {
		return b[:300]
	}
	return b
}
