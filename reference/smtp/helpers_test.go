package smtp

import (
	"bufio"
	"crypto/tls"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mailspec/mailspec/reference/mailstore"
	"github.com/mailspec/mailspec/reference/selfsigned"
	"github.com/mailspec/mailspec/reference/users"
)

// testServer is a reference server on a loopback port with a fresh store
// holding the accounts alice (password "alice-pw") and bob ("bob-pw").
type testServer struct {
	*Server
	store *mailstore.Store
	cert  *selfsigned.Certificate
}

func startServer(t testing.TB, configure ...func(*Config)) *testServer {
	t.Helper()
	store, err := mailstore.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	dir := users.New()
	dir.Add("alice", "alice-pw")
	dir.Add("bob", "bob-pw")
	cert, err := selfsigned.New()
	if err != nil {
		t.Fatal(err)
	}
	cfg := Config{
		Store:            store,
		Users:            dir,
		TLSConfig:        cert.ServerConfig(),
		AuthFailureDelay: time.Millisecond,
		CommandTimeout:   10 * time.Second,
		DataTimeout:      10 * time.Second,
	}
	for _, f := range configure {
		f(&cfg)
	}
	srv, err := Start(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Shutdown(t.Context()) })
	return &testServer{Server: srv, store: store, cert: cert}
}

// client is a raw line client for session tests: it sends exact bytes and
// reads whole replies, with a deadline on every read.
type client struct {
	t    testing.TB
	conn net.Conn
	r    *bufio.Reader
}

func (ts *testServer) dial(t testing.TB) *client {
	t.Helper()
	conn, err := net.DialTimeout("tcp", ts.Addr().String(), 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	c := &client{t: t, conn: conn, r: bufio.NewReader(conn)}
	c.expect(220)
	return c
}

// ehlo dials and greets with EHLO.
func (ts *testServer) ehlo(t testing.TB) *client {
	c := ts.dial(t)
	c.cmd("EHLO client.example", 250)
	return c
}

func (c *client) send(raw string) {
	c.t.Helper()
	c.conn.SetWriteDeadline(time.Now().Add(5 * time.Second))
	if _, err := c.conn.Write([]byte(raw)); err != nil {
		c.t.Fatalf("write %q: %v", raw, err)
	}
}

// reply reads one reply and returns its code and its lines, codes removed.
func (c *client) reply() (int, []string) {
	c.t.Helper()
	c.conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	var lines []string
	code := 0
	for {
		line, err := c.r.ReadString('\n')
		if err != nil {
			c.t.Fatalf("reading reply (after %q): %v", lines, err)
		}
		if !strings.HasSuffix(line, "\r\n") || len(line) < 5 {
			c.t.Fatalf("malformed reply line %q", line)
		}
		n := 0
		for _, d := range line[:3] {
			n = n*10 + int(d-'0')
		}
		if code != 0 && n != code {
			c.t.Fatalf("reply code changed from %d to %d within a reply", code, n)
		}
		code = n
		lines = append(lines, strings.TrimSuffix(line[4:], "\r\n"))
		if line[3] == ' ' {
			return code, lines
		}
		if line[3] != '-' {
			c.t.Fatalf("malformed reply line %q", line)
		}
	}
}

// expect reads a reply and fails unless its code is want.
func (c *client) expect(want int) []string {
	c.t.Helper()
	code, lines := c.reply()
	if code != want {
		c.t.Fatalf("got %d %q, want %d", code, lines, want)
	}
	return lines
}

// cmd sends a command line (CRLF added) and expects a reply code.
func (c *client) cmd(line string, want int) []string {
	c.t.Helper()
	c.send(line + "\r\n")
	return c.expect(want)
}

// closed reports whether the server has closed the connection.
func (c *client) closed() bool {
	c.conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	_, err := c.r.ReadByte()
	return err != nil
}

// startTLS sends STARTTLS and upgrades the connection.
func (c *client) startTLS(cert *selfsigned.Certificate) {
	c.t.Helper()
	c.cmd("STARTTLS", 220)
	c.handshake(cert)
}

// handshake runs the client side of TLS once 220 has been read.
func (c *client) handshake(cert *selfsigned.Certificate) {
	c.t.Helper()
	tc := tls.Client(c.conn, cert.ClientConfig("localhost"))
	tc.SetDeadline(time.Now().Add(5 * time.Second))
	if err := tc.Handshake(); err != nil {
		c.t.Fatal(err)
	}
	c.conn = tc
	c.r = bufio.NewReader(tc)
}

// delivered returns the messages in user's new/ directory.
func (ts *testServer) delivered(t testing.TB, user string) []string {
	t.Helper()
	names, _ := filepath.Glob(filepath.Join(ts.store.Root(), user, "new", "*"))
	var out []string
	for _, n := range names {
		b, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, string(b))
	}
	return out
}

// body strips the Return-Path and Received fields this server adds.
func body(t testing.TB, msg string) string {
	t.Helper()
	if !strings.HasPrefix(msg, "Return-Path: ") {
		t.Fatalf("message does not start with Return-Path: %q", msg)
	}
	_, rest, _ := strings.Cut(msg, "\nReceived: ")
	for {
		line, after, ok := strings.Cut(rest, "\n")
		if !ok {
			t.Fatalf("unterminated trace fields in %q", msg)
		}
		rest = after
		if !strings.HasPrefix(rest, "\t") {
			_ = line
			return rest
		}
	}
}
