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

// authPrecondition skips the case when r, the reply to what, is an AUTH
// command refused for a precondition that allowed does not list: the
// case's subject (the exchange, the credentials) was never reached, and a
// server that sets such a policy breaks nothing. A case whose subject is
// the precondition (a 538 to a mechanism the plaintext EHLO advertised)
// checks the code itself.
func authPrecondition(what string, r *wire.Reply, allowed []int) {
	why, ok := authPreconditions[r.Code]
	verb, _, _ := strings.Cut(what, " ")
	if !ok || !strings.EqualFold(verb, "AUTH") || r.Expect(allowed...) == nil {
		return
	}
	spec.Skipf("the server refused %s with %d (%s): the case's subject was not reached\n%s",
		wire.Visible([]byte(what)), r.Code, why, wire.Visible([]byte(r.String())))
}
