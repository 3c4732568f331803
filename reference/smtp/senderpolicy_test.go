package smtp

import (
	"strings"
	"testing"
)

// TestSenderDomains: under the policy MAIL accepts a listed domain in any
// case, the null reverse-path and an address literal, and refuses every
// other domain with 550 5.1.8, leaving no transaction open.
func TestSenderDomains(t *testing.T) {
	ts := startServer(t, func(c *Config) { c.SenderDomains = []string{"allowed.test"} })
	c := ts.ehlo(t)
	for _, path := range []string{"<a@allowed.test>", "<a@ALLOWED.Test>", "<>", "<a@[192.0.2.1]>"} {
		c.cmd("MAIL FROM:"+path, 250)
		c.cmd("RSET", 250)
	}
	for _, path := range []string{"<a@sender.example>", "<a@sub.allowed.test>"} {
		if lines := c.cmd("MAIL FROM:"+path, 550); !strings.HasPrefix(lines[0], "5.1.8 ") {
			t.Errorf("MAIL FROM:%s: %q, want 5.1.8", path, lines[0])
		}
		c.cmd("RCPT TO:<alice@localhost>", 503)
	}
}
