package smtp

// RFC 5321 §4.1.4 (Order of Commands) and §3.3 (Mail Transactions): a
// command out of order gets 503 and changes nothing, so the session stays
// usable after it.

import (
	"strings"

	"github.com/mailspec/mailspec/suite/spec"
	"github.com/mailspec/mailspec/suite/wire"
)

var _ = register(Case{
	// MAY: the MUST binds the client, and no sentence tells a server to
	// enforce it. A server that does answers 503 (the reply §4.1.4 gives
	// for commands out of order); one that processes MAIL anyway breaks
	// nothing, and the case records it.
	ID: "smtp-4.1.4-mail-before-ehlo", RFC: "5321", Section: "4.1.4", Level: MAY,
	Quote: `A session that will contain mail transactions MUST first be initialized by the use of the EHLO command.`,
	Does:  "sends MAIL before any EHLO or HELO; records whether it is refused with 503 (info if not), then requires a usable session",
	Run: func(s *Session) {
		s.ExpectCmd("MAIL FROM:<"+s.Sender()+">", 503)
		s.Sync()
	},
})

var _ = register(Case{
	ID: "smtp-4.1.4-rcpt-before-mail", RFC: "5321", Section: "3.3", Level: MUST,
	Quote: quoteRcptWithoutMail,
	Does:  "sends RCPT after EHLO with no MAIL; requires 503, then a usable session",
	Run: func(s *Session) {
		s.Ehlo()
		s.ExpectCmd("RCPT TO:<"+s.Mailbox()+">", 503)
		s.Sync()
	},
})

// quoteRcptWithoutMail is the server's duty for RCPT out of order.
const quoteRcptWithoutMail = `If a RCPT command appears without a previous MAIL command, the server MUST return a 503 "Bad sequence of commands" response.`

const quoteOutOfOrder = `If the commands in a transaction are out of order to the degree that they cannot be processed by the server, a 503 failure reply MUST be returned and the SMTP server MUST stay in the same state.`

var _ = register(Case{
	// The session's own MUST ("MUST first be initialized by the use of
	// the EHLO command") binds the client; §3.3 binds the server.
	ID: "smtp-4.1.4-rcpt-before-ehlo", RFC: "5321", Section: "3.3", Level: MUST,
	Quote: quoteRcptWithoutMail,
	Does:  "sends RCPT before any EHLO or HELO; requires 503, then a usable session",
	Run: func(s *Session) {
		s.ExpectCmd("RCPT TO:<"+s.Mailbox()+">", 503)
		s.Sync()
	},
})

var _ = register(Case{
	ID: "smtp-4.1.4-data-before-ehlo", RFC: "5321", Section: "3.3", Level: MUST,
	Quote: quoteNoRecipient,
	Binds: bindsNoRecipient,
	Does:  "sends DATA before any EHLO or HELO; requires DATA refused (503, 554), or 354 and the message refused after the data; then a usable session",
	Run: func(s *Session) {
		s.expectNoMessageWithoutRecipient("before any EHLO or HELO")
		s.Sync()
	},
})

var _ = register(Case{
	ID: "smtp-4.1.4-data-before-mail", RFC: "5321", Section: "3.3", Level: MUST,
	Quote: quoteNoRecipient,
	Binds: bindsNoRecipient,
	Does:  "sends DATA after EHLO with no MAIL; requires DATA refused (503, 554), or 354 and the message refused after the data; then a usable session",
	Run: func(s *Session) {
		s.Ehlo()
		s.expectNoMessageWithoutRecipient("with no MAIL")
		s.Sync()
	},
})

// quoteNoRecipient is RFC 5321 §3.3 on DATA with no valid recipient: the
// server MAY refuse DATA at once, or (RFC 2920 §3.1) take the data and
// refuse the message. What no conforming server does is accept it.
const quoteNoRecipient = `If there was no MAIL, or no RCPT, command, or all such commands were rejected, the server MAY return a "command out of sequence" (503) or "no valid recipients" (554) reply in response to the DATA command.`

// bindsNoRecipient says why the no-recipient cases are MUST although their
// sentence is a MAY: the MAY is only when to refuse.
const bindsNoRecipient = "§3.3's MAY is when to refuse; a 250 would accept responsibility (§6.1) for a message with no recipient, which no server can deliver"

var _ = register(Case{
	ID: "smtp-4.1.4-data-before-rcpt", RFC: "5321", Section: "3.3", Level: MUST,
	Quote: quoteNoRecipient,
	Binds: bindsNoRecipient,
	Does:  "sends MAIL, then DATA with no RCPT; requires DATA refused (503, 554), or 354 and the message refused after the data; then a usable session",
	Run: func(s *Session) {
		s.Ehlo()
		s.ExpectCmd("MAIL FROM:<"+s.Sender()+">", 250)
		s.expectNoMessageWithoutRecipient("with no RCPT")
		s.Sync()
	},
})

var _ = register(Case{
	ID: "smtp-3.3-data-after-rejected-rcpt", RFC: "5321", Section: "3.3", Level: MUST,
	Quote: quoteNoRecipient,
	Binds: bindsNoRecipient,
	Does:  "sends MAIL, a RCPT the server must refuse (bad_name.example), then DATA; requires DATA refused (503, 554), or 354 and the message refused after the data; then a usable session",
	Run: func(s *Session) {
		s.Ehlo()
		s.ExpectCmd("MAIL FROM:<"+s.Sender()+">", 250)
		s.ExpectCmd("RCPT TO:<nobody@bad_name.example>", 4, 5)
		s.expectNoMessageWithoutRecipient("after the only RCPT was refused")
		s.Sync()
	},
})

var _ = register(Case{
	ID: "smtp-4.1.4-transaction-survives-503", RFC: "5321", Section: "4.1.4", Level: MUST,
	Quote: quoteOutOfOrder,
	Does:  "sends MAIL, DATA (503), then RCPT and DATA; requires 250 to RCPT and 354 to DATA: the 503 changed nothing",
	Run: func(s *Session) {
		s.Ehlo()
		s.ExpectCmd("MAIL FROM:<"+s.Sender()+">", 250)
		r := s.Cmd("DATA")
		switch {
		case r.Code == 354:
			// §3.3 lets a server take the data and refuse the message;
			// the transaction then ends with it.
			s.ExpectReply("<end of data> with no RCPT, after 354 to DATA: a message with no recipient cannot be accepted", s.SendData(s.shortMessage()), 4, 5)
			spec.Skipf("DATA before RCPT was met with 354 and the message refused after the data, which ends the transaction: no 503 to survive")
		case r.Code != 503 && r.Class() >= 4:
			// §3.3's "no valid recipients" (554) and other refusals may
			// end the transaction; only 503 promises the same state.
			spec.Skipf("DATA before RCPT was answered %d, not 503, so whether the transaction survives cannot be seen", r.Code)
		}
		s.ExpectReply("DATA with no RCPT", r, 503)
		s.ExpectCmd("RCPT TO:<"+s.Mailbox()+">", 250, 251)
		s.expectTransactionIntact("after RCPT")
	},
})

var _ = register(Case{
	ID: "smtp-4.1.4-nested-mail", RFC: "5321", Section: "4.1.4", Level: MUST,
	Quote: quoteOutOfOrder,
	Does:  "sends MAIL, RCPT, MAIL; requires 503 and the first transaction intact (DATA 354), or 250 and a new one with no recipients (DATA 503/554)",
	Run: func(s *Session) {
		s.Ehlo()
		s.Transaction()
		// §4.1.1.2: MAIL "clears the reverse-path buffer, the
		// forward-path buffer, and the mail data buffer", so a server
		// may take a second MAIL as a new transaction; refusing it with
		// 503 must leave the first one as it was.
		r := s.ExpectCmd("MAIL FROM:<"+s.Sender()+">", 503, 250)
		if r.Code == 503 {
			s.expectTransactionIntact("after the refused second MAIL")
			return
		}
		s.ExpectReply("DATA after a second MAIL accepted as a new transaction (its recipients cleared, section 4.1.1.2)", s.Cmd("DATA"), 503, 554)
		s.Sync()
	},
})

var _ = register(Case{
	// The §4.1.4 sentence on when MAIL may be sent binds the client;
	// RSET's definition binds the server.
	ID: "smtp-4.1.4-mail-after-rset", RFC: "5321", Section: "4.1.1.5", Level: MUST,
	Quote: `Any stored sender, recipients, and mail data MUST be discarded, and all buffers and state tables cleared.`,
	Does:  "opens a transaction, sends RSET, then MAIL; requires 250 to both",
	Run: func(s *Session) {
		s.Ehlo()
		s.Transaction()
		s.ExpectCmd("RSET", 250)
		s.ExpectCmd("MAIL FROM:<"+s.Sender()+">", 250)
	},
})

var _ = register(Case{
	ID: "smtp-4.1.1.5-rcpt-after-rset", RFC: "5321", Section: "4.1.1.5", Level: MUST,
	Quote: `Any stored sender, recipients, and mail data MUST be discarded, and all buffers and state tables cleared.`,
	Does:  "sends MAIL, RSET, then RCPT; requires RCPT refused with 503 (the sender is gone), then a usable session",
	Run: func(s *Session) {
		s.Ehlo()
		s.ExpectCmd("MAIL FROM:<"+s.Sender()+">", 250)
		s.ExpectCmd("RSET", 250)
		s.ExpectCmd("RCPT TO:<"+s.Mailbox()+">", 503)
		s.Sync()
	},
})

var _ = register(Case{
	ID: "smtp-4.1.4-mail-after-completed-transaction", RFC: "5321", Section: "4.1.4", Level: MUST,
	Binds: "§4.1.1.4 clears the buffers after the data, so a MAIL then begins a new transaction (§4.1.4: zero or more per session)",
	Quote: `There may be zero or more transactions in a session.`,
	Does:  "completes a transaction (DATA, message, 250), then sends MAIL; requires 250",
	Run: func(s *Session) {
		s.Ehlo()
		s.Transaction()
		s.expectTransactionIntact("after MAIL and RCPT")
		s.ExpectCmd("MAIL FROM:<"+s.Sender()+">", 250)
	},
})

var _ = register(Case{
	ID: "smtp-4.1.1.4-rcpt-after-completed-transaction", RFC: "5321", Section: "4.1.1.4", Level: MUST,
	Binds: "§3.3: \"If a RCPT command appears without a previous MAIL command, the server MUST return a 503\"",
	Quote: `This processing consumes the information in the reverse-path buffer, the forward-path buffer, and the mail data buffer, and on the completion of this command these buffers are cleared.`,
	Does:  "completes a transaction (DATA, message, 250), then sends RCPT; requires 503 (no MAIL any more)",
	Run: func(s *Session) {
		s.Ehlo()
		s.Transaction()
		s.expectTransactionIntact("after MAIL and RCPT")
		s.ExpectCmd("RCPT TO:<"+s.Mailbox()+">", 503)
		s.Sync()
	},
})

// beforeEhlo declares a case that sends a non-mail command (verb and the
// argument arg gives, if any) before any EHLO and requires it to be
// processed, not refused with 503.
func beforeEhlo(verb string, arg func(*Session) string) struct{} {
	return register(Case{
		ID: "smtp-4.1.4-" + strings.ToLower(verb) + "-before-ehlo", RFC: "5321", Section: "4.1.4", Level: SHOULD,
		Quote: `SMTP servers SHOULD process these normally (that is, not return a 503 code) even if no EHLO command has yet been received; clients SHOULD open a session with EHLO before sending these commands.`,
		Does:  "sends " + verb + " straight after the greeting; requires a reply other than 503",
		Run: func(s *Session) {
			line := strings.TrimSpace(verb + " " + arg(s))
			// Read raw: 503 is outside these commands' §4.3.2 codes, and
			// this case, not the code table, says why it is wrong.
			s.Send(line + "\r\n")
			if r := s.Read(); r.Code == 503 {
				spec.Failf("%s before EHLO\nExpected: processed normally, not 503\nActual:   %s", line, wire.Visible([]byte(r.String())))
			}
		},
	})
}

func beforeEhloNoArgument(*Session) string { return "" }

var (
	_ = beforeEhlo("NOOP", beforeEhloNoArgument)
	_ = beforeEhlo("RSET", beforeEhloNoArgument)
	_ = beforeEhlo("HELP", beforeEhloNoArgument)
	_ = beforeEhlo("VRFY", func(s *Session) string { local, _ := s.mailboxParts(); return local })
	_ = beforeEhlo("EXPN", func(*Session) string { return "postmaster" })
)
