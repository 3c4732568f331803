package smtp

// RFC 5321 §4.1.1.4 (the end of mail data is <CRLF>.<CRLF> and nothing
// else), §2.3.8 (only CRLF ends a line) and §4.5.2 (the lone-period line):
// SMTP smuggling. Each case sends, inside one message, an end-of-data
// look-alike followed by a whole second transaction, then the one real
// <CRLF>.<CRLF>:
//
//	<header> text VARIANT MAIL FROM:<s> CRLF RCPT TO:<m> CRLF DATA CRLF
//	<header> smuggled CRLF . CRLF
//
// A server that reads only CRLF as a line end sees one message and answers
// once: 250 if it keeps the bytes, or a refusal (the reference refuses a
// message holding a bare CR or LF with 554; RFC 5321 §4.1.1.4 lets the
// server fail the processing of any message). A server that takes VARIANT
// for the end of data runs the smuggled MAIL, RCPT and DATA as commands
// and answers five times. The NOOP-then-QUIT sentinel counts the replies.
// A server that refuses the message and hangs up (as some do on a bare LF,
// against §3.8) answered nothing smuggled, and passes here.

import (
	"github.com/mailspec/mailspec/suite/spec"
	"github.com/mailspec/mailspec/suite/wire"
)

// smugglingVariant is one end-of-data look-alike, named by its bytes.
type smugglingVariant struct {
	id      string // the case ID
	name    string // the bytes as written in the table: "<LF>.<LF>"
	bytes   string // what follows the last text of the first message
	section string
	quote   string
}

// Quotes shared by the table.
const (
	quoteLFDotLF    = `In particular, the sequence "<LF>.<LF>" (bare line feeds, without carriage returns) MUST NOT be treated as equivalent to <CRLF>.<CRLF> as the end of mail data indication.`
	quoteBareLF     = `The custom of accepting lines ending only in <LF>, as a concession to non-conforming behavior on the part of some UNIX systems, has proven to cause more interoperability problems than it solves, and SMTP server systems MUST NOT do this, even in the name of improved robustness.`
	quoteOnlyCRLF   = `Conforming implementations MUST NOT recognize or generate any other character or character sequence as a line terminator.`
	quoteEndOfData  = `The mail data are terminated by a line containing only a period, that is, the character sequence "<CRLF>.<CRLF>", where the first <CRLF> is actually the terminator of the previous line (see Section 4.5.2).`
	quoteLonePeriod = `If the line is composed of a single period, it is treated as the end of mail indicator. If the first character is a period and there are other characters on the line, the first character is deleted.`
)

// smugglingBinds says why a variant whose quote defines the end of data,
// rather than forbidding a look-alike, binds the server.
func smugglingBinds(quote string) string {
	if spec.QuoteBinds("5321", quote, MUST) {
		return ""
	}
	return "§4.1.1.4 and §4.5.2 define the end of data as a line of a single period after a CRLF; a server that ends it elsewhere runs message data as commands"
}

// smugglingVariants is the table of end-of-data look-alikes.
var smugglingVariants = []smugglingVariant{
	{"smtp-4.1.1.4-smuggling-lf-dot-lf", "<LF>.<LF>", "\n.\n", "4.1.1.4", quoteLFDotLF},
	{"smtp-4.1.1.4-smuggling-lf-dot-crlf", "<LF>.<CRLF>", "\n.\r\n", "4.1.1.4", quoteBareLF},
	{"smtp-4.1.1.4-smuggling-crlf-dot-lf", "<CRLF>.<LF>", "\r\n.\n", "4.1.1.4", quoteBareLF},
	{"smtp-2.3.8-smuggling-cr-dot-cr", "<CR>.<CR>", "\r.\r", "2.3.8", quoteOnlyCRLF},
	{"smtp-2.3.8-smuggling-cr-dot-lf", "<CR>.<LF>", "\r.\n", "2.3.8", quoteOnlyCRLF},
	{"smtp-2.3.8-smuggling-cr-dot-crlf", "<CR>.<CRLF>", "\r.\r\n", "2.3.8", quoteOnlyCRLF},
	{"smtp-2.3.8-smuggling-crlf-dot-cr", "<CRLF>.<CR>", "\r\n.\r", "2.3.8", quoteOnlyCRLF},
	{"smtp-2.3.8-smuggling-lf-dot-cr", "<LF>.<CR>", "\n.\r", "2.3.8", quoteOnlyCRLF},
	{"smtp-4.1.1.4-smuggling-crlf-nul-dot-crlf", "<CRLF><NUL>.<CRLF>", "\r\n\x00.\r\n", "4.1.1.4", quoteEndOfData},
	{"smtp-4.1.1.4-smuggling-crlf-dot-nul-crlf", "<CRLF>.<NUL><CRLF>", "\r\n.\x00\r\n", "4.1.1.4", quoteEndOfData},
	// A period not at the start of a line: the last line of text runs
	// straight into ".<CRLF>" with no CRLF of its own.
	{"smtp-4.1.1.4-smuggling-text-dot-crlf", "text.<CRLF>", ".\r\n", "4.1.1.4", quoteEndOfData},
	// A period and a space is not a line "composed of a single period":
	// the period is a transparency dot and the space is data.
	{"smtp-4.5.2-smuggling-crlf-dot-sp-crlf", "<CRLF>.<SP><CRLF>", "\r\n. \r\n", "4.5.2", quoteLonePeriod},
	{"smtp-4.5.2-smuggling-crlf-dot-sp-sp-crlf", "<CRLF>.<SP><SP><CRLF>", "\r\n.  \r\n", "4.5.2", quoteLonePeriod},
	// A stuffed lone period: data ".", not the end, however a server
	// orders unstuffing and the end-of-data check.
	{"smtp-4.5.2-smuggling-crlf-dot-dot-crlf", "<CRLF>..<CRLF>", "\r\n..\r\n", "4.5.2", quoteLonePeriod},
}

var _ = registerSmuggling()

func registerSmuggling() struct{} {
	for _, v := range smugglingVariants {
		register(Case{
			ID: v.id, RFC: "5321", Section: v.section, Level: MUST,
			Quote: v.quote,
			Binds: smugglingBinds(v.quote),
			Does:  "sends a message holding " + v.name + " then a smuggled MAIL, RCPT, DATA and message, then the real <CRLF>.<CRLF>; requires exactly one reply to the data (250 or a refusal), then NOOP 250 and QUIT 221 with no reply between",
			Run:   func(s *Session) { s.smuggle(v) },
		})
	}
	return struct{}{}
}

// smuggle runs one smuggling case.
func (s *Session) smuggle(v smugglingVariant) {
	s.startData()
	smuggled := "MAIL FROM:<" + s.Sender() + ">\r\n" +
		"RCPT TO:<" + s.Mailbox() + ">\r\n" +
		"DATA\r\n" +
		s.testHeader("smuggled") + "smuggled\r\n"
	// Only the end of the smuggled message is a real <CRLF>.<CRLF>.
	s.Send(s.testHeader("end-of-data look-alike") + "text" + v.bytes + smuggled + ".\r\n")
	// Read raw: which refusal codes are proper is for smtp-4.3.2-data-codes.
	r := s.Read()
	if r.Class() == 3 {
		spec.Failf("the end of data\nExpected: 250 or a refusal\nActual:   %s", wire.Visible([]byte(r.String())))
	}
	after := "a message holding " + v.name + " and a smuggled transaction"
	noop, open := s.sentinelNoop(after)
	if !open {
		// A server that ended the data at the look-alike and meets the
		// smuggled commands with a refusal ("pipelining not supported")
		// and a hang-up looks, on the wire, like one that refused the
		// whole message and hung up. Neither may close without QUIT
		// (§4.1.1.10, "even if there was an error"), and the close hides
		// where the data ended: no pass.
		spec.Failf("after %s\nExpected: 250 to NOOP, the session still open\nActual:   the server answered %s and closed the connection, so where it ended the data cannot be told (RFC 5321 section 4.1.1.10: the receiver MUST NOT intentionally close the transmission channel until it receives and replies to a QUIT command, even if there was an error)",
			after, wire.Visible([]byte(r.String())))
	}
	s.countStrays(after, noop)
}

var _ = register(Case{
	ID: "smtp-4.1.1.4-no-mail-data", RFC: "5321", Section: "4.1.1.4", Level: MUST,
	Binds: "§4.1.1.4 defines the terminator when there is no mail data; a server that waits for more never answers",
	Quote: `The first <CRLF> of this terminating sequence is also the <CRLF> that ends the final line of the data (message text) or, if there was no mail data, ends the DATA command itself`,
	Does:  "sends DATA, then only .<CRLF>; requires one reply to the end of data (any the table allows for it), then NOOP 250 and QUIT 221",
	Run: func(s *Session) {
		s.startData()
		s.SendData(".\r\n")
		s.expectNoStrayReplies("DATA and an immediate .<CRLF>")
	},
})
