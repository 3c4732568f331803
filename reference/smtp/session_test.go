package smtp

import (
	"regexp"
	"strings"
	"testing"
)

// step is one command of a session and the reply code it must get.
type step struct {
	line string
	code int
}

// run sends each step's line and checks its reply code, then a NOOP, to
// show that the session is still usable.
func run(t *testing.T, c *client, steps []step) {
	t.Helper()
	for _, s := range steps {
		if code, lines := c.reply2(s.line); code != s.code {
			t.Fatalf("%q: got %d %q, want %d", s.line, code, lines, s.code)
		}
	}
	c.cmd("NOOP", 250)
}

func (c *client) reply2(line string) (int, []string) {
	c.t.Helper()
	c.send(line + "\r\n")
	return c.reply()
}

// TestCommandOrder: RFC 5321 §4.1.4 and §3.3 — a command out of order is
// answered 503 and the session goes on as if it had not been sent.
func TestCommandOrder(t *testing.T) {
	for _, c := range []struct {
		name  string
		steps []step
	}{
		{"MAIL before HELO", []step{{"MAIL FROM:<a@example.org>", 503}}},
		{"RCPT before HELO", []step{{"RCPT TO:<alice@localhost>", 503}}},
		{"DATA before HELO", []step{{"DATA", 503}}},
		{"STARTTLS before EHLO", []step{{"STARTTLS", 503}}},
		{"AUTH before EHLO", []step{{"AUTH PLAIN", 503}}},
		{"AUTH after HELO", []step{{"HELO client.example", 250}, {"AUTH PLAIN", 503}}},
		{"RCPT before MAIL", []step{{"EHLO c.example", 250}, {"RCPT TO:<alice@localhost>", 503}}},
		{"DATA before MAIL", []step{{"EHLO c.example", 250}, {"DATA", 503}}},
		{"DATA before RCPT", []step{{"EHLO c.example", 250}, {"MAIL FROM:<a@example.org>", 250}, {"DATA", 503}}},
		{"DATA after refused RCPT", []step{{"EHLO c.example", 250}, {"MAIL FROM:<a@example.org>", 250}, {"RCPT TO:<nobody@localhost>", 550}, {"DATA", 503}}},
		{"nested MAIL", []step{{"EHLO c.example", 250}, {"MAIL FROM:<a@example.org>", 250}, {"MAIL FROM:<b@example.org>", 503}}},
		{"transaction survives 503", []step{{"EHLO c.example", 250}, {"MAIL FROM:<a@example.org>", 250}, {"DATA", 503}, {"RCPT TO:<alice@localhost>", 250}, {"DATA", 354}, {".", 250}}},
		{"RSET ends transaction", []step{{"EHLO c.example", 250}, {"MAIL FROM:<a@example.org>", 250}, {"RCPT TO:<alice@localhost>", 250}, {"RSET", 250}, {"DATA", 503}, {"RCPT TO:<alice@localhost>", 503}}},
		{"EHLO resets like RSET", []step{{"EHLO c.example", 250}, {"MAIL FROM:<a@example.org>", 250}, {"EHLO c.example", 250}, {"MAIL FROM:<a@example.org>", 250}}},
		{"commands allowed before HELO", []step{{"NOOP", 250}, {"RSET", 250}, {"HELP", 214}, {"VRFY alice", 250}, {"EXPN staff", 550}, {"MAIL FROM:<a@example.org>", 503}}},
		{"RSET before HELO keeps needing HELO", []step{{"RSET", 250}, {"MAIL FROM:<a@example.org>", 503}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			ts := startServer(t)
			run(t, ts.dial(t), c.steps)
		})
	}
}

// TestArgumentSyntax: RFC 5321 §4.1.2 grammar, case-insensitive verbs and
// keywords (§2.4); anything else is 501, and the session goes on.
func TestArgumentSyntax(t *testing.T) {
	for _, c := range []step{
		{"HELO", 501}, {"HELO [127.0.0.1]", 501}, {"HELO bad_name", 501}, {"EHLO", 501},
		{"EHLO -bad.example", 501}, {"EHLO two words", 501}, {"EHLO [127.0.0.1]", 250},
		{"EHLO [IPv6:::1]", 250}, {"ehlo c.example", 250}, {"eHlO c.example", 250},
		{"MAIL FROM: <a@example.org>", 501}, {"MAIL FROM:a@example.org", 501}, {"MAIL FROM:<a@example.org", 501},
		{"MAIL TO:<a@example.org>", 501}, {"MAIL", 501}, {"MAIL FROM:<a@example.org>  SIZE=1", 501},
		{"MAIL FROM:<a@@example.org>", 501}, {"MAIL FROM:<a@example..org>", 501},
		{"RSET now", 501}, {"QUIT now", 501}, {"VRFY", 501}, {"EXPN", 501}, {"STARTTLS now", 501},
		{"AUTH", 501}, {"BDAT", 501}, {"BDAT x", 501}, {"BDAT 1 NOTLAST", 501},
		{"NOOP anything at all", 250}, {"noop", 250},
	} {
		t.Run(c.line, func(t *testing.T) {
			ts := startServer(t)
			run(t, ts.ehlo(t), []step{c})
		})
	}
	t.Run("mixed case FROM and TO", func(t *testing.T) {
		ts := startServer(t)
		run(t, ts.dial(t), []step{{"helo c.example", 250}, {"mail from:<a@example.org>", 250}, {"Rcpt To:<ALICE@LOCALHOST>", 250}, {"data", 354}, {".", 250}})
	})
}

func TestOtherCommands(t *testing.T) {
	ts := startServer(t)
	c := ts.dial(t)
	run(t, c, []step{
		{"XYZZY", 500}, {"SEND FROM:<a@example.org>", 502}, {"SAML FROM:<a@example.org>", 502},
		{"SOML FROM:<a@example.org>", 502}, {"TURN", 502}, {"HELP", 214}, {"HELP mail", 214},
		{"HELP XYZZY", 504}, {"VRFY alice", 250}, {"VRFY <alice@localhost>", 250}, {"VRFY Alice", 250},
		{"VRFY nobody", 550}, {"VRFY <someone@example.org>", 252}, {"VRFY postmaster", 250},
		{"EXPN staff", 550}, {"VRFY jöran", 553}, {"VRFY jöran SMTPUTF8", 550},
	})
	if lines := c.cmd("VRFY alice", 250); lines[0] != "2.1.5 <alice@localhost>" {
		t.Errorf("VRFY alice: %q", lines)
	}
	if c.cmd("QUIT", 221); !c.closed() {
		t.Error("connection open after QUIT (RFC 5321 §4.1.1.10)")
	}
}

// TestEhloKeywords: extensions are listed only when usable (RFC 5321
// §4.1.1.1): STARTTLS before TLS only, AUTH on TLS only by default.
func TestEhloKeywords(t *testing.T) {
	ts := startServer(t)
	c := ts.dial(t)
	lines := c.cmd("EHLO c.example", 250)
	want := []string{"localhost greets c.example", "PIPELINING", "SIZE 33554432", "8BITMIME", "ENHANCEDSTATUSCODES", "CHUNKING", "SMTPUTF8", "EXPN", "HELP", "STARTTLS"}
	if strings.Join(lines, "|") != strings.Join(want, "|") {
		t.Errorf("EHLO before TLS:\n got %q\nwant %q", lines, want)
	}
	c.startTLS(ts.cert)
	lines = c.cmd("EHLO c.example", 250)
	want = append(want[:len(want)-1], "AUTH PLAIN LOGIN")
	if strings.Join(lines, "|") != strings.Join(want, "|") {
		t.Errorf("EHLO after TLS:\n got %q\nwant %q", lines, want)
	}
	if lines := startServer(t, func(c *Config) { c.TLSConfig = nil }).dial(t).cmd("EHLO c.example", 250); strings.Contains(strings.Join(lines, " "), "STARTTLS") {
		t.Errorf("STARTTLS offered with no TLS configured: %q", lines)
	}
}

var enhancedCode = regexp.MustCompile(`^([245])\.[0-9]{1,3}\.[0-9]{1,3}( |$)`)

// TestEnhancedStatusCodes: RFC 2034 §3 — every 2xx, 4xx and 5xx reply
// carries an enhanced code of the same class on each line, after HELO too.
func TestEnhancedStatusCodes(t *testing.T) {
	ts := startServer(t)
	c := ts.dial(t)
	for _, line := range []string{"HELO c.example", "NOOP", "XYZZY", "MAIL FROM:<a@example.org>", "RCPT TO:<nobody@localhost>", "RCPT TO:<x@example.org>", "RSET", "HELP", "VRFY alice", "EXPN x", "EHLO c.example", "MAIL FROM:<a@example.org> SIZE=999999999999", "QUIT"} {
		code, lines := c.reply2(line)
		if line == "EHLO c.example" {
			continue // keyword lines, not text
		}
		for _, l := range lines {
			m := enhancedCode.FindStringSubmatch(l)
			if m == nil || m[1][0] != byte('0'+code/100) {
				t.Errorf("%q: %d %q lacks an enhanced code of class %d", line, code, l, code/100)
			}
		}
	}
}

func TestMailParameters(t *testing.T) {
	for _, c := range []struct {
		name  string
		steps []step
	}{
		{"SIZE over the maximum", []step{{"MAIL FROM:<a@example.org> SIZE=33554433", 552}}},
		{"SIZE past int64", []step{{"MAIL FROM:<a@example.org> SIZE=99999999999999999999", 552}}},
		{"SIZE not a number", []step{{"MAIL FROM:<a@example.org> SIZE=12k", 501}}},
		{"SIZE within", []step{{"MAIL FROM:<a@example.org> SIZE=1000", 250}}},
		{"BODY values", []step{{"MAIL FROM:<a@example.org> BODY=7BIT", 250}, {"RSET", 250}, {"MAIL FROM:<a@example.org> body=8bitmime", 250}}},
		{"BODY=BINARYMIME not offered", []step{{"MAIL FROM:<a@example.org> BODY=BINARYMIME", 555}}},
		{"unknown parameter", []step{{"MAIL FROM:<a@example.org> X-UNKNOWN=1", 555}}},
		{"conflicting repeated parameter", []step{{"MAIL FROM:<a@example.org> SIZE=1 SIZE=2", 501}}},
		{"identical repeated parameter", []step{{"MAIL FROM:<a@example.org> SMTPUTF8 SMTPUTF8 BODY=8BITMIME", 250}}},
		{"AUTH=<>", []step{{"MAIL FROM:<a@example.org> AUTH=<>", 250}}},
		{"AUTH=xtext", []step{{"MAIL FROM:<a@example.org> AUTH=a+2Bb@example.org", 250}}},
		{"SMTPUTF8 with a value", []step{{"MAIL FROM:<a@example.org> SMTPUTF8=yes", 501}}},
		{"UTF-8 sender needs SMTPUTF8", []step{{"MAIL FROM:<jöran@example.org>", 550}, {"MAIL FROM:<jöran@bücher.example> SMTPUTF8", 250}}},
		{"RCPT parameters", []step{{"MAIL FROM:<a@example.org>", 250}, {"RCPT TO:<alice@localhost> NOTIFY=NEVER", 555}}},
		{"null reverse-path", []step{{"MAIL FROM:<>", 250}, {"RCPT TO:<alice@localhost>", 250}}},
		{"null forward-path", []step{{"MAIL FROM:<a@example.org>", 250}, {"RCPT TO:<>", 501}}},
		{"source route ignored", []step{{"MAIL FROM:<@a.example,@b.example:a@example.org>", 250}, {"RCPT TO:<@relay.example:alice@localhost>", 250}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			ts := startServer(t)
			run(t, ts.ehlo(t), c.steps)
		})
	}
	t.Run("parameters after HELO", func(t *testing.T) {
		ts := startServer(t)
		run(t, ts.dial(t), []step{{"HELO c.example", 250}, {"MAIL FROM:<a@example.org> SIZE=10", 555}})
	})
}

// TestRecipients: local users, postmaster (RFC 5321 §4.5.1, any case, with
// or without a domain), unknown users, relaying (§3.6.2, §7.9), and the
// recipient limit (§4.5.3.1.8, §4.5.3.1.10).
func TestRecipients(t *testing.T) {
	ts := startServer(t)
	c := ts.ehlo(t)
	run(t, c, []step{
		{"MAIL FROM:<a@example.org>", 250},
		{"RCPT TO:<alice@localhost>", 250},
		{"RCPT TO:<Bob@LocalHost>", 250},
		{"RCPT TO:<\"alice\"@localhost>", 250},
		{"RCPT TO:<Postmaster>", 250},
		{"RCPT TO:<POSTMASTER@localhost>", 250},
		{"RCPT TO:<nobody@localhost>", 550},
		{"RCPT TO:<alice@example.org>", 550},
		{"RCPT TO:<postmaster@example.org>", 550},
		{"RCPT TO:<alice@[127.0.0.1]>", 550},
		{"DATA", 354},
		{"Subject: fan-out\r\n.", 250},
	})
	for _, user := range []string{"alice", "bob", "postmaster"} {
		if n := len(ts.delivered(t, user)); n != 1 {
			t.Errorf("%s has %d messages, want 1 (one copy per mailbox)", user, n)
		}
	}

	c = ts.ehlo(t)
	c.cmd("MAIL FROM:<a@example.org>", 250)
	for i := 0; i < 100; i++ {
		c.cmd("RCPT TO:<bob@localhost>", 250)
	}
	c.cmd("RCPT TO:<bob@localhost>", 452)
	c.cmd("DATA", 354)
	c.cmd("Subject: hundred\r\n.", 250)
}

func TestNullReversePathTrace(t *testing.T) {
	ts := startServer(t)
	c := ts.ehlo(t)
	run(t, c, []step{{"MAIL FROM:<>", 250}, {"RCPT TO:<alice@localhost>", 250}, {"DATA", 354}, {"Subject: bounce\r\n.", 250}})
	msgs := ts.delivered(t, "alice")
	if len(msgs) != 1 || !strings.HasPrefix(msgs[0], "Return-Path: <>\nReceived: from client.example ([127.0.0.1])\n\tby localhost with ESMTP id ") {
		t.Fatalf("trace fields: %q", msgs)
	}
	if !regexp.MustCompile(`\n\tfor <alice@localhost>;\n\t[A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d [+-]\d{4}\nSubject: bounce\n$`).MatchString(msgs[0]) {
		t.Errorf("Received field: %q", msgs[0])
	}
}

// TestCommandLines: RFC 5321 §4.5.3.1.4 (512 octets, more for MAIL with
// extension parameters), §2.3.8 (only CRLF ends a line).
func TestCommandLines(t *testing.T) {
	ts := startServer(t)
	c := ts.ehlo(t)
	noop512 := "NOOP " + strings.Repeat("x", 512-len("NOOP \r\n"))
	run(t, c, []step{
		{noop512, 250},
		{noop512 + "x", 500},
		{"NOOP " + strings.Repeat("x", 100000), 500},
		{"MAIL FROM:<a@example.org> AUTH=" + strings.Repeat("a", 500) + " SIZE=10 BODY=8BITMIME", 250},
		{"RSET", 250},
	})
	for _, raw := range []string{"NOOP\nNOOP\r\n", "NOOP\rNOOP\r\n", "NO\x00OP\r\n"} {
		c.send(raw)
		c.expect(500) // one line, one reply
		c.cmd("NOOP", 250)
	}
}

// TestPipelining: RFC 2920 §3.1 — a batch of commands in one write gets
// its replies in order.
func TestPipelining(t *testing.T) {
	ts := startServer(t)
	c := ts.ehlo(t)
	c.send("MAIL FROM:<a@example.org>\r\nRCPT TO:<alice@localhost>\r\nRCPT TO:<nobody@localhost>\r\nRCPT TO:<bob@localhost>\r\nDATA\r\n")
	for _, want := range []int{250, 250, 550, 250, 354} {
		c.expect(want)
	}
	c.send("Subject: p\r\n\r\nx\r\n.\r\nMAIL FROM:<b@example.org>\r\nRCPT TO:<alice@localhost>\r\nDATA\r\n")
	for _, want := range []int{250, 250, 250, 354} {
		c.expect(want)
	}
	c.send(".\r\nQUIT\r\n")
	c.expect(250)
	c.expect(221)
	if n := len(ts.delivered(t, "alice")); n != 2 {
		t.Errorf("alice has %d messages, want 2", n)
	}
}

// TestLongLineEndsOnBufferBoundary: an over-long command line whose CRLF
// is split across the reader's buffer still ends there, so the next line
// is a command of its own.
func TestLongLineEndsOnBufferBoundary(t *testing.T) {
	ts := startServer(t)
	c := ts.ehlo(t)
	for _, n := range []int{64<<10 - 1, 64 << 10, 128<<10 - 1} { // CR as the last octet of a full buffer
		c.send("NOOP " + strings.Repeat("x", n-len("NOOP ")) + "\r\nNOOP\r\n")
		c.expect(500)
		c.expect(250)
	}
}
