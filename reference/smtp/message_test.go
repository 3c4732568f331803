package smtp

import (
	"bytes"
	"math/rand/v2"
	"testing"
)

// TestDataWriterRunsAsOctets checks the bulk path of dataWriter.Write
// against its definition: a message written in fragments of any size,
// runs copied whole, leaves the writer as writing it one octet at a time
// does (the octets stored, the line length, the header state, the hops
// counted, the bare line ends and long lines seen).
func TestDataWriterRunsAsOctets(t *testing.T) {
	// Pieces that meet at every kind of boundary: CRLF, bare CR and LF,
	// header fields counted as hops, runs long enough for a long line.
	pieces := []string{"\r\n", "\r", "\n", "a", "Received: x", "RECEIVED:", "Subject: y", ".", "..", "0123456789", "\x00", "\xff"}
	cfg := &Config{MaxTextLine: 40, MaxMessageSize: 1 << 20, MaxHops: 100}
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 2000 {
		var msg bytes.Buffer
		for range rng.IntN(40) {
			msg.WriteString(pieces[rng.IntN(len(pieces))])
		}
		newWriter := func() *dataWriter {
			return &dataWriter{s: &session{cfg: cfg}, inHeader: true, head: make([]byte, 0, len("received:"))}
		}
		bulk, single := newWriter(), newWriter()
		for rest := msg.Bytes(); len(rest) > 0; {
			n := 1 + rng.IntN(len(rest))
			bulk.Write(rest[:n])
			rest = rest[n:]
		}
		for _, c := range msg.Bytes() {
			single.octet(c)
		}
		type state struct {
			out                   string
			lineLen, hops         int
			pendingCR, inHeader   bool
			head                  string
			bareLineEnd, longLine bool
		}
		got := state{string(bulk.out), bulk.lineLen, bulk.hops, bulk.pendingCR, bulk.inHeader, string(bulk.head), bulk.bareLineEnd, bulk.longLine}
		want := state{string(single.out), single.lineLen, single.hops, single.pendingCR, single.inHeader, string(single.head), single.bareLineEnd, single.longLine}
		if got != want {
			t.Fatalf("message %d %q:\nwritten in runs %+v\noctet by octet  %+v", i, msg.String(), got, want)
		}
	}
}
