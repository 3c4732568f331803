package fuzz

import (
	"testing"
)

// sessionSeeds are inputs for FuzzSessions, each a program the grammar
// decodes (see Decode; the first byte of each step picks its op).
var sessionSeeds = [][]byte{
	{0, 4, 0, 0, 7, 11, 3, 3, 1, 2, 22, 1},                   // EHLO, MAIL, RCPT self, DATA with dots, QUIT
	{7, 4, 0, 0, 11, 0},                                      // RCPT and DATA before EHLO and MAIL
	{0, 4, 0, 0, 7, 13, 3, 2, 2, 0},                          // BDAT LAST
	{0, 20, 0, 0, 4, 0, 0},                                   // STARTTLS, then MAIL before EHLO
	{0, 20, 2, 0},                                            // STARTTLS with QUIT pipelined behind it
	{0, 23, 4, 0, 0, 23, 7, 23, 14, 23, 15, 0},               // a pipelined batch
	{0, 21, 0, 0, 21, 1, 1, 8},                               // AUTH PLAIN right, then wrong
	{0, 4, 0, 0, 7, 11, 2, 6, 7, 22, 1, 0, 0, 5, 0, 7, 3, 0}, // end-of-data look-alikes, then POP3
}

// FuzzSessions decodes the input into SMTP and POP3 sessions and runs them
// against the in-process reference: the oracle must find nothing.
func FuzzSessions(f *testing.F) {
	for _, s := range sessionSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		p := Decode(data, testAccount)
		if fd := runReference(t, refOptions{}, p); fd != nil {
			t.Fatalf("%v\n%s", fd, joinLog(fd.Log))
		}
	})
}

func joinLog(l []string) string {
	s := ""
	for _, x := range l {
		s += x + "\n"
	}
	return s
}
