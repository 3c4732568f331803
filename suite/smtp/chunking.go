package smtp

// RFC 3030 (CHUNKING) §2: BDAT carries exactly the octets it announces,
// answered 250 a chunk; a failed BDAT still has its chunk read and thrown
// away, never run as commands; BDAT out of sequence, after LAST, or mixed
// with DATA is 503; RSET clears the chunks; DATA keeps working.

// commandsAsChunk is chunk data that a server reading it as commands
// would answer: RSET, then QUIT, which would close the connection. Two
// NOOPs after it tell: the first could be mistaken for the RSET's 250,
// the second meets the 221 or a closed connection.
const commandsAsChunk = "RSET\r\nQUIT\r\n"

// expectChunkConsumed is the sentinel after a refused BDAT whose chunk
// was commandsAsChunk: two NOOPs, each answered 250.
func (s *Session) expectChunkConsumed() {
	s.Sync()
	s.Sync()
}

var _ = register(Case{
	ID: "smtp-3030.2-bdat-chunks-250", RFC: "3030", Section: "2", Level: MUST, Extension: "CHUNKING",
	Quote: `A 250 response MUST be sent to each successful BDAT data block within a mail transaction.`,
	Does:  "sends a message as two BDAT chunks, the second with LAST; requires 250 to each",
	Run: func(s *Session) {
		s.Require("CHUNKING")
		s.Transaction()
		s.ExpectReply("BDAT (first chunk)", s.BDAT(s.extMessage("two chunks", "first chunk\r\n"), false), 250)
		s.ExpectReply("BDAT LAST (second chunk)", s.BDAT("second chunk\r\n", true), 250)
	},
})

var _ = register(Case{
	ID: "smtp-3030.2-bdat-zero-last", RFC: "3030", Section: "2", Level: MUST, Extension: "CHUNKING",
	Binds: "§2 lets the client send BDAT 0 LAST; refusing it refuses what the protocol defines",
	Quote: `The optional LAST parameter on the BDAT command indicates that this is the last chunk of message data to be sent. The last BDAT command MAY have a byte-count of zero indicating there is no additional data to be sent.`,
	Does:  "sends a message in one BDAT chunk, then \"BDAT 0 LAST\"; requires 250 to both",
	Run: func(s *Session) {
		s.Require("CHUNKING")
		s.Transaction()
		s.ExpectReply("BDAT (the whole message)", s.BDAT(s.extMessage("empty last chunk", "body\r\n"), false), 250)
		s.ExpectReply("BDAT 0 LAST", s.BDAT("", true), 250)
	},
})

var _ = register(Case{
	ID: "smtp-3030.2-chunk-read-by-count", RFC: "3030", Section: "2", Level: MUST, Extension: "CHUNKING",
	Binds: "§2 defines a chunk's end by its count: \"Once the receiver-SMTP receives the specified number of octets, it will return a 250\"",
	Quote: `The message data is sent immediately after the trailing <CR> <LF> of the BDAT command line. Once the receiver-SMTP receives the specified number of octets, it will return a 250 reply code.`,
	Does:  "sends BDAT LAST with a chunk holding <CRLF>.<CRLF> and QUIT<CRLF>; requires one 250, then 250 to two NOOPs: the chunk ends by its count only",
	Run: func(s *Session) {
		s.Require("CHUNKING")
		s.Transaction()
		chunk := s.extMessage("no end-of-data in BDAT", "before\r\n.\r\nQUIT\r\nafter\r\n")
		s.ExpectReply("BDAT LAST (chunk holding <CRLF>.<CRLF>)", s.BDAT(chunk, true), 250)
		s.expectChunkConsumed()
	},
})

var _ = register(Case{
	ID: "smtp-3030.2-data-after-bdat-503", RFC: "3030", Section: "2", Level: MUST, Extension: "CHUNKING",
	Quote: `DATA and BDAT commands cannot be used in the same transaction. If a DATA statement is issued after a BDAT for the current transaction, a 503 "Bad sequence of commands" MUST be issued.`,
	Does:  "sends one BDAT chunk (250), then DATA; requires 503, then 250 to RSET",
	Run: func(s *Session) {
		s.Require("CHUNKING")
		s.Transaction()
		s.ExpectReply("BDAT (first chunk)", s.BDAT(s.extMessage("DATA after BDAT", "chunk\r\n"), false), 250)
		s.ExpectCmd("DATA", 503)
		// "A RSET command MUST be sent to clear the transaction."
		s.ExpectCmd("RSET", 250)
	},
})

var _ = register(Case{
	ID: "smtp-3030.2-bdat-after-last-503", RFC: "3030", Section: "2", Level: MUST, Extension: "CHUNKING",
	Quote: `Any BDAT command sent after the BDAT LAST is illegal and MUST be replied to with a 503 "Bad sequence of commands" reply code.`,
	Does:  "sends a message with BDAT LAST (250), then another BDAT with a chunk; requires 503, then 250 to RSET and NOOP",
	Run: func(s *Session) {
		s.Require("CHUNKING")
		s.Transaction()
		s.ExpectReply("BDAT LAST", s.BDAT(s.extMessage("BDAT after LAST", "body\r\n"), true), 250)
		s.ExpectReply("BDAT after BDAT LAST", s.BDAT("late\r\n", false), 503)
		s.ExpectCmd("RSET", 250)
		s.Sync()
	},
})

var _ = register(Case{
	ID: "smtp-3030.2-bdat-before-mail-chunk-discarded", RFC: "3030", Section: "2", Level: MUST, Extension: "CHUNKING",
	Quote: `If a failure occurs after a BDAT command is received, the receiver-SMTP MUST accept and discard the associated message data before sending the appropriate 5XX or 4XX code.`,
	Does:  "sends BDAT with no transaction, its chunk being \"RSET<CRLF>QUIT<CRLF>\"; requires 503 or 554 (RFC 5321 §3.3), then 250 to two NOOPs: the chunk did not run",
	Run: func(s *Session) {
		s.Require("CHUNKING")
		// RFC 5321 §3.3, of DATA in the same state: "If there was no
		// MAIL, or no RCPT, command, or all such commands were rejected,
		// the server MAY return a "command out of sequence" (503) or "no
		// valid recipients" (554) reply".
		s.ExpectReply("BDAT before MAIL", s.BDAT(commandsAsChunk, false), 503, 554)
		s.expectChunkConsumed()
	},
})

var _ = register(Case{
	ID: "smtp-3030.2-bdat-before-rcpt-chunk-discarded", RFC: "3030", Section: "2", Level: MUST, Extension: "CHUNKING",
	Quote: `If a failure occurs after a BDAT command is received, the receiver-SMTP MUST accept and discard the associated message data before sending the appropriate 5XX or 4XX code.`,
	Does:  "sends MAIL, then BDAT with no recipient, its chunk being \"RSET<CRLF>QUIT<CRLF>\"; requires 503, then 250 to two NOOPs: the chunk did not run",
	Run: func(s *Session) {
		s.Require("CHUNKING")
		s.ExpectCmd("MAIL FROM:<"+s.Sender()+">", 250)
		// RFC 5321 §3.3 allows 554 (no valid recipients) as well.
		s.ExpectReply("BDAT before RCPT", s.BDAT(commandsAsChunk, false), 503, 554)
		s.expectChunkConsumed()
	},
})

var _ = register(Case{
	ID: "smtp-3030.2-pipelined-chunks-after-failure-discarded", RFC: "3030", Section: "2", Level: MUST, Extension: "CHUNKING",
	Quote: `If the receiver-SMTP has declared support for command pipelining [PIPE], the receiver SMTP MUST be prepared to accept and discard additional BDAT chunks already in the pipeline after the failed BDAT.`,
	Does:  "sends MAIL, BDAT and BDAT LAST (no recipient, each chunk \"RSET<CRLF>QUIT<CRLF>\"), NOOP in one write; requires 250, two refusals, 250, then 250 to NOOP",
	Run: func(s *Session) {
		s.Require("CHUNKING")
		s.Require("PIPELINING")
		mail := "MAIL FROM:<" + s.Sender() + ">"
		first, second := bdatLine(commandsAsChunk, false), bdatLine(commandsAsChunk, true)
		s.Send(mail + "\r\n" + first + "\r\n" + commandsAsChunk + second + "\r\n" + commandsAsChunk + "NOOP\r\n")
		for _, step := range []struct {
			line    string
			allowed []int
		}{
			{mail, []int{250}},
			{first, []int{4, 5}},  // no recipient: the BDAT fails
			{second, []int{4, 5}}, // after a failed BDAT, still in the pipeline
			{"NOOP", []int{250}},
		} {
			r := s.Read()
			s.checkCode(step.line, r)
			s.ExpectReply(step.line+" (pipelined)", r, step.allowed...)
		}
		s.Sync()
	},
})

var _ = register(Case{
	ID: "smtp-3030.2-rset-clears-chunks", RFC: "3030", Section: "2", Level: MUST, Extension: "CHUNKING",
	Binds: "§2 defines RSET's effect on chunks; a BDAT after it has no MAIL, which RFC 5321 §3.3 answers 503 or 554, never as a message",
	Quote: `The RSET command, when issued after the first BDAT and before the BDAT LAST, clears all segments sent during that transaction and resets the session.`,
	Does:  "sends one BDAT chunk (250), RSET (250), then \"BDAT 0 LAST\"; requires 503 or 554: no transaction is left to end",
	Run: func(s *Session) {
		s.Require("CHUNKING")
		s.Transaction()
		s.ExpectReply("BDAT (first chunk)", s.BDAT(s.extMessage("cleared by RSET", "chunk\r\n"), false), 250)
		s.ExpectCmd("RSET", 250)
		// RFC 5321 §3.3: with no MAIL, "503" or "554".
		s.ExpectReply("BDAT 0 LAST after RSET", s.BDAT("", true), 503, 554)
		s.Sync()
	},
})

var _ = register(Case{
	ID: "smtp-3030.2-data-still-supported", RFC: "3030", Section: "2", Level: MUST, Extension: "CHUNKING",
	Quote: `Servers that offer the BDAT extension MUST continue to support the regular SMTP DATA command.`,
	Does:  "sends a message with DATA to a server advertising CHUNKING; requires 354, then 250",
	Run: func(s *Session) {
		s.Require("CHUNKING")
		s.Transaction()
		s.ExpectCmd("DATA", 354)
		s.ExpectReply("end of data", s.SendData(s.extMessage("DATA beside CHUNKING", "body\r\n")+".\r\n"), 250)
	},
})
