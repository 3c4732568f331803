package smtp

import (
	"encoding/base64"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestBinaryMIME: RFC 3030 §3, when Config.BinaryMIME offers it.
func TestBinaryMIME(t *testing.T) {
	t.Run("not offered by default", func(t *testing.T) {
		ts := startServer(t)
		c := ts.dial(t)
		if lines := c.cmd("EHLO client.example", 250); slices.Contains(lines, "BINARYMIME") {
			t.Errorf("BINARYMIME listed by default: %q", lines)
		}
		run(t, c, []step{{"MAIL FROM:<a@example.org> BODY=BINARYMIME", 555}})
	})
	ts := startServer(t, func(c *Config) { c.BinaryMIME = true })
	c := ts.dial(t)
	if lines := c.cmd("EHLO client.example", 250); !slices.Contains(lines, "BINARYMIME") || !slices.Contains(lines, "CHUNKING") {
		t.Fatalf("BINARYMIME and CHUNKING not both listed: %q", lines)
	}
	// DATA after BODY=BINARYMIME: 503 (§3: MUST); the client then RSETs.
	run(t, c, []step{
		{"MAIL FROM:<a@example.org> BODY=BINARYMIME", 250},
		{"RCPT TO:<alice@localhost>", 250},
		{"DATA", 503},
		{"RSET", 250},
	})
	// BDAT carries it: every octet but CR and LF, a line past 1000 octets,
	// and CRLF line ends, stored bit for bit.
	var bin strings.Builder
	for i := 0; i < 256; i++ {
		if i != '\r' && i != '\n' {
			bin.WriteByte(byte(i))
		}
	}
	msg := "Subject: binary\r\nContent-Transfer-Encoding: binary\r\n\r\n" + bin.String() + "\r\n" + strings.Repeat("b", 1500) + "\r\n"
	c.cmd("MAIL FROM:<a@example.org> BODY=BINARYMIME", 250)
	c.cmd("RCPT TO:<alice@localhost>", 250)
	c.send(bdatCommand(msg, true) + msg)
	c.expect(250)
	want := strings.ReplaceAll(msg, "\r\n", "\n")
	if msgs := ts.delivered(t, "alice"); len(msgs) != 1 || body(t, msgs[0]) != want {
		t.Fatalf("delivered: %q", msgs)
	}
	// A bare LF cannot be stored unchanged: refused.
	c.cmd("MAIL FROM:<a@example.org> BODY=BINARYMIME", 250)
	c.cmd("RCPT TO:<alice@localhost>", 250)
	c.send("BDAT 9 LAST\r\nbare\nLF\r\n")
	c.expect(554)
	c.cmd("NOOP", 250)
}

func bdatCommand(chunk string, last bool) string {
	line := "BDAT " + strconv.Itoa(len(chunk))
	if last {
		line += " LAST"
	}
	return line + "\r\n"
}

// TestWithoutSMTPUTF8: Config.WithoutSMTPUTF8 withdraws RFC 6531, and a
// non-ASCII address is refused with RFC 5321 §4.1.2's 501.
func TestWithoutSMTPUTF8(t *testing.T) {
	ts := startServer(t, func(c *Config) { c.WithoutSMTPUTF8 = true })
	c := ts.dial(t)
	if lines := c.cmd("EHLO client.example", 250); slices.Contains(lines, "SMTPUTF8") {
		t.Fatalf("SMTPUTF8 listed: %q", lines)
	}
	run(t, c, []step{
		{"MAIL FROM:<m\u00e4il@example.org> SMTPUTF8", 555},
		{"MAIL FROM:<m\u00e4il@example.org>", 501},
		{"mail FROM:<a@b\u00fccher.example>", 501},
		{"MAIL FROM:<a@example.org>", 250},
		{"RCPT TO:<\u00e4lice@localhost>", 501},
		{"RCPT TO:<alice@localhost>", 250},
		{"VRFY \u00e4lice", 501},
		{"VRFY alice SMTPUTF8", 550},
	})
}

// TestCRAMMD5: RFC 2195 through RFC 4954, when Config.CRAMMD5 offers it.
func TestCRAMMD5(t *testing.T) {
	tlsSession := func(t *testing.T, ts *testServer) (*client, []string) {
		c := ts.ehlo(t)
		c.startTLS(ts.cert)
		return c, c.cmd("EHLO client.example", 250)
	}
	t.Run("not offered by default", func(t *testing.T) {
		c, lines := tlsSession(t, startServer(t))
		if slices.Contains(lines, "AUTH PLAIN LOGIN CRAM-MD5") {
			t.Errorf("CRAM-MD5 listed by default: %q", lines)
		}
		run(t, c, []step{{"AUTH CRAM-MD5", 504}})
	})
	t.Run("refused before TLS", func(t *testing.T) {
		ts := startServer(t, func(c *Config) { c.CRAMMD5 = true })
		run(t, ts.ehlo(t), []step{{"AUTH CRAM-MD5", 538}})
	})
	login := func(t *testing.T, c *client, user, password string) int {
		lines := c.cmd("AUTH CRAM-MD5", 334)
		challenge, err := base64.StdEncoding.Strict().DecodeString(lines[0])
		if err != nil || !strings.HasPrefix(string(challenge), "<") || !strings.HasSuffix(string(challenge), "@localhost>") {
			t.Fatalf("challenge %q (%v): want a msg-id (RFC 2195)", lines[0], err)
		}
		resp := user + " " + cramDigest(string(challenge), password)
		code, _ := c.reply2(base64.StdEncoding.EncodeToString([]byte(resp)))
		return code
	}
	t.Run("exchange", func(t *testing.T) {
		ts := startServer(t, func(c *Config) { c.CRAMMD5 = true })
		c, lines := tlsSession(t, ts)
		if !slices.Contains(lines, "AUTH PLAIN LOGIN CRAM-MD5") {
			t.Fatalf("CRAM-MD5 not listed: %q", lines)
		}
		if code := login(t, c, "alice", "wrong"); code != 535 {
			t.Errorf("wrong password: %d, want 535", code)
		}
		if code := login(t, c, "mallory", "alice-pw"); code != 535 {
			t.Errorf("unknown user: %d, want 535", code)
		}
		if code := login(t, c, "Alice", "alice-pw"); code != 235 {
			t.Fatalf("right password: %d, want 235", code)
		}
		run(t, c, []step{{"AUTH CRAM-MD5", 503}})
	})
	t.Run("known digest", func(t *testing.T) {
		// RFC 2195 §2's example.
		got := cramDigest("<1896.697170952@postoffice.reston.mci.net>", "tanstaaftanstaaf")
		if got != "b913a602c7eda7a495b4e6e7334d3890" {
			t.Errorf("digest %s", got)
		}
	})
	t.Run("initial response 501", func(t *testing.T) {
		ts := startServer(t, func(c *Config) { c.CRAMMD5 = true })
		c, _ := tlsSession(t, ts)
		c.send("AUTH CRAM-MD5 " + base64.StdEncoding.EncodeToString([]byte("alice 0123456789abcdef0123456789abcdef")) + "\r\n")
		if code, lines := c.reply(); code != 501 || !strings.HasPrefix(lines[0], "5.7.0 ") {
			t.Fatalf("got %d %q, want 501 5.7.0 (RFC 4954 section 4)", code, lines)
		}
		run(t, c, []step{{"AUTH CRAM-MD5", 334}, {"*", 501}})
	})
}

// TestCommandTimeoutFault: Faults.CommandTimeout shortens the wait for
// the next command, which the strict configuration cannot.
func TestCommandTimeoutFault(t *testing.T) {
	ts := startServer(t, func(c *Config) { c.Faults = &Faults{CommandTimeout: 50 * time.Millisecond} })
	c := ts.ehlo(t)
	c.expect(421)
	if !c.closed() {
		t.Error("connection open after the command timeout")
	}
}
