package pop3

import (
	"context"
	"errors"
	"net"
	"strings"
	"testing"
	"time"
)

func TestMaxConnections(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.MaxConnections = 2 })
	a, b := f.dial(), f.dial()
	conn, err := net.Dial("tcp", f.srv.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	third := &client{t: t, conn: conn}
	third.br = newReader(conn)
	if got := third.line(); got != replyTooManyConnections.String() {
		t.Errorf("third connection got %q", got)
	}
	third.closed()
	a.ok("QUIT")
	a.closed()
	b.ok("USER alice")
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		conn, err := net.Dial("tcp", f.srv.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		l, _ := newReader(conn).ReadString('\n')
		conn.Close()
		if strings.HasPrefix(l, "+OK") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("a freed slot was not reused: %q", l)
		}
	}
}

// A panic in a session becomes -ERR [SYS/TEMP] and a closed connection,
// deletes nothing, and leaves the server serving.
func TestPanicRecovered(t *testing.T) {
	f := newFixture(t)
	f.srv.testHook = func(keyword string) {
		if keyword == "NOOP" {
			panic("test panic")
		}
	}
	f.deliver("alice", "Subject: x\n\n")
	c := f.dial()
	c.login("alice", "secret")
	c.ok("DELE 1")
	if got := c.cmd("NOOP"); got != replyInternalError.String() {
		t.Errorf("after a panic: %q", got)
	}
	c.closed()
	c = loginWhenUnlocked(f, "alice", "secret")
	if got := c.ok("STAT"); !strings.HasPrefix(got, "+OK 1 ") {
		t.Errorf("STAT after a panicked session = %q", got)
	}
}

// RFC 2449 §6.6: "If a server supports PIPELINING, it MUST process each
// command in turn."
func TestPipelining(t *testing.T) {
	f := newFixture(t)
	deliverThree(f)
	c := f.dial()
	if capa := c.multi("CAPA"); !strings.Contains(capa, "PIPELINING\r\n") {
		t.Fatalf("CAPA = %q", capa)
	}
	c.raw("USER alice\r\nPASS secret\r\nSTAT\r\nRETR 2\r\nDELE 1\r\nDELE 1\r\nLIST\r\nQUIT\r\n")
	for _, want := range []string{"+OK send PASS", "+OK alice's", "+OK 3 "} {
		if got := c.line(); !strings.HasPrefix(got, want) {
			t.Fatalf("got %q, want %q...", got, want)
		}
	}
	status, body := c.line(), unstuff(c.body())
	if status != "+OK "+sizeOf(threeMessages[1].wire)+" octets" || body != threeMessages[1].wire {
		t.Errorf("RETR 2 = %q, %q", status, body)
	}
	for _, want := range []string{"+OK message 1 deleted", "-ERR", "+OK 2 messages"} {
		if got := c.line(); !strings.HasPrefix(got, want) {
			t.Fatalf("got %q, want %q...", got, want)
		}
	}
	c.body()
	if got := c.line(); !strings.HasPrefix(got, "+OK pop.test POP3 server signing off") {
		t.Errorf("QUIT = %q", got)
	}
	c.closed()
}

// Shutdown tells each session -ERR [SYS/TEMP] and closes it, deleting
// nothing (RFC 1939 §6).
func TestShutdown(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.LoginDelay = time.Hour })
	deliverThree(f)
	c := f.dial()
	c.login("alice", "secret")
	c.ok("DELE 1")
	delayed := f.dial()
	delayed.ok("USER bob")
	delayed.raw("PASS wrong\r\n") // now in an hour-long login delay
	idle := f.dial()
	time.Sleep(50 * time.Millisecond) // let the PASS reach its delay
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := f.srv.Shutdown(ctx); err != nil {
		t.Fatalf("Shutdown: %v", err)
	}
	for _, cl := range []*client{c, delayed, idle} {
		if got := cl.line(); got != replyShutdown.String() {
			t.Errorf("on shutdown: %q", got)
		}
		cl.closed()
	}
	if n := f.files("alice"); n != 3 {
		t.Errorf("%d messages after shutdown, want 3", n)
	}
	if _, err := net.Dial("tcp", f.srv.Addr().String()); err == nil {
		t.Error("the listener is still open")
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if err := f.srv.Serve(l); !errors.Is(err, ErrServerClosed) {
		t.Errorf("Serve after Shutdown = %v", err)
	}
}
