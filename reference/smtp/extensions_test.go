package smtp

import (
	"encoding/base64"
	"strings"
	"testing"
	"time"
)

func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

// TestStartTLS: RFC 3207 §4 and §4.2.
func TestStartTLS(t *testing.T) {
	t.Run("plaintext pipelined after STARTTLS is discarded", func(t *testing.T) {
		ts := startServer(t)
		c := ts.ehlo(t)
		c.send("STARTTLS\r\nMAIL FROM:<evil@example.org>\r\nRCPT TO:<bob@localhost>\r\n")
		c.expect(220)
		c.handshake(ts.cert)
		// Had the MAIL run, its 250 would be read here instead, and the
		// RCPT below would be accepted rather than refused as out of order.
		c.cmd("EHLO client.example", 250)
		c.cmd("RCPT TO:<bob@localhost>", 503)
	})
	t.Run("state is reset by the handshake", func(t *testing.T) {
		ts := startServer(t)
		c := ts.ehlo(t)
		c.cmd("MAIL FROM:<a@example.org>", 250)
		c.startTLS(ts.cert)
		c.cmd("RCPT TO:<alice@localhost>", 503) // the transaction is gone
		c.cmd("MAIL FROM:<a@example.org>", 503) // and so is the greeting
		c.cmd("EHLO client.example", 250)
		c.cmd("STARTTLS", 503)
		run(t, c, []step{{"MAIL FROM:<a@example.org>", 250}, {"RCPT TO:<alice@localhost>", 250}, {"DATA", 354}, {"Subject: tls\r\n.", 250}})
		if msgs := ts.delivered(t, "alice"); len(msgs) != 1 || !strings.Contains(msgs[0], " with ESMTPS id ") {
			t.Errorf("want one message received WITH ESMTPS: %q", msgs)
		}
	})
	t.Run("not offered without a certificate", func(t *testing.T) {
		ts := startServer(t, func(c *Config) { c.TLSConfig = nil })
		run(t, ts.ehlo(t), []step{{"STARTTLS", 454}})
	})
	t.Run("failed handshake closes the connection", func(t *testing.T) {
		ts := startServer(t)
		c := ts.ehlo(t)
		c.cmd("STARTTLS", 220)
		c.send("this is not a TLS ClientHello\r\n")
		if !c.closed() {
			t.Error("connection still open")
		}
	})
}

// TestAuth: RFC 4954 §4 and §6, RFC 4616.
func TestAuth(t *testing.T) {
	tlsSession := func(t *testing.T, ts *testServer) *client {
		c := ts.ehlo(t)
		c.startTLS(ts.cert)
		c.cmd("EHLO client.example", 250)
		return c
	}
	t.Run("refused before TLS", func(t *testing.T) {
		ts := startServer(t)
		run(t, ts.ehlo(t), []step{{"AUTH PLAIN " + b64("\x00alice\x00alice-pw"), 538}, {"AUTH LOGIN", 538}})
	})
	for _, c := range []struct {
		name  string
		steps []step
	}{
		{"PLAIN with initial response", []step{{"AUTH PLAIN " + b64("\x00alice\x00alice-pw"), 235}}},
		{"PLAIN with authzid equal to the user", []step{{"AUTH PLAIN " + b64("alice\x00alice\x00alice-pw"), 235}}},
		{"PLAIN after an empty challenge", []step{{"AUTH PLAIN", 334}, {b64("\x00alice\x00alice-pw"), 235}}},
		{"plain in lower case", []step{{"auth plain " + b64("\x00Alice\x00alice-pw"), 235}}},
		{"LOGIN", []step{{"AUTH LOGIN", 334}, {b64("alice"), 334}, {b64("alice-pw"), 235}}},
		{"LOGIN with initial response", []step{{"AUTH LOGIN " + b64("alice"), 334}, {b64("alice-pw"), 235}}},
		{"wrong password", []step{{"AUTH PLAIN " + b64("\x00alice\x00wrong"), 535}}},
		{"unknown user", []step{{"AUTH PLAIN " + b64("\x00mallory\x00alice-pw"), 535}}},
		{"another user's authorization", []step{{"AUTH PLAIN " + b64("bob\x00alice\x00alice-pw"), 535}}},
		{"cancelled", []step{{"AUTH LOGIN", 334}, {"*", 501}}},
		{"bad base64", []step{{"AUTH PLAIN AAA=BBB", 501}, {"AUTH PLAIN", 334}, {"not base64!", 501}}},
		{"empty initial response", []step{{"AUTH PLAIN =", 535}}},
		{"unknown mechanism", []step{{"AUTH CRAM-MD5", 504}}},
		{"second AUTH after success", []step{{"AUTH PLAIN " + b64("\x00alice\x00alice-pw"), 235}, {"AUTH PLAIN " + b64("\x00bob\x00bob-pw"), 503}}},
		{"AUTH inside a transaction", []step{{"MAIL FROM:<a@example.org>", 250}, {"AUTH PLAIN " + b64("\x00alice\x00alice-pw"), 503}}},
		{"response line too long", []step{{"AUTH PLAIN", 334}, {strings.Repeat("QUFB", 3100), 500}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			ts := startServer(t)
			run(t, tlsSession(t, ts), c.steps)
		})
	}
	t.Run("repeated failures end the session", func(t *testing.T) {
		ts := startServer(t)
		c := tlsSession(t, ts)
		for i := 0; i < 2; i++ {
			c.cmd("AUTH PLAIN "+b64("\x00alice\x00guess"), 535)
		}
		c.cmd("AUTH PLAIN "+b64("\x00alice\x00guess"), 535)
		c.expect(421)
		if !c.closed() {
			t.Error("connection open after too many AUTH failures")
		}
	})
	t.Run("authenticated client may relay to the relay mailbox", func(t *testing.T) {
		ts := startServer(t, func(c *Config) { c.RelayMailbox = "outbound" })
		c := tlsSession(t, ts)
		run(t, c, []step{{"MAIL FROM:<alice@localhost>", 250}, {"RCPT TO:<friend@example.org>", 550}, {"RSET", 250}})
		c.cmd("AUTH PLAIN "+b64("\x00alice\x00alice-pw"), 235)
		run(t, c, []step{{"MAIL FROM:<alice@localhost>", 250}, {"RCPT TO:<friend@example.org>", 250}, {"DATA", 354}, {"Subject: out\r\n.", 250}})
		if msgs := ts.delivered(t, "outbound"); len(msgs) != 1 || !strings.Contains(msgs[0], " with ESMTPSA id ") {
			t.Errorf("outbound: %q", msgs)
		}
	})
	t.Run("insecure auth when allowed", func(t *testing.T) {
		ts := startServer(t, func(c *Config) { c.AllowInsecureAuth = true })
		c := ts.ehlo(t)
		run(t, c, []step{{"AUTH PLAIN " + b64("\x00bob\x00bob-pw"), 235}})
	})
}

// TestChunking: RFC 3030 §2.
func TestChunking(t *testing.T) {
	ts := startServer(t)
	c := ts.ehlo(t)
	c.cmd("MAIL FROM:<a@example.org>", 250)
	c.cmd("RCPT TO:<alice@localhost>", 250)
	c.send("BDAT 14\r\nSubject: c\r\n\r\n")
	c.expect(250)
	c.send("BDAT 9\r\n.dot\r\nend")
	c.expect(250)
	c.cmd("DATA", 503) // DATA and BDAT do not mix
	c.send("BDAT 0 LAST\r\n")
	c.expect(250)
	msgs := ts.delivered(t, "alice")
	if len(msgs) != 1 || body(t, msgs[0]) != "Subject: c\n\n.dot\nend" {
		t.Fatalf("delivered: %q", msgs)
	}

	// A refused BDAT still consumes its chunk, so the chunk's bytes are
	// never read as commands.
	c.send("BDAT 12 LAST\r\nQUIT\r\nQUIT\r\n")
	c.expect(503)
	c.cmd("NOOP", 250)

	c.cmd("MAIL FROM:<a@example.org>", 250)
	c.cmd("RCPT TO:<alice@localhost>", 250)
	c.send("BDAT 9 LAST\r\nbare\nLF\r\n")
	c.expect(554)
	c.cmd("MAIL FROM:<a@example.org> SIZE=10", 250)
	c.cmd("RCPT TO:<alice@localhost>", 250)
	c.send("BDAT 33554433 LAST\r\n")
	c.send(strings.Repeat("x", 33554433))
	c.expect(552)
	c.cmd("NOOP", 250)
	if n := len(ts.delivered(t, "alice")); n != 1 {
		t.Errorf("alice has %d messages, want 1", n)
	}
}

// TestAuthFailuresPerClient: failures count per client address across
// sessions; past the limit AUTH gets 454 without a check of the password.
func TestAuthFailuresPerClient(t *testing.T) {
	ts := startServer(t, func(c *Config) { c.MaxAuthFailuresPerClient = 4 })
	for i := 0; i < 2; i++ {
		c := ts.ehlo(t)
		c.startTLS(ts.cert)
		c.cmd("EHLO client.example", 250)
		c.cmd("AUTH PLAIN "+b64("\x00alice\x00guess"), 535)
		c.cmd("AUTH PLAIN "+b64("\x00alice\x00guess"), 535)
	}
	c := ts.ehlo(t)
	c.startTLS(ts.cert)
	c.cmd("EHLO client.example", 250)
	c.cmd("AUTH PLAIN "+b64("\x00alice\x00alice-pw"), 454) // even the right password
	c.cmd("NOOP", 250)
}

func TestAuthLimiterWindow(t *testing.T) {
	l := newAuthLimiter(2, time.Minute)
	t0 := time.Unix(0, 0)
	l.fail("a", t0)
	l.fail("a", t0.Add(time.Second))
	if !l.blocked("a", t0.Add(2*time.Second)) || l.blocked("b", t0) {
		t.Fatal("limit not applied per address")
	}
	if l.blocked("a", t0.Add(time.Minute+2*time.Second)) {
		t.Fatal("old failures still counted after the window")
	}
	if len(l.failures) != 0 {
		t.Errorf("aged-out address kept: %v", l.failures)
	}
}
