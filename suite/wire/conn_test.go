package wire

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net"
	"os"
	"strings"
	"sync"
	"testing"
	"time"
)

// serve listens on 127.0.0.1, hands the first connection to handle in a
// goroutine, and returns the address. Cleanup closes the connection and
// waits for handle to return.
func serve(t *testing.T, handle func(nc net.Conn)) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	wg.Go(func() {
		nc, err := ln.Accept()
		if err != nil {
			return
		}
		defer nc.Close()
		handle(nc)
	})
	t.Cleanup(func() {
		ln.Close()
		wg.Wait()
	})
	return ln.Addr().String()
}

// script answers each line the client sends with the next reply.
func script(greeting string, replies ...string) func(net.Conn) {
	return func(nc net.Conn) {
		io.WriteString(nc, greeting)
		br := bufio.NewReader(nc)
		for _, rep := range replies {
			if _, err := br.ReadString('\n'); err != nil {
				return
			}
			io.WriteString(nc, rep)
		}
	}
}

func dial(t *testing.T, addr string, opts Options) *Conn {
	t.Helper()
	c, err := Dial(context.Background(), addr, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// dataLines renders the C: and S: entries of a transcript, without times
// and events.
func dataLines(tr Transcript) string {
	var b strings.Builder
	for _, e := range tr.Entries {
		if e.Dir != DirEvent {
			e.At = 0
			b.WriteString(e.String() + "\n")
		}
	}
	return b.String()
}

func TestSMTPConversation(t *testing.T) {
	addr := serve(t, script("220 mx.example ESMTP\r\n",
		"250-mx.example\r\n250 SIZE 100\r\n", "550 5.1.1 no\r\n", "221 bye\r\n"))
	c := dial(t, addr, Options{})
	mustReply(t, c, 220)
	if err := c.Cmd("EHLO %s", "client.example"); err != nil {
		t.Fatal(err)
	}
	rep := mustReply(t, c, 2)
	if len(rep.Lines) != 2 || rep.Lines[1] != "SIZE 100" {
		t.Errorf("EHLO reply = %q", rep.Lines)
	}
	if err := c.SendLine("RCPT TO:<x@y>"); err != nil {
		t.Fatal(err)
	}
	rep, err := c.ExpectReply(250)
	var re *ReplyError
	if !errors.As(err, &re) || rep == nil || rep.Code != 550 {
		t.Errorf("ExpectReply(250) on 550 = %v, %v; want the reply and a *ReplyError", rep, err)
	}
	if err := c.Send([]byte("QUIT\r\n")); err != nil {
		t.Fatal(err)
	}
	mustReply(t, c, 221)

	const want = `+0.000s S: 220 mx.example ESMTP<CR><LF>
+0.000s C: EHLO client.example<CR><LF>
+0.000s S: 250-mx.example<CR><LF>
+0.000s S: 250 SIZE 100<CR><LF>
+0.000s C: RCPT TO:<x@y><CR><LF>
+0.000s S: 550 5.1.1 no<CR><LF>
+0.000s C: QUIT<CR><LF>
+0.000s S: 221 bye<CR><LF>
`
	if got := dataLines(c.Transcript()); got != want {
		t.Errorf("transcript =\n%s\nwant\n%s", got, want)
	}
}

func mustReply(t *testing.T, c *Conn, allowed ...int) *Reply {
	t.Helper()
	rep, err := c.ExpectReply(allowed...)
	if err != nil {
		t.Fatalf("%v\n%s", err, c.Transcript())
	}
	return rep
}

func TestPOP3Conversation(t *testing.T) {
	addr := serve(t, script("+OK POP3 ready <1.2@x>\r\n",
		"+OK 2 messages\r\n1 120\r\n2 200\r\n.\r\n",
		"+OK\r\nSubject: x\r\n\r\n..dot\r\n.\r\n",
		"-ERR [SYS/TEMP] busy\r\n"))
	c := dial(t, addr, Options{})
	if _, err := c.ExpectStatus(StatusOK); err != nil {
		t.Fatal(err)
	}
	mustSend(t, c, "LIST")
	if _, err := c.ExpectStatus(StatusOK); err != nil {
		t.Fatal(err)
	}
	body, err := c.ReadMultiline()
	if err != nil || string(body) != "1 120\r\n2 200\r\n" {
		t.Fatalf("LIST body = %q, %v", body, err)
	}
	mustSend(t, c, "RETR 1")
	if _, err := c.ExpectStatus(StatusOK); err != nil {
		t.Fatal(err)
	}
	body, err = c.ReadMultiline()
	if err != nil || string(body) != "Subject: x\r\n\r\n.dot\r\n" {
		t.Fatalf("RETR body = %q, %v", body, err)
	}
	mustSend(t, c, "DELE 9")
	st, err := c.ExpectStatus(StatusOK)
	var se *StatusError
	if !errors.As(err, &se) || st == nil || !st.HasCode("sys") {
		t.Errorf("ExpectStatus(StatusOK) on -ERR = %v, %v; want the status and a *StatusError", st, err)
	}
}

func mustSend(t *testing.T, c *Conn, line string) {
	t.Helper()
	if err := c.SendLine(line); err != nil {
		t.Fatal(err)
	}
}

func TestReadReplyTimeout(t *testing.T) {
	release := make(chan struct{})
	addr := serve(t, func(net.Conn) { <-release }) // accepts, never answers
	defer close(release)
	c := dial(t, addr, Options{Timeout: 200 * time.Millisecond})
	_, err := c.ReadReply()
	var pe *ProtocolError
	if !IsTimeout(err) || !errors.Is(err, os.ErrDeadlineExceeded) || IsClosed(err) || errors.As(err, &pe) {
		t.Fatalf("ReadReply error = %v, want a timeout and nothing else", err)
	}
	if tr := c.Transcript().String(); !strings.Contains(tr, "-- timeout: no complete reply within 200ms") {
		t.Errorf("transcript does not record the timeout:\n%s", tr)
	}
}

func TestReadReplyTimeoutMidReply(t *testing.T) {
	release := make(chan struct{})
	addr := serve(t, func(nc net.Conn) {
		io.WriteString(nc, "250-first\r\n250 sec")
		<-release
	})
	defer close(release)
	c := dial(t, addr, Options{Timeout: 200 * time.Millisecond})
	if _, err := c.ReadReply(); !IsTimeout(err) {
		t.Fatalf("ReadReply error = %v, want a timeout", err)
	}
	if tr := c.Transcript().String(); !strings.Contains(tr, "S: 250 sec\n") {
		t.Errorf("transcript lacks the partial line:\n%s", tr)
	}
}

func TestReadReplyClosed(t *testing.T) {
	addr := serve(t, func(nc net.Conn) { io.WriteString(nc, "220-a\r\n") })
	c := dial(t, addr, Options{})
	_, err := c.ReadReply()
	if !IsClosed(err) || !errors.Is(err, io.ErrUnexpectedEOF) || IsTimeout(err) {
		t.Fatalf("ReadReply error = %v, want unexpected EOF", err)
	}
	if _, err := c.ReadReply(); !errors.Is(err, io.EOF) {
		t.Fatalf("second ReadReply error = %v, want EOF", err)
	}
}

func TestReadReplyProtocolError(t *testing.T) {
	addr := serve(t, script("220 ok\n"))
	c := dial(t, addr, Options{})
	_, err := c.ReadReply()
	var pe *ProtocolError
	if !errors.As(err, &pe) || IsClosed(err) || IsTimeout(err) {
		t.Fatalf("ReadReply error = %v, want *ProtocolError", err)
	}
	const msg = "wire: read reply: line ends in a bare LF, not CRLF: 220 ok<LF>"
	if err.Error() != msg {
		t.Errorf("Error() = %q, want %q", err.Error(), msg)
	}
}

func TestSendExactBytes(t *testing.T) {
	got := make(chan []byte, 1)
	addr := serve(t, func(nc net.Conn) {
		b, _ := io.ReadAll(nc)
		got <- b
	})
	c := dial(t, addr, Options{})
	want := []byte("MAIL FROM:<a@b>\rRCPT\nDATA\r\n\x00\xff\x80.\n." + strings.Repeat("x", 100000) + "\r\n")
	if err := c.Send(want); err != nil {
		t.Fatal(err)
	}
	c.Close()
	if b := <-got; string(b) != string(want) {
		t.Errorf("server received %d octets, not the %d sent", len(b), len(want))
	}
}

func TestClosedConn(t *testing.T) {
	addr := serve(t, script("220 ok\r\n"))
	c := dial(t, addr, Options{})
	c.Close()
	if err := c.SendLine("NOOP"); !IsClosed(err) {
		t.Errorf("Send after Close = %v, want a closed error", err)
	}
	if _, err := c.ReadReply(); !IsClosed(err) {
		t.Errorf("ReadReply after Close = %v, want a closed error", err)
	}
}

func TestDialRefused(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	if _, err := Dial(context.Background(), addr, Options{DialTimeout: time.Second}); err == nil ||
		!strings.HasPrefix(err.Error(), "wire: dial ") {
		t.Errorf("Dial to a closed port = %v, want an error", err)
	}
}
