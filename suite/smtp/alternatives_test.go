package smtp

import (
	"slices"
	"strings"
	"testing"

	refsmtp "github.com/mailspec/mailspec/reference/smtp"
	"github.com/mailspec/mailspec/suite/spec"
)

// An alternative is a choice the RFCs allow that the strict reference
// does not make, switched on in the reference (refsmtp.Alternatives). It
// is the mirror of a fault: a fault proves a case can fail, an
// alternative that it does not fail a conforming server that chose
// otherwise.
type alternative struct {
	name string
	set  func(*refsmtp.Alternatives)
	// mayWarn lists the cases and oracles whose SHOULD the alternative
	// breaks, and so may end as warn; strict cases may warn against a
	// lenient one.
	mayWarn []string
	lenient bool
	// mayError lists the cases a temporary refusal keeps from concluding.
	mayError []string
	// transient marks an alternative that answers 4yz where the strict
	// reference says yes: a transient refusal leaves cases inconclusive,
	// never failed, so any case may end in error, but only through
	// temporaryRefusal (RFC 5321 §4.2.1: "the action may be requested
	// again").
	transient bool
}

// alternatives are the choices every case must accept.
var alternatives = []alternative{
	{name: "354 to DATA with no valid recipient, 554 after the data (RFC 5321 §3.3, RFC 2920 §3.1)",
		set: func(a *refsmtp.Alternatives) { a.DataWithoutRecipients354 = true },
		// RFC 2920 §3.2 (3): a pipelining server SHOULD answer DATA
		// positively only with a valid recipient.
		mayWarn: []string{"smtp-2920.3.2-data-refused-without-valid-rcpt"}},
	{name: "501 to a non-ASCII address without SMTPUTF8 (RFC 5321 §4.1.2)",
		set: func(a *refsmtp.Alternatives) { a.NonASCIIAddress501 = true }},
	{name: "553 policy refusal of literal, quoted and source-routed paths (RFC 5321 §3.3, §4.1.4, §4.2.2)",
		set:     func(a *refsmtp.Alternatives) { a.RefuseUnusualPaths = 553 },
		mayWarn: []string{"smtp-4.1.1.3-source-route-ignored"}},
	{name: "501 refusal of literal, quoted and source-routed paths as not acceptable (RFC 5321 §4.1.4)",
		set:     func(a *refsmtp.Alternatives) { a.RefuseUnusualPaths = 501 },
		mayWarn: []string{"smtp-4.1.1.3-source-route-ignored"}},
	{name: "451 temporary policy refusal of literal, quoted and source-routed paths (RFC 5321 §4.2.2)",
		set: func(a *refsmtp.Alternatives) { a.RefuseUnusualPaths = 451 },
		// §7.9: a policy refusal SHOULD be 550; a 4yz is no refusal of relaying.
		mayWarn: []string{"smtp-4.1.1.3-source-route-ignored", "smtp-7.9-relay-refused-source-route"},
		// A 4yz for the routed recipient leaves the route question open.
		mayError: []string{"smtp-4.1.1.3-source-route-ignored"}},
	{name: "454 to a second STARTTLS (RFC 3207 §4)",
		set: func(a *refsmtp.Alternatives) { a.StartTLSAgain454 = true }},
	{name: "a cancelled AUTH counts as a failed attempt; the session ends after three (RFC 4954 §9)",
		set: func(a *refsmtp.Alternatives) { a.CountCancelledAuth = true }},
	{name: "VRFY and EXPN only after AUTH, 530 before (RFC 4954 §6, RFC 5321 §3.5.3)",
		set: func(a *refsmtp.Alternatives) { a.VerifyNeedsAuth = true }},
	{name: "554 for relaying (RFC 5321 §3.6.2 asks for 550 with a SHOULD)",
		set: func(a *refsmtp.Alternatives) { a.RelayDenied554 = true },
		// 554 is not in §4.3.2's list for RCPT either.
		mayWarn: []string{"smtp-3.6.2-relay-refused-550", "smtp-4.3.2-rcpt-codes", oracleCodeTable}},
	{name: "lenient path parsing: paths the grammar forbids accepted (RFC 5321 §4.1.2)",
		set:     func(a *refsmtp.Alternatives) { a.LenientPaths = true },
		lenient: true},
	{name: "TLS required: 530 to every command but NOOP, EHLO, STARTTLS and QUIT before TLS (RFC 3207 §4)",
		set: func(a *refsmtp.Alternatives) { a.TLSRequired = true }},
	{name: "lenient arguments: bare HELO and EHLO, STARTTLS with a parameter, SMTPUTF8 with a value accepted (RFC 5321 §4.1.1.1, RFC 3207 §4, RFC 6531 §3.4)",
		set:     func(a *refsmtp.Alternatives) { a.LenientArguments = true },
		lenient: true},
	{name: "502 to an unknown verb (RFC 5321 §4.2.4 asks for 500 with a SHOULD)",
		set: func(a *refsmtp.Alternatives) { a.Unknown502 = true },
		// §4.2.4: "If the command is not recognized, code 500 SHOULD be returned."
		mayWarn: []string{"smtp-4.2.4-unknown-verb-500"}},
	{name: "503 to NOOP, RSET, HELP, VRFY and EXPN before EHLO (RFC 5321 §4.1.4 asks otherwise with a SHOULD)",
		set: func(a *refsmtp.Alternatives) { a.EarlyCommands503 = true },
		// §4.1.4: "SMTP servers SHOULD process these normally (that is,
		// not return a 503 code) even if no EHLO command has yet been
		// received"; and 503 is not among §4.3.2's codes for them, which
		// §4.3.1 says "SHOULD be strictly adhered to".
		mayWarn: []string{"smtp-4.1.4-noop-before-ehlo", "smtp-4.1.4-rset-before-ehlo", "smtp-4.1.4-help-before-ehlo",
			"smtp-4.1.4-vrfy-before-ehlo", "smtp-4.1.4-expn-before-ehlo", oracleCodeTable}},
	{name: "550 policy refusal of MAIL before EHLO (RFC 5321 §4.2.2, §4.3.2)",
		set: func(a *refsmtp.Alternatives) { a.MailBeforeHelo550 = true }},
	{name: "501 to an over-long command line (RFC 5321 §4.5.3.1.9)",
		set: func(a *refsmtp.Alternatives) { a.LineTooLong501 = true }},
	{name: "554 to BDAT with no MAIL or no recipient, the chunk discarded (RFC 3030 §2, RFC 5321 §3.3)",
		set: func(a *refsmtp.Alternatives) { a.BdatWithoutRecipients554 = true }},
	{name: "EXPN not implemented: 502, not advertised (RFC 5321 §3.5.2 asks for it with a SHOULD, §4.2.4)",
		set: func(a *refsmtp.Alternatives) { a.ExpnNotImplemented = true }},
	{name: "greylisting: 450 to the first RCPT of each sender and recipient (RFC 5321 §4.2.1)",
		set:       func(a *refsmtp.Alternatives) { a.Greylist = true },
		transient: true},
	{name: "454 to AUTH after one failed attempt from the client (RFC 4954 §6)",
		set:       func(a *refsmtp.Alternatives) { a.AuthThrottle454 = true },
		transient: true},
	{name: "421 and a closed connection for commands pipelined behind STARTTLS (RFC 3207 §4.2, §6)",
		set: func(a *refsmtp.Alternatives) { a.PipelinedStartTLS421 = true }},
}

// allows reports whether a case may end with the verdict against the
// alternative.
func (a alternative) allows(c Case, v spec.Verdict) bool {
	switch v {
	case spec.Pass, spec.Skip, spec.Info:
		return true
	case spec.Warn:
		return a.lenient && c.Strict || slices.Contains(a.mayWarn, c.ID)
	case spec.Error:
		return slices.Contains(a.mayError, c.ID)
	}
	return false
}

// allowsOutcome is allows, with an error of a transient alternative
// allowed when a temporary refusal caused it.
func (a alternative) allowsOutcome(c Case, out spec.Outcome) bool {
	if a.transient && out.Verdict == spec.Error && strings.HasPrefix(out.Message, temporaryRefusalMessage) {
		return true
	}
	return a.allows(c, out.Verdict)
}

// TestEveryCasePassesAgainstEveryAlternative runs each case against the
// reference with each alternative on: no case may fail a server for a
// choice the RFCs leave to it.
func TestEveryCasePassesAgainstEveryAlternative(t *testing.T) {
	for _, a := range alternatives {
		t.Run(a.name, func(t *testing.T) {
			t.Parallel()
			var seen spec.Sightings
			for _, c := range registry.Cases() {
				t.Run(c.ID, func(t *testing.T) {
					out := runAgainst(t, c, func(cfg *refsmtp.Config) { a.set(&cfg.Alternatives) })
					seen.Record(c.ID, out)
					if !a.allowsOutcome(c, out) {
						t.Errorf("verdict %s against a server that chose otherwise: %s\n%s", out.Verdict, out.Message, strings.Join(out.Transcripts, "\n"))
					}
				})
			}
			for _, o := range registry.Oracles() {
				out := seen.Judge(o)
				if v := out.Verdict; v != spec.Pass && !(v == spec.Warn && slices.Contains(a.mayWarn, o.ID)) {
					t.Errorf("oracle %s: verdict %s against a server that chose otherwise: %s", o.ID, v, out.Message)
				}
			}
		})
	}
}

// TestAlternativesNameCases: every case an alternative may warn exists.
func TestAlternativesNameCases(t *testing.T) {
	oracles := map[string]bool{}
	for _, o := range registry.Oracles() {
		oracles[o.ID] = true
	}
	for _, a := range alternatives {
		for _, id := range append(a.mayWarn, a.mayError...) {
			if _, ok := registry.Find(id); !ok && !oracles[id] {
				t.Errorf("%s: no case %s", a.name, id)
			}
		}
	}
}
