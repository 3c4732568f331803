package pop3

import (
	"regexp"

	"github.com/mailspec/mailspec/suite/spec"
	"github.com/mailspec/mailspec/suite/wire"
)

const (
	MUST   = spec.MUST
	SHOULD = spec.SHOULD
	MAY    = spec.MAY
)

// RFC 1939 §4: "Once the TCP connection has been opened by a POP3 client,
// the POP3 server issues a one line greeting. This can be any positive
// response."
var _ = register(Case{
	ID: "pop3-4-greeting-positive", RFC: "1939", Section: "4", Level: MUST,
	Quote: `Once the TCP connection has been opened by a POP3 client, the POP3 server issues a one line greeting.  This can be any positive response.`,
	Binds: "§4 defines the greeting as a positive response; a server that greets otherwise opens no AUTHORIZATION state",
	Does:  "connects and reads the greeting; requires +OK",
	Run: func(s *Session) {
		s.Require("the greeting", s.Greeting(), wire.StatusOK)
	},
})

// msgID is RFC 822's msg-id as APOP timestamps are written: "<" local "@"
// domain ">", without spaces or brackets inside.
var msgID = regexp.MustCompile(`<[^<>@\s]+@[^<>@\s]+>`)

// RFC 1939 §7: "A POP3 server which implements the APOP command will
// include a timestamp in its banner greeting. The syntax of the timestamp
// corresponds to the `msg-id' in [RFC822], and MUST be different each time
// the POP3 server issues a banner greeting."
var _ = register(Case{
	ID: "pop3-7-apop-timestamp-unique", RFC: "1939", Section: "7", Level: MUST,
	Quote: "A POP3 server which implements the APOP command will include a timestamp in its banner greeting.  The syntax of the timestamp corresponds to the `msg-id' in [RFC822], and MUST be different each time the POP3 server issues a banner greeting.",
	Does:  "connects twice; where the greeting holds an APOP timestamp, requires a msg-id different in each greeting",
	Run: func(s *Session) {
		first := msgID.FindString(s.Greeting().Text)
		if first == "" {
			spec.Skipf("the greeting holds no APOP timestamp: APOP is not offered")
		}
		second := msgID.FindString(s.NewConnection().Greeting().Text)
		if second == "" || second == first {
			spec.Expected("two greetings", "two different msg-id timestamps", first+" then "+wire.Visible([]byte(second)))
		}
	},
})

// RFC 1939 §3: "A server MUST respond to an unrecognized, unimplemented,
// or syntactically invalid command by responding with a negative status
// indicator."
var _ = register(Case{
	ID: "pop3-3-unknown-command-err", RFC: "1939", Section: "3", Level: MUST,
	Quote: `A server MUST respond to an unrecognized, unimplemented, or syntactically invalid command by responding with a negative status indicator.`,
	Does:  "sends XYZZ before login; requires -ERR, then +OK to QUIT",
	Run: func(s *Session) {
		s.ExpectErr("XYZZ")
		s.Quit()
	},
})

// RFC 1939 §3: keywords are case-insensitive.
var _ = register(Case{
	ID: "pop3-3-keywords-case-insensitive", RFC: "1939", Section: "3", Level: MUST,
	Quote: `Commands in the POP3 consist of a case-insensitive keyword, possibly followed by one or more arguments.`,
	Binds: "the protocol's definition of a command: \"stat\" and \"Noop\" are STAT and NOOP, which the server must answer as such",
	Does:  "after login sends stat, noop and Noop; requires +OK nn mm, then +OK twice",
	Run: func(s *Session) {
		s.Login()
		st := s.ExpectOK("stat")
		if _, _, ok := twoNumbers(st.Text); !ok {
			spec.Expected("stat", "+OK nn mm, a drop listing (RFC 1939 section 5)", wire.Visible([]byte(st.String())))
		}
		s.ExpectOK("noop")
		s.ExpectOK("Noop")
	},
}, needCredentials)

// RFC 1939 §3: "A server MUST respond to a command issued when the session
// is in an incorrect state by responding with a negative status
// indicator."
var _ = register(Case{
	ID: "pop3-3-transaction-commands-before-login", RFC: "1939", Section: "3", Level: MUST,
	Quote: `A server MUST respond to a command issued when the session is in an incorrect state by responding with a negative status indicator.`,
	Does:  "before login sends STAT, LIST, LIST 1, RETR 1, DELE 1, NOOP, RSET, UIDL and TOP 1 0, each on a fresh connection; requires -ERR to each",
	Run: func(s *Session) {
		// A fresh connection each: a server may close a session after a
		// few bad commands (Dovecot does after three), which is not this
		// case's subject.
		for i, c := range []string{"STAT", "LIST", "LIST 1", "RETR 1", "DELE 1", "NOOP", "RSET", "UIDL", "TOP 1 0"} {
			conn := s
			if i > 0 {
				conn = s.NewConnection()
			}
			conn.ExpectErr(c)
		}
	},
})

var _ = register(Case{
	ID: "pop3-3-login-commands-in-transaction", RFC: "1939", Section: "3", Level: MUST,
	Quote: `A server MUST respond to a command issued when the session is in an incorrect state by responding with a negative status indicator.`,
	Does:  "after login sends USER, PASS and STLS, which belong to the AUTHORIZATION state; requires -ERR to each, then +OK to NOOP",
	Run: func(s *Session) {
		s.Login()
		user, password := s.Credentials()
		s.expectErrs("USER "+user, "PASS "+password, "STLS").ExpectOK("NOOP")
	},
}, needCredentials)

// RFC 1939 §4, QUIT in the AUTHORIZATION state: "Possible Responses: +OK".
var _ = register(Case{
	ID: "pop3-4-quit-before-login", RFC: "1939", Section: "4", Level: MUST,
	Quote: `Here is the summary for the QUIT command when used in the AUTHORIZATION state: QUIT Arguments: none Restrictions: none Possible Responses: +OK`,
	Binds: "the protocol's definition of QUIT in AUTHORIZATION: +OK is its one response",
	Does:  "sends QUIT before login; requires +OK",
	Run: func(s *Session) {
		s.Quit()
	},
})

// RFC 1939 §7, PASS: "When the client issues the PASS command, the POP3
// server uses the argument pair from the USER and PASS commands to
// determine if the client should be given access to the appropriate
// maildrop."
var _ = register(Case{
	ID: "pop3-7-user-pass-login", RFC: "1939", Section: "7", Level: MUST,
	Quote: `When the client issues the PASS command, the POP3 server uses the argument pair from the USER and PASS commands to determine if the client should be given access to the appropriate maildrop.`,
	Binds: "the protocol's definition of PASS: the right pair opens the maildrop, +OK \"maildrop locked and ready\"",
	Does:  "logs in with USER and PASS (over TLS unless the target has none; SASL PLAIN where USER is not offered); requires +OK, then +OK to STAT",
	Run: func(s *Session) {
		s.LoginOrFail()
		s.Stat()
	},
}, needCredentials)

var _ = register(Case{
	ID: "pop3-7-wrong-password-refused", RFC: "1939", Section: "7", Level: MUST,
	Quote: `When the client issues the PASS command, the POP3 server uses the argument pair from the USER and PASS commands to determine if the client should be given access to the appropriate maildrop.`,
	Binds: "the protocol's definition of PASS: a wrong pair is refused, -ERR \"invalid password\", and the session stays in AUTHORIZATION (§4)",
	Does:  "sends USER with the right name and PASS with a wrong password; requires -ERR, then -ERR to STAT (or the connection closed, which §4 allows); skips where USER is refused, USER/PASS being optional (RFC 2449 §6.2)",
	Run: func(s *Session) {
		user, password := s.Credentials()
		if s.T.POP3.TLS != "none" {
			s.Secure()
		}
		if st := s.Cmd("USER " + user); st.Kind == wire.StatusErr && !transient(st) {
			spec.Skipf("the server refuses USER, so it has no USER/PASS login to check (RFC 1939 section 4: \"there is no single authentication mechanism that is required of all POP3 servers\"): %s", wire.Visible([]byte(st.String())))
		} else {
			s.Require("USER "+user, st, wire.StatusOK)
		}
		s.ExpectErr("PASS " + password + "-wrong")
		s.statStillAuthorization("STAT after a refused PASS")
	},
}, needCredentials)

// RFC 1939 §7, PASS: "Restrictions: may only be given in the AUTHORIZATION
// state immediately after a successful USER command".
var _ = register(Case{
	ID: "pop3-7-pass-without-user", RFC: "1939", Section: "7", Level: MUST,
	Quote: `PASS string ... Restrictions: may only be given in the AUTHORIZATION state immediately after a successful USER command`,
	Binds: "the restriction is the protocol's definition of PASS; §3 then obliges -ERR to a command in the wrong state",
	Does:  "sends PASS with the right password and no USER before it; requires -ERR",
	Run: func(s *Session) {
		_, password := s.Credentials()
		if s.T.POP3.TLS != "none" {
			s.Secure()
		}
		s.ExpectErr("PASS " + password)
	},
}, needCredentials)

var _ = register(Case{
	ID: "pop3-7-pass-after-stls-needs-user", RFC: "1939", Section: "7", Level: MUST, Extension: "STLS",
	Quote: `PASS string ... Restrictions: may only be given in the AUTHORIZATION state immediately after a successful USER command`,
	Binds: "STLS between USER and PASS means PASS no longer follows USER immediately, and §3: \"A server MUST respond to a command issued when the session is in an incorrect state by responding with a negative status indicator\"",
	Does:  "sends USER in plaintext, then STLS and the TLS handshake, then PASS with the right password; requires -ERR to PASS (a -ERR to STLS after USER also passes: after USER \"the client may issue either the PASS command ... or the QUIT command\", and the USER did not reach TLS)",
	Run: func(s *Session) {
		user, password := s.Credentials()
		s.RequireCapability("STLS")
		st := s.Cmd("USER " + user)
		if st.Kind == wire.StatusErr {
			spec.Skipf("the server refuses USER before TLS, so nothing from before STLS can be kept: %s", wire.Visible([]byte(st.String())))
		}
		if st := s.Cmd("STLS"); st.Kind == wire.StatusErr && !transient(st) {
			return // RFC 1939 §7 USER: after +OK "the client may issue either the PASS command ... or the QUIT command"; refusing STLS there keeps the USER out of TLS
		} else {
			s.Require("STLS", st, wire.StatusOK)
		}
		if err := s.conn.StartTLS(s.T.TLSFor(s.T.POP3.Addr)); err != nil {
			spec.Errorf(err)
		}
		s.tls, s.capa = true, nil
		s.ExpectErr("PASS " + password)
	},
}, needCredentials, needTLS, needPlaintext)

// RFC 1939 §5, NOOP: "The POP3 server does nothing, it merely replies with
// a positive response."
var _ = register(Case{
	ID: "pop3-5-noop-ok", RFC: "1939", Section: "5", Level: MUST,
	Quote: `The POP3 server does nothing, it merely replies with a positive response.`,
	Binds: "the protocol's definition of NOOP in the TRANSACTION state",
	Does:  "after login sends NOOP; requires +OK",
	Run: func(s *Session) {
		s.Login()
		s.ExpectOK("NOOP")
	},
}, needCredentials)

// RFC 1939 §5, STAT.
var _ = register(Case{
	ID: "pop3-5-stat-drop-listing", RFC: "1939", Section: "5", Level: MUST,
	Quote: `In order to simplify parsing, all POP3 servers are required to use a certain format for drop listings.  The positive response consists of "+OK" followed by a single space, the number of messages in the maildrop, a single space, and the size of the maildrop in octets.`,
	Does:  "after login sends STAT; requires +OK, a single space, a decimal count, a single space and a decimal size",
	Run: func(s *Session) {
		s.Login()
		s.Stat()
	},
}, needCredentials)
