package fuzz

import (
	"context"
	"strings"
	"testing"
)

// dataPathSeeds are message bodies for FuzzDataPath: each is sent with
// DATA and with BDAT, in chunks cut at the positions the second argument
// picks.
var dataPathSeeds = []struct {
	body string
	cuts uint16
}{
	{"Subject: x\r\n\r\nhello\r\n", 0},                // a plain message, one chunk
	{".\r\n..\r\n.hidden\r\n", 0x0101},                // lines that need the transparency dot
	{"a\r\n.\r\nQUIT\r\n", 0x0203},                    // <CRLF>.<CRLF> inside a BDAT chunk
	{"a\n.\nRSET\r\n", 0},                             // <LF>.<LF>
	{"a\r.\rRSET\r\n", 0},                             // <CR>.<CR>
	{"a\r\n.\nRSET\r\n", 0},                           // <CRLF>.<LF>
	{"a\n.\r\nRSET\r\n", 0},                           // <LF>.<CRLF>
	{"a\r\n.\rRSET\r\n", 0},                           // <CRLF>.<CR>
	{"no final line end", 0x0305},                     // the last line unended
	{"", 0},                                           // empty
	{"caf\xc3\xa9 \x00\xff\r\n", 0},                   // 8-bit and NUL
	{strings.Repeat("y", 999) + "\r\n", 0},            // over §4.5.3.1.6's 1000 octets with CRLF
	{"." + strings.Repeat("y", 997) + "\r\n", 0x0101}, // 1000 with the transparency dot, which is not counted
	{"a\r\n.\r", 0x0102},                              // ends in <CRLF>.<CR>
}

// FuzzDataPath sends any body through the reference's DATA path and its
// BDAT path and reads the message back from the store:
//
//   - what the suite's dot-stuffing (wire.DotStuff) writes, the reference
//     reads back byte-identical: the stored message, in network form, is
//     the trace fields and then the body (its last line ended);
//   - the reference accepts exactly the bodies RFC 5321 lets it keep
//     (lines end in CRLF, none over 1000 octets), and refuses the rest;
//   - no byte sequence but CRLF.CRLF ends DATA, and nothing ends a BDAT
//     chunk but its size: after the message comes exactly one reply, and
//     the NOOP sent next gets the next, so that nothing in the body was
//     read as a command.
func FuzzDataPath(f *testing.F) {
	for _, s := range dataPathSeeds {
		f.Add([]byte(s.body), s.cuts)
	}
	ref, err := sharedDataPathReference()
	if err != nil {
		f.Fatal(err)
		return
	}
	f.Fuzz(func(t *testing.T, body []byte, cuts uint16) {
		for _, bdat := range []bool{false, true} {
			if err := ref.check(context.Background(), body, bdat, cuts); err != nil {
				t.Fatal(err)
			}
		}
	})
}
