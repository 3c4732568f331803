package smtp

import (
	"encoding/base64"
	"errors"
	"strings"
	"time"

	"github.com/mailspec/mailspec/reference/internal/sasl"
	"github.com/mailspec/mailspec/reference/internal/serving"
)

// authOffered reports whether AUTH PLAIN and LOGIN may be used now: after
// EHLO, not yet authenticated, and on TLS unless AllowInsecureAuth is set
// (RFC 4616 §6 and RFC 4954 §4: a plaintext password must be protected).
func (s *session) authOffered() bool {
	return s.authUser == "" && (s.tls || s.cfg.AllowInsecureAuth)
}

// auth handles AUTH (RFC 4954 §4):
//
//	auth-command = "AUTH" SP sasl-mech [SP initial-response] *(CRLF [base64]) [CRLF cancel-response] CRLF
//
// Order: after EHLO; once per session (a second AUTH after success is 503);
// never inside a mail transaction (503).
func (s *session) auth(arg string, hasArg bool) error {
	switch {
	case !s.extended:
		s.send(replyNeedEhlo)
		return nil
	case s.authUser != "":
		s.send(replyAlreadyAuthed)
		return nil
	case s.state >= stateMail:
		s.send(replyAuthInMail)
		return nil
	}
	mech, initial, hasInitial := strings.Cut(arg, " ")
	if !hasArg || mech == "" || hasInitial && initial == "" {
		s.send(replySyntax)
		return nil
	}
	mech = upperASCII(mech)
	if mech != "PLAIN" && mech != "LOGIN" && !(mech == "CRAM-MD5" && s.cramMD5Offered()) {
		s.send(replyAuthMechanism)
		return nil
	}
	if !s.tls && !s.cfg.AllowInsecureAuth {
		s.send(replyAuthNeedsTLS) // RFC 4954 §6: 538
		return nil
	}
	if s.srv.authLimiter.blocked(s.remoteIP, time.Now()) {
		s.send(replyAuthThrottled)
		return nil
	}
	var user, pass string
	var proved bool // the mechanism itself proved the password (CRAM-MD5)
	var r *Reply
	var err error
	switch mech {
	case "PLAIN":
		user, pass, r, err = s.authPlain(initial, hasInitial)
	case "LOGIN":
		user, pass, r, err = s.authLogin(initial, hasInitial)
	case "CRAM-MD5":
		user, proved, r, err = s.authCRAMMD5(hasInitial)
	}
	if err != nil {
		return err
	}
	if r == &replyAuthCancelled && s.cfg.Alternatives.CountCancelledAuth {
		return s.authCancelled()
	}
	if r != nil {
		s.send(*r)
		return nil
	}
	if mech != "CRAM-MD5" {
		proved = s.cfg.Users.Authenticate(user, pass)
	}
	if canonical, ok := s.cfg.Users.Exists(user); ok && proved {
		s.authUser = canonical
		s.send(replyAuthOK)
		s.log.Info("smtp: authenticated", "user", canonical)
		return nil
	}
	return s.authFailed()
}

// authFailed holds the 535 for AuthFailureDelay, to slow guessing, and
// ends the session after MaxAuthFailures failures.
func (s *session) authFailed() error {
	s.authFailures++
	s.srv.authLimiter.fail(s.remoteIP, time.Now())
	s.log.Warn("smtp: authentication failed", "failures", s.authFailures)
	s.flush()
	time.Sleep(s.cfg.AuthFailureDelay)
	s.send(replyAuthFailed)
	if serving.Reached(s.authFailures, s.cfg.MaxAuthFailures) {
		s.send(replyTooManyAuthFailures)
		return errCloseSession
	}
	return nil
}

// authPlain runs PLAIN (RFC 4616 §2): message = [authzid] NUL authcid NUL
// passwd. An authorization identity other than the authentication
// identity is refused: this server lets no one act for another.
func (s *session) authPlain(initial string, hasInitial bool) (string, string, *Reply, error) {
	if !hasInitial {
		// RFC 4954 §4: no initial response, so an empty challenge "334 ".
		resp, r, err := s.challenge("")
		if err != nil || r != nil {
			return "", "", r, err
		}
		initial = resp
	}
	msg, r := decodeSASL(initial)
	if r != nil {
		return "", "", r, nil
	}
	p, ok := sasl.ParsePlain(msg)
	if !ok || !p.ActsAsItself() {
		return "", "", nil, nil // no such user: a failed attempt like any other
	}
	return p.Authcid, p.Passwd, nil, nil
}

// authLogin runs LOGIN (draft-murchison-sasl-login): the server asks
// "Username:" then "Password:", each base64-encoded. An initial response
// is the user name.
func (s *session) authLogin(initial string, hasInitial bool) (string, string, *Reply, error) {
	var userB64 string
	if hasInitial {
		userB64 = initial
	} else {
		resp, r, err := s.challenge("VXNlcm5hbWU6") // "Username:"
		if err != nil || r != nil {
			return "", "", r, err
		}
		userB64 = resp
	}
	user, r := decodeSASL(userB64)
	if r != nil {
		return "", "", r, nil
	}
	resp, r, err := s.challenge("UGFzc3dvcmQ6") // "Password:"
	if err != nil || r != nil {
		return "", "", r, err
	}
	pass, r := decodeSASL(resp)
	if r != nil {
		return "", "", r, nil
	}
	return string(user), string(pass), nil, nil
}

// challenge sends a 334 and reads the client's response line, bounded by
// MaxAuthLine (RFC 4954 §4: 500 5.5.6 past it). "*" cancels: 501.
func (s *session) challenge(text string) (string, *Reply, error) {
	s.send(Reply{Code: 334, Lines: []string{text}})
	line, err := s.readLine(s.cfg.MaxAuthLine, s.commandTimeout())
	switch {
	case errors.Is(err, errLineTooLong):
		return "", &replyAuthLineLong, nil
	case errors.Is(err, errBadLine):
		return "", &replyAuthBadBase64, nil
	case err != nil:
		return "", nil, err
	}
	if string(line) == "*" {
		return "", &replyAuthCancelled, nil
	}
	return string(line), nil, nil
}

// decodeSASL decodes a client response. RFC 4954 §4: "=" is an empty
// response; anything outside the base64 alphabet, or padding anywhere but
// the end, is refused with 501 5.5.2. Go's StdEncoding is that strict.
func decodeSASL(s string) ([]byte, *Reply) {
	if s == "=" {
		return []byte{}, nil
	}
	b, err := base64.StdEncoding.Strict().DecodeString(s)
	if err != nil || s == "" {
		return nil, &replyAuthBadBase64
	}
	return b, nil
}
