package pop3

import (
	"strings"
	"testing"
)

// RFC 1939 §3: "A server MUST respond to a command issued when the session
// is in an incorrect state by responding with a negative status indicator."
func TestTransactionCommandsRefusedInAuthorization(t *testing.T) {
	f := newFixture(t)
	f.deliver("alice", "Subject: x\n\nbody\n")
	c := f.dial()
	for _, cmd := range []string{"STAT", "LIST", "LIST 1", "RETR 1", "DELE 1", "NOOP", "RSET", "TOP 1 0", "UIDL", "UIDL 1"} {
		c.err(cmd)
	}
	c.login("alice", "secret") // the session survived every refusal
	if got := c.ok("STAT"); got != "+OK 1 "+sizeOf("Subject: x\r\n\r\nbody\r\n") {
		t.Errorf("STAT = %q: a refused DELE must not have marked anything", got)
	}
}

func TestAuthorizationCommandsRefusedInTransaction(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.AllowAPOP = true })
	c := f.dial()
	c.login("alice", "secret")
	for _, cmd := range []string{"USER alice", "PASS secret", "APOP alice 0123456789abcdef0123456789abcdef", "AUTH PLAIN", "AUTH PLAIN AGFsaWNlAHNlY3JldA==", "STLS"} {
		c.err(cmd)
	}
	c.ok("NOOP")
}

// RFC 1939 §3: "A server MUST respond to an unrecognized, unimplemented, or
// syntactically invalid command by responding with a negative status
// indicator." Keywords are case-insensitive; arguments are separated by a
// single SPACE.
func TestMalformedCommands(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.MaxErrors = -1 })
	f.deliver("alice", "Subject: x\n\nbody\n")
	c := f.dial()
	for _, cmd := range []string{"", "XYZZY", "NO", "NOOPS", "QUIT now", " QUIT", "USER", "USER a b", "PASS secret", "APOP alice 0123456789abcdef0123456789abcdef"} {
		c.err(cmd)
	}
	c.login("alice", "secret")
	for _, cmd := range []string{
		"LIST  1", "LIST 1 ", "LIST 1 2", "LIST x", "LIST -1", "LIST +1", "LIST 0", "LIST 2",
		"LIST 99999999999999999999", "RETR", "RETR 1 2", "TOP 1", "TOP 1 -1", "TOP 1 x", "TOP 2 0",
		"DELE", "UIDL 0", "STAT 1", "NOOP x", "RSET x", "LIST\t1", "LIST 1\x00", "TOP\x001 1",
	} {
		c.err(cmd)
	}
	for _, cmd := range []string{"stat", "StAt", "list 1", "uidl 1", "noop", "Rset"} {
		c.ok(cmd)
	}
	if got := c.multi("retr 1"); got != "Subject: x\r\n\r\nbody\r\n" {
		t.Errorf("retr 1 = %q", got)
	}
	c.ok("LIST 0001") // leading zeros are still base-10 (RFC 1939 §4)
}

// RFC 2449 §4: commands up to 255 octets, CRLF included, MUST be
// supported. Longer lines are refused, but the session goes on.
func TestLineLength(t *testing.T) {
	f := newFixture(t)
	f.deliver("alice", "Subject: x\n\n")
	c := f.dial()
	c.login("alice", "secret")
	longest := "LIST " + strings.Repeat("0", 255-len("LIST 1\r\n")) + "1"
	if got := c.ok(longest); !strings.HasPrefix(got, "+OK 1 ") {
		t.Errorf("255-octet LIST = %q", got)
	}
	c.err("LIST " + strings.Repeat("0", 256-len("LIST 1\r\n")) + "1")
	c.err("NOOP " + strings.Repeat("x", 1<<20))
	c.ok("NOOP")
}

// A strict reader: only CRLF ends a valid line. A line ended by a bare LF,
// or holding a bare CR, is answered -ERR and not executed.
func TestBareLineEnds(t *testing.T) {
	f := newFixture(t)
	f.deliver("alice", "Subject: x\n\n")
	c := f.dial()
	c.login("alice", "secret")
	// Only CRLF ends a line: each of these is one line, refused whole,
	// and what follows a bare LF is not a command of its own.
	for _, line := range []string{"DELE 1\nNOOP\r\n", "DELE 1\r\r\n", "DE\rLE 1\r\n", "DELE\r 1\r\n"} {
		c.raw(line)
		if got := c.line(); !strings.HasPrefix(got, "-ERR") {
			t.Errorf("%q: got %q, want -ERR", line, got)
		}
	}
	c.ok("LIST 1") // no DELE was executed, and no reply was left over
}

func TestQuitInAuthorization(t *testing.T) {
	f := newFixture(t)
	f.deliver("alice", "Subject: x\n\n")
	c := f.dial()
	c.ok("USER alice")
	if got := c.ok("QUIT"); got != "+OK pop.test POP3 server signing off" {
		t.Errorf("QUIT = %q", got)
	}
	c.closed()
}

func TestTooManyErrors(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.MaxErrors = 3 })
	c := f.dial()
	c.err("XYZZY")
	c.err("XYZZY")
	if got := c.err("XYZZY"); got != replyTooManyErrors.String() {
		t.Errorf("third error = %q", got)
	}
	c.closed()
}

// sizeOf is len(s) in decimal.
func sizeOf(s string) string { return itoa(len(s)) }
