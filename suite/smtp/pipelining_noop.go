package smtp

// RFC 2920 §3.2 (5): a server offering PIPELINING answers NOOP at once,
// even while the next command is still arriving.

var _ = register(Case{
	ID: "smtp-2920.3.2-noop-reply-not-buffered", RFC: "2920", Section: "3.2", Level: MUST, Extension: "PIPELINING",
	Quote: `(5) MUST NOT buffer responses to EHLO, DATA, VRFY, EXPN, TURN, QUIT, and NOOP.`,
	Does:  "sends NOOP<CRLF> and the first octets of RSET in one write; requires NOOP's 250 before RSET's line is finished, then RSET 250 once it is",
	Run: func(s *Session) {
		s.Require("PIPELINING")
		// The unfinished RSET keeps input pending: a server that holds
		// NOOP's reply to send it with the next one never sends it.
		s.Send("NOOP\r\nRSET")
		r := s.Read()
		s.checkCode("NOOP", r)
		s.ExpectReply("NOOP, followed by an unfinished RSET", r, 250)
		s.Send("\r\n")
		r = s.Read()
		s.checkCode("RSET", r)
		s.ExpectReply("RSET, finished after NOOP's reply", r, 250)
	},
})
