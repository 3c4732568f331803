package fuzz

import (
	"errors"
	"io"
	"os"
	"testing"
	"time"
)

func TestMemPipeBuffersBothWays(t *testing.T) {
	c, s := memPipe()
	// Both ends write before either reads: over net.Pipe this deadlocks.
	if _, err := c.Write([]byte("NOOP\r\nNOOP\r\n")); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Write([]byte("250 OK\r\n")); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 64)
	if n, err := s.Read(buf); err != nil || string(buf[:n]) != "NOOP\r\nNOOP\r\n" {
		t.Errorf("server read %q, %v", buf[:n], err)
	}
	if n, err := c.Read(buf); err != nil || string(buf[:n]) != "250 OK\r\n" {
		t.Errorf("client read %q, %v", buf[:n], err)
	}
}

func TestMemPipeCloseLeavesLastWords(t *testing.T) {
	c, s := memPipe()
	s.Write([]byte("421 bye\r\n"))
	s.Close()
	if _, err := c.Write([]byte("RCPT TO:<a@b>\r\n")); err != nil {
		t.Errorf("write to a closed peer: %v, want it accepted as TCP does", err)
	}
	got, err := io.ReadAll(c)
	if err != nil || string(got) != "421 bye\r\n" {
		t.Errorf("after close the client read %q, %v; want the 421, then EOF", got, err)
	}
	if _, err := s.Read(make([]byte, 1)); err == nil {
		t.Error("a closed end still reads")
	}
}

func TestMemPipeReadDeadline(t *testing.T) {
	c, s := memPipe()
	defer s.Close()
	c.SetReadDeadline(time.Now().Add(20 * time.Millisecond))
	start := time.Now()
	_, err := c.Read(make([]byte, 1))
	if !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("read past its deadline: %v", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("deadline of 20ms ended the read after %v", d)
	}
	// A deadline moved while a read waits is seen by that read.
	c.SetReadDeadline(time.Time{})
	done := make(chan error, 1)
	go func() { _, err := c.Read(make([]byte, 1)); done <- err }()
	time.Sleep(10 * time.Millisecond)
	c.SetReadDeadline(time.Now())
	select {
	case err := <-done:
		if !errors.Is(err, os.ErrDeadlineExceeded) {
			t.Errorf("read after its deadline moved: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("a waiting read did not see its deadline move")
	}
}

func TestMemPipeWriteWaitsWhenFull(t *testing.T) {
	c, s := memPipe()
	defer s.Close()
	c.SetWriteDeadline(time.Now().Add(20 * time.Millisecond))
	big := make([]byte, memConnBuffer)
	if _, err := c.Write(big); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Write([]byte("x")); !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Errorf("write past a full buffer: %v, want the write deadline", err)
	}
}
