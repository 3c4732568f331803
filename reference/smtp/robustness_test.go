package smtp

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/mailspec/mailspec/reference/mailstore"
	"github.com/mailspec/mailspec/reference/users"
)

// TestTimeouts: RFC 5321 §4.5.3.2.7 — an idle client is told 421 and
// the connection closed; so is one that stalls inside DATA, and its
// message is not delivered.
func TestTimeouts(t *testing.T) {
	ts := startServer(t, func(c *Config) {
		c.CommandTimeout = 200 * time.Millisecond
		c.DataTimeout = 200 * time.Millisecond
	})
	c := ts.dial(t)
	if lines := c.expect(421); !strings.HasPrefix(lines[0], "4.4.2 ") {
		t.Errorf("idle: %q", lines)
	}
	if !c.closed() {
		t.Error("idle connection left open")
	}
	c = ts.ehlo(t)
	c.cmd("MAIL FROM:<a@example.org>", 250)
	c.cmd("RCPT TO:<alice@localhost>", 250)
	c.cmd("DATA", 354)
	c.send("Subject: stalled\r\n")
	c.expect(421)
	if n := len(ts.delivered(t, "alice")); n != 0 {
		t.Errorf("stalled message delivered")
	}
}

// TestTimeoutBoundsTheWholeLine: the command timeout bounds the wait for
// a whole command line, not each read of it. A client that sends one
// octet at a time, each well within the timeout, is still told 421 once
// the line has taken longer than the timeout.
func TestTimeoutBoundsTheWholeLine(t *testing.T) {
	ts := startServer(t, func(c *Config) { c.CommandTimeout = 300 * time.Millisecond })
	c := ts.ehlo(t)
	line := "NOOP this line comes one octet every 50ms\r\n"
	start := time.Now()
	for i := 0; i < len(line); i++ {
		if _, err := c.conn.Write([]byte{line[i]}); err != nil {
			break // the server hung up: what the test wants
		}
		time.Sleep(50 * time.Millisecond)
	}
	if code, lines := c.reply(); code != 421 {
		t.Errorf("a line dripped over %v with a 300ms timeout got %d %q, want 421", time.Since(start).Round(time.Millisecond), code, lines)
	}
}

func TestConnectionLimit(t *testing.T) {
	ts := startServer(t, func(c *Config) { c.MaxConnections = 2 })
	a, b := ts.dial(t), ts.dial(t)
	conn, err := net.Dial("tcp", ts.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	third := &client{t: t, conn: conn, r: bufio.NewReader(conn)}
	third.expect(421)
	if !third.closed() {
		t.Error("refused connection left open")
	}
	a.cmd("QUIT", 221)
	b.cmd("NOOP", 250)
	waitFor(t, func() bool { return ts.Group().Sessions() < 2 })
	ts.dial(t).cmd("NOOP", 250)
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); !cond(); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("condition not met in 5s")
		}
	}
}

// TestErrorLimit: an abusive session ends with 421 after MaxErrors errors.
func TestErrorLimit(t *testing.T) {
	ts := startServer(t, func(c *Config) { c.MaxErrors = 5 })
	c := ts.ehlo(t)
	c.send(strings.Repeat("XYZZY\r\n", 5))
	for i := 0; i < 5; i++ {
		c.expect(500)
	}
	c.expect(421)
	if !c.closed() {
		t.Error("connection left open")
	}
}

// TestShutdown: live sessions are told 421; a message in flight is dropped
// unacknowledged, and so is never delivered.
func TestShutdown(t *testing.T) {
	ts := startServer(t)
	idle := ts.ehlo(t)
	busy := ts.ehlo(t)
	busy.cmd("MAIL FROM:<a@example.org>", 250)
	busy.cmd("RCPT TO:<alice@localhost>", 250)
	busy.cmd("DATA", 354)
	busy.send("Subject: in flight\r\n")
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := ts.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	idle.expect(421)
	busy.expect(421)
	if !busy.closed() {
		t.Error("busy connection left open")
	}
	if n := len(ts.delivered(t, "alice")); n != 0 {
		t.Error("in-flight message delivered")
	}
	if _, err := net.DialTimeout("tcp", ts.Addr().String(), time.Second); err == nil {
		t.Error("still accepting connections after Shutdown")
	}
}

// TestPanicRecovered: a panic in a handler becomes 421 and a closed
// connection; the server goes on serving.
func TestPanicRecovered(t *testing.T) {
	testHookDispatch = func(verb string) {
		if verb == "VRFY" {
			panic("injected")
		}
	}
	defer func() { testHookDispatch = nil }()
	ts := startServer(t)
	c := ts.ehlo(t)
	c.cmd("VRFY alice", 421)
	if !c.closed() {
		t.Error("connection left open after panic")
	}
	ts.ehlo(t).cmd("NOOP", 250)
}

// TestNothingVisibleBeforeEndOfData: until the final dot, new/ holds
// nothing, so a crash mid-message can never leave half a message behind.
func TestNothingVisibleBeforeEndOfData(t *testing.T) {
	ts := startServer(t)
	c := ts.ehlo(t)
	c.cmd("MAIL FROM:<a@example.org>", 250)
	c.cmd("RCPT TO:<alice@localhost>", 250)
	c.cmd("DATA", 354)
	c.send("Subject: half\r\n\r\n" + strings.Repeat("line\r\n", 20000))
	waitFor(t, func() bool { // the server has written part of it to tmp/
		tmp, _ := filepath.Glob(filepath.Join(ts.store.Root(), "alice", "tmp", "*"))
		if len(tmp) != 1 {
			return false
		}
		fi, err := os.Stat(tmp[0])
		return err == nil && fi.Size() > 0
	})
	if n := len(ts.delivered(t, "alice")); n != 0 {
		t.Fatalf("%d messages visible before the end of data", n)
	}
	c.cmd(".", 250)
	if n := len(ts.delivered(t, "alice")); n != 1 {
		t.Fatalf("%d messages after 250, want 1", n)
	}
}

// TestStoreFailureRefusesAfterData: a delivery the store cannot open
// (here alice's Maildir is a file, not a directory) is refused with 451
// after the data the 354 asked for (RFC 5321 §4.1.1.4), nothing is
// delivered, and the session goes on.
func TestStoreFailureRefusesAfterData(t *testing.T) {
	ts := startServer(t)
	if err := os.WriteFile(filepath.Join(ts.store.Root(), "alice"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	c := ts.ehlo(t)
	c.cmd("MAIL FROM:<a@example.org>", 250)
	c.cmd("RCPT TO:<alice@localhost>", 250)
	c.cmd("DATA", 354)
	c.cmd("Subject: lost\r\n\r\nbody\r\n.", 451)
	c.cmd("NOOP", 250)
	c.cmd("MAIL FROM:<a@example.org>", 250)
	c.cmd("RCPT TO:<bob@localhost>", 250)
	c.cmd("DATA", 354)
	c.cmd("Subject: kept\r\n.", 250)
	if n := len(ts.delivered(t, "bob")); n != 1 {
		t.Fatalf("bob has %d messages, want 1", n)
	}
}

// TestAcknowledgedSurvivesKill runs the server in a child process, sends a
// message, and kills the child with SIGKILL the moment 250 arrives: the
// message must be in new/ (RFC 5321 §6.1, §4.1.1.4: 250 after DATA means
// the server has taken responsibility for it).
func TestAcknowledgedSurvivesKill(t *testing.T) {
	addr, root, child := startChild(t)
	conn, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	c := &client{t: t, conn: conn, r: bufio.NewReader(conn)}
	c.expect(220)
	c.cmd("EHLO client.example", 250)
	for i := 0; i < 5; i++ {
		c.cmd("MAIL FROM:<a@example.org>", 250)
		c.cmd("RCPT TO:<alice@localhost>", 250)
		c.cmd("DATA", 354)
		c.cmd(fmt.Sprintf("Subject: %d\r\n.", i), 250)
	}
	child.Process.Kill()
	child.Wait()
	names, _ := filepath.Glob(filepath.Join(root, "alice", "new", "*"))
	if len(names) != 5 {
		t.Fatalf("%d of 5 acknowledged messages survived the kill", len(names))
	}
}

// TestAcknowledgedSurvivesKillConcurrent is TestAcknowledgedSurvivesKill
// with clients delivering at once, so that deliveries commit together
// (group commit, and files made without a name in tmp/): the child is
// killed in the middle of their deliveries, and every message that got
// its 250 must be in new/.
func TestAcknowledgedSurvivesKillConcurrent(t *testing.T) {
	addr, root, child := startChild(t)
	const clients, before = 10, 40 // clients at once; 250s before the kill
	var (
		mu     sync.Mutex
		acked  []string
		wg     sync.WaitGroup
		enough = make(chan struct{})
		once   sync.Once
	)
	for i := range clients {
		c, err := dialBench(addr)
		if err != nil {
			t.Fatal(err)
		}
		wg.Go(func() {
			defer c.conn.Close()
			for j := 0; ; j++ {
				subject := fmt.Sprintf("%d-%d", i, j)
				c.conn.SetDeadline(time.Now().Add(10 * time.Second))
				c.w.Write(benchTransaction)
				c.w.Flush()
				for _, want := range []string{"250", "250", "354"} {
					if expectReply(c.r, want) != nil {
						return
					}
				}
				c.w.WriteString("Subject: " + subject + "\r\n\r\nbody\r\n.\r\n")
				c.w.Flush()
				if expectReply(c.r, "250") != nil {
					return // killed: this one was never acknowledged
				}
				mu.Lock()
				acked = append(acked, subject)
				if len(acked) == before {
					once.Do(func() { close(enough) })
				}
				mu.Unlock()
			}
		})
	}
	select {
	case <-enough:
	case <-time.After(30 * time.Second):
		t.Error("too few deliveries before the kill")
	}
	child.Process.Kill()
	child.Wait()
	wg.Wait()
	stored := map[string]bool{}
	names, _ := filepath.Glob(filepath.Join(root, "alice", "new", "*"))
	for _, n := range names {
		data, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		for line := range strings.SplitSeq(string(data), "\n") {
			if subject, ok := strings.CutPrefix(line, "Subject: "); ok {
				stored[subject] = true
			}
		}
	}
	for _, subject := range acked {
		if !stored[subject] {
			t.Errorf("message %s was acknowledged and is not in new/", subject)
		}
	}
	t.Logf("%d messages acknowledged before the kill, %d in new/", len(acked), len(names))
}

// startChild runs TestChildServer in a child process delivering into a
// fresh store, and returns its address and the store's root.
func startChild(t *testing.T) (addr, root string, child *exec.Cmd) {
	t.Helper()
	if os.Getenv("MAILSPEC_SMTP_CHILD") != "" {
		t.Skip("child process")
	}
	root = t.TempDir()
	child = exec.Command(os.Args[0], "-test.run=^TestChildServer$")
	child.Env = append(os.Environ(), "MAILSPEC_SMTP_CHILD="+root)
	out, err := child.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { child.Process.Kill(); child.Wait() })
	lines := bufio.NewScanner(out)
	for lines.Scan() {
		if a, ok := strings.CutPrefix(lines.Text(), "listening "); ok {
			return a, root, child
		}
	}
	t.Fatal("child did not start")
	return "", "", nil
}

// TestChildServer is the child of the TestAcknowledgedSurvivesKill tests.
func TestChildServer(t *testing.T) {
	root := os.Getenv("MAILSPEC_SMTP_CHILD")
	if root == "" {
		t.Skip("run by the TestAcknowledgedSurvivesKill tests")
	}
	store, _ := mailstore.Open(root)
	dir := users.New()
	dir.Add("alice", "pw")
	srv, err := Start(Config{Store: store, Users: dir})
	if err != nil {
		t.Fatal(err)
	}
	fmt.Printf("listening %s\n", srv.Addr())
	time.Sleep(time.Minute) // killed long before
}

// flakyListener fails its first Accepts as a process out of file
// descriptors does, then works.
type flakyListener struct {
	net.Listener
	failures int
}

func (l *flakyListener) Accept() (net.Conn, error) {
	if l.failures > 0 {
		l.failures--
		return nil, &net.OpError{Op: "accept", Net: "tcp", Err: os.NewSyscallError("accept", syscall.EMFILE)}
	}
	return l.Listener.Accept()
}

// TestAcceptErrorsAreSurvived: running out of file descriptors stops no
// server; it backs off and accepts again.
func TestAcceptErrorsAreSurvived(t *testing.T) {
	ts := startServer(t)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go ts.Serve(&flakyListener{Listener: l, failures: 3})
	conn, err := net.DialTimeout("tcp", l.Addr().String(), 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	c := &client{t: t, conn: conn, r: bufio.NewReader(conn)}
	c.expect(220)
	c.cmd("NOOP", 250)
}
