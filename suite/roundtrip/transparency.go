package roundtrip

// Transparency (RFC 5321 §4.5.2, §4.5.3.1, RFC 6152 §3, RFC 3030 §2): what
// the client sends after DATA or in BDAT chunks is what the recipient
// gets, byte for byte, after the fields the server prepends.

import (
	"fmt"
	"strings"

	"github.com/mailspec/mailspec/suite/spec"
	"github.com/mailspec/mailspec/suite/wire"
)

// MUST is the level of every round-trip case: each binds the SMTP server
// with a MUST, or with the protocol's definition of what it does.
const MUST = spec.MUST

// deliversAll is why §4.5.2's "are to be delivered" binds the server.
const deliversAll = "§4.5.2 defines what the receiver does with the transparency dot and says every character is delivered to the mailbox"

var _ = register(Case{
	ID: "smtp-4.5.2-roundtrip-leading-dots", RFC: "5321", Section: "4.5.2", Level: MUST,
	Binds: deliversAll,
	Quote: `If the first character is a period and there are other characters on the line, the first character is deleted.`,
	Does:  "sends, dot-stuffed, body lines \".x\", \"..\", \"...\", \". y\" and \".\" followed by text; reads the message back by POP3 and requires it byte-identical to what was meant, each line with exactly the periods it had before stuffing",
	Run: func(s *Session) {
		m := s.NewMessage("lines starting with dots", "", "first\r\n.x\r\n..\r\n...\r\n. y\r\n.end.\r\nlast\r\n")
		s.Send(m)
		s.ExpectIntact("RETR of a message whose lines begin with periods", m, s.FetchOne(m))
	},
})

var _ = register(Case{
	ID: "smtp-4.5.2-roundtrip-lone-dot-line", RFC: "5321", Section: "4.5.2", Level: MUST,
	Binds: deliversAll,
	Quote: `If the first character is a period and there are other characters on the line, the first character is deleted.`,
	Does:  "sends a body whose lines include a lone \".\" (sent as \"..\") in the middle and as the last line; requires the message back byte-identical, the lone periods kept and nothing cut after them",
	Run: func(s *Session) {
		m := s.NewMessage("a lone dot line", "", "above\r\n.\r\nbelow\r\n.\r\n")
		s.Send(m)
		s.ExpectIntact("RETR of a message with lone-period lines", m, s.FetchOne(m))
	},
})

// highOctets is a body line of every octet 0x80-0xFF, split in two lines
// of 64 to stay short, and UTF-8 text.
func highOctets() string {
	var b strings.Builder
	for c := 0x80; c <= 0xff; c++ {
		b.WriteByte(byte(c))
		if c == 0xbf || c == 0xff {
			b.WriteString("\r\n")
		}
	}
	return "Gr\u00fc\u00dfe, na\u00efve caf\u00e9 \u2014 \u65e5\u672c\u8a9e\r\n" + b.String()
}

var _ = register(Case{
	ID: "smtp-6152.3-roundtrip-8bit-preserved", RFC: "6152", Section: "3", Level: MUST, Extension: "8BITMIME",
	Binds: "RFC 6152 writes its requirement with a lower-case \"shall\", the same force as MUST",
	Quote: `A server that supports the 8-bit MIME transport service extension shall preserve all bits in each octet passed using the DATA command.`,
	Does:  "sends with BODY=8BITMIME a message whose body holds UTF-8 text and every octet 0x80-0xFF; requires it back by POP3 byte-identical",
	Run: func(s *Session) {
		s.SMTP.Ehlo()
		s.SMTP.Require("8BITMIME")
		m := s.NewMessage("8-bit body", "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n", highOctets())
		s.Begin("BODY=8BITMIME", 1)
		s.SMTP.ExpectReply("the end of 8-bit data", s.Data(wire.DotStuff(m.Content)), 250)
		s.ExpectIntact("RETR of an 8-bit message", m, s.FetchOne(m))
	},
})

// longLine is a text line of n octets before its CRLF, starting with
// start and filled with a repeating pattern, so that a split shows where.
func longLine(start string, n int) string {
	var b strings.Builder
	b.WriteString(start)
	for i := 0; b.Len() < n; i++ {
		b.WriteString(fmt.Sprintf("%d-", i%10))
	}
	return b.String()[:n]
}

var _ = register(Case{
	ID: "smtp-4.5.3.1.6-roundtrip-998-octet-lines", RFC: "5321", Section: "4.5.3.1.6", Level: MUST,
	Binds: "§4.5.3.1: \"Every implementation MUST be able to receive objects of at least these sizes\"; a line received is a line delivered (§4.5.2)",
	Quote: `The maximum total length of a text line including the <CRLF> is 1000 octets (not counting the leading dot duplicated for transparency).`,
	Does:  "sends body lines of 998 octets before CRLF, one of them beginning with a period (999 on the wire); requires them back by POP3 byte-identical, not folded or cut",
	Run: func(s *Session) {
		m := s.NewMessage("998-octet lines", "", longLine("a", 998)+"\r\n"+longLine(".b", 998)+"\r\nshort\r\n"+longLine("c", 998)+"\r\n")
		s.Send(m)
		s.ExpectIntact("RETR of a message with 998-octet lines", m, s.FetchOne(m))
	},
})

var _ = register(Case{
	ID: "smtp-4.1.1.4-roundtrip-no-final-newline", RFC: "5321", Section: "4.1.1.4", Level: MUST,
	Binds: "§4.1.1.4 defines the CRLF before the end-of-data dot as the last line's own: the server keeps it once, adds no empty line and drops nothing",
	Quote: `The first <CRLF> of this terminating sequence is also the <CRLF> that ends the final line of the data (message text) or, if there was no mail data, ends the DATA command itself ... An extra <CRLF> MUST NOT be added, as that would cause an empty line to be added to the message.`,
	Does:  "has a message whose last line lacks a line end, and sends it as §4.1.1.4 tells the client, one CRLF added before the end-of-data dot; requires it back by POP3 ending in that line and one CRLF, no empty line after it",
	Run: func(s *Session) {
		m := s.NewMessage("no final newline", "", "the body's only line, with no line end of its own")
		// §4.1.1.4: the originating client MUST "add <CRLF> in order to
		// have the receiving SMTP server recognize the end of data".
		m.Content += "\r\n"
		s.Send(m)
		s.ExpectIntact("RETR of a message whose last line had no line end", m, s.FetchOne(m))
	},
})

var _ = register(Case{
	ID: "smtp-3030.2-roundtrip-bdat-chunks", RFC: "3030", Section: "2", Level: MUST, Extension: "CHUNKING",
	Binds: "§2 defines a chunk as exactly the octets its count gives, with no dot-stuffing: the message is the chunks joined",
	Quote: `The message data is sent immediately after the trailing <CR> <LF> of the BDAT command line. Once the receiver-SMTP receives the specified number of octets, it will return a 250 reply code.`,
	Does:  "sends a message whose lines begin with periods as three BDAT chunks cut mid-line and between a CR and its LF, without dot-stuffing; requires 250 to each and the message back by POP3 byte-identical",
	Run: func(s *Session) {
		s.SMTP.Ehlo()
		s.SMTP.Require("CHUNKING")
		m := s.NewMessage("BDAT chunks", "", "one line\r\n.a period first\r\n.\r\nthe last line\r\n")
		cr := strings.Index(m.Content, "one line\r") + len("one line\r")
		mid := strings.Index(m.Content, ".a period") + 4
		s.Begin("", 1)
		chunks := []string{m.Content[:cr], m.Content[cr:mid], m.Content[mid:]}
		for i, c := range chunks {
			last := i == len(chunks)-1
			s.SMTP.ExpectReply(fmt.Sprintf("BDAT chunk %d of %d (%d octets)", i+1, len(chunks), len(c)), s.SMTP.BDAT(c, last), 250)
		}
		s.ExpectIntact("RETR of a message sent in BDAT chunks", m, s.FetchOne(m))
	},
})

// largestSent bounds the message the near-the-limit case sends, whatever
// the advertised maximum: it must go and come back within the case.
const largestSent = 1 << 20

// sizeMargin is how far under the advertised maximum the message stays,
// room for the trace fields the server adds before it counts.
const sizeMargin = 1024

var _ = register(Case{
	ID: "smtp-1870.4-roundtrip-near-size-limit", RFC: "1870", Section: "4", Level: MUST, Extension: "SIZE",
	Binds: "RFC 1870 predates RFC 2119: the advertised maximum is what the server is willing to accept, and a message accepted is delivered whole (RFC 5321 §4.5.2)",
	Quote: `If a numeric parameter follows the SIZE keyword value of the EHLO response, it indicates the size of the largest message that the server is willing to accept.`,
	Does:  "sends, with SIZE declared, a message 1 KiB under the advertised maximum (at most 1 MiB) in 998-octet lines; requires 250 and the message back by POP3 byte-identical",
	Run: func(s *Session) {
		s.SMTP.Ehlo()
		params := s.SMTP.Require("SIZE")
		size := largestSent
		if n, err := parseSize(params); err == nil && n > 0 && n-sizeMargin < int64(size) {
			size = int(n - sizeMargin)
		}
		m := s.NewMessage(fmt.Sprintf("%d octets", size), "", "")
		var body strings.Builder
		for i := 0; len(m.Content)+body.Len() < size; i++ {
			n := min(998, size-len(m.Content)-body.Len()-2)
			body.WriteString(longLine(fmt.Sprintf("L%d ", i), max(n, 1)) + "\r\n")
		}
		m.Content += body.String()
		s.Begin(fmt.Sprintf("SIZE=%d", len(m.Content)), 1)
		s.SMTP.ExpectReply(fmt.Sprintf("the end of a %d-octet message", len(m.Content)), s.Data(wire.DotStuff(m.Content)), 250)
		s.ExpectIntact(fmt.Sprintf("RETR of a %d-octet message", len(m.Content)), m, s.FetchOne(m))
	},
})

// parseSize reads the SIZE keyword's parameter (RFC 1870 §4), 0 if none.
func parseSize(params string) (int64, error) {
	f := strings.Fields(params)
	if len(f) == 0 {
		return 0, nil
	}
	var n int64
	_, err := fmt.Sscan(f[0], &n)
	return n, err
}
