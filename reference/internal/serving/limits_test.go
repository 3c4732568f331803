package serving

import (
	"bytes"
	"context"
	"log/slog"
	"net"
	"strings"
	"sync"
	"testing"
	"time"
)

// dialFrom connects to addr from the loopback address src.
func dialFrom(t *testing.T, src, addr string) net.Conn {
	t.Helper()
	d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(src)}}
	c, err := d.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestPerAddressCap: past MaxPerAddress a client's connection is refused
// as AddressFull while another address is still served, and a session
// that ends frees its place.
func TestPerAddressCap(t *testing.T) {
	g := NewGroup("test", Limits{MaxSessions: 10, MaxPerAddress: 2}, slog.New(slog.DiscardHandler))
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	h := make(refusals, 10)
	go g.Serve(l, h)
	defer g.Shutdown(context.Background())
	addr := l.Addr().String()
	waitSessions := func(n int) {
		t.Helper()
		deadline := time.Now().Add(5 * time.Second)
		for g.Sessions() != n {
			if time.Now().After(deadline) {
				t.Fatalf("%d sessions, want %d", g.Sessions(), n)
			}
			time.Sleep(time.Millisecond)
		}
	}
	a1 := dialFrom(t, "127.0.0.1", addr)
	a2 := dialFrom(t, "127.0.0.1", addr)
	waitSessions(2)
	a3 := dialFrom(t, "127.0.0.1", addr)
	defer a3.Close()
	select {
	case why := <-h:
		if why != AddressFull {
			t.Errorf("refusal %v, want AddressFull", why)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("a third connection from one address was not refused")
	}
	b := dialFrom(t, "127.0.0.2", addr)
	defer b.Close()
	waitSessions(3)
	a1.Close()
	waitSessions(2)
	a4 := dialFrom(t, "127.0.0.1", addr)
	defer a4.Close()
	waitSessions(3)
	select {
	case why := <-h:
		t.Errorf("refused (%v) after a session from the address ended", why)
	default:
	}
	a2.Close()
}

// syncBuffer is a log destination for concurrent writers.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestRateLimited: past the burst, records of one kind are dropped until
// the interval ends, and the next one written says how many; other kinds
// and derived loggers are counted apart and together as they should be.
func TestRateLimited(t *testing.T) {
	var out syncBuffer
	l := RateLimited(slog.New(slog.NewTextHandler(&out, nil)), time.Second, 3)
	h := l.Handler().(*limitedHandler)
	now := time.Unix(1000, 0)
	h.st.now = func() time.Time { return now }
	derived := l.With("remote", "127.0.0.1:1")
	for range 1000 {
		derived.Warn("connection refused")
	}
	l.Info("other message")
	now = now.Add(time.Second)
	l.Warn("connection refused")
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 5 {
		t.Fatalf("%d lines, want 3 refusals, 1 other, 1 after the interval:\n%s", len(lines), out.String())
	}
	if !strings.Contains(lines[4], "suppressed=997") {
		t.Errorf("the line after the interval does not count the dropped ones: %s", lines[4])
	}
}

// TestRefusalFloodLogsLittle: thousands of refused connections write a
// few lines, not one each.
func TestRefusalFloodLogsLittle(t *testing.T) {
	var out syncBuffer
	g := NewGroup("test", Limits{MaxSessions: 1, MaxPerAddress: 1}, slog.New(slog.NewTextHandler(&out, nil)))
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	h := make(refusals, 2000)
	go g.Serve(l, h)
	defer g.Shutdown(context.Background())
	held := dialFrom(t, "127.0.0.1", l.Addr().String())
	defer held.Close()
	for g.Sessions() < 1 {
		time.Sleep(time.Millisecond)
	}
	start := time.Now()
	const n = 2000
	for range n {
		c := dialFrom(t, "127.0.0.1", l.Addr().String())
		c.Close()
		<-h
	}
	seconds := int(time.Since(start)/time.Second) + 1
	lines := strings.Count(out.String(), "\n")
	if max := 5 * (seconds + 1); lines > max {
		t.Errorf("%d refusals in %ds wrote %d log lines, want at most %d", n, seconds, lines, max)
	}
}
