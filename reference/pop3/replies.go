package pop3

import "fmt"

// reply is one single-line response (RFC 1939 §3): a status indicator,
// then optionally an extended response code (RFC 2449 §8) and text.
type reply struct {
	ok   bool
	code string // response code without brackets: "IN-USE", "SYS/TEMP"; "" for none
	text string
}

// String is the response line without its CRLF. "+OK" and "-ERR" are
// always upper case (RFC 1939 §3).
func (r reply) String() string {
	s := "-ERR"
	if r.ok {
		s = "+OK"
	}
	if r.code != "" {
		s += " [" + r.code + "]"
	}
	if r.text != "" {
		s += " " + r.text
	}
	return s
}

// withText returns r with its text replaced, for replies that carry
// counts or names.
func (r reply) withText(format string, args ...any) reply {
	r.text = fmt.Sprintf(format, args...)
	return r
}

// Response codes in use (RFC 2449 §8.1, RFC 3206 §4-§5).
const (
	codeInUse   = "IN-USE"   // authenticated, but the maildrop is locked
	codeAuth    = "AUTH"     // a problem with the credentials
	codeSysTemp = "SYS/TEMP" // a passing system problem: try again later
	codeSysPerm = "SYS/PERM" // a lasting system problem
)

// Fixed replies. Replies whose text varies start from one of these and
// set the text with withText.
var (
	replyOK          = reply{ok: true}
	replyUserOK      = reply{ok: true, text: "send PASS"}
	replyCapa        = reply{ok: true, text: "capability list follows"}
	replyBeginTLS    = reply{ok: true, text: "begin TLS negotiation"}
	replySigningOff  = reply{ok: true}
	replyLoggedIn    = reply{ok: true}
	replyScanListing = reply{ok: true}
	replyRetr        = reply{ok: true}
	replyTop         = reply{ok: true, text: "top of message follows"}
	replyUIDListing  = reply{ok: true, text: "unique-id listing follows"}
	replyDeleted     = reply{ok: true}
	replyReset       = reply{ok: true}

	replyUnknownCommand     = reply{text: "unknown command"}
	replySyntax             = reply{text: "syntax error"}
	replyLineTooLong        = reply{text: "line too long: 255 octets at most, CRLF included"}
	replyBadLineEnd         = reply{text: "lines end in CRLF; bare CR and bare LF are not allowed"}
	replyWrongState         = reply{text: "command not valid in this state"}
	replyPassWithoutUser    = reply{text: "PASS must follow a successful USER"}
	replyBadUserName        = reply{code: codeAuth, text: "invalid user name"}
	replyAuthFailed         = reply{code: codeAuth, text: "authentication failed"}
	replyInsecure           = reply{code: codeAuth, text: "plaintext authentication requires TLS: use STLS first"}
	replyInUse              = reply{code: codeInUse, text: "maildrop is locked by another session"}
	replyMaildropError      = reply{code: codeSysTemp, text: "unable to open maildrop"}
	replyMechanism          = reply{text: "unsupported SASL mechanism"}
	replyAuthCancelled      = reply{text: "authentication cancelled"}
	replyBadBase64          = reply{text: "invalid base64"}
	replyNoSuchMessage      = reply{text: "no such message"}
	replyMessageDeleted     = reply{text: "message is marked as deleted"}
	replyMessageGone        = reply{code: codeSysPerm, text: "message file has gone"}
	replyTLSUnavailable     = reply{text: "STLS not available"}
	replyTLSActive          = reply{text: "TLS already active"}
	replyNotRemoved         = reply{code: codeSysTemp, text: "some deleted messages not removed"}
	replyTooManyErrors      = reply{text: "too many errors, closing connection"}
	replyTooManyConnections = reply{code: codeSysTemp, text: "too many connections, try again later"}
	replyTooManyFromClient  = reply{code: codeSysTemp, text: "too many connections from your address, try again later"}
	replyShutdown           = reply{code: codeSysTemp, text: "server shutting down, no messages deleted"}
	replyInternalError      = reply{code: codeSysTemp, text: "internal error, no messages deleted"}
)
