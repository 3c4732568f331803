package serving

import (
	"context"
	"io"
	"log/slog"
	"net"
	"testing"
	"time"
)

// stubborn is a session that ignores Interrupt: only Close ends it.
type stubborn struct{ c net.Conn }

func (s stubborn) Serve()     { io.Copy(io.Discard, s.c) }
func (s stubborn) Interrupt() {}
func (s stubborn) Close()     { s.c.Close() }

type refusals chan Refusal

func (h refusals) NewSession(c net.Conn) Session { return stubborn{c} }
func (h refusals) Refuse(c net.Conn, why Refusal) {
	c.Close()
	h <- why
}

// TestCapAndShutdownDeadline: past the cap a connection is refused as
// Full; a session that ignores Interrupt is closed when Shutdown's
// context ends, and Shutdown reports it.
func TestCapAndShutdownDeadline(t *testing.T) {
	g := NewGroup("test", Limits{MaxSessions: 1, MaxPerAddress: 10}, slog.New(slog.DiscardHandler))
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	h := make(refusals, 1)
	served := make(chan error, 1)
	go func() { served <- g.Serve(l, h) }()
	first, err := net.Dial("tcp", l.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer first.Close()
	for g.Sessions() < 1 {
		time.Sleep(time.Millisecond)
	}
	second, err := net.Dial("tcp", l.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer second.Close()
	select {
	case why := <-h:
		if why != Full {
			t.Errorf("refusal %v, want Full", why)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("second connection not refused")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if err := g.Shutdown(ctx); err != context.DeadlineExceeded {
		t.Errorf("Shutdown = %v, want DeadlineExceeded", err)
	}
	if g.Sessions() != 0 {
		t.Errorf("%d sessions after Shutdown", g.Sessions())
	}
	if err := <-served; err != ErrClosed {
		t.Errorf("Serve = %v, want ErrClosed", err)
	}
	if g.Track(l) {
		t.Error("Track accepted a listener after Shutdown")
	}
}
