package smtp

import (
	"fmt"

	"github.com/mailspec/mailspec/suite/spec"
	"github.com/mailspec/mailspec/suite/wire"
)

// temporaryRefusal ends the case as an error when r, the reply to what,
// is a transient negative completion (4yz, RFC 5321 section 4.2.1: "the
// error condition is temporary, and the action may be requested again")
// that allowed does not list: a rate limit, a greylist, a busy server. It
// says nothing about the requirement, so the case could not conclude and
// is to be rerun. Cases whose requirement is about a 4yz (a 421 closing the
// session after an error, a 452 before the RFC's recipient minimum) check
// that code themselves before they require others.
func temporaryRefusal(what string, r *wire.Reply, allowed []int) {
	if r.Code/100 != 4 {
		return
	}
	spec.Errorf(fmt.Errorf("%s; rerun it later\n%s\nExpected: %s\nActual:   %s",
		temporaryRefusalMessage, wire.Visible([]byte(what)), describeAllowed(allowed), wire.Visible([]byte(r.String()))))
}

// temporaryRefusalMessage begins the message of every case that
// temporaryRefusal ends.
const temporaryRefusalMessage = "a temporary refusal kept the case from concluding"

// expectCmdKeepingSession is ExpectCmd for a case whose requirement is
// that the session stays open (RFC 5321 section 3.8: "a server that
// closes connections in response to commands that are not understood is
// in violation of this specification"; section 4.1.1.10: not "until it
// receives and replies to a QUIT command (even if there was an error)").
// There a 421, the server closing the session, is the breach under test,
// not a temporary refusal: it fails the case.
func (s *Session) expectCmdKeepingSession(line string, allowed ...int) *wire.Reply {
	r := s.Cmd(line)
	s.failOnClosing(line, r, allowed)
	s.ExpectReply(line, r, allowed...)
	return r
}

// failOnClosing fails the case when r, the reply to what, is a 421 that
// allowed does not list: the server is closing a session it must keep.
func (s *Session) failOnClosing(what string, r *wire.Reply, allowed []int) {
	if r.Code == 421 && r.Expect(allowed...) != nil {
		spec.Failf("%s\nExpected: %s, and the session kept open (RFC 5321 sections 3.8, 4.1.1.10)\nActual:   %s (the server is closing the session)",
			wire.Visible([]byte(what)), describeAllowed(allowed), wire.Visible([]byte(r.String())))
	}
}
