package pop3

import (
	"testing"

	"github.com/mailspec/mailspec/internal/inbucketpeer"
	"github.com/mailspec/mailspec/internal/peertest"
)

// inbucketDeviations are the cases Inbucket v3.2.0 does not pass, each
// with the rule it breaks. TestInbucket requires exactly these: a new
// failure is either a deviation to write down here or a suite bug to fix.
// Two of them, the wrong password and the wrong APOP digest accepted, are
// Inbucket's design (a catch-all test server with no credentials), but
// they are still what the protocol forbids.
var inbucketDeviations = map[string]string{
	"pop3-5-list-exact-size":            "LIST gives the size of the message as stored, whose lines end in a bare LF (Inbucket's SMTP server reads DATA with net/textproto's ReadDotBytes), while RETR sends them with CRLF: 412 listed for 422 octets sent; RFC 1939 §5: a scan listing consists of the message-number of the message, followed by a single space and the exact size of the message in octets, and §11: if the POP3 server host internally represents end-of-line as a single character, then the POP3 server simply counts each occurrence of this character in a message as two octets",
	"pop3-7-apop-timestamp-unique":      "the greeting's timestamp is <pid.unix-seconds@domain> from one process, so two greetings within a second carry the same one; RFC 1939 §7: the syntax of the timestamp corresponds to the `msg-id' in [RFC822], and MUST be different each time the POP3 server issues a banner greeting",
	"pop3-7-apop-wrong-digest-refused":  "APOP is answered +OK whatever the digest (Inbucket checks no credentials); RFC 1939 §7: if the digest is correct, the POP3 server issues a positive response, and the POP3 session enters the TRANSACTION state. Otherwise, a negative response is issued and the POP3 session remains in the AUTHORIZATION state",
	"pop3-7-pass-after-stls-needs-user": "USER given in plaintext, then STLS, then PASS: +OK, with the name sent before TLS; RFC 1939 §7: PASS may only be given in the AUTHORIZATION state immediately after a successful USER command, and §3: a server MUST respond to a command issued when the session is in an incorrect state by responding with a negative status indicator",
	"pop3-7-wrong-password-refused":     "PASS is answered +OK whatever the password (Inbucket checks no credentials), so a wrong pair opens the maildrop; RFC 1939 §7: the POP3 server uses the argument pair from the USER and PASS commands to determine if the client should be given access to the appropriate maildrop (Possible Responses: -ERR invalid password)",
}

// TestInbucket runs every POP3 case against Inbucket v3.2.0
// (github.com/inbucket/inbucket/v3), a mail server nobody here wrote,
// embedded in the test: its SMTP server delivers into its memory store
// and its POP3 server reads from it, both on loopback with STARTTLS and
// STLS. Inbucket is a test server: it takes mail for any recipient, files
// it in the mailbox named by the local part, and lets any password open
// any mailbox. With MAILSPEC_INBUCKET_REPORT=FILE it writes the run's
// JSON report there (scripts/peers-matrix.sh puts it in docs/peers/).
func TestInbucket(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the whole POP3 suite against Inbucket")
	}
	peertest.Check(t, inbucketpeer.Start(t, timeoutForTests), &registry, Open, peertest.Peer{
		Name:       "Inbucket v3.2.0 (github.com/inbucket/inbucket/v3)",
		ReportEnv:  "MAILSPEC_INBUCKET_REPORT",
		Deviations: inbucketDeviations,
		// The greetings' timestamps repeat only when both fall in one
		// second of the clock.
		MayPass:          map[string]bool{"pop3-7-apop-timestamp-unique": true},
		SkipInconclusive: true,
	})
}
