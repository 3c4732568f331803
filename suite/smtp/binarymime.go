package smtp

// RFC 3030 (BINARYMIME) §3: where BINARYMIME is advertised, MAIL takes
// BODY=BINARYMIME, the message comes by BDAT, and DATA in such a
// transaction is answered 503.

import "strings"

// binaryBody is a binary body: every octet from 0x00 to 0xFF but CR and
// LF, then CRLF. CR and LF come only as a pair, so that a server may
// store the message in any line-oriented form and still keep every bit.
func binaryBody() string {
	var b strings.Builder
	for c := 0; c <= 0xff; c++ {
		if c != '\r' && c != '\n' {
			b.WriteByte(byte(c))
		}
	}
	return b.String() + "\r\n"
}

// requireBinaryMIME skips the case unless the server advertises both
// BINARYMIME and CHUNKING, which it "can only be used with" (§3 item 3).
func (s *Session) requireBinaryMIME() {
	s.Require("CHUNKING")
	s.Require("BINARYMIME")
}

var _ = register(Case{
	ID: "smtp-3030.3-body-binarymime-accepted", RFC: "3030", Section: "3", Level: MUST, Extension: "BINARYMIME",
	Binds: "§3 item 5 adds BINARYMIME to the BODY values where the keyword is advertised; refusing it, or the message it announces, refuses what the extension defines",
	Quote: `[8BIT] defines the BODY parameter for the MAIL command. This extension defines an additional value for the BODY parameter, "BINARYMIME". The value "BINARYMIME" associated with this parameter indicates that this message is a Binary MIME message (in strict compliance with [MIME]) with arbitrary octet content being sent.`,
	Does:  "sends MAIL with BODY=BINARYMIME, RCPT, then a binary MIME message (every octet but CR and LF) in one BDAT LAST; requires 250 to each",
	Run: func(s *Session) {
		s.requireBinaryMIME()
		s.ExpectCmd("MAIL FROM:<"+s.Sender()+"> BODY=BINARYMIME", 250)
		s.ExpectCmd("RCPT TO:<"+s.Mailbox()+">", 250, 251)
		msg := "MIME-Version: 1.0\r\n" +
			"Content-Type: application/octet-stream\r\n" +
			"Content-Transfer-Encoding: binary\r\n" +
			s.extMessage("binary body", binaryBody())
		s.ExpectReply("BDAT LAST (binary message)", s.BDAT(msg, true), 250)
	},
})

var _ = register(Case{
	ID: "smtp-3030.3-data-after-binarymime-503", RFC: "3030", Section: "3", Level: MUST, Extension: "BINARYMIME",
	Quote: `BINARYMIME cannot be used with the DATA command. If a DATA command is issued after a MAIL command containing the body-value of "BINARYMIME", a 503 "Bad sequence of commands" response MUST be sent.`,
	Does:  "sends MAIL with BODY=BINARYMIME and RCPT (250 each), then DATA; requires 503, then 250 to RSET and NOOP",
	Run: func(s *Session) {
		s.requireBinaryMIME()
		s.ExpectCmd("MAIL FROM:<"+s.Sender()+"> BODY=BINARYMIME", 250)
		s.ExpectCmd("RCPT TO:<"+s.Mailbox()+">", 250, 251)
		s.ExpectCmd("DATA", 503)
		// "The resulting state from this error condition is
		// indeterminate and the transaction MUST be reset with the RSET
		// command."
		s.ExpectCmd("RSET", 250)
		s.Sync()
	},
})
