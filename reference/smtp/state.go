package smtp

// state is where a session stands in RFC 5321's command order (§4.1.4, §3.3).
type state int

const (
	stateConnected state = iota // greeting sent; HELO or EHLO expected
	stateReady                  // greeted, no mail transaction open
	stateMail                   // MAIL accepted; RCPT expected
	stateRcpt                   // at least one RCPT accepted; more RCPT, DATA or BDAT expected
	stateBdat                   // BDAT chunks being received; more BDAT expected
)
