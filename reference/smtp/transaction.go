package smtp

import "github.com/mailspec/mailspec/reference/mailstore"

// transaction is an open mail transaction (RFC 5321 §3.3): the reverse
// path, the accepted recipients, and, while BDAT chunks arrive, the message
// being written.
type transaction struct {
	from       address
	nullSender bool        // MAIL FROM:<> (RFC 5321 §4.5.5)
	eightBit   bool        // BODY=8BITMIME (RFC 6152)
	smtputf8   bool        // SMTPUTF8 (RFC 6531 §3.4)
	binaryMIME bool        // BODY=BINARYMIME (RFC 3030 §3)
	sizeHint   int64       // SIZE= (RFC 1870), 0 if not given
	dsn        dsnEnvelope // RET= and ENVID= (RFC 3461), when DSN is offered
	rcpts      []recipient

	chunks *dataWriter // BDAT in progress (RFC 3030)
}

// recipient is an accepted RCPT: the path as given, and the local Maildir
// that receives it.
type recipient struct {
	addr    address
	mailbox string
	dsn     dsnRecipient // NOTIFY= and ORCPT= (RFC 3461), when DSN is offered
}

// reset aborts the transaction, dropping any message not yet acknowledged.
func (t *transaction) reset() {
	if t.chunks != nil {
		t.chunks.abort()
	}
	*t = transaction{}
}

// mailboxes lists the Maildirs the message goes to.
func (t *transaction) mailboxes() []string {
	out := make([]string, len(t.rcpts))
	for i, r := range t.rcpts {
		out[i] = r.mailbox
	}
	return out
}

// begin opens the store delivery for the transaction's recipients.
func (t *transaction) begin(store *mailstore.Store) (*mailstore.Delivery, error) {
	return store.Begin(t.mailboxes())
}
