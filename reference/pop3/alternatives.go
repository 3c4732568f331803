package pop3

// Alternatives are choices the RFCs leave to a POP3 server that the
// strict reference does not make. Each is named, off in the zero value,
// and documented with the sentence that allows it. The conformance
// suite's own tests run every POP3 case against each, to see that no case
// fails a server that chose otherwise; a deployment may set them too.
// (Offering APOP, Config.AllowAPOP, and passwords without TLS,
// Config.AllowInsecureAuth, are choices of the same kind that the
// reference already has as configuration.)
type Alternatives struct {
	// NoTop leaves TOP out: it is one of RFC 1939 §7's "optional POP3
	// commands", so it gets -ERR as an unknown command, and CAPA does not
	// list it (RFC 2449 §6.1).
	NoTop bool
	// NoUIDL leaves UIDL out, as NoTop does TOP (RFC 1939 §7, RFC 2449
	// §6.8).
	NoUIDL bool
	// NoUserPass leaves USER and PASS out: CAPA lists no USER (RFC 2449
	// §6.2), both get -ERR as unknown commands, and SASL PLAIN is the way
	// in. RFC 1939 §4: "there is no single authentication mechanism that
	// is required of all POP3 servers".
	NoUserPass bool
	// RefuseSTLSAfterUser answers -ERR to STLS right after a successful
	// USER. RFC 1939 §7 USER: after its +OK "the client may issue either
	// the PASS command to complete the authentication, or the QUIT
	// command"; §3 lets a server refuse a command in the wrong state.
	RefuseSTLSAfterUser bool
	// RefuseSTLSWithPipelined answers -ERR to STLS when the client has
	// already sent more behind it, which RFC 2595 §4 forbids the client:
	// "it MUST NOT issue further commands until a server response is
	// seen and the TLS negotiation is complete".
	RefuseSTLSWithPipelined bool
	// CloseAfterFailedLogin closes the connection after the -ERR to a
	// failed authentication. RFC 1939 §4: "After returning a negative
	// status indicator, the server may close the connection."
	CloseAfterFailedLogin bool
	// InUseWithoutCode answers a login to a locked maildrop with a plain
	// -ERR, without the IN-USE response code. RFC 2449 §8 lets a server
	// issue a response code ("a server which supports RESP-CODES MAY
	// use it"), it does not oblige it to.
	InUseWithoutCode bool
	// ExpireAnnounced announces a retention period instead of EXPIRE
	// NEVER: "EXPIRE 30 USER" before login and "EXPIRE 60" after, the
	// per-user policy RFC 2449 §6.7 describes ("the server MUST announce
	// in AUTHENTICATION state the smallest value which could be set for
	// any user"). The reference deletes nothing by itself, so any period
	// is a true minimum.
	ExpireAnnounced bool
	// APOPNotForPassUsers offers APOP (the timestamp in the greeting) but
	// refuses it, with -ERR, for every user, since every user of the
	// directory logs in with USER/PASS. RFC 1939 §13: "a POP3 server which
	// implements both the PASS and APOP commands should not allow both
	// methods of access for a given user". It needs no Config.AllowAPOP.
	APOPNotForPassUsers bool
	// LoginDelayAnnounced lists "LOGIN-DELAY 0" in both states (RFC 2449
	// §6.5): no delay between logins, which the server trivially enforces.
	LoginDelayAnnounced bool
}

// expire is the EXPIRE capability line (RFC 2449 §6.7) for the state.
func (a Alternatives) expire(st state) string {
	switch {
	case !a.ExpireAnnounced:
		return "EXPIRE NEVER"
	case st == stateAuthorization:
		return "EXPIRE 30 USER"
	}
	return "EXPIRE 60"
}

// offers reports whether the optional command keyword is implemented.
func (a Alternatives) offers(keyword string) bool {
	switch keyword {
	case "TOP":
		return !a.NoTop
	case "UIDL":
		return !a.NoUIDL
	case "USER":
		return !a.NoUserPass
	}
	return true
}
