package pop3

import (
	"bufio"
	"context"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mailspec/mailspec/reference/mailstore"
	"github.com/mailspec/mailspec/reference/users"
)

// Accounts every fixture has. mrose's secret is RFC 1939 §7's example.
var testAccounts = map[string]string{
	"alice": "secret",
	"bob":   "hunter2",
	"carol": "pa ss word",
	"mrose": "tanstaaf",
}

// fixture is a store, a directory and a running server on loopback.
type fixture struct {
	t     *testing.T
	store *mailstore.Store
	users *users.Directory
	srv   *Server
}

// newFixture starts a server with test defaults (a 1 ms login delay,
// AllowInsecureAuth on) changed by each of opts.
func newFixture(t *testing.T, opts ...func(*Config)) *fixture {
	t.Helper()
	store, err := mailstore.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	dir := users.New()
	for name, pass := range testAccounts {
		if err := dir.Add(name, pass); err != nil {
			t.Fatal(err)
		}
	}
	logw := &testLog{t: t}
	t.Cleanup(logw.stop) // runs after Shutdown below: cleanups run last first
	cfg := Config{
		Hostname:          "pop.test",
		Store:             store,
		Users:             dir,
		AllowInsecureAuth: true,
		LoginDelay:        time.Millisecond,
		Logger:            slog.New(slog.NewTextHandler(logw, &slog.HandlerOptions{Level: slog.LevelDebug})),
	}
	for _, o := range opts {
		o(&cfg)
	}
	srv, err := Start(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := srv.Shutdown(ctx); err != nil {
			t.Errorf("Shutdown: %v", err)
		}
	})
	return &fixture{t: t, store: store, users: dir, srv: srv}
}

// testLog sends the server's log to t.Log until the test ends.
type testLog struct {
	mu      sync.Mutex
	t       *testing.T
	stopped bool
}

func (w *testLog) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if !w.stopped {
		w.t.Log(strings.TrimSpace(string(p)))
	}
	return len(p), nil
}

func (w *testLog) stop() {
	w.mu.Lock()
	w.stopped = true
	w.mu.Unlock()
}

// deliver puts body (local form, LF line ends) in user's maildrop through
// the store's own delivery path.
func (f *fixture) deliver(user, body string) {
	f.t.Helper()
	d, err := f.store.Begin([]string{user})
	if err != nil {
		f.t.Fatal(err)
	}
	defer d.Abort()
	if _, err := io.WriteString(d, body); err != nil {
		f.t.Fatal(err)
	}
	if err := d.Commit(); err != nil {
		f.t.Fatal(err)
	}
}

// putFile writes a message file straight into user's new/, as a foreign
// tool would.
func (f *fixture) putFile(user, name, content string) {
	f.t.Helper()
	dir, err := f.store.Maildir(user)
	if err != nil {
		f.t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "new", name), []byte(content), 0o600); err != nil {
		f.t.Fatal(err)
	}
}

// files counts the message files in user's new/ and cur/.
func (f *fixture) files(user string) int {
	f.t.Helper()
	n := 0
	for _, sub := range []string{"new", "cur"} {
		des, err := os.ReadDir(filepath.Join(f.store.Root(), user, sub))
		if err != nil {
			f.t.Fatal(err)
		}
		n += len(des)
	}
	return n
}

// client is a raw POP3 client for tests: lines go out exactly as given.
type client struct {
	t    *testing.T
	conn net.Conn
	br   *bufio.Reader
	// greeting is the server's first line.
	greeting string
}

// dial connects and reads the greeting.
func (f *fixture) dial() *client {
	f.t.Helper()
	conn, err := net.Dial("tcp", f.srv.Addr().String())
	if err != nil {
		f.t.Fatal(err)
	}
	f.t.Cleanup(func() { conn.Close() })
	c := &client{t: f.t, conn: conn, br: bufio.NewReader(conn)}
	c.greeting = c.line()
	if !strings.HasPrefix(c.greeting, "+OK ") {
		f.t.Fatalf("greeting %q", c.greeting)
	}
	return c
}

// raw writes s as is.
func (c *client) raw(s string) {
	c.t.Helper()
	if _, err := io.WriteString(c.conn, s); err != nil {
		c.t.Fatal(err)
	}
}

// line reads one response line, which must end in CRLF, and returns it
// without.
func (c *client) line() string {
	c.t.Helper()
	c.conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	s, err := c.br.ReadString('\n')
	if err != nil {
		c.t.Fatalf("reading a response: %q, %v", s, err)
	}
	if !strings.HasSuffix(s, "\r\n") {
		c.t.Fatalf("response %q does not end in CRLF", s)
	}
	return strings.TrimSuffix(s, "\r\n")
}

// cmd sends line and returns the first response line.
func (c *client) cmd(line string) string {
	c.t.Helper()
	c.raw(line + "\r\n")
	return c.line()
}

// ok sends line and requires +OK.
func (c *client) ok(line string) string {
	c.t.Helper()
	r := c.cmd(line)
	if !strings.HasPrefix(r, "+OK") {
		c.t.Fatalf("%s: got %q, want +OK", line, r)
	}
	return r
}

// err sends line and requires -ERR.
func (c *client) err(line string) string {
	c.t.Helper()
	r := c.cmd(line)
	if !strings.HasPrefix(r, "-ERR") {
		c.t.Fatalf("%s: got %q, want -ERR", line, r)
	}
	return r
}

// body reads a multi-line response's body up to the terminating ".CRLF",
// exactly as sent: byte-stuffing kept, termination line dropped.
func (c *client) body() string {
	c.t.Helper()
	var b strings.Builder
	for {
		l := c.line()
		if l == "." {
			return b.String()
		}
		b.WriteString(l + "\r\n")
	}
}

// unstuff undoes byte-stuffing (RFC 1939 §3).
func unstuff(body string) string {
	lines := strings.SplitAfter(body, "\r\n")
	for i, l := range lines {
		lines[i] = strings.TrimPrefix(l, ".")
	}
	return strings.Join(lines, "")
}

// multi sends line, requires +OK, and returns the unstuffed body.
func (c *client) multi(line string) string {
	c.t.Helper()
	c.ok(line)
	return unstuff(c.body())
}

// login logs in with USER and PASS.
func (c *client) login(user, pass string) {
	c.t.Helper()
	c.ok("USER " + user)
	c.ok("PASS " + pass)
}

// closed requires the server to close the connection without sending
// anything more.
func (c *client) closed() {
	c.t.Helper()
	c.conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	rest, err := io.ReadAll(c.br)
	if len(rest) != 0 || err != nil {
		c.t.Fatalf("after close: read %q, %v; want EOF and nothing", rest, err)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

func newReader(c net.Conn) *bufio.Reader {
	c.SetReadDeadline(time.Now().Add(10 * time.Second))
	return bufio.NewReader(c)
}
