package smtp

// RFC 1870 (SIZE) §3, §6, §7: the EHLO SIZE parameter's syntax, and the
// extended MAIL command — a declared size over the advertised maximum is
// refused with 552, one within it accepted, a malformed one refused, and
// the declared size never taken for the end of the message.

import (
	"math/big"
	"regexp"
	"strings"

	"github.com/mailspec/mailspec/suite/spec"
)

// sizeParam matches the SIZE keyword's parameter (RFC 1870 §3):
// size-param ::= [1*DIGIT].
var sizeParam = regexp.MustCompile(`^[0-9]*$`)

// fixedMaximum is the fixed maximum message size the session's EHLO
// advertised with SIZE; it skips the case when none is (no parameter, or
// 0: RFC 1870 §3, "no fixed maximum message size is in force").
func (s *Session) fixedMaximum() *big.Int {
	params := s.Require("SIZE")
	n, ok := new(big.Int).SetString(strings.TrimSpace(params), 10)
	if !ok || n.Sign() == 0 {
		spec.Skipf("the server advertises no fixed maximum message size (SIZE %q)", params)
	}
	return n
}

// twentyNines is the largest size-value (RFC 1870 §3: 1*20DIGIT).
const twentyNines = "99999999999999999999"

var _ = register(Case{
	ID: "smtp-1870.3-ehlo-size-parameter-syntax", RFC: "1870", Section: "3", Level: MUST, Extension: "SIZE",
	Binds: "RFC 1870 §3's size-param grammar is the server's own advertisement",
	Quote: `one optional parameter is allowed with this EHLO keyword value, a decimal number indicating the fixed maximum message size in bytes that the server will accept. The syntax of the parameter is as follows, using the augmented BNF notation of [2]: size-param ::= [1*DIGIT]`,
	Does:  "reads the SIZE line of the EHLO reply; requires no parameter or a decimal number",
	Run: func(s *Session) {
		params := s.Require("SIZE")
		if !sizeParam.MatchString(params) {
			spec.Failf("the SIZE keyword's parameter is not size-param (RFC 1870 section 3)\nExpected: SIZE, or SIZE and a decimal number\nActual:   SIZE %s", params)
		}
	},
})

var _ = register(Case{
	ID: "smtp-1870.7-size-over-maximum-552", RFC: "1870", Section: "7", Level: MUST, Extension: "SIZE",
	Quote: `Such a server must accept the extended MAIL command and return a 552 reply code if the client's declared size exceeds its fixed size limit (if any), but it need not detect "temporary" limitations on message size.`,
	Does:  "sends MAIL with SIZE= one more than the advertised maximum; requires 552",
	Run: func(s *Session) {
		over := new(big.Int).Add(s.fixedMaximum(), big.NewInt(1))
		if len(over.String()) > len(twentyNines) {
			spec.Skipf("the advertised maximum leaves no size-value above it")
		}
		s.ExpectCmd("MAIL FROM:<"+s.Sender()+"> SIZE="+over.String(), 552)
		s.Sync()
	},
})

var _ = register(Case{
	ID: "smtp-1870.3-size-twenty-digits", RFC: "1870", Section: "3", Level: MUST, Extension: "SIZE",
	Binds: "§3's size-value ::= 1*20DIGIT; refusing 20 digits as syntax refuses valid input",
	Quote: `The value associated with this parameter is a decimal number indicating the size of the message that is to be transmitted. The syntax of the value is as follows, using the augmented BNF notation of [2]: size-value ::= 1*20DIGIT`,
	Does:  "sends MAIL with SIZE= twenty nines, well-formed and over any advertised maximum; requires 552, not a syntax error",
	Run: func(s *Session) {
		if max := s.fixedMaximum(); max.String() == twentyNines {
			spec.Skipf("the advertised maximum is the largest size-value")
		}
		s.ExpectCmd("MAIL FROM:<"+s.Sender()+"> SIZE="+twentyNines, 552)
		s.Sync()
	},
})

var _ = register(Case{
	ID: "smtp-1870.7-size-within-maximum-accepted", RFC: "1870", Section: "7", Level: MUST, Extension: "SIZE",
	Quote: `Such a server must accept the extended MAIL command and return a 552 reply code if the client's declared size exceeds its fixed size limit (if any), but it need not detect "temporary" limitations on message size.`,
	Does:  "sends MAIL with SIZE=1024; requires 250",
	Run: func(s *Session) {
		s.Require("SIZE")
		// 1024 octets is within any maximum a server can advertise:
		// RFC 5321 §4.5.3.1.7 requires at least 64K.
		s.ExpectCmd("MAIL FROM:<"+s.Sender()+"> SIZE=1024", 250)
	},
})

// Malformed SIZE values. RFC 5321 §4.1.4 answers an unacceptable MAIL
// argument with 501; §4.1.1.11 gives 555 to a parameter the server cannot
// implement, which a server may say of a value it cannot read. Either way
// the session stays usable.
var _ = register(Case{
	ID: "smtp-1870.6-size-value-not-digits", RFC: "1870", Section: "6", Level: MUST, Strict: true, Extension: "SIZE",
	Binds: "grammar only: no sentence obliges refusing SIZE=10K, so accepting it is lenient (strict)",
	Quote: `The complete syntax of this extended command is defined in [5]. The esmtp-keyword is "SIZE" and the syntax for esmtp-value is given by the syntax for size-value shown above.`,
	Does:  "sends MAIL with SIZE=10K; requires 501 or 555, then a usable session",
	Run: func(s *Session) {
		s.Require("SIZE")
		s.ExpectCmd("MAIL FROM:<"+s.Sender()+"> SIZE=10K", 501, 555)
		s.Sync()
	},
})

var _ = register(Case{
	ID: "smtp-1870.6-size-without-value", RFC: "1870", Section: "6", Level: MUST, Strict: true, Extension: "SIZE",
	Binds: "grammar only: no sentence obliges refusing a SIZE without a value, so accepting it is lenient (strict)",
	Quote: `The complete syntax of this extended command is defined in [5]. The esmtp-keyword is "SIZE" and the syntax for esmtp-value is given by the syntax for size-value shown above.`,
	Does:  "sends MAIL with a bare SIZE keyword and no value; requires 501 or 555, then a usable session",
	Run: func(s *Session) {
		s.Require("SIZE")
		s.ExpectCmd("MAIL FROM:<"+s.Sender()+"> SIZE", 501, 555)
		s.Sync()
	},
})

var _ = register(Case{
	ID: "smtp-1870.6-size-not-end-of-content", RFC: "1870", Section: "6", Level: MUST, Extension: "SIZE",
	Quote: `NOTE: Servers MUST NOT use the SIZE parameter to determine end of content in the DATA command.`,
	Does:  "declares SIZE=10 and sends a longer message; requires one reply after the end of data (250, or any refusal), then 250 to NOOP",
	Run: func(s *Session) {
		s.Require("SIZE")
		s.ExpectCmd("MAIL FROM:<"+s.Sender()+"> SIZE=10", 250)
		s.ExpectCmd("RCPT TO:<"+s.Mailbox()+">", 250, 251)
		s.ExpectCmd("DATA", 354)
		body := "The declared size was ten octets.\r\nNOOP\r\nRSET\r\nThe end of content is the dot below.\r\n"
		// RFC 1870 §6.3: a server may refuse a message larger than
		// declared, once it has read it; whether and how it refuses is
		// not this case's question, only that the data ended at the dot.
		s.ExpectReply("end of data", s.SendData(s.extMessage("longer than declared", body)+".\r\n"), 250, 4, 5)
		s.Sync()
	},
})
