package smtp

// RFC 5321 §3.6.2 and §7.9 (relaying): a server SHOULD be able to limit
// relaying to known sources, and refuses with 550 the relaying it
// declines. The target names a recipient the server must not relay to for
// an unauthenticated client (target.Target.RelayRecipient); each case
// tries to reach it without AUTH, directly or by a detour.

import (
	"strings"

	"github.com/mailspec/mailspec/suite/spec"
	"github.com/mailspec/mailspec/suite/wire"
)

const quoteRelayFiltering = `Some sites have decided to limit the use of the relay function to known or identifiable sources, and implementations SHOULD provide the capability to perform this type of filtering. When mail is rejected for these or other policy reasons, a 550 code SHOULD be used in response to EHLO (or HELO), MAIL, or RCPT as appropriate.`

// expectRelayRefused sends RCPT for a recipient the server must not relay
// to and requires a permanent refusal. A 4yz would tell the client to try
// again later (RFC 5321 §4.2.1), which is no refusal: many an open relay
// has answered 450 first and 250 on the retry. So here a 4yz is the
// breach, not a temporary refusal that leaves the case inconclusive.
func (s *Session) expectRelayRefused(forwardPath string) {
	line := "RCPT TO:" + forwardPath
	r := s.Cmd(line)
	s.failOnTemporaryRelayRefusal(line, r, "a 5yz refusal")
	s.ExpectReply(line, r, 5)
}

// failOnTemporaryRelayRefusal fails the case when r, the reply to a RCPT
// the server must not relay, is a 4yz (see expectRelayRefused).
func (s *Session) failOnTemporaryRelayRefusal(line string, r *wire.Reply, want string) {
	if r.Class() == 4 {
		spec.Failf("%s\nExpected: %s\nActual:   %s (a temporary refusal: the client is told to try again, relaying is not declined)", wire.Visible([]byte(line)), want, wire.Visible([]byte(r.String())))
	}
}

// relayLocalPart is the local part of the target's relay recipient.
func (s *Session) relayLocalPart() string {
	local, _, _ := strings.Cut(s.T.RelayRecipient, "@")
	return local
}

var _ = register(Case{
	ID: "smtp-7.9-relay-refused", RFC: "5321", Section: "7.9", Level: SHOULD,
	Quote: quoteRelayFiltering,
	Does:  "sends, without AUTH, RCPT for the target's relay recipient (a domain it must not relay to); requires a 5yz refusal",
	Run: func(s *Session) {
		s.Ehlo()
		s.ExpectCmd("MAIL FROM:<"+s.Sender()+">", 250)
		s.expectRelayRefused("<" + s.T.RelayRecipient + ">")
	},
})

var _ = register(Case{
	ID: "smtp-3.6.2-relay-refused-550", RFC: "5321", Section: "3.6.2", Level: SHOULD,
	Quote: `If it declines to relay mail to a particular address for policy reasons, a 550 response SHOULD be returned.`,
	Does:  "sends, without AUTH, RCPT for the target's relay recipient; requires the refusal to be 550 (skips if the server accepts it: smtp-7.9-relay-refused judges that)",
	Run: func(s *Session) {
		s.Ehlo()
		s.ExpectCmd("MAIL FROM:<"+s.Sender()+">", 250)
		line := "RCPT TO:<" + s.T.RelayRecipient + ">"
		r := s.Cmd(line)
		if r.Class() == 2 {
			spec.Skipf("the server accepted the relay recipient, so declined nothing")
		}
		s.failOnTemporaryRelayRefusal(line, r, "550")
		s.ExpectReply(line, r, 550)
	},
})

var _ = register(Case{
	ID: "smtp-7.9-relay-refused-after-local-recipient", RFC: "5321", Section: "7.9", Level: SHOULD,
	Quote: quoteRelayFiltering,
	Does:  "sends, without AUTH, RCPT for the deliverable mailbox (250) and then for the relay recipient; requires a 5yz refusal of the second",
	Run: func(s *Session) {
		s.Ehlo()
		s.Transaction()
		s.expectRelayRefused("<" + s.T.RelayRecipient + ">")
	},
})

var _ = register(Case{
	ID: "smtp-7.9-relay-refused-source-route", RFC: "5321", Section: "7.9", Level: SHOULD,
	Quote: quoteRelayFiltering,
	Does:  "sends, without AUTH, RCPT TO:<@D:relay-recipient>, D the deliverable mailbox's domain (§4.1.1.3: the route is stripped, leaving a relay); requires a 5yz refusal",
	Run: func(s *Session) {
		s.Mailbox()
		s.Ehlo()
		s.ExpectCmd("MAIL FROM:<"+s.Sender()+">", 250)
		s.expectRelayRefused("<@" + s.T.LocalDomain() + ":" + s.T.RelayRecipient + ">")
	},
})

var _ = register(Case{
	ID: "smtp-7.9-relay-refused-address-literal", RFC: "5321", Section: "7.9", Level: SHOULD,
	Quote: quoteRelayFiltering,
	Does:  "sends, without AUTH, RCPT for the relay recipient's local part at [192.0.2.1] (TEST-NET-1, RFC 5737); requires a 5yz refusal",
	Run: func(s *Session) {
		s.Ehlo()
		s.ExpectCmd("MAIL FROM:<"+s.Sender()+">", 250)
		s.expectRelayRefused("<" + s.relayLocalPart() + "@[192.0.2.1]>")
	},
})
