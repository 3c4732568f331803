package smtp

// RFC 5321 §3.1 (Session Initiation): a server that refuses the session
// with a 554 greeting still waits for QUIT, and answers what comes before
// it with 503. The cases run only against a server that greets with 554;
// against one that greets with 220 they are skipped.

import (
	"github.com/mailspec/mailspec/suite/spec"
	"github.com/mailspec/mailspec/suite/wire"
)

const quoteRefusedSession = `The SMTP protocol allows a server to formally reject a mail session while still allowing the initial connection as follows: a 554 response MAY be given in the initial connection opening message instead of the 220. A server taking this approach MUST still wait for the client to send a QUIT (see Section 4.1.1.10) before closing the connection and SHOULD respond to any intervening commands with "503 bad sequence of commands".`

// requireRefusedSession skips the case unless the server greeted with 554.
func (s *Session) requireRefusedSession() {
	if g := s.Greeting(); g.Code != 554 {
		spec.Skipf("the server greeted with %d, not 554: the session is not refused", g.Code)
	}
}

// afterRefusal sends a command in a refused session and reads its reply,
// raw: §4.3.2's table lists the replies of a session that was opened, and
// §3.1, not the table, says what a refused one answers.
func (s *Session) afterRefusal(line string) *wire.Reply {
	s.Send(line + "\r\n")
	return s.Read()
}

// refusedSessionCommands are the commands the cases send after a 554
// greeting: the greeting, a transaction's opening, and a sentinel.
func (s *Session) refusedSessionCommands() []string {
	return []string{"EHLO " + s.clientDomain(), "MAIL FROM:<" + s.Sender() + ">", "NOOP"}
}

var _ = register(Case{
	ID: "smtp-3.1-554-greeting-waits-for-quit", RFC: "5321", Section: "3.1", Level: MUST,
	Quote: quoteRefusedSession,
	Does:  "after a 554 greeting, sends EHLO, MAIL and NOOP; requires a reply to each on a connection still open, then 221 to QUIT; skipped after a 220 greeting",
	Run: func(s *Session) {
		s.requireRefusedSession()
		for _, line := range s.refusedSessionCommands() {
			// Any reply: which one is the SHOULD of the next case.
			s.afterRefusal(line)
		}
		s.ExpectCmd("QUIT", 221)
		s.ExpectClosed("after the 221 reply to QUIT")
	},
})

var _ = register(Case{
	ID: "smtp-3.1-554-greeting-503", RFC: "5321", Section: "3.1", Level: SHOULD,
	Quote: quoteRefusedSession,
	Does:  "after a 554 greeting, sends EHLO, MAIL and NOOP; requires 503 to each; skipped after a 220 greeting",
	Run: func(s *Session) {
		s.requireRefusedSession()
		for _, line := range s.refusedSessionCommands() {
			s.ExpectReply(line+" after a 554 greeting", s.afterRefusal(line), 503)
		}
	},
})
