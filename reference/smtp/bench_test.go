package smtp

// Delivery throughput over loopback, with durable delivery (the store
// fsyncs each message before the 250), measured beside two peers in the
// same run so that the figures can be read as ratios:
//
//   - raw: the floor, a bare durable file create with no SMTP and no
//     mailstore: write, fsync the file, rename it into new/, fsync new/.
//   - store: the reference mailstore alone (Begin, Write, Commit).
//   - smtp: the reference server, each client sending MAIL, RCPT and DATA
//     and the message, again and again.
//   - gosmtp: the same clients against the SMTP server of
//     github.com/emersion/go-smtp with a backend that delivers each
//     message into a Maildir the usual durable way (as raw: write in tmp/,
//     fsync the file, rename into new/, fsync new/) before returning, so
//     that its 250 too means the message is durable.
//
// The SMTP clients come in two shapes, each a sub-benchmark:
//
//   - conn=reused: each client greets once and sends all its messages on
//     one connection, as an MTA with a queue for one host does.
//   - conn=per-message: each message on a connection of its own, greeted
//     with EHLO and ended with QUIT, as Postfix's smtp-source sends them
//     by default (smtp-source -s 50 -m 2000: 50 sessions at once, 2,000
//     messages, one connection each); the connection's setup and its
//     session's are timed with the message.
//
// Each path delivers b.N messages, spread over the clients, into the same
// Maildir (see benchDeliver). The metrics are each path's throughput (raw-msgs/s,
// store-msgs/s, smtp-msgs/s, gosmtp-msgs/s), its time relative to raw
// (store/raw, smtp/raw, gosmtp/raw: "SMTP delivery costs X times a bare
// durable write") and smtp/gosmtp, the reference server's throughput over
// go-smtp's (above 1: the reference is faster); ns/op is the time one
// message takes by all the paths together. Run with a fixed count, for
// example
//
//	go test -run XXX -bench Deliver -benchtime 2000x ./reference/smtp/
//
// Every run delivers under one root directory that is removed only when
// the whole benchmark ends: on the ext4 file system of these machines,
// file creation slows down for minutes after thousands of deletions
// (/work/shared/REAL-SERVERS.md), so absolute figures depend on what ran
// on the machine just before; the ratios much less.

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	gosmtp "github.com/emersion/go-smtp"

	"github.com/mailspec/mailspec/reference/internal/rawmaildir"
	"github.com/mailspec/mailspec/reference/mailstore"
)

// benchMessage is a message of about 2 KB in wire form, with no line that
// starts with a dot, so that it needs no stuffing.
var benchMessage = func() string {
	var b strings.Builder
	b.WriteString("From: Bench <bench@example.org>\r\nTo: alice@localhost\r\nSubject: throughput\r\n" +
		"Message-ID: <bench@example.org>\r\nDate: Mon, 01 Jan 2024 00:00:00 +0000\r\n\r\n")
	for i := 0; b.Len() < 2048; i++ {
		fmt.Fprintf(&b, "Line %02d of the benchmark message: the quick brown fox jumps over it.\r\n", i)
	}
	return b.String()
}()

// benchTrace stands in, in the peers, for the trace fields the server
// prepends, so that every peer writes as many octets as the server.
const benchTrace = "Return-Path: <bench@example.org>\nReceived: from client.example ([127.0.0.1])\n\tby localhost with ESMTP id 0123456789abcdef\n\tfor <alice@localhost>;\n\tMon, 01 Jan 2024 00:00:00 +0000\n"

// BenchmarkDeliver measures delivery with 1 client and with 50 concurrent
// clients, each with a connection it reuses and with a connection per
// message.
func BenchmarkDeliver(b *testing.B) {
	root := b.TempDir() // removed once, after every sub-benchmark
	shapes := []struct {
		name   string
		client func(b *testing.B, addr string) newWorker
	}{
		{"reused", pipelinedClient},
		{"per-message", connectionPerMessageClient},
	}
	for _, shape := range shapes {
		for _, clients := range []int{1, 50} {
			b.Run(fmt.Sprintf("conn=%s/clients=%d", shape.name, clients), func(b *testing.B) {
				dir, err := os.MkdirTemp(root, "run")
				if err != nil {
					b.Fatal(err)
				}
				benchDeliver(b, dir, clients, shape.client)
			})
		}
	}
}

// benchDeliver delivers b.N messages by each path with the given number
// of concurrent clients. The paths take turns in rounds of 100 messages
// (4 a client when there are many) and each path's time is summed over
// its turns: the speed of durable creates here drifts by a factor of
// several within minutes (after deletions, see above), and taking turns
// puts the drift on every path alike, so that the ratios hold even when
// the absolute figures move.
func benchDeliver(b *testing.B, dir string, clients int, client func(b *testing.B, addr string) newWorker) {
	// Every path delivers into one Maildir, alice's in a store at dir,
	// so that all pay the same file-system costs: the size of tmp/ and
	// new/, and the search for a free inode in their block group, which
	// after deletions (see above) differs from one group to another.
	maildir := filepath.Join(dir, "alice")
	paths := []struct {
		name string
		pool *pool
	}{
		{"raw", newPool(clients, rawFsyncWorker(b, maildir))},
		{"store", newPool(clients, storeWorker(b, dir))},
		{"smtp", newPool(clients, client(b, smtpAddr(b, dir)))},
		{"gosmtp", newPool(clients, client(b, goSMTPAddr(b, maildir)))},
	}
	round := max(100, 4*clients)
	elapsed := make([]time.Duration, len(paths))
	b.ResetTimer()
	for done := 0; done < b.N; done += round {
		n := min(round, b.N-done)
		for i, p := range paths {
			d, err := p.pool.run(n)
			if err != nil {
				b.Fatalf("%s: %v", p.name, err)
			}
			elapsed[i] += d
		}
	}
	b.StopTimer()
	for i, p := range paths {
		b.ReportMetric(float64(b.N)/elapsed[i].Seconds(), p.name+"-msgs/s")
	}
	for i, p := range paths[1:] {
		b.ReportMetric(float64(elapsed[i+1])/float64(elapsed[0]), p.name+"/raw")
	}
	// The same number of messages each: throughput over throughput is
	// time over time, inverted.
	b.ReportMetric(float64(elapsed[3])/float64(elapsed[2]), "smtp/gosmtp")
}

// newWorker makes a client's worker, a function that makes one delivery
// each time it is called. It runs before the clock starts, so a worker's
// setup (dialling, greeting) is not timed.
type newWorker func(client int) (deliver func() error)

// rawFsyncWorker is the floor: durable file creates straight on the file
// system, in the Maildir way (write in tmp/, rename into new/).
func rawFsyncWorker(b *testing.B, dir string) newWorker {
	tmp, newDir := filepath.Join(dir, "tmp"), filepath.Join(dir, "new")
	for _, d := range []string{tmp, newDir} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			b.Fatal(err)
		}
	}
	data := []byte(benchTrace + localForm(benchMessage))
	return func(client int) func() error {
		seq := 0
		return func() error {
			seq++
			name := fmt.Sprintf("%d.%d.raw", client, seq)
			return rawmaildir.Deliver(filepath.Join(tmp, name), filepath.Join(newDir, name), data)
		}
	}
}

// storeWorker delivers through the mailstore the server uses, without
// SMTP: a lone delivery as raw does, but with the store's syncs; deliveries
// at once with files that have no name in tmp/, linked into new/, and
// syncs they share (group commit).
func storeWorker(b *testing.B, dir string) newWorker {
	store, err := mailstore.Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	data := []byte(benchTrace + localForm(benchMessage))
	return func(int) func() error {
		return func() error {
			d, err := store.Begin([]string{"alice"})
			if err != nil {
				return err
			}
			if _, err := d.Write(data); err != nil {
				d.Abort()
				return err
			}
			return d.Commit()
		}
	}
}

// smtpAddr starts the reference server, delivering into a store at dir,
// and returns its loopback address.
func smtpAddr(b *testing.B, dir string) string {
	store, err := mailstore.Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	ts := startServer(b, func(c *Config) {
		c.Store = store
		c.MaxConnectionsPerClient = 1000 // every client comes from 127.0.0.1
	})
	return ts.Addr().String()
}

// goSMTPAddr starts a go-smtp server, delivering into a Maildir at dir
// (benchGoSMTPBackend), and returns its loopback address.
func goSMTPAddr(b *testing.B, dir string) string {
	be := &benchGoSMTPBackend{tmp: filepath.Join(dir, "tmp"), new: filepath.Join(dir, "new")}
	for _, d := range []string{be.tmp, be.new} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			b.Fatal(err)
		}
	}
	srv := gosmtp.NewServer(be)
	srv.Domain = "localhost"
	srv.ReadTimeout = time.Minute
	srv.WriteTimeout = time.Minute
	srv.MaxMessageBytes = 32 << 20
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	go srv.Serve(l)
	b.Cleanup(func() { srv.Close() })
	return l.Addr().String()
}

// benchGoSMTPBackend is a go-smtp backend that accepts every sender and
// recipient and delivers each message durably into one Maildir before
// go-smtp answers 250: the message with LF line ends after trace fields
// as long as the reference server's (benchTrace), written in tmp/,
// fsynced, renamed into new/, and new/ fsynced (rawmaildir.Deliver).
type benchGoSMTPBackend struct {
	tmp, new string
	seq      atomic.Uint64
}

func (be *benchGoSMTPBackend) NewSession(*gosmtp.Conn) (gosmtp.Session, error) {
	return &benchGoSMTPSession{be: be}, nil
}

type benchGoSMTPSession struct {
	be  *benchGoSMTPBackend
	buf bytes.Buffer
}

func (s *benchGoSMTPSession) Mail(string, *gosmtp.MailOptions) error { return nil }
func (s *benchGoSMTPSession) Rcpt(string, *gosmtp.RcptOptions) error { return nil }
func (s *benchGoSMTPSession) Reset()                                 {}
func (s *benchGoSMTPSession) Logout() error                          { return nil }

func (s *benchGoSMTPSession) Data(r io.Reader) error {
	s.buf.Reset()
	s.buf.WriteString(benchTrace)
	if _, err := s.buf.ReadFrom(r); err != nil {
		return err
	}
	data := bytes.ReplaceAll(s.buf.Bytes(), []byte("\r\n"), []byte("\n"))
	name := fmt.Sprintf("%d.gosmtp", s.be.seq.Add(1))
	return rawmaildir.Deliver(filepath.Join(s.be.tmp, name), filepath.Join(s.be.new, name), data)
}

// pipelinedClient makes clients of the SMTP server at addr: each client
// keeps one connection, greeted with EHLO, and sends each message on it
// (sendMessage).
func pipelinedClient(b *testing.B, addr string) newWorker {
	return func(int) func() error {
		c, err := dialBench(addr)
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { c.conn.Close() })
		return c.sendMessage
	}
}

// connectionPerMessageClient makes clients of the SMTP server at addr
// that open a connection for each message: greeting, EHLO, the message
// (sendMessage), QUIT and its 221 (RFC 5321 §4.1.1.10), close.
func connectionPerMessageClient(_ *testing.B, addr string) newWorker {
	return func(int) func() error {
		return func() error {
			c, err := dialBench(addr)
			if err != nil {
				return err
			}
			defer c.conn.Close()
			if err := c.sendMessage(); err != nil {
				return err
			}
			c.w.WriteString("QUIT\r\n")
			if err := c.w.Flush(); err != nil {
				return err
			}
			return expectReply(c.r, "221")
		}
	}
}

// benchConn is a benchmark client's connection, greeted with EHLO.
type benchConn struct {
	conn net.Conn
	r    *bufio.Reader
	w    *bufio.Writer
}

// benchTransaction and benchData are what a client sends for each
// message: MAIL, RCPT and DATA in one write (PIPELINING, RFC 2920 §3.1),
// then, after the 354, the message and the end-of-data dot.
var (
	benchTransaction = []byte("MAIL FROM:<bench@example.org>\r\nRCPT TO:<alice@localhost>\r\nDATA\r\n")
	benchData        = []byte(benchMessage + ".\r\n")
)

// dialBench connects to addr and greets with EHLO.
func dialBench(addr string) (*benchConn, error) {
	conn, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		return nil, err
	}
	c := &benchConn{conn: conn, r: bufio.NewReader(conn), w: bufio.NewWriter(conn)}
	conn.SetDeadline(time.Now().Add(time.Minute))
	if err := expectReply(c.r, "220"); err != nil {
		conn.Close()
		return nil, err
	}
	c.w.WriteString("EHLO client.example\r\n")
	if err := c.w.Flush(); err != nil {
		conn.Close()
		return nil, err
	}
	if err := expectReply(c.r, "250"); err != nil {
		conn.Close()
		return nil, err
	}
	return c, nil
}

// sendMessage sends one message and waits for its 250.
func (c *benchConn) sendMessage() error {
	c.conn.SetDeadline(time.Now().Add(time.Minute))
	c.w.Write(benchTransaction)
	if err := c.w.Flush(); err != nil {
		return err
	}
	for _, want := range []string{"250", "250", "354"} {
		if err := expectReply(c.r, want); err != nil {
			return err
		}
	}
	c.w.Write(benchData)
	if err := c.w.Flush(); err != nil {
		return err
	}
	return expectReply(c.r, "250")
}

// expectReply reads one reply and returns an error unless its code is
// want. Unlike client.expect it never calls Fatal, so workers may use it.
func expectReply(r *bufio.Reader, want string) error {
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return err
		}
		if len(line) < 4 {
			return fmt.Errorf("malformed reply line %q", line)
		}
		if line[3] == '-' {
			continue
		}
		if line[:3] != want {
			return fmt.Errorf("got %q, want %s", strings.TrimSpace(line), want)
		}
		return nil
	}
}

// pool is one worker for each client.
type pool struct {
	workers []func() error
}

func newPool(clients int, newWorker newWorker) *pool {
	p := &pool{}
	for i := range clients {
		p.workers = append(p.workers, newWorker(i))
	}
	return p
}

// run makes n deliveries with all the workers at once, each taking the
// next delivery as soon as it is done with one, and returns the time
// they took.
func (p *pool) run(n int) (time.Duration, error) {
	var (
		left atomic.Int64
		wg   sync.WaitGroup
		mu   sync.Mutex
		errs []error
	)
	left.Store(int64(n))
	start := time.Now()
	for _, deliver := range p.workers {
		wg.Go(func() {
			for left.Add(-1) >= 0 {
				if err := deliver(); err != nil {
					mu.Lock()
					errs = append(errs, err)
					mu.Unlock()
					return
				}
			}
		})
	}
	wg.Wait()
	return time.Since(start), errors.Join(errs...)
}
