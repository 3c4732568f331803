package mailstore

import (
	"bytes"
	"io"
	"strings"
	"testing"
	"testing/iotest"
)

// wire turns a case name written with <CR> and <LF> into its bytes.
func wire(s string) string {
	return strings.NewReplacer("<CR>", "\r", "<LF>", "\n").Replace(s)
}

// crlfCases map a file's bytes to its network form (RFC 1939 §11).
var crlfCases = []struct{ in, want string }{
	{"", ""},                                             // empty stays empty
	{"a<LF>", "a<CR><LF>"},                               // local form
	{"a<CR><LF>", "a<CR><LF>"},                           // already CRLF: kept
	{"a", "a<CR><LF>"},                                   // no final line end: added
	{"a<LF>b", "a<CR><LF>b<CR><LF>"},                     // last line unterminated
	{"<LF>", "<CR><LF>"},                                 // one empty line
	{"<LF><LF>", "<CR><LF><CR><LF>"},                     // two empty lines
	{"a<CR>b<LF>", "a<CR>b<CR><LF>"},                     // stray CR kept as content
	{"a<CR>", "a<CR><CR><LF>"},                           // final stray CR: CRLF still added
	{"a<CR><CR><LF>", "a<CR><CR><LF>"},                   // CR then CRLF
	{"a<LF><CR><LF>b<LF>", "a<CR><LF><CR><LF>b<CR><LF>"}, // mixed ends
	{".<LF>", ".<CR><LF>"},                               // dots are not this layer's business
}

func TestCRLFReader(t *testing.T) {
	for _, c := range crlfCases {
		t.Run(c.in, func(t *testing.T) {
			in, want := wire(c.in), wire(c.want)
			// One byte at a time puts every CR and LF on a read boundary.
			for _, r := range []io.Reader{strings.NewReader(in), iotest.OneByteReader(strings.NewReader(in))} {
				got, err := io.ReadAll(iotest.OneByteReader(NewCRLFReader(r)))
				if err != nil || string(got) != want {
					t.Errorf("NewCRLFReader(%q) = %q, %v; want %q", in, got, err, want)
				}
			}
			size, err := CRLFSize(iotest.OneByteReader(strings.NewReader(in)))
			if err != nil || size != int64(len(want)) {
				t.Errorf("CRLFSize(%q) = %d, %v; want %d", in, size, err, len(want))
			}
			if got := AppendCRLF([]byte("x"), []byte(in)); string(got) != "x"+want {
				t.Errorf("AppendCRLF(x, %q) = %q; want %q", in, got, "x"+want)
			}
		})
	}
}

func TestCRLFReaderLarge(t *testing.T) {
	var in bytes.Buffer
	for in.Len() < 200<<10 {
		in.WriteString("0123456789 abcdefghijklmnopqrstuvwxyz\n")
	}
	want := bytes.ReplaceAll(in.Bytes(), []byte("\n"), []byte("\r\n"))
	got, err := io.ReadAll(NewCRLFReader(bytes.NewReader(in.Bytes())))
	if err != nil || !bytes.Equal(got, want) {
		t.Fatalf("large message: %d octets, %v; want %d octets", len(got), err, len(want))
	}
	if size, _ := CRLFSize(bytes.NewReader(in.Bytes())); size != int64(len(want)) {
		t.Fatalf("CRLFSize = %d, want %d", size, len(want))
	}
}

// topCases are RFC 1939 §7 TOP: headers, the blank line, n body lines.
var topCases = []struct {
	in    string
	lines int
	want  string
}{
	{"H: 1<CR><LF><CR><LF>b1<CR><LF>b2<CR><LF>", 0, "H: 1<CR><LF><CR><LF>"},
	{"H: 1<CR><LF><CR><LF>b1<CR><LF>b2<CR><LF>", 1, "H: 1<CR><LF><CR><LF>b1<CR><LF>"},
	{"H: 1<CR><LF><CR><LF>b1<CR><LF>b2<CR><LF>", 2, "H: 1<CR><LF><CR><LF>b1<CR><LF>b2<CR><LF>"},
	{"H: 1<CR><LF><CR><LF>b1<CR><LF>b2<CR><LF>", 9, "H: 1<CR><LF><CR><LF>b1<CR><LF>b2<CR><LF>"},
	{"H: 1<CR><LF>H: 2<CR><LF>", 0, "H: 1<CR><LF>H: 2<CR><LF>"},                   // no body: whole message
	{"<CR><LF>b1<CR><LF>b2<CR><LF>", 1, "<CR><LF>b1<CR><LF>"},                     // no headers
	{"H: 1<CR><LF><CR><LF><CR><LF>b2<CR><LF>", 1, "H: 1<CR><LF><CR><LF><CR><LF>"}, // blank body line counts
	{"H: <CR><CR><LF><CR><LF>b1<CR><LF>", 0, "H: <CR><CR><LF><CR><LF>"},           // CR CR LF is not blank
	{"", 3, ""},
}

func TestTopReader(t *testing.T) {
	for _, c := range topCases {
		t.Run(c.in, func(t *testing.T) {
			in, want := wire(c.in), wire(c.want)
			got, err := io.ReadAll(NewTopReader(iotest.OneByteReader(strings.NewReader(in)), c.lines))
			if err != nil || string(got) != want {
				t.Errorf("TOP %d of %q = %q, %v; want %q", c.lines, in, got, err, want)
			}
			got, err = io.ReadAll(NewTopReader(strings.NewReader(in), c.lines))
			if err != nil || string(got) != want {
				t.Errorf("TOP %d of %q (one read) = %q, %v; want %q", c.lines, in, got, err, want)
			}
		})
	}
}
