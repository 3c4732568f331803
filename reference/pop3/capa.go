package pop3

import "strings"

// implementation is the IMPLEMENTATION capability's argument (RFC 2449
// §6.9): one token, as that section suggests.
const implementation = "mailspec-reference"

// cmdCapa is CAPA (RFC 2449 §5), valid in the AUTHORIZATION and
// TRANSACTION states. It lists exactly what this session can use now:
//
//   - TOP, UIDL (RFC 2449 §6.1, §6.8): always.
//   - USER and SASL PLAIN (§6.2, §6.3; RFC 5034 §3): only where a password
//     may be sent, under TLS or with AllowInsecureAuth. That cannot change
//     after login, so they are listed in both states as RFC 2449 §5 and
//     RFC 5034 §3 ask.
//   - RESP-CODES (§6.4): every "[" at the start of a reply's text opens a
//     response code. AUTH-RESP-CODE (RFC 3206 §6): every failure caused by
//     the credentials carries [AUTH].
//   - PIPELINING (§6.6): commands are read and answered strictly in turn,
//     and input sent ahead is never discarded except behind STLS, where
//     RFC 2595 §4 forbids the client to send it.
//   - EXPIRE NEVER (§6.7): the server never deletes messages by itself;
//     "Sites which permit users to retain messages indefinitely SHOULD
//     announce this with the EXPIRE NEVER response."
//   - STLS (RFC 2595 §4): "present and permitted in the current state", so
//     only in AUTHORIZATION, with TLSConfig set, before TLS.
//   - IMPLEMENTATION (§6.9).
//
// Alternatives.ExpireAnnounced and LoginDelayAnnounced change EXPIRE and
// add LOGIN-DELAY. LOGIN-DELAY (§6.5) is otherwise not listed: the delay here follows a failed login,
// not a successful one, which is what LOGIN-DELAY describes. There is no
// APOP capability; the greeting's timestamp announces APOP (§6).
func (s *session) cmdCapa(c command) error {
	if s.state != stateAuthorization && s.state != stateTransaction {
		return s.reply(replyWrongState)
	}
	if c.hasRest {
		return s.reply(replySyntax)
	}
	if s.faulty().NoCapaAfterLogin && s.state == stateTransaction {
		return s.reply(replyWrongState)
	}
	caps := ""
	for _, kw := range []string{"TOP", "UIDL"} {
		if s.srv.cfg.Alternatives.offers(kw) {
			caps += kw + "\r\n"
		}
	}
	if s.plaintextAllowed() {
		if s.srv.cfg.Alternatives.offers("USER") {
			caps += "USER\r\n"
		}
		caps += "SASL " + saslMechanisms + "\r\n"
	}
	caps += "RESP-CODES\r\nAUTH-RESP-CODE\r\nPIPELINING\r\n" + s.srv.cfg.Alternatives.expire(s.state) + "\r\n"
	if s.srv.cfg.Alternatives.LoginDelayAnnounced {
		caps += "LOGIN-DELAY 0\r\n"
	}
	if s.state == stateAuthorization && s.srv.cfg.TLSConfig != nil && !s.tls {
		caps += "STLS\r\n"
	}
	caps += "IMPLEMENTATION " + implementation + "\r\n"
	if f := s.faulty().CapaAfterLogin; f != nil && s.state == stateTransaction {
		caps = f(caps)
	}
	return s.sendMultiline(replyCapa, strings.NewReader(caps))
}
