package pop3

import "strconv"

// RFC 1939 §3 and §5: message-numbers that name no message.

var _ = register(Case{
	ID: "pop3-3-message-number-invalid", RFC: "1939", Section: "3", Level: MUST,
	Quote: `A server MUST respond to an unrecognized, unimplemented, or syntactically invalid command by responding with a negative status indicator.`,
	Does:  "after login sends RETR, LIST and DELE with the arguments -1 and abc, which are no message-number (decimal, from 1: RFC 1939 section 4); requires -ERR to each, then +OK to NOOP",
	Run: func(s *Session) {
		s.Login()
		var cmds []string
		for _, arg := range []string{"-1", "abc"} {
			for _, cmd := range []string{"RETR", "LIST", "DELE"} {
				cmds = append(cmds, cmd+" "+arg)
			}
		}
		s.expectErrs(cmds...).ExpectOK("NOOP")
	},
}, needCredentials)

var _ = register(Case{
	ID: "pop3-5-message-number-out-of-range", RFC: "1939", Section: "5", Level: MUST,
	Quote: `LIST [msg] ... Possible Responses: +OK scan listing follows -ERR no such message ... RETR msg ... Possible Responses: +OK message follows -ERR no such message ... DELE msg ... Possible Responses: +OK message deleted -ERR no such message`,
	Binds: "the protocol's definition of the commands: messages are numbered from 1 to the count (§4), and a number that names none gets -ERR no such message",
	Does:  "after login sends RETR, LIST and DELE with 0, the message count plus one and 99999999999999999999; requires -ERR to each, then +OK to NOOP",
	Run: func(s *Session) {
		s.Login()
		count, _ := s.Stat()
		var cmds []string
		for _, arg := range []string{"0", strconv.FormatInt(count+1, 10), "99999999999999999999"} {
			for _, cmd := range []string{"RETR", "LIST", "DELE"} {
				cmds = append(cmds, cmd+" "+arg)
			}
		}
		s.expectErrs(cmds...).ExpectOK("NOOP")
	},
}, needCredentials)

// errorsPerSession is how many refusals a case draws on one session before
// it starts another: a server may end a session after a few errors (some
// after three), which is not these cases' subject.
const errorsPerSession = 2

// expectErrs sends each command on a logged-in session and requires -ERR,
// moving to a fresh session after every errorsPerSession refusals; it
// returns the session it ended on, still logged in.
func (s *Session) expectErrs(cmds ...string) *Session {
	cur := s
	for i, c := range cmds {
		if i > 0 && i%errorsPerSession == 0 {
			cur.Quit()
			cur = s.Reopen()
		}
		cur.ExpectErr(c)
	}
	return cur
}
