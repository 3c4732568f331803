// Package smtp is the reference SMTP server: a strict reading of RFC 5321
// and the extensions it advertises (PIPELINING, SIZE, 8BITMIME,
// ENHANCEDSTATUSCODES, STARTTLS, AUTH PLAIN and LOGIN, CHUNKING, SMTPUTF8),
// delivering durably into a Maildir store. It is the model every
// conformance case is measured against, so where the RFC leaves a choice it
// takes the strictest, and every relaxation is a named Config option.
package smtp

import (
	"context"
	"errors"
	"fmt"
	"net"
	"slices"
	"sync"
	"syscall"
	"time"
)

// Server is a running or runnable reference SMTP server.
type Server struct {
	cfg         Config
	authLimiter *authLimiter

	mu        sync.Mutex
	listeners []net.Listener // every listener served, the first one's address is Addr
	sessions  map[*session]struct{}
	closing   bool
	wg        sync.WaitGroup
}

// ErrServerClosed is returned by Serve after Shutdown.
var ErrServerClosed = errors.New("smtp: server closed")

// NewServer checks cfg, fills in defaults and returns a server that is not
// yet listening.
func NewServer(cfg Config) (*Server, error) {
	if err := cfg.setDefaults(); err != nil {
		return nil, err
	}
	return &Server{
		cfg:         cfg,
		authLimiter: newAuthLimiter(cfg.MaxAuthFailuresPerClient, cfg.AuthFailureWindow),
		sessions:    make(map[*session]struct{}),
	}, nil
}

// Start listens on cfg.Addr (by default an ephemeral loopback port) and
// serves in the background. It is the embedding API: tests and the
// conformance suite's default target use it.
func Start(cfg Config) (*Server, error) {
	s, err := NewServer(cfg)
	if err != nil {
		return nil, err
	}
	l, err := net.Listen("tcp", s.cfg.Addr)
	if err != nil {
		return nil, fmt.Errorf("smtp: %w", err)
	}
	s.track(l)
	go s.Serve(l)
	return s, nil
}

// ListenAndServe listens on cfg.Addr and serves until Shutdown.
func (s *Server) ListenAndServe() error {
	l, err := net.Listen("tcp", s.cfg.Addr)
	if err != nil {
		return fmt.Errorf("smtp: %w", err)
	}
	return s.Serve(l)
}

// track records a listener for Addr and Shutdown, once; it reports false
// when Shutdown has already begun.
func (s *Server) track(l net.Listener) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closing {
		return false
	}
	if !slices.Contains(s.listeners, l) {
		s.listeners = append(s.listeners, l)
	}
	return true
}

// Addr is the address the server listens on, or nil before it listens.
func (s *Server) Addr() net.Addr {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.listeners) == 0 {
		return nil
	}
	return s.listeners[0].Addr()
}

// Serve accepts connections on l until Shutdown, one goroutine a session.
// Past MaxConnections a connection is answered 421 and closed.
func (s *Server) Serve(l net.Listener) error {
	if !s.track(l) {
		l.Close()
		return ErrServerClosed
	}
	var backoff time.Duration
	for {
		conn, err := l.Accept()
		if err != nil {
			if s.isClosing() {
				return ErrServerClosed
			}
			// Out of file descriptors or a passing network error: wait
			// and try again rather than stop serving.
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() || errors.Is(err, syscall.EMFILE) || errors.Is(err, syscall.ENFILE) {
				backoff = min(max(2*backoff, 5*time.Millisecond), time.Second)
				s.cfg.Logger.Warn("smtp: accept", "err", err, "retry", backoff)
				time.Sleep(backoff)
				continue
			}
			return fmt.Errorf("smtp: accept: %w", err)
		}
		backoff = 0
		sess := newSession(s, conn)
		s.mu.Lock()
		if s.closing {
			s.mu.Unlock()
			conn.Close()
			continue
		}
		full := len(s.sessions) >= s.cfg.MaxConnections
		if !full {
			s.sessions[sess] = struct{}{}
		}
		s.wg.Add(1)
		s.mu.Unlock()
		go func() {
			defer s.wg.Done()
			if full {
				sess.refuse(replyTooManyConns)
				return
			}
			defer s.forget(sess)
			sess.serve()
		}()
	}
}

func (s *Server) forget(sess *session) {
	s.mu.Lock()
	delete(s.sessions, sess)
	s.mu.Unlock()
}

// Shutdown stops accepting connections, tells every live session 421 at
// its next chance (a session waiting for a command is woken at once; one
// in the middle of a message drops it unacknowledged) and waits for them to
// end or for ctx to be done, when the remaining connections are closed.
func (s *Server) Shutdown(ctx context.Context) error {
	s.mu.Lock()
	s.closing = true
	for _, l := range s.listeners {
		l.Close()
	}
	for sess := range s.sessions {
		sess.interrupt()
	}
	s.mu.Unlock()
	done := make(chan struct{})
	go func() {
		s.wg.Wait()
		close(done)
	}()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		s.mu.Lock()
		for sess := range s.sessions {
			sess.conn.Close()
		}
		s.mu.Unlock()
		<-done
		return ctx.Err()
	}
}

func (s *Server) isClosing() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.closing
}
