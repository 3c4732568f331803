package smtp

import (
	"io"
	"strings"
	"sync"

	"github.com/mailspec/mailspec/reference/internal/serving"
)

// Alternatives are choices the RFCs leave to a server that the strict
// reference does not make. Each is named, off in the zero value, and
// documented with the sentence that allows it. The conformance suite's own
// tests run every case against each, to see that no case fails a server
// that chose otherwise; a deployment may set them too.
type Alternatives struct {
	// DataWithoutRecipients354 meets DATA after MAIL with no accepted
	// recipient with 354, reads the data and refuses it with 554 "no
	// valid recipients". RFC 5321 §3.3 only says the server MAY answer
	// DATA 503 or 554 then; RFC 2920 §3.1 describes this very choice for
	// pipelining servers.
	DataWithoutRecipients354 bool
	// NonASCIIAddress501 refuses a non-ASCII address without SMTPUTF8
	// with 501, RFC 5321 §4.1.2's reply for "invalid character codes",
	// instead of RFC 6531 §3.5's 550 (MAIL) and 553 (RCPT, VRFY, EXPN).
	NonASCIIAddress501 bool
	// RefuseUnusualPaths, when not zero, is the reply code (553, 501 or
	// 451) with which policy refuses a reverse-path holding an address
	// literal, a quoted local part or a source route, and a forward-path
	// holding a source route. RFC 5321 §4.1.4 lets a server find a MAIL
	// argument "not acceptable"; §3.3 lets it "decline to support the
	// relaying" a source route implies; §4.2.2 gives 553 "mailbox name
	// not allowed" and 4yz refusals.
	RefuseUnusualPaths int
	// StartTLSAgain454 answers STARTTLS on a session already under TLS
	// with 454, a reply RFC 3207 §4 lists, instead of 503.
	StartTLSAgain454 bool
	// CountCancelledAuth counts an AUTH exchange the client cancels with
	// "*" as a failed attempt, so that MaxAuthFailures of them end the
	// session. RFC 4954 §9: a server MAY drop the connection after failed
	// attempts, not before three.
	CountCancelledAuth bool
	// VerifyNeedsAuth answers VRFY and EXPN 530 until the client has
	// authenticated (RFC 4954 §6's "530 Authentication required"; RFC
	// 5321 §3.5.3 lets a server decline to verify).
	VerifyNeedsAuth bool
	// RelayDenied554 refuses relaying with 554 instead of 550. RFC 5321
	// §3.6.2 asks for 550 with a SHOULD; a server choosing 554 breaks
	// that SHOULD and nothing more.
	RelayDenied554 bool
	// LenientPaths accepts, in MAIL and RCPT, paths the grammar of RFC
	// 5321 §4.1.2 forbids but no sentence obliges a server to refuse: no
	// pointed brackets, spaces after the colon, a missing domain,
	// malformed labels. Such a server is lenient, not broken.
	LenientPaths bool
	// LenientArguments accepts other arguments the grammar forbids but no
	// sentence obliges a server to refuse: HELO and EHLO with no domain or
	// a malformed one, STARTTLS with a parameter, SMTPUTF8 with a value.
	// Invalid character codes are still refused (RFC 5321 §4.1.2).
	LenientArguments bool
	// TLSRequired serves nothing but NOOP, EHLO, STARTTLS and QUIT before
	// the STARTTLS handshake: the rest gets 530. RFC 3207 §4 lets a server
	// that is not publicly referenced require TLS, and says it "SHOULD
	// return the reply code: 530 Must issue a STARTTLS command first" to
	// every other command. Without TLS configured, it does nothing.
	TLSRequired bool
	// Unknown502 answers a verb it does not recognise with 502 instead of
	// 500. RFC 5321 §4.2.4: "If the command is not recognized, code 500
	// SHOULD be returned"; a server choosing 502 breaks that SHOULD and
	// nothing more.
	Unknown502 bool
	// EarlyCommands503 answers NOOP, RSET, HELP, VRFY and EXPN before any
	// HELO or EHLO with 503. RFC 5321 §4.1.4: servers "SHOULD process
	// these normally (that is, not return a 503 code) even if no EHLO
	// command has yet been received"; only that SHOULD is broken.
	EarlyCommands503 bool
	// MailBeforeHelo550 refuses MAIL before any HELO or EHLO with 550, a
	// policy refusal (RFC 5321 §4.2.2: "command rejected for policy
	// reasons"; §4.3.2 lists 550 for MAIL), instead of 503. §4.1.4's MUST
	// ("MUST first be initialized by the use of the EHLO command") binds
	// the client and fixes no reply. RCPT and DATA before EHLO still get
	// 503: §3.3 "If a RCPT command appears without a previous MAIL
	// command, the server MUST return a 503"; DATA may get 503 or 554.
	MailBeforeHelo550 bool
	// LineTooLong501 answers a command line over the limit with 501
	// instead of 500. RFC 5321 §4.5.3.1.9: "Errors due to exceeding these
	// limits may be reported by using the reply codes. Some examples of
	// reply codes are: 500 Line too long. or 501 Path too long".
	LineTooLong501 bool
	// BdatWithoutRecipients554 refuses BDAT with no MAIL, or with no
	// accepted RCPT, with 554 "no valid recipients" instead of 503, the
	// chunk still read and discarded. RFC 3030 §2 asks for "the
	// appropriate 5XX or 4XX code"; RFC 5321 §3.3 gives DATA in the same
	// state "503" or "554".
	BdatWithoutRecipients554 bool
	// ExpnNotImplemented leaves EXPN out: 502 to it, and no EXPN keyword
	// in the EHLO reply. RFC 5321 §3.5.2: "Server implementations SHOULD
	// support both VRFY and EXPN"; §4.5.1 does not require EXPN; §4.2.4
	// gives 502 for a command recognised but not implemented.
	ExpnNotImplemented bool
	// Greylist answers 450 to the first RCPT of each (client address,
	// sender, recipient), and accepts the same recipient when asked
	// again: RFC 5321 §4.2.1, a transient negative reply, "the action may
	// be requested again"; §4.3.2 lists 450 for RCPT.
	Greylist bool
	// AuthThrottle454 refuses AUTH with 454 once one attempt from the
	// client address has failed, until the failure ages out of
	// AuthFailureWindow: a rate limit as strict as it comes. RFC 4954 §6:
	// "454 4.7.0 Temporary authentication failure"; §9: a server may
	// guard against password guessing.
	AuthThrottle454 bool
	// PipelinedStartTLS421 answers STARTTLS followed, in the same write,
	// by more plaintext with 421 and closes the connection instead of
	// starting TLS. RFC 3207 §4.2: "the STARTTLS command must be the last
	// command in a group"; §6: what comes before the handshake "may be
	// modified by an active attacker". Such a client breaks the protocol,
	// and RFC 5321 §3.8 lets a server close with 421.
	PipelinedStartTLS421 bool
}

// Replies of the alternatives.
var (
	replyNoValidRecipients = reply(554, "5.5.1", "No valid recipients")
	replyNonASCII501       = reply(501, "5.6.7", "Non-ASCII address requires the SMTPUTF8 parameter")
	replyAlreadyTLS454     = reply(454, "4.7.0", "TLS already active")
	replyVerifyNeedsAuth   = reply(530, "5.7.0", "Authentication required")
	replyRelayDenied554    = reply(554, "5.7.1", "Relaying denied")
	replyMailNeedsHelo550  = reply(550, "5.5.1", "Send HELO or EHLO first; refused by local policy")
	replyLineTooLong501    = reply(501, "5.5.6", "Line too long")
	replyGreylisted        = reply(450, "4.7.1", "Greylisted; please try again later")
	replyPipelinedTLS421   = reply(421, "4.7.0", "Commands pipelined behind STARTTLS; closing connection")
)

// policyRefusals are the replies of RefuseUnusualPaths, by code.
var policyRefusals = map[int]Reply{
	553: reply(553, "5.7.1", "Address form not accepted by local policy"),
	501: reply(501, "5.1.7", "Address form not acceptable here"),
	451: reply(451, "4.7.1", "Address form temporarily not accepted by local policy"),
}

// earlyCommands are the commands RFC 5321 §4.1.4 says a server SHOULD
// process before EHLO, refused under EarlyCommands503.
var earlyCommands = map[string]bool{"NOOP": true, "RSET": true, "HELP": true, "VRFY": true, "EXPN": true}

// refusedEarly answers under EarlyCommands503 a command of earlyCommands
// sent before HELO or EHLO, and reports whether it did.
func (s *session) refusedEarly(verb string) bool {
	if s.cfg.Alternatives.TLSRequired && s.cfg.TLSConfig != nil && !s.tls && !servedBeforeTLS[verb] {
		s.send(replyMustStartTLS)
		return true
	}
	if !s.cfg.Alternatives.EarlyCommands503 || s.state != stateConnected || !earlyCommands[verb] {
		return false
	}
	s.send(replyNeedHelo)
	return true
}

// unrecognized is the reply to a verb the server does not know: 500, or
// 502 under Unknown502.
func (s *session) unrecognized() Reply {
	if s.cfg.Alternatives.Unknown502 {
		return replyNotImplemented
	}
	return replyUnrecognized
}

// lineTooLong is the reply to a command line over the limit: 500, or 501
// under LineTooLong501.
func (s *session) lineTooLong() Reply {
	if s.cfg.Alternatives.LineTooLong501 {
		return replyLineTooLong501
	}
	return replyLineTooLong
}

// mailBeforeHelo is the reply to MAIL before HELO or EHLO: 503, or 550
// under MailBeforeHelo550.
func (s *session) mailBeforeHelo() Reply {
	if s.cfg.Alternatives.MailBeforeHelo550 {
		return replyMailNeedsHelo550
	}
	return replyNeedHelo
}

// bdatWithoutRecipients is, under BdatWithoutRecipients554, the refusal of
// a BDAT with no MAIL or no accepted RCPT: 554. A BDAT after BDAT LAST is
// not one of them: RFC 3030 §2 says it "MUST be replied to with a 503".
func (s *session) bdatWithoutRecipients() (Reply, bool) {
	if !s.cfg.Alternatives.BdatWithoutRecipients554 || s.afterBdatLast {
		return Reply{}, false
	}
	if s.state == stateReady || s.state == stateMail {
		return replyNoValidRecipients, true
	}
	return Reply{}, false
}

// authFailuresPerClient is the limit of the authLimiter: one under
// AuthThrottle454, else MaxAuthFailuresPerClient.
func (c *Config) authFailuresPerClient() int {
	if c.Alternatives.AuthThrottle454 {
		return 1
	}
	return c.MaxAuthFailuresPerClient
}

// refusedPipelinedTLS answers, under PipelinedStartTLS421, a STARTTLS
// with plaintext behind it, and reports whether it did.
func (s *session) refusedPipelinedTLS() bool {
	if !s.cfg.Alternatives.PipelinedStartTLS421 || s.r.Buffered() == 0 {
		return false
	}
	s.send(replyPipelinedTLS421)
	s.flush()
	s.closed = true
	return true
}

// greylist remembers the (client address, sender, recipient) triples
// seen, for Greylist.
type greylist struct {
	mu   sync.Mutex
	seen map[string]bool
}

// greylisted reports, under Greylist, whether the recipient is to be put
// off this time: the first RCPT of each triple is, the later ones are not.
func (s *session) greylisted(a address) bool {
	if !s.cfg.Alternatives.Greylist {
		return false
	}
	g := &s.srv.greylist
	key := s.remoteIP + " " + strings.ToLower(s.tx.from.local+"@"+s.tx.from.domain+" "+a.local+"@"+a.domain)
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.seen == nil {
		g.seen = make(map[string]bool)
	}
	if g.seen[key] {
		return false
	}
	g.seen[key] = true
	return true
}

// nonASCIIRefusal is the reply to a non-ASCII address without SMTPUTF8:
// strict, r (RFC 6531 §3.5); under NonASCIIAddress501, 501.
func (s *session) nonASCIIRefusal(r Reply) Reply {
	if s.cfg.Alternatives.NonASCIIAddress501 {
		return replyNonASCII501
	}
	return r
}

// refusesPath reports the policy refusal of a path under
// RefuseUnusualPaths: any unusual reverse-path, a routed forward-path.
func (s *session) refusesPath(path string, reverse bool) (Reply, bool) {
	r, ok := policyRefusals[s.cfg.Alternatives.RefuseUnusualPaths]
	if !ok {
		return Reply{}, false
	}
	routed := strings.HasPrefix(path, "<@")
	unusual := routed || strings.HasPrefix(path, `<"`) || strings.Contains(path, "@[")
	if routed || reverse && unusual {
		return r, true
	}
	return Reply{}, false
}

// relayRefusal is the reply to a recipient the server will not relay to.
func (s *session) relayRefusal() Reply {
	if s.cfg.Alternatives.RelayDenied554 {
		return replyRelayDenied554
	}
	return replyRelayDenied
}

// lenientPath reads a path the grammar forbids the way a lenient server
// would, under LenientPaths: spaces trimmed, brackets optional, the
// mailbox split at its last "@" (a missing domain meaning a local one).
func (s *session) lenientPath(text string) (address, bool) {
	if !s.cfg.Alternatives.LenientPaths {
		return address{}, false
	}
	text = strings.TrimSpace(text)
	text = strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(text, "<"), ">"))
	if text == "" || strings.ContainsAny(text, " <>") || !printableASCII(text) {
		// Even a lenient server refuses invalid character codes (RFC
		// 5321 §4.1.2: it MUST).
		return address{}, false
	}
	at := strings.LastIndexByte(text, '@')
	if at < 0 {
		return address{local: text}, true
	}
	return address{local: text[:at], domain: text[at+1:]}, at > 0
}

// refuseDataAfterwards answers DATA with no accepted recipient under
// DataWithoutRecipients354: 354, the data read to its end and dropped,
// then 554. The transaction ends, as after any message.
func (s *session) refuseDataAfterwards() error {
	s.send(replyStartData)
	if err := s.flush(); err != nil {
		return err
	}
	if err := s.readData(io.Discard); err != nil {
		return err
	}
	s.command = "."
	s.tx.reset()
	s.state = stateReady
	s.send(replyNoValidRecipients)
	return nil
}

// authCancelled answers an AUTH the client cancelled under
// CountCancelledAuth: 501, counted as a failed attempt, and the session
// ended once MaxAuthFailures attempts have failed.
func (s *session) authCancelled() error {
	s.authFailures++
	s.send(replyAuthCancelled)
	if serving.Reached(s.authFailures, s.cfg.MaxAuthFailures) {
		s.send(replyTooManyAuthFailures)
		return errCloseSession
	}
	return nil
}

// printableASCII reports whether s holds only ASCII graphic characters.
func printableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] <= ' ' || s[i] >= 0x7f {
			return false
		}
	}
	return true
}

// lenientArgument reports whether LenientArguments takes arg, an argument
// the grammar refuses: one without invalid character codes.
func (s *session) lenientArgument(arg string) bool {
	return s.cfg.Alternatives.LenientArguments && (arg == "" || printableASCII(strings.ReplaceAll(arg, " ", "")))
}

// servedBeforeTLS are the commands RFC 3207 §4 leaves to a client that has
// not issued STARTTLS on a server that requires it.
var servedBeforeTLS = map[string]bool{"NOOP": true, "EHLO": true, "STARTTLS": true, "QUIT": true}

// replyMustStartTLS is RFC 3207 §4's reply under TLSRequired.
var replyMustStartTLS = reply(530, "5.7.0", "Must issue a STARTTLS command first")
