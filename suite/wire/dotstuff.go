package wire

import "strings"

// DotStuff applies the transparency procedure of RFC 5321 §4.5.2 to text
// whose lines end in CRLF: a line that begins with "." gets one more in
// front, so that no line of the text can read as the end-of-data line.
// POP3's byte-stuffing of multi-line responses (RFC 1939 §3) is the same
// rule. Only CRLF starts a line: a "." after a bare CR or a bare LF is
// left alone, as a strict receiver reads it as data. The end-of-data line
// itself (".\r\n") is the caller's to append.
//
// It is the one transparency writer of the suite and of the fuzzer, so
// that what the fuzzer proves of it holds for every case that sends data.
func DotStuff(text string) string {
	lines := strings.SplitAfter(text, "\r\n")
	for i, l := range lines {
		if strings.HasPrefix(l, ".") {
			lines[i] = "." + l
		}
	}
	return strings.Join(lines, "")
}
