package pop3

import (
	"context"
	"errors"
	"fmt"
	"net"
	"syscall"
	"time"
)

// Start returns a server already serving on Config.Addr (DefaultAddr,
// a free loopback port, if empty) in a goroutine: for tests and for
// embedding. Stop it with Shutdown.
func Start(cfg Config) (*Server, error) {
	s, err := NewServer(cfg)
	if err != nil {
		return nil, err
	}
	l, err := net.Listen("tcp", s.cfg.Addr)
	if err != nil {
		return nil, fmt.Errorf("pop3: %w", err)
	}
	if !s.track(l) {
		l.Close()
		return nil, ErrServerClosed
	}
	go func() {
		if err := s.Serve(l); err != nil && !errors.Is(err, ErrServerClosed) {
			s.log.Error("pop3: serve", "err", err)
		}
	}()
	return s, nil
}

// ListenAndServe listens on Config.Addr and serves until Shutdown.
func (s *Server) ListenAndServe() error {
	l, err := net.Listen("tcp", s.cfg.Addr)
	if err != nil {
		return fmt.Errorf("pop3: %w", err)
	}
	return s.Serve(l)
}

// Addr is the address of the first listener, or nil before one is served.
func (s *Server) Addr() net.Addr {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.addr
}

// track records a listener; it reports false once Shutdown has begun.
func (s *Server) track(l net.Listener) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closing() {
		return false
	}
	s.listeners[l] = struct{}{}
	if s.addr == nil {
		s.addr = l.Addr()
	}
	return true
}

func (s *Server) closing() bool {
	select {
	case <-s.done:
		return true
	default:
		return false
	}
}

// Serve accepts connections on l and serves each in its own goroutine
// until Shutdown, when it returns ErrServerClosed. It closes l.
func (s *Server) Serve(l net.Listener) error {
	if !s.track(l) {
		l.Close()
		return ErrServerClosed
	}
	defer l.Close()
	var backoff time.Duration
	for {
		c, err := l.Accept()
		if err != nil {
			if s.closing() {
				return ErrServerClosed
			}
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() || errors.Is(err, syscall.EMFILE) {
				backoff = min(max(2*backoff, 5*time.Millisecond), time.Second)
				s.log.Warn("pop3: accept", "err", err, "retry", backoff)
				time.Sleep(backoff)
				continue
			}
			return fmt.Errorf("pop3: accept: %w", err)
		}
		backoff = 0
		s.admit(c)
	}
}

// admit starts a session for c, or turns c away when the server is at
// MaxConnections or shutting down.
func (s *Server) admit(c net.Conn) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closing() {
		go refuse(c, replyShutdown)
		return
	}
	if len(s.sessions) >= s.cfg.MaxConnections {
		s.log.Warn("pop3: connection refused: too many connections", "remote", c.RemoteAddr())
		go refuse(c, replyTooManyConnections)
		return
	}
	sess := newSession(s, c)
	s.sessions[sess] = struct{}{}
	s.wg.Add(1)
	go sess.serve()
}

// refuse answers a connection that gets no session, and closes it.
func refuse(c net.Conn, r reply) {
	c.SetWriteDeadline(time.Now().Add(5 * time.Second))
	c.Write([]byte(r.String() + "\r\n"))
	c.Close()
}

// finish forgets a session that has ended.
func (s *Server) finish(sess *session) {
	s.mu.Lock()
	delete(s.sessions, sess)
	s.mu.Unlock()
	s.wg.Done()
}

// Shutdown stops accepting connections, tells each live session
// -ERR with the SYS/TEMP response code and closes it, without entering the UPDATE state: no
// message is deleted (RFC 1939 §6). A session answering a command is
// interrupted once it waits for the next one, or during a login delay. If
// ctx ends first, the remaining connections are closed at once and
// Shutdown returns ctx's error.
func (s *Server) Shutdown(ctx context.Context) error {
	s.closeOnce.Do(func() { close(s.done) })
	s.mu.Lock()
	for l := range s.listeners {
		l.Close()
	}
	for sess := range s.sessions {
		sess.interrupt()
	}
	s.mu.Unlock()
	idle := make(chan struct{})
	go func() {
		s.wg.Wait()
		close(idle)
	}()
	select {
	case <-idle:
		return nil
	case <-ctx.Done():
		s.mu.Lock()
		for sess := range s.sessions {
			sess.raw.Close()
		}
		s.mu.Unlock()
		return ctx.Err()
	}
}
