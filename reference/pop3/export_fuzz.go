package pop3

import (
	"bufio"
	"errors"
	"io"

	"github.com/mailspec/mailspec/reference/internal/sasl"
)

// This file exports the reference's parsers and writers, thinly, for the
// fuzzer (package fuzz), which checks that what each accepts re-serialises
// to an equivalent line and that the reference and the suite read the
// same bytes alike. They exist for the fuzzer alone: each is the very
// function the session calls, with no behaviour of its own.

// MaxCommandLine is the longest command line, CRLF included (RFC 2449 §4).
const MaxCommandLine = maxCommandLine

// Line errors ReadLine returns, both answered -ERR by the session.
var (
	ErrLineTooLong = errLineTooLong
	ErrBadLineEnd  = errBadLineEnd
)

// ReadLine reads one command line ended by CRLF, and only CRLF, of at
// most max octets, CRLF included, as the session reads every command.
func ReadLine(br *bufio.Reader, max int) ([]byte, error) { return readLine(br, max) }

// Command is a command line as the session splits it (RFC 1939 §3).
type Command struct {
	Keyword string // upper case
	Rest    string // everything after the keyword's SP
	HasRest bool
	Args    []string // Rest split at each SP
	ArgsOK  bool     // no argument empty or outside 0x21-0x7E
}

// ParseCommand splits line (CRLF removed); false is a line that is no
// command at all.
func ParseCommand(line []byte) (Command, bool) {
	c, ok := parseCommand(line)
	return Command{Keyword: c.keyword, Rest: c.rest, HasRest: c.hasRest, Args: c.args, ArgsOK: c.argsOK}, ok
}

// StatusLine renders a single-line response as the session sends it,
// CRLF included: "+OK" or "-ERR", then " [code]" when code is not empty,
// then " text" when text is not empty.
func StatusLine(ok bool, code, text string) string {
	return reply{ok: ok, code: code, text: text}.String() + "\r\n"
}

// WriteMultiline writes body as the body of a multi-line response,
// byte-stuffed and terminated (RFC 1939 §3), as the session sends a
// message, a listing or a capability list. body must be in network form,
// as the store gives it (mailstore.NewCRLFReader).
func WriteMultiline(w io.Writer, body []byte) error {
	bw := bufio.NewWriter(w)
	d := newDotWriter(bw)
	_, err := d.Write(body)
	return errors.Join(err, d.Close(), bw.Flush())
}

// DecodeSASL decodes a client response of AUTH (RFC 5034 §4), strictly.
// The session reads "=" as an empty initial response before calling it.
func DecodeSASL(s string) ([]byte, error) { return decodeBase64(s) }

// ParsePlain splits a SASL PLAIN message (RFC 4616 §2) as AUTH PLAIN does.
func ParsePlain(msg []byte) (authzid, authcid, passwd string, ok bool) {
	p, ok := sasl.ParsePlain(msg)
	return p.Authzid, p.Authcid, p.Passwd, ok
}
