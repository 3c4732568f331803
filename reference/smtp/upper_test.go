package smtp

import "testing"

// TestVerbsFoldASCIIOnly: a verb, a mechanism or a parameter value that
// only Unicode case mapping turns into a known word is not that word
// (RFC 5234 §2.3: ABNF strings are case-insensitive in US-ASCII alone).
// The fuzzer's FuzzSMTPCommand found "maıl" (a dotless i) read as MAIL.
func TestVerbsFoldASCIIOnly(t *testing.T) {
	ts := startServer(t)
	c := ts.ehlo(t)
	c.cmd("ma\u0131l FROM:<a@example.org>", 500) // dotless i
	c.cmd("AUTH PLA\u0131N", 504)                // dotless i in the mechanism
	c.cmd("MAIL FROM:<a@example.org> BODY=8b\u0131tm\u0131me", 555)
	c.cmd("\u017fend", 500) // long s: not SEND
	c.cmd("mail FROM:<a@example.org> body=8bitmime", 250)
	if got := upperASCII("r\u017fet\u0131x"); got != "R\u017fET\u0131X" {
		t.Errorf("upperASCII = %q", got)
	}
}
