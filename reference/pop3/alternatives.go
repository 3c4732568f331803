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
	// CloseAfterFailedLogin closes the connection after the -ERR to a
	// failed authentication. RFC 1939 §4: "After returning a negative
	// status indicator, the server may close the connection."
	CloseAfterFailedLogin bool
	// InUseWithoutCode answers a login to a locked maildrop with a plain
	// -ERR, without the IN-USE response code. RFC 2449 §8 lets a server
	// issue a response code ("a server which supports RESP-CODES MAY
	// use it"), it does not oblige it to.
	InUseWithoutCode bool
}

// offers reports whether the optional command keyword is implemented.
func (a Alternatives) offers(keyword string) bool {
	switch keyword {
	case "TOP":
		return !a.NoTop
	case "UIDL":
		return !a.NoUIDL
	}
	return true
}
