package pop3

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"strings"
	"testing"
)

// wire turns a case name written with <CR> and <LF> into its bytes.
func wire(s string) string {
	return strings.NewReplacer("<CR>", "\r", "<LF>", "\n").Replace(s)
}

// stuffingCases map a message file's bytes to what RETR sends after the
// +OK line, termination included (RFC 1939 §3 byte-stuffing, §11 CRLF).
var stuffingCases = []struct{ file, sent string }{
	{"", ".<CR><LF>"},
	{"a<LF>", "a<CR><LF>.<CR><LF>"},
	{"a<CR><LF>", "a<CR><LF>.<CR><LF>"},
	{"a", "a<CR><LF>.<CR><LF>"}, // no final newline: CRLF added before the dot
	{".<LF>", "..<CR><LF>.<CR><LF>"},
	{".", "..<CR><LF>.<CR><LF>"},
	{"..<LF>", "...<CR><LF>.<CR><LF>"},
	{".a<LF>b.<LF>", "..a<CR><LF>b.<CR><LF>.<CR><LF>"},
	{"a<LF>.<LF>b<LF>", "a<CR><LF>..<CR><LF>b<CR><LF>.<CR><LF>"},
	{"a<LF>.<CR><LF>", "a<CR><LF>..<CR><LF>.<CR><LF>"},
	{"<LF>.<LF>", "<CR><LF>..<CR><LF>.<CR><LF>"},
	{"a<CR>.<LF>", "a<CR>.<CR><LF>.<CR><LF>"}, // a dot after a stray CR does not start a line
	{"a<LF><CR><LF>.", "a<CR><LF><CR><LF>..<CR><LF>.<CR><LF>"},
}

// TestStuffing puts each case in the maildrop as a raw file and checks RETR
// byte for byte, and that LIST's size is the unstuffed length.
func TestStuffing(t *testing.T) {
	f := newFixture(t)
	for i, c := range stuffingCases {
		f.putFile("alice", fmt.Sprintf("%d.M0P0Q0.case", 1000+i), wire(c.file))
	}
	cl := f.dial()
	cl.login("alice", "secret")
	for i, c := range stuffingCases {
		t.Run(c.file, func(t *testing.T) {
			sent := wire(c.sent)
			size := len(unstuff(strings.TrimSuffix(sent, ".\r\n")))
			if got, want := cl.ok(fmt.Sprintf("LIST %d", i+1)), fmt.Sprintf("+OK %d %d", i+1, size); got != want {
				t.Errorf("LIST = %q, want %q", got, want)
			}
			if got, want := cl.ok(fmt.Sprintf("RETR %d", i+1)), fmt.Sprintf("+OK %d octets", size); got != want {
				t.Errorf("RETR status = %q, want %q", got, want)
			}
			var got bytes.Buffer
			for !strings.HasSuffix(got.String(), "\r\n.\r\n") && got.String() != ".\r\n" {
				l, err := cl.br.ReadString('\n')
				if err != nil {
					t.Fatalf("after %q: %v", got.String(), err)
				}
				got.WriteString(l)
			}
			if got.String() != sent {
				t.Errorf("RETR sent %q, want %q", got.String(), sent)
			}
		})
	}
}

func TestDotWriter(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"", ".\r\n"},
		{"x", "x\r\n.\r\n"}, // a body not ending its line is ended
		{".x\r\n", "..x\r\n.\r\n"},
	} {
		var b bytes.Buffer
		w := bufio.NewWriter(&b)
		d := newDotWriter(w)
		// One octet per write: the start of a line is found across writes.
		for i := 0; i < len(c.in); i++ {
			io.WriteString(d, c.in[i:i+1])
		}
		d.Close()
		w.Flush()
		if b.String() != c.want {
			t.Errorf("%q → %q, want %q", c.in, b.String(), c.want)
		}
	}
}
