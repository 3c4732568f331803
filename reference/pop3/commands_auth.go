package pop3

import (
	"crypto/md5"
	"crypto/subtle"
	"encoding/hex"
	"errors"

	"github.com/mailspec/mailspec/reference/mailstore"
	"github.com/mailspec/mailspec/reference/users"
)

// plaintextAllowed reports whether a password may cross this connection:
// under TLS, or when Config.AllowInsecureAuth says so (RFC 5034 §4; RFC
// 1939 §13: "Use of the PASS command sends passwords in the clear").
func (s *session) plaintextAllowed() bool {
	return s.tls || s.srv.cfg.AllowInsecureAuth
}

// cmdUser is USER name (RFC 1939 §7). It answers +OK to any well-formed
// name, existing or not, so that it tells nobody which names are valid
// (RFC 1939 §13); the check is made with the password. A name that could
// not name a mailbox ("../x") is refused at once: that reveals nothing.
func (s *session) cmdUser(c command) error {
	if s.state != stateAuthorization {
		return s.reply(replyWrongState)
	}
	if !c.nargs(1, 1) {
		return s.reply(replySyntax)
	}
	if !s.plaintextAllowed() {
		return s.reply(replyInsecure)
	}
	if !users.ValidName(c.args[0]) {
		return s.reply(replyBadUserName)
	}
	s.user = c.args[0]
	return s.reply(replyUserOK)
}

// cmdPass is PASS string (RFC 1939 §7), valid only right after a
// successful USER. The password is the whole rest of the line, spaces
// included, as RFC 1939 §7 allows.
func (s *session) cmdPass(c command, user string) error {
	if s.state != stateAuthorization {
		return s.reply(replyWrongState)
	}
	if user == "" {
		return s.reply(replyPassWithoutUser)
	}
	if !c.hasRest || c.rest == "" {
		return s.reply(replySyntax)
	}
	if !s.plaintextAllowed() { // STLS between USER and PASS clears the name anyway
		return s.reply(replyInsecure)
	}
	return s.login(user, s.srv.cfg.Users.Authenticate(user, c.rest))
}

// cmdAPOP is APOP name digest (RFC 1939 §7): digest is the MD5 of the
// greeting's timestamp followed by the shared secret, "sent in hexadecimal
// format, using lower-case ASCII characters".
func (s *session) cmdAPOP(c command) error {
	if !s.srv.cfg.AllowAPOP && !s.srv.cfg.Alternatives.APOPNotForPassUsers {
		return s.reply(replyUnknownCommand)
	}
	if s.state != stateAuthorization {
		return s.reply(replyWrongState)
	}
	if !c.nargs(2, 2) || !isLowerHex(c.args[1], md5.Size*2) {
		return s.reply(replySyntax)
	}
	name := c.args[0]
	if s.srv.cfg.Alternatives.APOPNotForPassUsers {
		return s.login(name, false) // every user here is a USER/PASS user (RFC 1939 §13)
	}
	secret, known := s.srv.cfg.Users.Secret(name)
	match := subtle.ConstantTimeCompare([]byte(apopDigest(s.timestamp, secret)), []byte(c.args[1])) == 1
	return s.login(name, known && match && users.ValidName(name))
}

// apopDigest is the digest APOP expects (RFC 1939 §7): MD5 over the
// timestamp, angle brackets included, followed by the shared secret, in
// lower-case hexadecimal.
func apopDigest(timestamp, secret string) string {
	sum := md5.Sum([]byte(timestamp + secret))
	return hex.EncodeToString(sum[:])
}

func isLowerHex(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for i := 0; i < len(s); i++ {
		if (s[i] < '0' || s[i] > '9') && (s[i] < 'a' || s[i] > 'f') {
			return false
		}
	}
	return true
}

// login finishes every authentication command. A failure waits
// LoginDelay and is answered -ERR [AUTH] (RFC 3206 §5). A success locks
// and opens the maildrop (RFC 1939 §4) and enters the TRANSACTION state;
// if the maildrop is locked the answer is -ERR [IN-USE] (RFC 2449 §8.1.2)
// and the session stays in AUTHORIZATION.
func (s *session) login(name string, authenticated bool) error {
	if !authenticated {
		s.log.Info("pop3: login failed", "user", name)
		if !s.sleep(s.srv.cfg.LoginDelay) {
			return errShutdown
		}
		s.quit = s.srv.cfg.Alternatives.CloseAfterFailedLogin
		return s.reply(replyAuthFailed)
	}
	canonical, _ := s.srv.cfg.Users.Exists(name)
	mbox, err := s.srv.cfg.Store.OpenMailbox(canonical)
	if s.faulty().ShareLockedMaildrop {
		if other, ok := s.sharedMaildrop(canonical); ok && errors.Is(err, mailstore.ErrLocked) {
			mbox, err = other, nil
		} else if err == nil {
			s.srv.shared.Store(canonical, mbox)
		}
	}
	switch {
	case errors.Is(err, mailstore.ErrLocked):
		s.log.Info("pop3: maildrop in use", "user", canonical)
		if s.srv.cfg.Alternatives.InUseWithoutCode {
			return s.reply(reply{text: replyInUse.text})
		}
		return s.reply(replyInUse)
	case err != nil:
		s.log.Error("pop3: open maildrop", "user", canonical, "err", err)
		return s.reply(replyMaildropError)
	}
	s.mbox, s.state = mbox, stateTransaction
	s.log = s.log.With("user", canonical)
	n, size := mbox.Stat()
	s.log.Info("pop3: logged in", "messages", n, "octets", size)
	return s.reply(replyLoggedIn.withText("%s's maildrop has %d messages (%d octets)", canonical, n, size))
}
