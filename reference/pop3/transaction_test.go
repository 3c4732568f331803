package pop3

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// threeMessages are delivered in this order; wire is what RETR sends.
var threeMessages = []struct{ local, wire string }{
	{"Subject: one\n\nfirst\n", "Subject: one\r\n\r\nfirst\r\n"},
	{"Subject: two\n\n.dot\n..two dots\n.\nlast\n", "Subject: two\r\n\r\n.dot\r\n..two dots\r\n.\r\nlast\r\n"},
	{"Subject: three\nX: y\n\nl1\nl2\nl3\n", "Subject: three\r\nX: y\r\n\r\nl1\r\nl2\r\nl3\r\n"},
}

func deliverThree(f *fixture) {
	for _, m := range threeMessages {
		f.deliver("alice", m.local)
	}
}

func TestTransaction(t *testing.T) {
	f := newFixture(t)
	deliverThree(f)
	c := f.dial()
	c.ok("USER alice")
	total := 0
	for _, m := range threeMessages {
		total += len(m.wire)
	}
	if got, want := c.ok("PASS secret"), fmt.Sprintf("+OK alice's maildrop has 3 messages (%d octets)", total); got != want {
		t.Errorf("PASS = %q, want %q", got, want)
	}
	if got, want := c.ok("STAT"), fmt.Sprintf("+OK 3 %d", total); got != want {
		t.Errorf("STAT = %q, want %q", got, want)
	}
	var list strings.Builder
	for i, m := range threeMessages {
		fmt.Fprintf(&list, "%d %d\r\n", i+1, len(m.wire))
		if got, want := c.ok(fmt.Sprintf("LIST %d", i+1)), fmt.Sprintf("+OK %d %d", i+1, len(m.wire)); got != want {
			t.Errorf("LIST %d = %q, want %q", i+1, got, want)
		}
		if got := c.multi(fmt.Sprintf("RETR %d", i+1)); got != m.wire {
			t.Errorf("RETR %d = %q, want %q", i+1, got, m.wire)
		}
	}
	if got := c.multi("LIST"); got != list.String() {
		t.Errorf("LIST = %q, want %q", got, list.String())
	}
	if got := c.multi("TOP 3 1"); got != "Subject: three\r\nX: y\r\n\r\nl1\r\n" {
		t.Errorf("TOP 3 1 = %q", got)
	}
	if got := c.multi("TOP 3 0"); got != "Subject: three\r\nX: y\r\n\r\n" {
		t.Errorf("TOP 3 0 = %q", got)
	}
	if got := c.multi("TOP 3 99999999999999999999999"); got != threeMessages[2].wire {
		t.Errorf("TOP 3 (huge) = %q", got)
	}
	uidl := strings.Split(strings.TrimSuffix(c.multi("UIDL"), "\r\n"), "\r\n")
	if len(uidl) != 3 {
		t.Fatalf("UIDL = %q", uidl)
	}
	for i, l := range uidl {
		if got := c.ok(fmt.Sprintf("UIDL %d", i+1)); got != "+OK "+l {
			t.Errorf("UIDL %d = %q, listing said %q", i+1, got, l)
		}
	}
	c.ok("NOOP")

	// DELE marks; every command that takes a number refuses the mark.
	if got := c.ok("DELE 2"); got != "+OK message 2 deleted" {
		t.Errorf("DELE 2 = %q", got)
	}
	for _, cmd := range []string{"DELE 2", "RETR 2", "LIST 2", "TOP 2 0", "UIDL 2"} {
		c.err(cmd)
	}
	if got, want := c.ok("STAT"), fmt.Sprintf("+OK 2 %d", total-len(threeMessages[1].wire)); got != want {
		t.Errorf("STAT after DELE = %q, want %q", got, want)
	}
	if got := c.multi("LIST"); strings.Contains(got, "2 ") || !strings.Contains(got, "3 ") {
		t.Errorf("LIST after DELE 2 = %q: message numbers are stable, deleted ones not listed", got)
	}
	if got := c.multi("UIDL"); got != uidl[0]+"\r\n"+uidl[2]+"\r\n" {
		t.Errorf("UIDL after DELE 2 = %q", got)
	}
	if got, want := c.ok("RSET"), fmt.Sprintf("+OK maildrop has 3 messages (%d octets)", total); got != want {
		t.Errorf("RSET = %q, want %q", got, want)
	}
	c.ok("RETR 2")
	c.body()
}

// RFC 1939 §6: messages are removed only in the UPDATE state, after QUIT.
func TestDeletionOnlyAfterQuit(t *testing.T) {
	f := newFixture(t)
	deliverThree(f)
	c := f.dial()
	c.login("alice", "secret")
	c.ok("DELE 1")
	c.ok("DELE 3")
	if n := f.files("alice"); n != 3 {
		t.Fatalf("%d files before QUIT, want 3", n)
	}
	if got := c.ok("QUIT"); got != "+OK pop.test POP3 server signing off (1 messages left)" {
		t.Errorf("QUIT = %q", got)
	}
	c.closed()
	if n := f.files("alice"); n != 1 {
		t.Fatalf("%d files after QUIT, want 1", n)
	}
	c = f.dial()
	c.login("alice", "secret")
	if got := c.multi("RETR 1"); got != threeMessages[1].wire {
		t.Errorf("the survivor is %q", got)
	}
	c.ok("DELE 1")
	if got := c.ok("QUIT"); got != "+OK pop.test POP3 server signing off (maildrop empty)" {
		t.Errorf("QUIT = %q", got)
	}
}

// RFC 1939 §6: "If a session terminates for some reason other than a
// client-issued QUIT command, the POP3 session does NOT enter the UPDATE
// state and MUST not remove any messages from the maildrop."
func TestDroppedConnectionDeletesNothing(t *testing.T) {
	f := newFixture(t)
	deliverThree(f)
	c := f.dial()
	c.login("alice", "secret")
	c.ok("DELE 1")
	c.ok("DELE 2")
	c.conn.Close()
	c = loginWhenUnlocked(f, "alice", "secret")
	if got := c.ok("STAT"); !strings.HasPrefix(got, "+OK 3 ") {
		t.Errorf("STAT after a dropped session = %q, want 3 messages", got)
	}
}

// loginWhenUnlocked logs in, retrying while an ended session's lock has
// not yet been released.
func loginWhenUnlocked(f *fixture, user, pass string) *client {
	f.t.Helper()
	for deadline := time.Now().Add(5 * time.Second); ; {
		c := f.dial()
		c.ok("USER " + user)
		got := c.cmd("PASS " + pass)
		if strings.HasPrefix(got, "+OK") {
			return c
		}
		if !strings.HasPrefix(got, "-ERR [IN-USE]") || time.Now().After(deadline) {
			f.t.Fatalf("PASS = %q", got)
		}
		c.conn.Close()
		time.Sleep(10 * time.Millisecond)
	}
}

// RFC 1939 §3: on autologout "the session does NOT enter the UPDATE
// state--the server should close the TCP connection without removing any
// messages or sending any response to the client."
func TestAutologout(t *testing.T) {
	f := newFixture(t, func(c *Config) {
		c.AutologoutTimeout = 200 * time.Millisecond
		c.AllowShortAutologout = true
	})
	deliverThree(f)
	c := f.dial()
	c.login("alice", "secret")
	c.ok("DELE 1")
	start := time.Now()
	c.closed()
	if d := time.Since(start); d < 150*time.Millisecond {
		t.Errorf("closed after %v, before the autologout timer", d)
	}
	c = loginWhenUnlocked(f, "alice", "secret")
	if got := c.ok("STAT"); !strings.HasPrefix(got, "+OK 3 ") {
		t.Errorf("STAT after autologout = %q, want 3 messages", got)
	}
}

func TestAutologoutMinimum(t *testing.T) {
	f := newFixture(t)
	cfg := Config{Store: f.store, Users: f.users, AutologoutTimeout: 9 * time.Minute}
	if _, err := NewServer(cfg); err == nil {
		t.Error("NewServer accepted a 9-minute autologout timer (RFC 1939 §3: at least 10)")
	}
	cfg.AllowShortAutologout = true
	if _, err := NewServer(cfg); err != nil {
		t.Errorf("with AllowShortAutologout: %v", err)
	}
	if _, err := NewServer(Config{Users: f.users}); err == nil {
		t.Error("NewServer without a Store succeeded")
	}
}

// RFC 1939 §7: a unique-id "persists across sessions. This persistence is
// required even if a session ends without entering the UPDATE state."
func TestUIDLPersistsAcrossSessions(t *testing.T) {
	f := newFixture(t)
	deliverThree(f)
	uidls := func(drop bool) map[string]string { // body → uid
		c := loginWhenUnlocked(f, "alice", "secret")
		out := map[string]string{}
		listing := strings.TrimSuffix(c.multi("UIDL"), "\r\n")
		for _, l := range strings.Split(listing, "\r\n") {
			n, uid, _ := strings.Cut(l, " ")
			if uid == "" || len(uid) > 70 || strings.ContainsFunc(uid, func(r rune) bool { return r < 0x21 || r > 0x7e }) {
				t.Errorf("bad unique-id listing %q", l)
			}
			out[c.multi("RETR "+n)] = uid
		}
		if drop {
			c.conn.Close()
		} else {
			c.ok("QUIT")
		}
		return out
	}
	first := uidls(true)
	f.deliver("alice", "Subject: four\n\n")
	second := uidls(false)
	third := uidls(false)
	seen := map[string]bool{}
	for body, uid := range second {
		if old, ok := first[body]; ok && old != uid {
			t.Errorf("UID of %q changed from %q to %q", body, old, uid)
		}
		if third[body] != uid {
			t.Errorf("UID of %q changed from %q to %q", body, uid, third[body])
		}
		if seen[uid] {
			t.Errorf("UID %q used twice", uid)
		}
		seen[uid] = true
	}
	if len(second) != 4 {
		t.Errorf("second session saw %d messages, want 4", len(second))
	}
}

// Messages delivered during a session are not seen until the next one:
// message numbers and sizes hold for the whole session (RFC 1939 §4).
func TestSnapshotIsFixed(t *testing.T) {
	f := newFixture(t)
	deliverThree(f)
	c := f.dial()
	c.login("alice", "secret")
	before := c.ok("STAT")
	f.deliver("alice", "Subject: late\n\n")
	if got := c.ok("STAT"); got != before {
		t.Errorf("STAT changed mid-session: %q then %q", before, got)
	}
	c.err("RETR 4")
	c.ok("QUIT")
	c = f.dial()
	c.login("alice", "secret")
	if got := c.multi("RETR 4"); got != "Subject: late\r\n\r\n" {
		t.Errorf("next session's RETR 4 = %q", got)
	}
}
