package smtp

// RFC 2920 (PIPELINING) §3.1 and §3.2: a server that advertises
// PIPELINING answers a batch of commands sent in one write with one reply
// per command, in order, sends pending replies as soon as its input runs
// dry, and never throws buffered input away.

import "github.com/mailspec/mailspec/suite/spec"

var _ = register(Case{
	ID: "smtp-2920.3.2-replies-in-order", RFC: "2920", Section: "3.2", Level: MUST, Extension: "PIPELINING",
	Quote: `A server SMTP implementation that offers the pipelining extension: (1) MUST respond to commands in the order they are received from the client.`,
	Does:  "sends MAIL, RCPT, RCPT, DATA in one write; requires four replies in that order (250, 250/251, any, 354), then delivers",
	Run: func(s *Session) {
		s.Require("PIPELINING")
		first := s.Mailbox()
		second := s.T.SecondMailbox
		if second == "" {
			second = first
		}
		rs := s.Pipelined("MAIL FROM:<"+s.Sender()+">", "RCPT TO:<"+first+">", "RCPT TO:<"+second+">", "DATA")
		s.ExpectReply("MAIL (1st of 4 pipelined)", rs[0], 250)
		s.ExpectReply("RCPT (2nd of 4 pipelined)", rs[1], 250, 251)
		// The second recipient may be refused (a duplicate, a policy);
		// a 3xx here would be the DATA reply out of place.
		s.ExpectReply("RCPT (3rd of 4 pipelined)", rs[2], 2, 4, 5)
		s.ExpectReply("DATA (4th of 4 pipelined)", rs[3], 354)
		s.ExpectReply("end of data", s.SendData(s.extMessage("pipelined", "one write\r\n")+".\r\n"), 250)
	},
})

var _ = register(Case{
	ID: "smtp-2920.3.2-flush-when-input-drained", RFC: "2920", Section: "3.2", Level: MUST, Extension: "PIPELINING",
	Quote: `(7) MUST send all pending responses immediately whenever the local TCP input buffer is emptied.`,
	Does:  "sends MAIL and RCPT in one write and nothing after; requires both replies without another command to push them",
	Run: func(s *Session) {
		s.Require("PIPELINING")
		rs := s.Pipelined("MAIL FROM:<"+s.Sender()+">", "RCPT TO:<"+s.Mailbox()+">")
		s.ExpectReply("MAIL (1st of 2 pipelined)", rs[0], 250)
		s.ExpectReply("RCPT (2nd of 2 pipelined)", rs[1], 250, 251)
	},
})

var _ = register(Case{
	ID: "smtp-2920.3.2-input-kept-after-failure", RFC: "2920", Section: "3.2", Level: MUST, Extension: "PIPELINING",
	Quote: `(9) MUST NOT flush or otherwise lose the contents of the TCP input buffer under any circumstances whatsoever.`,
	Does:  "sends RCPT (out of order), MAIL, RCPT, NOOP in one write; requires 503, 250, 250/251, 250: the failure loses none of the batch",
	Run: func(s *Session) {
		s.Require("PIPELINING")
		rcpt := "RCPT TO:<" + s.Mailbox() + ">"
		rs := s.Pipelined(rcpt, "MAIL FROM:<"+s.Sender()+">", rcpt, "NOOP")
		s.ExpectReply("RCPT before MAIL (1st of 4 pipelined)", rs[0], 503)
		s.ExpectReply("MAIL (2nd of 4 pipelined)", rs[1], 250)
		s.ExpectReply("RCPT (3rd of 4 pipelined)", rs[2], 250, 251)
		s.ExpectReply("NOOP (4th of 4 pipelined)", rs[3], 250)
	},
})

var _ = register(Case{
	ID: "smtp-2920.3.2-unrecognized-command-answered-in-place", RFC: "2920", Section: "3.2", Level: MUST, Extension: "PIPELINING",
	Quote: `(6) MUST NOT buffer responses to unrecognized commands.`,
	Does:  "sends MAIL, an unknown verb, RCPT, NOOP in one write; requires 250, a refusal (5yz), 250/251, 250 in that order",
	Run: func(s *Session) {
		s.Require("PIPELINING")
		rs := s.Pipelined("MAIL FROM:<"+s.Sender()+">", "XMAILSPEC", "RCPT TO:<"+s.Mailbox()+">", "NOOP")
		s.ExpectReply("MAIL (1st of 4 pipelined)", rs[0], 250)
		// The order of the replies is the MUST; which refusal the
		// unknown verb gets is RFC 5321 §4.2.4's SHOULD (500), another
		// case's concern.
		s.ExpectReply("XMAILSPEC (2nd of 4 pipelined)", rs[1], 5)
		s.ExpectReply("RCPT (3rd of 4 pipelined)", rs[2], 250, 251)
		s.ExpectReply("NOOP (4th of 4 pipelined)", rs[3], 250)
	},
})

var _ = register(Case{
	ID: "smtp-2920.3.1-rset-inside-group", RFC: "2920", Section: "3.1", Level: MUST, Extension: "PIPELINING",
	Binds: "RFC 2920 §3.2 (1) and (8): answer in order and assume nothing of commands to come; RSET's effect (RFC 5321 §4.1.1.5) applies in place",
	Quote: `In particular, the commands RSET, MAIL FROM, SEND FROM, SOML FROM, SAML FROM, and RCPT TO can all appear anywhere in a pipelined command group.`,
	Does:  "sends MAIL, RCPT, RSET, RCPT, NOOP in one write; requires 250, 250/251, 250, 503 (RSET ended the transaction in place), 250",
	Run: func(s *Session) {
		s.Require("PIPELINING")
		rcpt := "RCPT TO:<" + s.Mailbox() + ">"
		rs := s.Pipelined("MAIL FROM:<"+s.Sender()+">", rcpt, "RSET", rcpt, "NOOP")
		s.ExpectReply("MAIL (1st of 5 pipelined)", rs[0], 250)
		s.ExpectReply("RCPT (2nd of 5 pipelined)", rs[1], 250, 251)
		s.ExpectReply("RSET (3rd of 5 pipelined)", rs[2], 250)
		s.ExpectReply("RCPT after RSET (4th of 5 pipelined)", rs[3], 503)
		s.ExpectReply("NOOP (5th of 5 pipelined)", rs[4], 250)
	},
})

var _ = register(Case{
	ID: "smtp-2920.3.1-message-then-next-transaction", RFC: "2920", Section: "3.1", Level: MUST, Extension: "PIPELINING",
	Binds: "RFC 2920 §3.2 (9): a server \"MUST NOT flush or otherwise lose the contents of the TCP input buffer\"",
	Quote: `The actual transfer of message content is explicitly allowed to be the first "command" in a group. That is, a RSET/MAIL FROM sequence used to initiate a new message transaction can be placed in the same group as the final transfer of the headers and body of the previous message.`,
	Does:  "after 354 sends the message, its end, then RSET, MAIL, RCPT, DATA in one write; requires 250, 250, 250, 250/251, 354, then delivers the second",
	Run: func(s *Session) {
		s.Require("PIPELINING")
		s.Transaction()
		s.ExpectCmd("DATA", 354)
		lines := []string{"RSET", "MAIL FROM:<" + s.Sender() + ">", "RCPT TO:<" + s.Mailbox() + ">", "DATA"}
		s.Send(s.extMessage("first of two", "first\r\n") + ".\r\n" + lines[0] + "\r\n" + lines[1] + "\r\n" + lines[2] + "\r\n" + lines[3] + "\r\n")
		end := s.Read()
		s.checkCodeIn("<end of data>", end, endOfDataCodes)
		s.ExpectReply("end of the first message (1st of 5 pipelined)", end, 250)
		allowed := [][]int{{250}, {250}, {250, 251}, {354}}
		for i, l := range lines {
			r := s.Read()
			s.checkCode(l, r)
			s.ExpectReply(l+" (pipelined after the end of data)", r, allowed[i]...)
		}
		s.ExpectReply("end of the second message", s.SendData(s.extMessage("second of two", "second\r\n")+".\r\n"), 250)
	},
})

var _ = register(Case{
	ID: "smtp-2920.3.2-data-refused-without-valid-rcpt", RFC: "2920", Section: "3.2", Level: SHOULD, Extension: "PIPELINING",
	Quote: `(3) SHOULD issue a positive response to the DATA command if and only if one or more valid RCPT TO addresses have been previously received.`,
	Does:  "sends MAIL, RCPT to a relay address the server refuses, DATA in one write; requires DATA refused (4xx or 5xx), not 354",
	Run: func(s *Session) {
		s.Require("PIPELINING")
		rs := s.Pipelined("MAIL FROM:<"+s.Sender()+">", "RCPT TO:<"+s.T.RelayRecipient+">", "DATA")
		s.ExpectReply("MAIL (1st of 3 pipelined)", rs[0], 250)
		if rs[1].Class() == 2 {
			// The server took the relay recipient (another case's
			// concern), so DATA had a valid recipient to go ahead with.
			spec.Skipf("the server accepted the relay recipient %s, so there was a valid recipient", s.T.RelayRecipient)
		}
		// RFC 5321 §3.3 names 503 and 554 for DATA without a valid
		// recipient; a transient refusal does not go ahead either.
		s.ExpectReply("DATA after every RCPT failed (3rd of 3 pipelined)", rs[2], 4, 5)
		s.Sync()
	},
})

var _ = register(Case{
	ID: "smtp-2920.3.2-data-accepted-after-last-rcpt-failed", RFC: "2920", Section: "3.2", Level: SHOULD, Extension: "PIPELINING",
	Quote: `(3) SHOULD issue a positive response to the DATA command if and only if one or more valid RCPT TO addresses have been previously received.`,
	Does:  "sends MAIL, a valid RCPT, a refused relay RCPT, DATA in one write; requires 354: the last RCPT failing does not refuse DATA",
	Run: func(s *Session) {
		s.Require("PIPELINING")
		rs := s.Pipelined("MAIL FROM:<"+s.Sender()+">", "RCPT TO:<"+s.Mailbox()+">", "RCPT TO:<"+s.T.RelayRecipient+">", "DATA")
		s.ExpectReply("MAIL (1st of 4 pipelined)", rs[0], 250)
		s.ExpectReply("RCPT (2nd of 4 pipelined)", rs[1], 250, 251)
		if rs[2].Class() == 2 {
			// An open relay: stop before sending it any message.
			spec.Skipf("the server accepted the relay recipient %s, so no RCPT failed", s.T.RelayRecipient)
		}
		s.ExpectReply("DATA after one valid RCPT (4th of 4 pipelined)", rs[3], 354)
		s.ExpectReply("end of data", s.SendData(s.extMessage("last recipient refused", "one valid recipient\r\n")+".\r\n"), 250)
	},
})
