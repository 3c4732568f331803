package smtp

import (
	"bufio"
	"bytes"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"runtime/debug"
	"strings"
	"sync/atomic"
	"time"

	"github.com/mailspec/mailspec/reference/internal/serving"
)

// session is one SMTP connection, from greeting to close.
type session struct {
	srv  *Server
	cfg  *Config
	conn net.Conn
	r    *bufio.Reader
	w    *bufio.Writer
	log  *slog.Logger

	remoteIP    string
	interrupted atomic.Bool
	readBy      time.Time // the deadline of what is being read (armRead)

	state        state
	heloDomain   string // argument of the last accepted HELO/EHLO
	extended     bool   // the client greeted with EHLO (RFC 5321 §4.1.1.1)
	tls          bool
	authUser     string
	authFailures int
	errorCount   int
	closed       bool
	// afterBdatLast: the last transaction ended with BDAT LAST, and no
	// MAIL, RSET, HELO or EHLO has come since (RFC 3030 §2: a BDAT then
	// MUST get 503).
	afterBdatLast bool

	tx transaction // the open mail transaction, if state >= stateMail

	command string // the command line being answered, for Faults.Reply
}

// errCloseSession ends the command loop after the reply already sent.
var errCloseSession = errors.New("smtp: session closed")

// errLineTooLong and errBadLine are what readLine reports for a line over
// its limit and a line holding a bare CR, bare LF or NUL. Both leave the
// reader at the start of the next line.
var (
	errLineTooLong = errors.New("smtp: line too long")
	errBadLine     = errors.New("smtp: bare CR, bare LF or NUL in command line")
)

func newSession(s *Server, conn net.Conn) *session {
	remote := conn.RemoteAddr().String()
	ip := remote
	if host, _, err := net.SplitHostPort(remote); err == nil {
		ip = host
	}
	sess := &session{
		srv:      s,
		cfg:      &s.cfg,
		conn:     conn,
		log:      s.cfg.Logger.With("remote", remote),
		remoteIP: ip,
	}
	sess.w = buffers.Writer(connWriter{sess})
	sess.r = buffers.Reader(sess.input(conn))
	return sess
}

// buffers are the sessions' command readers and reply writers, taken
// back when a session ends (Serve).
var buffers = serving.NewBuffers(64<<10, 4<<10)

// input is what the session reads commands and data from: the connection
// itself, or, under a line-ending fault, a lenient rewriting of it, with
// queued replies flushed before each read (flushingReader).
func (s *session) input(conn net.Conn) io.Reader {
	if f := s.faulty(); f.BareLFEndsLine || f.BareCREndsLine {
		return flushingReader{s, &lenientReader{src: conn, lf: f.BareLFEndsLine, cr: f.BareCREndsLine}}
	}
	return flushingReader{s, conn}
}

// Interrupt wakes a session blocked in a read so that it can answer 421
// (graceful shutdown).
func (s *session) Interrupt() {
	s.interrupted.Store(true)
	s.conn.SetReadDeadline(time.Now())
}

// Close closes the connection at once.
func (s *session) Close() { s.conn.Close() }

// Serve runs the session: greeting, then one command at a time until QUIT,
// an error that ends the session, or shutdown. A panic anywhere in it is
// logged and answered 421, never allowed to take the server down.
func (s *session) Serve() {
	defer func() { buffers.Release(s.r, s.w) }()
	defer s.conn.Close()
	defer func() {
		if v := recover(); v != nil {
			s.log.Error("smtp: panic in session", "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
			s.tx.reset()
			s.send(replyInternalError)
			s.flush()
		}
	}()
	defer s.tx.reset()
	s.log.Info("smtp: connect")
	s.send(s.greeting())
	for !s.closed {
		line, err := s.readLine(s.cfg.MaxCommandLine+mailLineAllowance, s.commandTimeout())
		switch {
		case errors.Is(err, errLineTooLong):
			s.send(s.lineTooLong()) // RFC 5321 §4.5.3.1.9
			continue
		case errors.Is(err, errBadLine):
			s.send(replyBadLineEnding) // RFC 5321 §2.3.8
			continue
		case err != nil:
			s.endOnReadError(err)
			return
		}
		if err := s.dispatch(line); err != nil {
			if !errors.Is(err, errCloseSession) {
				s.endOnReadError(err)
			}
			return
		}
	}
}

// mailLineAllowance is how far the parameters this server offers raise
// the limit on a MAIL command line in an EHLO session: RFC 1870 §3 (SIZE,
// 26 octets), RFC 4954 §3 (AUTH=, 500), the BODY parameter (RFC 6152 §2's
// BODY=8BITMIME, 14, or RFC 3030 §3's BODY=BINARYMIME, 16, the longer one
// counted) and RFC 6531 §3.4 (SMTPUTF8, 10). Every other command, AUTH
// included (RFC 4954 §4), keeps the RFC 5321 §4.5.3.1.4 limit.
const mailLineAllowance = 26 + 500 + 16 + 10

// lineFits reports whether a command line of n octets (CRLF excluded) is
// within the limit for its verb.
func (s *session) lineFits(verb string, n int) bool {
	limit := s.cfg.MaxCommandLine
	if verb == "MAIL" && s.extended {
		limit += mailLineAllowance
	}
	return n+2 <= limit
}

// endOnReadError answers a failed read: 421 for a timeout or shutdown,
// nothing for a connection that is already gone.
func (s *session) endOnReadError(err error) {
	var ne net.Error
	switch {
	case s.interrupted.Load():
		s.send(replyShuttingDown)
	case errors.As(err, &ne) && ne.Timeout():
		s.send(replyTimeout) // RFC 5321 §4.5.3.2.7
	case errors.Is(err, io.EOF):
		s.log.Info("smtp: client closed connection")
		return
	default:
		s.log.Info("smtp: connection error", "err", err)
		return
	}
	s.flush()
}

// readLine reads one line ended by CRLF, and only CRLF: a bare LF or bare
// CR is part of the line, never its end (RFC 5321 §2.3.8), so that no
// line can be split differently by this server and a lenient one. Past
// limit octets (CRLF included) the rest of the line is read and dropped
// and errLineTooLong returned. Pending replies are flushed before the
// read blocks, so pipelined commands get their replies in batches
// (RFC 2920 §3.2) and a waiting client never waits on a buffered reply.
func (s *session) readLine(limit int, timeout time.Duration) ([]byte, error) {
	if s.r.Buffered() == 0 {
		if err := s.flush(); err != nil {
			return nil, err
		}
	}
	if err := s.armRead(timeout); err != nil {
		return nil, err
	}
	var line []byte
	total := 0
	var last byte // the octet before the current fragment, across fragments
	for {
		frag, err := s.r.ReadSlice('\n')
		if err != nil && !errors.Is(err, bufio.ErrBufferFull) {
			return nil, err
		}
		total += len(frag)
		if total <= limit {
			line = append(line, frag...)
		}
		if err == nil && (len(frag) >= 2 && frag[len(frag)-2] == '\r' || len(frag) == 1 && last == '\r') {
			break
		}
		if len(frag) > 0 {
			last = frag[len(frag)-1]
		}
	}
	if total > limit {
		return nil, errLineTooLong
	}
	line = line[:len(line)-2]
	if bytes.ContainsAny(line, "\r\n\x00") {
		return nil, errBadLine
	}
	return line, nil
}

// errShuttingDown ends a read that Shutdown interrupted.
var errShuttingDown = errors.New("smtp: shutting down")

// armRead starts the wait for what is read next, a command line or a
// fragment of message data: all of it must come within timeout (RFC 5321
// §4.5.3.2), however many reads from the connection it takes, so that a
// client sending an octet at a time cannot hold a session open for ever.
// The deadline is given to the connection only when a read from it is
// about to be made (flushingReader): input already buffered costs none.
// After a Shutdown it refuses, whatever is buffered.
func (s *session) armRead(timeout time.Duration) error {
	s.readBy = time.Now().Add(timeout)
	if s.interrupted.Load() {
		return errShuttingDown
	}
	return nil
}

// deadlineRead gives the connection the deadline armRead set, before a
// read from it. The interrupt flag is checked after the deadline is set,
// so a Shutdown that lands in between cannot be lost behind it.
func (s *session) deadlineRead() error {
	s.conn.SetReadDeadline(s.readBy)
	if s.interrupted.Load() {
		return errShuttingDown
	}
	return nil
}

// send queues a reply and counts errors: past MaxErrors error replies the
// session is told 421 and ends.
func (s *session) send(r Reply) {
	if s.closed {
		return
	}
	text := r.Format()
	if f := s.faulty().Reply; f != nil {
		text = f(s.command, text)
	}
	if _, err := s.w.WriteString(text); err != nil {
		s.closed = true
		return
	}
	if f := s.faulty().HangUpAfter; f != nil && f(s.command, text) {
		s.flush()
		s.closed = true
		return
	}
	if r.Code >= 500 {
		s.errorCount++
		if serving.Reached(s.errorCount, s.cfg.MaxErrors) {
			s.w.WriteString(replyTooManyErrors.Format())
			s.flush()
			s.closed = true
		}
	}
	if r.Code == 421 {
		s.flush()
		s.closed = true
	}
}

// flush writes queued replies to the connection.
func (s *session) flush() error {
	err := s.w.Flush()
	if err != nil {
		s.closed = true
	}
	return err
}

// protocolName is the WITH value of the Received field: RFC 3848 names
// ESMTP with S for TLS and A for AUTH; RFC 6531 §3.7.3 the UTF8 forms.
func (s *session) protocolName() string {
	name := "SMTP"
	if s.extended {
		name = "ESMTP"
	}
	if s.tx.smtputf8 {
		name = "UTF8SMTP"
	}
	suffix := ""
	if s.tls {
		suffix += "S"
	}
	if s.authUser != "" {
		suffix += "A"
	}
	if name == "SMTP" && suffix != "" {
		name = "ESMTP"
	}
	return name + suffix
}

// upgradeTLS runs the server side of the STARTTLS handshake (RFC 3207 §4.2).
func (s *session) upgradeTLS() error {
	tconn := tls.Server(s.conn, s.cfg.TLSConfig)
	tconn.SetDeadline(time.Now().Add(s.cfg.TLSHandshakeTimeout))
	if err := tconn.Handshake(); err != nil {
		return err
	}
	tconn.SetDeadline(time.Time{})
	s.conn = tconn
	if s.faulty().KeepPlaintextAfterSTARTTLS {
		kept, _ := s.r.Peek(s.r.Buffered())
		s.r = buffers.Reader(io.MultiReader(bytes.NewReader(bytes.Clone(kept)), s.input(tconn)))
	} else {
		s.r.Reset(s.input(tconn))
	}
	s.w.Reset(connWriter{s})
	s.tls = true
	return nil
}

// verb splits a command line into its upper-cased verb and the rest
// (after exactly one space). RFC 5321 §2.4: verbs are case-insensitive.
func verb(line []byte) (string, string, bool) {
	v, arg, hasArg := strings.Cut(string(line), " ")
	return upperASCII(v), arg, hasArg
}
