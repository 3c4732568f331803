package pop3

import (
	"github.com/mailspec/mailspec/suite/spec"
	"github.com/mailspec/mailspec/suite/wire"
)

// RFC 2595 §4: STLS. Every case needs STLS in CAPA and a target that
// starts in plaintext with TLS.

var _ = register(Case{
	ID: "pop3-2595.4-stls-negotiates", RFC: "2595", Section: "4", Level: MUST, Extension: "STLS",
	Quote: `The capability name "STLS" indicates this command is present and permitted in the current state. ... A TLS negotiation begins immediately after the CRLF at the end of the +OK response from the server.`,
	Binds: "the protocol's definition of STLS: advertised, it is permitted, and +OK is followed by the TLS handshake",
	Does:  "where CAPA lists STLS, sends STLS; requires +OK, a TLS handshake, then +OK to QUIT over TLS",
	Run: func(s *Session) {
		s.RequireCapability("STLS")
		s.STLS()
		s.Quit()
	},
}, needTLS, needPlaintext)

var _ = register(Case{
	ID: "pop3-2595.4-stls-stays-authorization", RFC: "2595", Section: "4", Level: MUST, Extension: "STLS",
	Quote: `The STLS command is only permitted in AUTHORIZATION state and the server remains in AUTHORIZATION state, even if client credentials are supplied during the TLS negotiation.`,
	Binds: "the protocol's definition of STLS's effect on the session's state",
	Does:  "sends STLS and negotiates TLS, then STAT; requires -ERR to STAT (still AUTHORIZATION), then a login that succeeds",
	Run: func(s *Session) {
		s.Credentials()
		s.RequireCapability("STLS")
		s.STLS()
		s.ExpectErr("STAT")
		s.Login()
	},
}, needCredentials, needTLS, needPlaintext)

var _ = register(Case{
	ID: "pop3-2595.4-stls-pipelined-plaintext-discarded", RFC: "2595", Section: "4", Level: MUST, Extension: "STLS",
	Quote: `A TLS negotiation begins immediately after the CRLF at the end of the +OK response from the server. ... Once a client issues a STLS command, it MUST NOT issue further commands until a server response is seen and the TLS negotiation is complete.`,
	Binds: "the protocol's definition of STLS: after its CRLF the next octets belong to the TLS negotiation, so plaintext a client (or an attacker on the path, CERT VU#555316) sent behind STLS is no command of the protected session",
	Does:  "sends STLS<CR><LF>STAT<CR><LF> in one write, negotiates TLS after the +OK, then sends QUIT; requires +OK to QUIT as the first response over TLS (STAT's -ERR there means the plaintext was executed); a -ERR to STLS, a close or a failed handshake skips, as nothing ran inside TLS",
	Run: func(s *Session) {
		s.RequireCapability("STLS")
		s.Send("STLS\r\nSTAT\r\n")
		st, err := s.conn.ReadStatus()
		switch {
		case err != nil && wire.IsClosed(err):
			spec.Skipf("the server closed the connection after STLS with plaintext behind it: nothing ran inside a TLS session, and nothing is left to judge")
		case err == nil && st.Kind == wire.StatusErr:
			// The client broke RFC 2595 §4 ("it MUST NOT issue further
			// commands until a server response is seen"), so the server
			// may refuse it; no TLS session, no plaintext inside one.
			spec.Skipf("the server refused STLS with plaintext behind it (%s): no TLS session began, and nothing is left to judge", wire.Visible([]byte(st.String())))
		}
		s.readError("the response to STLS", err)
		s.Require("STLS", st, wire.StatusOK)
		if err := s.conn.StartTLS(s.T.TLSFor(s.T.POP3.Addr)); err != nil {
			// A server that ends the connection when plaintext follows
			// STLS executes none of it either: the case has nothing to
			// judge (and smtp's 421 behind STARTTLS is the same choice).
			spec.Skipf("the server ended the connection instead of negotiating TLS after STLS with plaintext behind it (%v): nothing was executed, and nothing is left to judge", err)
		}
		s.tls, s.capa = true, nil
		if st := s.Cmd("QUIT"); st.Kind != wire.StatusOK {
			spec.Expected("STLS\r\nSTAT\r\n in one write, then QUIT over TLS", "+OK to QUIT: the plaintext STAT never executed", wire.Visible([]byte(st.String())))
		}
	},
}, needTLS, needPlaintext)
