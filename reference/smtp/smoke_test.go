package smtp

import "testing"

func TestSmoke(t *testing.T) {
	ts := startServer(t)
	c := ts.ehlo(t)
	c.cmd("MAIL FROM:<x@example.org>", 250)
	c.cmd("RCPT TO:<alice@localhost>", 250)
	c.cmd("DATA", 354)
	c.send("Subject: hi\r\n\r\n..dot\r\nbody\r\n.\r\n")
	c.expect(250)
	c.cmd("QUIT", 221)
	msgs := ts.delivered(t, "alice")
	if len(msgs) != 1 {
		t.Fatalf("%d messages", len(msgs))
	}
	t.Logf("%q", msgs[0])
	if got := body(t, msgs[0]); got != "Subject: hi\n\n.dot\nbody\n" {
		t.Errorf("body %q", got)
	}
}
