// Package roundtrip is the SMTP-to-POP3 round trip: cases that send a
// message through the target's SMTP server and read it back through its
// POP3 server, on the one store both serve, and compare the bytes. Many
// rules of RFC 5321 show only there: the transparency dot removed, a bare
// LF never made a line break, 8-bit octets kept, the trace fields added.
// The cases bind the SMTP server, so their IDs are smtp-…-roundtrip-…;
// they run only when the target names SMTP and POP3, a mailbox and POP3
// credentials that open that mailbox's maildrop, and each deletes what it
// delivered, so that runs can repeat.
package roundtrip

import (
	"fmt"

	"github.com/mailspec/mailspec/suite/pop3"
	"github.com/mailspec/mailspec/suite/smtp"
	"github.com/mailspec/mailspec/suite/spec"
	"github.com/mailspec/mailspec/suite/target"
)

// Session is what a round-trip case drives: an SMTP session to send with,
// opened with the case, and the POP3 sessions that read the message back,
// opened once it is sent.
type Session struct {
	T    *target.Target
	Case Case
	// SMTP is the sending side, with every check the SMTP suite makes on
	// the replies it reads.
	SMTP *smtp.Session

	transcripts []func() []string
	closers     []func()
	// drop is the POP3 session holding the case's messages, and their
	// message-numbers, deleted when the case ends.
	drop   *pop3.Session
	doomed []int
}

// Case is a round-trip case.
type Case = spec.Case[*Session]

// registry holds every round-trip case, in declaration order.
var registry spec.Registry[*Session]

// register declares a case; use it as `var _ = register(Case{...})`.
func register(c Case) struct{} { return registry.Add(c) }

// Registry is the round-trip cases, for the mailspec command, the
// requirements table and the suite's own tests.
func Registry() *spec.Registry[*Session] { return &registry }

// Declare adds every round-trip case to the Ginkgo tree; env is read when
// the specs run.
func Declare(env *spec.Env) bool {
	return spec.Declare("SMTP to POP3 round trips", env, &registry, Open)
}

// lacks says why the round trip cannot run against t, or "".
func lacks(t *target.Target) string {
	switch {
	case t.SMTP.Addr == "" || t.POP3.Addr == "":
		return "a round trip needs an SMTP and a POP3 server on one store (-smtp and -pop3)"
	case t.Mailbox == "":
		return "a round trip needs the mailbox to deliver to (-mailbox, " + target.EnvMailbox + ")"
	case t.POP3.User == "":
		return "a round trip needs POP3 credentials that open the mailbox's maildrop (-pop3-user and -pop3-password, " + target.EnvPOP3User + " and " + target.EnvPOP3Password + ")"
	}
	return ""
}

// Open starts a case's session: it skips before connecting when the
// target lacks what a round trip needs, then connects to the SMTP server
// and reads its greeting.
func Open(t *target.Target, c Case) (*Session, func() []string, func()) {
	s := &Session{T: t, Case: c}
	if why := lacks(t); why != "" {
		spec.Skipf("%s", why)
	}
	sm, tr, closeAll := smtp.Open(t, asSMTP(c))
	s.SMTP = sm
	s.transcripts = append(s.transcripts, tr)
	s.closers = append(s.closers, closeAll)
	return s, s.allTranscripts, s.end
}

// asSMTP is the case's metadata as an SMTP case's, for the SMTP session.
func asSMTP(c Case) smtp.Case {
	return smtp.Case{ID: c.ID, RFC: c.RFC, Section: c.Section, Level: c.Level, Extension: c.Extension, Quote: c.Quote, Binds: c.Binds, Strict: c.Strict, Does: c.Does}
}

// asPOP3 is the case's metadata as a POP3 case's, for the POP3 sessions.
func asPOP3(c Case) pop3.Case {
	return pop3.Case{ID: c.ID, RFC: c.RFC, Section: c.Section, Level: c.Level, Quote: c.Quote, Binds: c.Binds, Does: c.Does}
}

func (s *Session) allTranscripts() []string {
	var out []string
	for _, tr := range s.transcripts {
		out = append(out, tr()...)
	}
	return out
}

// end deletes what the case delivered (DELE, then the QUIT that the POP3
// session's own end sends, which commits the deletions: RFC 1939 §6) and
// closes every connection. What the server answers is only in the
// transcript: the case has concluded.
func (s *Session) end() {
	if s.drop != nil {
		for _, n := range s.doomed {
			quietly(func() { s.drop.Cmd(fmt.Sprintf("DELE %d", n)) })
		}
	}
	for i := len(s.closers) - 1; i >= 0; i-- {
		quietly(s.closers[i])
	}
}

// quietly runs f, swallowing the panic a session helper raises on a
// failed read: cleanup after the case has concluded changes nothing.
func quietly(f func()) {
	defer func() { _ = recover() }()
	f()
}
