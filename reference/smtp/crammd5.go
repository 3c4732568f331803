package smtp

import (
	"crypto/hmac"
	"crypto/md5"
	"crypto/rand"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"strings"
	"time"
)

// CRAM-MD5 (RFC 2195), offered when Config.CRAMMD5 is set. It is a
// server-first mechanism: the server's 334 carries a challenge in the form
// of a msg-id, "<" random "." timestamp "@" hostname ">", and the client
// answers its user name, a space, and the HMAC-MD5 of the challenge keyed
// with the password, in 32 lower-case hex digits. So an initial response
// has nothing to answer: RFC 4954 §4, "the server MUST reject the AUTH
// command with a 501 reply", with 5.7.0, which it asks for with a SHOULD.

// replyAuthServerFirst refuses an initial response to a server-first
// mechanism (RFC 4954 §4).
var replyAuthServerFirst = reply(501, "5.7.0", "CRAM-MD5 takes no initial response: the server begins the exchange")

// cramMD5Offered reports whether AUTH may name CRAM-MD5.
func (s *session) cramMD5Offered() bool { return s.cfg.CRAMMD5 }

// authCRAMMD5 runs CRAM-MD5 and returns the user the client named and
// whether its digest proved the password, or the reply that ended the
// exchange early.
func (s *session) authCRAMMD5(hasInitial bool) (string, bool, *Reply, error) {
	if hasInitial {
		return "", false, &replyAuthServerFirst, nil
	}
	challenge := cramChallenge(s.cfg.Hostname, time.Now())
	resp, r, err := s.challenge(base64.StdEncoding.EncodeToString([]byte(challenge)))
	if err != nil || r != nil {
		return "", false, r, err
	}
	msg, r := decodeSASL(resp)
	if r != nil {
		return "", false, r, nil
	}
	i := strings.LastIndexByte(string(msg), ' ')
	if i <= 0 {
		return "", false, nil, nil // no user name: a failed attempt like any other
	}
	user, digest := string(msg[:i]), string(msg[i+1:])
	secret, known := s.cfg.Users.Secret(user)
	want := cramDigest(challenge, secret)
	ok := hmac.Equal([]byte(digest), []byte(want)) && known
	return user, ok, nil, nil
}

// cramChallenge is a fresh challenge in RFC 2195's msg-id form.
func cramChallenge(hostname string, now time.Time) string {
	b := make([]byte, 8)
	rand.Read(b)
	return fmt.Sprintf("<%d.%d@%s>", binary.BigEndian.Uint64(b), now.Unix(), hostname)
}

// cramDigest is the response digest of RFC 2195 §2: HMAC-MD5 of the
// challenge keyed with the secret, in lower-case hex.
func cramDigest(challenge, secret string) string {
	m := hmac.New(md5.New, []byte(secret))
	m.Write([]byte(challenge))
	return hex.EncodeToString(m.Sum(nil))
}
