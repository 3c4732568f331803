package smtp

import (
	"fmt"
	"strings"
	"testing"
)

// smuggled is what follows an end-of-data look-alike in the smuggling
// cases: a whole second transaction to bob, which must never run.
const smuggled = "MAIL FROM:<evil@example.org>\r\nRCPT TO:<bob@localhost>\r\nDATA\r\nsmuggled\r\n.\r\n"

// TestEndOfDataVariants sends every end-of-data look-alike (named by its
// bytes) between a line of body text and a smuggled transaction, then a
// NOOP as the sentinel. RFC 5321 §4.1.1.4: only <CRLF>.<CRLF> ends the
// data. A look-alike holding a bare CR or LF gets the message refused
// whole (§2.3.8); one without is ordinary text, delivered as sent.
func TestEndOfDataVariants(t *testing.T) {
	type outcome int
	const (
		refused   outcome = iota // 554, nothing delivered, nothing smuggled
		delivered                // 250, the look-alike and the rest are body text
	)
	for _, c := range []struct {
		name    string
		bytes   string
		outcome outcome
		body    string // for delivered: the body after the Subject line
	}{
		{"<LF>.<LF>", "\n.\n", refused, ""},
		{"<CR>.<CR>", "\r.\r", refused, ""},
		{"<LF>.<CRLF>", "\n.\r\n", refused, ""},
		{"<CRLF>.<LF>", "\r\n.\n", refused, ""},
		{"<CR>.<LF>", "\r.\n", refused, ""},
		{"<CR>.<CRLF>", "\r.\r\n", refused, ""},
		{"<CRLF>.<CR>", "\r\n.\r", refused, ""},
		{"<LF>.<CR>", "\n.\r", refused, ""},
		{"<LF><LF>.<LF><LF>", "\n\n.\n\n", refused, ""},
		{"<CRLF>.<CR><CRLF>", "\r\n.\r\r\n", refused, ""},
		{"<CRLF>.<LF><CRLF>", "\r\n.\n\r\n", refused, ""},
		{"<CRLF><NUL>.<CRLF>", "\r\n\x00.\r\n", delivered, "body\n\x00.\n"},
		{"<CRLF>.<NUL><CRLF>", "\r\n.\x00\r\n", delivered, "body\n\x00\n"},
		{"<CRLF>.<SP><CRLF>", "\r\n. \r\n", delivered, "body\n \n"},
		{"<CRLF>.<SP><SP><CRLF>", "\r\n.  \r\n", delivered, "body\n  \n"},
		{"<CRLF><SP>.<CRLF>", "\r\n .\r\n", delivered, "body\n .\n"},
		{"<CRLF>..<CRLF>", "\r\n..\r\n", delivered, "body\n.\n"},
		{"<CRLF>.x<CRLF>", "\r\n.x\r\n", delivered, "body\nx\n"},
	} {
		t.Run(c.name, func(t *testing.T) {
			ts := startServer(t)
			cl := ts.ehlo(t)
			cl.cmd("MAIL FROM:<sender@example.org>", 250)
			cl.cmd("RCPT TO:<alice@localhost>", 250)
			cl.cmd("DATA", 354)
			cl.send("Subject: t\r\n\r\nbody" + c.bytes + smuggled + "NOOP\r\n")
			switch c.outcome {
			case refused:
				cl.expect(554)
				cl.expect(250) // the NOOP: nothing in between ran
				if n := len(ts.delivered(t, "alice")); n != 0 {
					t.Errorf("alice has %d messages, want none", n)
				}
			case delivered:
				cl.expect(250)
				cl.expect(250)
				msgs := ts.delivered(t, "alice")
				if len(msgs) != 1 {
					t.Fatalf("alice has %d messages, want 1", len(msgs))
				}
				want := "Subject: t\n\n" + c.body + strings.ReplaceAll(smuggled[:len(smuggled)-len(".\r\n")], "\r\n", "\n")
				if got := body(t, msgs[0]); got != want {
					t.Errorf("delivered body\n got %q\nwant %q", got, want)
				}
			}
			if n := len(ts.delivered(t, "bob")); n != 0 {
				t.Errorf("bob has %d messages: the smuggled transaction ran", n)
			}
		})
	}
}

// TestBareCRBeforeRealEnd: a bare CR just before a real <CRLF>.<CRLF>
// does not hide the end: the data ends there, the message is refused for
// the bare CR, and what follows is read as commands, as the client meant.
func TestBareCRBeforeRealEnd(t *testing.T) {
	ts := startServer(t)
	c := ts.ehlo(t)
	c.cmd("MAIL FROM:<a@example.org>", 250)
	c.cmd("RCPT TO:<alice@localhost>", 250)
	c.cmd("DATA", 354)
	c.send("body\r\r\n.\r\nNOOP\r\n")
	c.expect(554)
	c.expect(250)
}

func TestDataTransparency(t *testing.T) {
	for _, c := range []struct {
		name, wire, stored string
	}{
		{"empty message", "", ""},
		{"message that is one dot", "..\r\n", ".\n"},
		{"dots at the start of every line", "..a\r\n...b\r\n..\r\n", ".a\n..b\n.\n"},
		{"dot inside lines", "a.b\r\n", "a.b\n"},
		{"8-bit octets kept", "caf\xc3\xa9 \xff\r\n", "caf\xc3\xa9 \xff\n"},
		{"998-octet line", strings.Repeat("x", 998) + "\r\n", strings.Repeat("x", 998) + "\n"},
		{"line of a lone space", " \r\n", " \n"},
	} {
		t.Run(c.name, func(t *testing.T) {
			ts := startServer(t)
			cl := ts.ehlo(t)
			cl.cmd("MAIL FROM:<a@example.org> BODY=8BITMIME", 250)
			cl.cmd("RCPT TO:<alice@localhost>", 250)
			cl.cmd("DATA", 354)
			cl.send(c.wire + ".\r\n")
			cl.expect(250)
			msgs := ts.delivered(t, "alice")
			if len(msgs) != 1 {
				t.Fatalf("%d messages", len(msgs))
			}
			if got := body(t, msgs[0]); got != c.stored {
				t.Errorf("stored %q, want %q", got, c.stored)
			}
		})
	}
}

func TestDataLimits(t *testing.T) {
	ts := startServer(t, func(c *Config) { c.MaxMessageSize = 64 << 10 })
	send := func(c *client, msg string, want int) {
		t.Helper()
		c.cmd("MAIL FROM:<a@example.org>", 250)
		c.cmd("RCPT TO:<alice@localhost>", 250)
		c.cmd("DATA", 354)
		c.send(msg + ".\r\n")
		c.expect(want)
	}
	c := ts.ehlo(t)
	send(c, strings.Repeat("y", 999)+"\r\n", 554)                     // §4.5.3.1.6: 1001 octets with CRLF
	send(c, strings.Repeat(strings.Repeat("z", 98)+"\r\n", 700), 552) // 70000 octets > 64K
	var hops strings.Builder
	for i := 0; i < 100; i++ {
		fmt.Fprintf(&hops, "Received: from hop%d by hop%d; Sat, 21 Nov 2026 00:00:00 +0000\r\n", i, i+1)
	}
	send(c, hops.String()+"\r\nloop\r\n", 554)    // §6.3
	send(c, strings.Repeat("x", 998)+"\r\n", 250) // the session is still usable
	if n := len(ts.delivered(t, "alice")); n != 1 {
		t.Errorf("alice has %d messages, want 1", n)
	}
}
