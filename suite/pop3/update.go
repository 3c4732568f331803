package pop3

import (
	"strconv"

	"github.com/mailspec/mailspec/suite/spec"
	"github.com/mailspec/mailspec/suite/wire"
)

// RFC 1939 §6, QUIT in the TRANSACTION state.
var _ = register(Case{
	ID: "pop3-6-quit-removes-deleted", RFC: "1939", Section: "6", Level: MUST,
	Quote: `The POP3 server removes all messages marked as deleted from the maildrop and replies as to the status of this operation. ... In no case may the server remove any messages not marked as deleted.`,
	Binds: "the protocol's definition of QUIT from the TRANSACTION state: the UPDATE state removes the marked messages and only those",
	Does:  "delivers two messages, sends DELE for the first and QUIT, then logs in again; requires the first gone and the second still there; finds them with TOP n 0 where listed, not RETR, since §8 lets a site delete what was downloaded (a second removed after RETR is info; a -ERR to QUIT, which §6 allows on a resource shortage, is inconclusive)",
	Run: func(s *Session) {
		doomed, kept := s.Deliver("doomed"), s.Deliver("kept")
		s.Login()
		nums, retrieved := s.peek(doomed, kept)
		if nums[0] == 0 || nums[1] == 0 {
			s.Find(doomed, kept) // the error it gives
		}
		s.ExpectOK("DELE " + strconv.Itoa(nums[0]))
		s.forget()
		if st := s.Cmd("QUIT"); st.Kind == wire.StatusErr {
			spec.Inconclusive("the server could not remove the messages marked as deleted (RFC 1939 section 6 allows it on an error)", "QUIT", "+OK", wire.Visible([]byte(st.String())))
		}
		after := s.Reopen().locate(doomed, kept)
		if after[0] != 0 {
			spec.Expected("QUIT after DELE "+strconv.Itoa(nums[0])+", then a new session", "the message marked as deleted removed", "it is still there, as message "+strconv.Itoa(after[0]))
		}
		if after[1] == 0 && retrieved {
			// RFC 1939 §8: a server may "delete all messages downloaded
			// during the session with the RETR command"; "this is not
			// considered a protocol violation". Without TOP the case had
			// to RETR it.
			spec.Infof("the message not marked as deleted, but downloaded with RETR (the server lists no TOP), was removed at QUIT: RFC 1939 section 8 allows a site to delete downloaded messages")
		}
		if after[1] == 0 {
			spec.Expected("QUIT after DELE "+strconv.Itoa(nums[0])+", then a new session", "the message not marked as deleted still there", "it was removed")
		}
	},
}, needCredentials, needMessages)

var _ = register(Case{
	ID: "pop3-6-drop-removes-nothing", RFC: "1939", Section: "6", Level: MUST,
	Quote: `If a session terminates for some reason other than a client-issued QUIT command, the POP3 session does NOT enter the UPDATE state and MUST not remove any messages from the maildrop.`,
	Does:  "delivers a message, sends DELE for it and closes the connection without QUIT, then logs in again; requires the message still there",
	Run: func(s *Session) {
		m := s.Deliver("kept despite DELE")
		s.Login()
		n := s.Find(m)[0]
		s.ExpectOK("DELE " + strconv.Itoa(n))
		s.Close()
		if s.Reopen().locate(m)[0] == 0 {
			spec.Expected("DELE "+strconv.Itoa(n)+", the connection closed without QUIT, then a new session", "the message still in the maildrop", "it was removed")
		}
	},
}, needCredentials, needMessages)

// RFC 1939 §4: the exclusive-access lock.
var _ = register(Case{
	ID: "pop3-4-maildrop-locked", RFC: "1939", Section: "4", Level: MUST,
	Quote: `Once the POP3 server has determined through the use of any authentication command that the client should be given access to the appropriate maildrop, the POP3 server then acquires an exclusive-access lock on the maildrop, as necessary to prevent messages from being modified or removed before the session enters the UPDATE state.`,
	Binds: "the protocol's definition of the TRANSACTION state: no other session removes a message before this one's UPDATE; refusing the second login with -ERR ([IN-USE] optional, RFC 2449 §8.1.2) is how a lock shows",
	Does:  "delivers a message and logs in, then logs in again on a second connection; requires -ERR there, or, if the second login succeeds, that its DELE and QUIT leave the message retrievable in the first session",
	Run: func(s *Session) {
		m := s.Deliver("under lock")
		s.Login()
		n := s.Find(m)[0]
		other := s.NewConnection()
		// A second login the server holds until the lock frees times out
		// in tryLogin's read, which is inconclusive (Session.Read).
		if st, what := other.tryLogin(); st.Kind == wire.StatusErr {
			if st.HasCode("LOGIN-DELAY") {
				// RFC 2449 §8.1.1: refused for logging in too soon, which
				// says nothing about the lock.
				spec.Inconclusive("the second login was refused for a login delay, not for the lock (RFC 2449 section 8.1.1); rerun it later", what, "-ERR for the locked maildrop, or +OK", wire.Visible([]byte(st.String())))
			}
			return // the lock held: -ERR, with [IN-USE] or without
		}
		*s.loggedIn = append(*s.loggedIn, other)
		o := other.Find(m)[0]
		other.ExpectOK("DELE " + strconv.Itoa(o))
		other.Quit()
		st := s.Cmd("RETR " + strconv.Itoa(n))
		if st.Kind != wire.StatusOK {
			spec.Expected("RETR "+strconv.Itoa(n)+" after a second session logged in, sent DELE "+strconv.Itoa(o)+" and QUIT", "+OK and the message: the first session's maildrop unchanged until its UPDATE", wire.Visible([]byte(st.String())))
		}
		if body := s.Multiline("the message of RETR " + strconv.Itoa(n)); !m.in(body) {
			spec.Expected("RETR "+strconv.Itoa(n)+" after a second session's DELE and QUIT", "the message with token "+m.token, wire.Visible(body))
		}
	},
}, needCredentials, needMessages)
