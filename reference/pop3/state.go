package pop3

// state is where a session is in its life (RFC 1939 §3).
type state int

const (
	// stateAuthorization follows the greeting: the client must identify
	// itself with USER/PASS, APOP or AUTH (RFC 1939 §4). STLS and CAPA are
	// also valid here.
	stateAuthorization state = iota
	// stateTransaction follows a login: the maildrop is locked and open,
	// and STAT, LIST, RETR, DELE, NOOP, RSET, TOP, UIDL, CAPA and QUIT are
	// valid (RFC 1939 §5).
	stateTransaction
	// stateUpdate follows QUIT in the TRANSACTION state: deletions are
	// applied, the lock released, and the connection closed (RFC 1939 §6).
	// A session that ends any other way never gets here.
	stateUpdate
)

func (s state) String() string {
	switch s {
	case stateAuthorization:
		return "AUTHORIZATION"
	case stateTransaction:
		return "TRANSACTION"
	case stateUpdate:
		return "UPDATE"
	}
	return "unknown"
}
