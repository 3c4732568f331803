package pop3

import (
	"bytes"
	"strings"
	"testing"

	refpop3 "github.com/mailspec/mailspec/reference/pop3"
	"github.com/mailspec/mailspec/suite/spec"
)

// sizesPlusOne adds one to the size of each scan listing.
func sizesPlusOne(body []byte) []byte {
	var out []string
	for _, line := range strings.SplitAfter(string(body), "\r\n") {
		if n, size, ok := strings.Cut(strings.TrimSuffix(line, "\r\n"), " "); ok {
			line = n + " " + size + "1\r\n"
		}
		out = append(out, line)
	}
	return []byte(strings.Join(out, ""))
}

var (
	_ = breaks("pop3-3-byte-stuffing", flag("no byte-stuffing", func(f *refpop3.Faults) { f.NoByteStuffing = true }))
	_ = breaks("pop3-5-list-exact-size", bodyOf("LIST sizes off", "LIST", sizesPlusOne))
	_ = breaks("pop3-5-stat-agrees-with-list", bodyOf("LIST without its last scan listing", "LIST", dropLastLine))
	_ = breaks("pop3-5-deleted-message-refused", replyTo(`DELE \d+`, "-ERR", "+OK"), replyTo(`RETR \d+`, "-ERR", "+OK"),
		bodyOf("lists deleted messages", "LIST", func(b []byte) []byte { return append(b, "1 100\r\n9 100\r\n"...) }),
		replyTo(`UIDL \d+`, "-ERR", "+OK 1 deleted"), replyTo(`TOP \d+ 0`, "-ERR", "+OK"))
	_ = breaks("pop3-5-stat-after-dele-drops", replyTo("STAT", "+OK", "+OK 5 5000"))
	_ = breaks("pop3-5-numbers-stable-after-dele", flag("renumbers after DELE", func(f *refpop3.Faults) { f.RenumberAfterDele = true }))
	_ = breaks("pop3-5-rset-unmarks", replyTo("RSET", "+OK", "-ERR"))
)

var _ = bytes.Contains

// TestStatSizeOtherThanListingWarns: RFC 1939 §5 calls STAT's size "the
// size of the maildrop", not an exact sum, so a size other than the scan
// listings' sum is a warning, not a fail.
func TestStatSizeOtherThanListingWarns(t *testing.T) {
	c, _ := registry.Find("pop3-5-stat-agrees-with-list")
	out := runAgainst(t, c, bodyOf("LIST sizes off", "LIST", sizesPlusOne).configure)
	if out.Verdict != spec.Warn || !strings.Contains(out.Message, "size of the maildrop") {
		t.Errorf("with LIST sizes off: verdict %s, want warn: %s", out.Verdict, out.Message)
	}
}
