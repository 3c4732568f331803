package smtp

import (
	"strings"

	"github.com/mailspec/mailspec/suite/spec"
	"github.com/mailspec/mailspec/suite/wire"
)

// authPreconditions are the AUTH refusals that say the exchange cannot
// begin on this connection at all (RFC 4954 §6): 530 authentication
// required (of another kind), 534 the mechanism is too weak for the
// server's policy, 538 the mechanism needs an encrypted connection.
var authPreconditions = map[int]string{
	530: "authentication of another kind is required first",
	534: "the mechanism is too weak for the server's policy",
	538: "the mechanism needs an encrypted connection",
}

// precondition skips the case when r, the reply to what, refuses the
// command for a precondition that allowed does not list: 530, which RFC
// 3207 §4 ("Must issue a STARTTLS command first") and RFC 4954 §6
// ("Authentication required") give to any command a server serves only
// after TLS or AUTH, and AUTH's 534 and 538. The case's subject was never
// reached, and a server with such a policy breaks nothing. A case whose
// subject is the precondition (a 538 to a mechanism the plaintext EHLO
// advertised) checks the code itself.
func precondition(what string, r *wire.Reply, allowed []int) {
	if r.Expect(allowed...) == nil {
		return
	}
	why, ok := authPreconditions[r.Code]
	verb, _, _ := strings.Cut(what, " ")
	if !ok || r.Code != 530 && !strings.EqualFold(verb, "AUTH") {
		return
	}
	if r.Code == 530 && !strings.EqualFold(verb, "AUTH") {
		why = "the server serves it only after STARTTLS or AUTH"
	}
	spec.Skipf("the server refused %s with %d (%s): the case's subject was not reached\n%s",
		wire.Visible([]byte(what)), r.Code, why, wire.Visible([]byte(r.String())))
}
