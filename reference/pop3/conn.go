package pop3

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	"github.com/mailspec/mailspec/reference/internal/serving"
	"github.com/mailspec/mailspec/reference/mailstore"
)

// session is one client connection, from greeting to close.
type session struct {
	srv *Server
	log *slog.Logger
	raw net.Conn // the TCP connection
	br  *bufio.Reader
	bw  *bufio.Writer

	state     state
	tls       bool
	timestamp string // the APOP challenge in the greeting; "" without APOP
	user      string // name from a successful USER, for the PASS right after it
	mbox      *mailstore.Mailbox
	errors    int
	quit      bool   // the session ends after the current reply
	command   string // the command line being answered, for Faults.Reply

	mu      sync.Mutex // guards closing and the read deadline
	closing bool
}

// errShutdown ends a session because the server is shutting down.
var errShutdown = errors.New("pop3: server shutting down")

func newSession(srv *Server, c net.Conn) *session {
	s := &session{srv: srv, raw: c, log: srv.log.With("remote", c.RemoteAddr().String())}
	s.br = buffers.Reader(c)
	s.bw = buffers.Writer(deadlineWriter{c, srv.cfg.AutologoutTimeout})
	return s
}

// buffers are the sessions' command readers and response writers, taken
// back when a session ends (Serve). The writer is large so that RETR
// streams a message in few writes.
var buffers = serving.NewBuffers(4<<10, 32<<10)

// deadlineWriter gives every write to a connection a fresh deadline, so a
// client that stops reading cannot hold a session for ever, while a slow
// one can still receive a large message.
type deadlineWriter struct {
	c net.Conn
	d time.Duration
}

func (w deadlineWriter) Write(p []byte) (int, error) {
	w.c.SetWriteDeadline(time.Now().Add(w.d))
	return w.c.Write(p)
}

// apopCounter makes APOP timestamps unique within the process.
var apopCounter atomic.Uint64

// Serve runs the session. Whatever ends it — QUIT, a dropped connection,
// autologout, shutdown or a panic — the maildrop is closed without
// committing unless QUIT committed it first (RFC 1939 §6).
func (s *session) Serve() {
	defer func() {
		if r := recover(); r != nil {
			s.log.Error("pop3: panic in session", "panic", r, "stack", string(debug.Stack()))
			s.send(replyInternalError)
		}
		if s.mbox != nil {
			if s.faulty().DeleteOnDrop {
				s.mbox.Commit()
			}
			s.mbox.Close()
		}
		s.raw.Close()
		buffers.Release(s.br, s.bw)
	}()
	greeting := reply{ok: true, text: s.srv.cfg.Hostname + " POP3 server ready"}
	if s.srv.cfg.AllowAPOP || s.srv.cfg.Alternatives.APOPNotForPassUsers {
		// RFC 1939 §7: a msg-id, different for every greeting.
		s.timestamp = fmt.Sprintf("<%d.%d.%d@%s>", os.Getpid(), time.Now().UnixNano(), apopCounter.Add(1), s.srv.cfg.Hostname)
		greeting.text += " " + s.timestamp
	}
	if s.send(greeting) != nil {
		return
	}
	for !s.quit {
		line, err := s.readLine(maxCommandLine)
		// RFC 1939 §7: PASS is valid only "immediately after a successful
		// USER"; any other line, even a malformed one, forgets the name.
		pending := s.user
		s.user = ""
		switch {
		case errors.Is(err, errLineTooLong):
			err = s.reply(replyLineTooLong)
		case errors.Is(err, errBadLineEnd):
			err = s.reply(replyBadLineEnd)
		case err == nil:
			err = s.dispatch(line, pending)
			if s.faulty().DiscardPipelined && s.br != nil {
				s.br.Discard(s.br.Buffered())
			}
		}
		if err != nil {
			s.end(err)
			return
		}
	}
}

// end closes the session after err. Shutdown is announced; autologout
// closes without a word (RFC 1939 §3: "the server should close the TCP
// connection without removing any messages or sending any response").
func (s *session) end(err error) {
	var ne net.Error
	switch {
	case errors.Is(err, errShutdown) || s.isClosing():
		s.send(replyShutdown)
	case errors.As(err, &ne) && ne.Timeout():
		s.log.Info("pop3: autologout", "state", s.state)
	default:
		s.log.Debug("pop3: connection ended", "state", s.state, "err", err)
	}
}

// readLine reads one line with a fresh autologout deadline; see the
// package-level readLine for the line rules.
func (s *session) readLine(max int) ([]byte, error) {
	if !s.arm(s.autologoutTimeout()) {
		return nil, errShutdown
	}
	return readLine(s.br, max)
}

// arm sets the read and write deadlines d from now, unless the server is
// shutting down. It and interrupt hold mu, so an interrupt is never
// undone by a deadline set just after it.
func (s *session) arm(d time.Duration) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closing {
		return false
	}
	s.raw.SetReadDeadline(time.Now().Add(d))
	return true
}

// Close closes the connection at once.
func (s *session) Close() { s.raw.Close() }

// Interrupt makes a session waiting for a command stop waiting, for
// Shutdown.
func (s *session) Interrupt() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closing = true
	s.raw.SetReadDeadline(time.Unix(1, 0))
}

func (s *session) isClosing() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.closing
}

// sleep waits d, or less if the server shuts down meanwhile, which it
// reports as false.
func (s *session) sleep(d time.Duration) bool {
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-s.srv.Group().Done():
		return false
	}
}

// dispatch runs one command line; pending is the name from a USER on the
// line before, if it succeeded. The single switch is the only place a
// keyword is recognised; each handler checks the state first.
func (s *session) dispatch(line []byte, pending string) error {
	s.command = string(line)
	c, ok := parseCommand(line)
	if !ok {
		return s.reply(replySyntax)
	}
	if s.srv.testHook != nil {
		s.srv.testHook(c.keyword)
	}
	switch c.keyword {
	case "CAPA":
		return s.cmdCapa(c)
	case "STLS":
		return s.cmdSTLS(c, pending)
	case "USER", "PASS":
		if !s.srv.cfg.Alternatives.offers("USER") {
			return s.reply(replyUnknownCommand)
		}
		if c.keyword == "USER" {
			return s.cmdUser(c)
		}
		return s.cmdPass(c, pending)
	case "APOP":
		return s.cmdAPOP(c)
	case "AUTH":
		return s.cmdAuth(c)
	case "QUIT":
		return s.cmdQuit(c)
	case "STAT":
		return s.cmdStat(c)
	case "LIST":
		return s.cmdList(c)
	case "RETR":
		return s.cmdRetr(c)
	case "DELE":
		return s.cmdDele(c)
	case "NOOP":
		return s.cmdNoop(c)
	case "RSET":
		return s.cmdRset(c)
	case "TOP":
		if s.srv.cfg.Alternatives.offers(c.keyword) {
			return s.cmdTop(c)
		}
	case "UIDL":
		if s.srv.cfg.Alternatives.offers(c.keyword) {
			return s.cmdUidl(c)
		}
	}
	return s.reply(replyUnknownCommand)
}

// reply sends r as the whole answer to a command. Every -ERR counts
// towards MaxErrors; the one that reaches it is replaced by
// replyTooManyErrors and ends the session.
func (s *session) reply(r reply) error {
	if !r.ok {
		s.errors++
		if serving.Reached(s.errors, s.srv.cfg.MaxErrors) {
			r, s.quit = replyTooManyErrors, true
			s.log.Info("pop3: too many errors", "state", s.state)
		}
	}
	if err := s.writeStatus(r); err != nil {
		return err
	}
	if s.quit {
		return s.bw.Flush()
	}
	return s.flushIfIdle()
}

// send writes r and flushes at once.
func (s *session) send(r reply) error {
	if err := s.writeStatus(r); err != nil {
		return err
	}
	return s.bw.Flush()
}

// writeStatus writes r's status line, as Faults.Reply may change it.
func (s *session) writeStatus(r reply) error {
	line := s.statusLine(r)
	if line == "" {
		return nil
	}
	_, err := s.bw.WriteString(line + "\r\n")
	return err
}

// flushIfIdle flushes the replies written so far unless a whole command
// is already waiting to be read: a pipelining client (RFC 2449 §6.6) then
// gets its replies in one batch; any other client gets each at once.
func (s *session) flushIfIdle() error {
	if n := s.br.Buffered(); n > 0 {
		if ahead, _ := s.br.Peek(n); bytes.IndexByte(ahead, '\n') >= 0 {
			return nil
		}
	}
	return s.bw.Flush()
}
