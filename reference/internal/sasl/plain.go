// Package sasl is what the reference SMTP and POP3 servers share of SASL:
// the PLAIN message (RFC 4616 §2) and the one policy both apply to it.
package sasl

import (
	"bytes"
	"strings"
)

// Plain is a PLAIN message (RFC 4616 §2):
//
//	message = [authzid] UTF8NUL authcid UTF8NUL passwd
//	authcid = 1*SAFE ; MUST accept up to 255 octets
//	passwd  = 1*SAFE ; MUST accept up to 255 octets
type Plain struct {
	Authzid, Authcid, Passwd string
}

// ParsePlain splits a PLAIN message. A message without exactly two NULs,
// or with an empty authcid or passwd (each is 1*SAFE), is malformed.
func ParsePlain(msg []byte) (Plain, bool) {
	parts := bytes.Split(msg, []byte{0})
	if len(parts) != 3 || len(parts[1]) == 0 || len(parts[2]) == 0 {
		return Plain{}, false
	}
	return Plain{Authzid: string(parts[0]), Authcid: string(parts[1]), Passwd: string(parts[2])}, true
}

// ActsAsItself reports whether the message asks for no authorization
// identity other than its own: none, or the authcid, compared as user
// names are, without regard to case. RFC 4616 §2 leaves proxy
// authorization to the server's policy; the reference lets no one act for
// another.
func (p Plain) ActsAsItself() bool {
	return p.Authzid == "" || strings.EqualFold(p.Authzid, p.Authcid)
}
