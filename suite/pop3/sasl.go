package pop3

import (
	"errors"

	"github.com/mailspec/mailspec/suite/spec"
	"github.com/mailspec/mailspec/suite/target"
	"github.com/mailspec/mailspec/suite/wire"
)

// RFC 5034 §4: AUTH, with PLAIN (RFC 4616), the mechanism every server
// of the extension implements. Every case needs SASL PLAIN in CAPA.

// plainReady secures the session as the target's TLS mode says and skips
// the case unless CAPA lists SASL with PLAIN; it returns the base64
// PLAIN message of the target's credentials.
func (s *Session) plainReady() string {
	user, password := s.Credentials()
	if s.T.POP3.TLS != target.TLSNone {
		s.Secure()
	}
	if !hasWord(s.RequireCapability("SASL"), "PLAIN") {
		spec.Skipf("the server does not advertise SASL PLAIN")
	}
	return PlainResponse(user, password)
}

// challenge reads the response to AUTH without an initial response and
// requires the empty challenge, "+ " alone. A line that is no status line
// at all ("+" without the space, "+ " and data that is not base64) breaks
// the same sentence of RFC 5034 §4, so it fails the case as well as being
// booked under the format oracle.
func (s *Session) challenge(what string) {
	const want = `the empty challenge, "+ " and CRLF (RFC 5034 section 4)`
	st, err := s.conn.ReadStatus()
	if pe := (*wire.ProtocolError)(nil); errors.As(err, &pe) {
		s.formatBreach(what, err)
		got := pe.Reason
		if pe.Line != nil {
			got = wire.Visible(pe.Line)
		}
		spec.Expected(what, want, got)
	}
	s.readError(what, err)
	s.noteText(what, st)
	if st.Kind != wire.StatusContinue || st.Text != "" {
		if st.Kind == wire.StatusErr {
			s.Require(what, st, wire.StatusContinue) // a transient -ERR is inconclusive
		}
		spec.Expected(what, want, wire.Visible([]byte(st.String())))
	}
}

var _ = register(Case{
	ID: "pop3-5034.4-auth-plain-initial-response", RFC: "5034", Section: "4", Level: MUST, Extension: "SASL",
	Quote: `To ensure interoperability, client and server implementations of this extension MUST implement the PLAIN SASL mechanism [RFC4616] running over TLS [RFC2595]. ... Should the client successfully complete the exchange, the server issues a +OK reply.  Additionally, upon success, the POP3 session enters the TRANSACTION state.`,
	Does:  "sends AUTH PLAIN with the credentials as initial response (over TLS unless the target has none); requires +OK, then +OK to STAT",
	Run: func(s *Session) {
		resp := s.plainReady()
		defer func() { *s.loggedIn = append(*s.loggedIn, s) }()
		s.ExpectOK("AUTH PLAIN " + resp)
		s.Stat()
	},
}, needCredentials)

var _ = register(Case{
	ID: "pop3-5034.4-auth-plain-empty-challenge", RFC: "5034", Section: "4", Level: MUST, Extension: "SASL",
	Quote: `If the initial response argument is omitted and the chosen mechanism requires an initial client response, the server MUST proceed by issuing an empty challenge, as defined in Section 3 of [RFC4422].  In POP3, an empty server challenge is defined as a line with only a "+", followed by a single space.  It MUST NOT contain any other data.`,
	Does:  "sends AUTH PLAIN without initial response; requires \"+ \" alone, then +OK to the credentials sent on the next line",
	Run: func(s *Session) {
		resp := s.plainReady()
		s.Send("AUTH PLAIN\r\n")
		s.challenge("AUTH PLAIN")
		defer func() { *s.loggedIn = append(*s.loggedIn, s) }()
		s.ExpectOK(resp)
	},
}, needCredentials)

var _ = register(Case{
	ID: "pop3-5034.4-auth-cancel", RFC: "5034", Section: "4", Level: MUST, Extension: "SASL",
	Quote: `If the client wishes to cancel the authentication exchange, it issues a line with a single "*".  If the server receives such a response, it MUST reject the AUTH command by sending an -ERR reply. ... If an AUTH command fails, ... the server MUST behave as if the client had not issued the AUTH command.`,
	Does:  "sends AUTH PLAIN, then \"*\" after the challenge; requires -ERR, then +OK to AUTH PLAIN with the credentials as initial response",
	Run: func(s *Session) {
		resp := s.plainReady()
		s.Send("AUTH PLAIN\r\n")
		s.challenge("AUTH PLAIN")
		s.ExpectErr("*")
		defer func() { *s.loggedIn = append(*s.loggedIn, s) }()
		s.ExpectOK("AUTH PLAIN " + resp)
	},
}, needCredentials)

var _ = register(Case{
	ID: "pop3-5034.4-auth-bad-base64", RFC: "5034", Section: "4", Level: MUST, Extension: "SASL",
	Quote: `If the server cannot Base64 decode a client response, it MUST reject the AUTH command with an -ERR reply. ... In particular, servers and clients MUST reject (and not ignore) any character not explicitly allowed by the Base64 alphabet`,
	Does:  "sends AUTH PLAIN with the right credentials' base64 with a \"!\" in the middle; requires -ERR (a server that ignores the \"!\" logs in)",
	Run: func(s *Session) {
		resp := s.plainReady()
		mid := len(resp) / 4 * 2
		s.ExpectErr("AUTH PLAIN " + resp[:mid] + "!" + resp[mid:])
	},
}, needCredentials)
