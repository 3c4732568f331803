package pop3

import (
	"encoding/base64"
	"errors"
	"strings"

	"github.com/mailspec/mailspec/reference/users"

	"github.com/mailspec/mailspec/reference/internal/sasl"
)

// saslMechanisms lists the SASL mechanisms implemented, as CAPA shows them.
const saslMechanisms = "PLAIN"

// emptyChallenge is RFC 5034 §4's empty server challenge: "a line with
// only a "+", followed by a single space".
const emptyChallenge = "+ \r\n"

// cmdAuth is AUTH mechanism [initial-response] (RFC 5034 §4). PLAIN is the
// one mechanism; it sends a password, so it is refused before TLS unless
// AllowInsecureAuth (RFC 5034 §4 requires that configuration).
func (s *session) cmdAuth(c command) error {
	if s.state != stateAuthorization {
		return s.reply(replyWrongState) // RFC 5034 §4: no AUTH after a successful one
	}
	if !c.nargs(1, 2) {
		return s.reply(replySyntax)
	}
	if !strings.EqualFold(c.args[0], "PLAIN") {
		return s.reply(replyMechanism)
	}
	if !s.plaintextAllowed() {
		return s.reply(replyInsecure)
	}
	var msg []byte
	if len(c.args) == 2 {
		// RFC 5034 §4: "=" is a present but empty initial response.
		if c.args[1] != "=" {
			var err error
			if msg, err = s.decodeBase64(c.args[1]); err != nil {
				return s.reply(replyBadBase64)
			}
		}
	} else {
		challenge := emptyChallenge
		if f := s.faulty().Reply; f != nil {
			challenge = f(s.command, strings.TrimSuffix(challenge, "\r\n")) + "\r\n"
		}
		if _, err := s.bw.WriteString(challenge); err != nil {
			return err
		}
		if err := s.bw.Flush(); err != nil {
			return err
		}
		line, err := s.readLine(maxSASLLine)
		switch {
		case errors.Is(err, errLineTooLong):
			return s.reply(replyLineTooLong)
		case errors.Is(err, errBadLineEnd):
			return s.reply(replyBadLineEnd)
		case err != nil:
			return err
		case string(line) == "*":
			return s.reply(replyAuthCancelled)
		}
		if msg, err = s.decodeBase64(string(line)); err != nil {
			return s.reply(replyBadBase64)
		}
	}
	p, ok := sasl.ParsePlain(msg)
	ok = ok && users.ValidName(p.Authcid) && p.ActsAsItself()
	authenticated := s.srv.cfg.Users.Authenticate(p.Authcid, p.Passwd) && ok
	return s.login(p.Authcid, authenticated)
}

// decodeBase64 decodes a SASL response strictly, as RFC 5034 §4
// requires: "servers ...
// MUST reject (and not ignore) any character not explicitly allowed by the
// Base64 alphabet", and padding anywhere but at the end.
func (s *session) decodeBase64(b64 string) ([]byte, error) {
	if s.faulty().LenientBase64 {
		return lenientBase64(b64)
	}
	return decodeBase64(b64)
}

// decodeBase64 is the strict decoding itself, with no fault laid over it.
func decodeBase64(b64 string) ([]byte, error) {
	return base64.StdEncoding.Strict().DecodeString(b64)
}
