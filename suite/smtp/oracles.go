package smtp

// The oracles: what holds for every reply, checked on every reply any case
// receives (see spec.Oracle). A breach is noted on the session and
// reported once, under the oracle's ID, after the cases have run.

import (
	"fmt"
	"slices"
	"strings"

	"github.com/mailspec/mailspec/suite/spec"
	"github.com/mailspec/mailspec/suite/wire"
)

// Oracle IDs.
const (
	oracleReplyFormat  = "smtp-4.2-every-reply-well-formed"
	oracleCodeTable    = "smtp-4.3.2-every-reply-code-listed"
	oracleEnhancedCode = "smtp-2034.4-every-reply-enhanced-code"
)

var (
	_ = registry.AddOracle(spec.Oracle{
		ID: oracleReplyFormat, RFC: "5321", Section: "4.2", Level: MUST,
		Quote: `Formally, a reply is defined to be the sequence: a three-digit code, <SP>, one line of text, and <CRLF>, or a multiline reply (as defined in the same section).`,
		Binds: "the sentence defines what a reply is; a server that sends anything else is not speaking SMTP to the client",
		Does:  "every reply of every case: a three-digit code, SP or \"-\", text, CRLF; continuation lines with the same code",
	})
	_ = registry.AddOracle(spec.Oracle{
		ID: oracleCodeTable, RFC: "5321", Section: "4.3.2", Level: SHOULD,
		Quote: quoteReplyTable,
		Does:  "every reply of every case to a known command: a code section 4.3.2 (or the extension defining the command) lists for it, or 500, 501, 421",
	})
	_ = registry.AddOracle(spec.Oracle{
		ID: oracleEnhancedCode, RFC: "2034", Section: "4", Level: MUST, Extension: "ENHANCEDSTATUSCODES",
		Quote: `These codes must appear in all 2xx, 4xx, and 5xx response lines other than initial greeting and any response to HELO or EHLO.`,
		Does:  "every 2yz, 4yz and 5yz reply of every case, once the connection's EHLO lists ENHANCEDSTATUSCODES, but the greeting and the replies to HELO and EHLO: a status code of the reply's class, RFC 3463 syntax, on every line",
	})
)

// breach notes a reply that broke an oracle.
func (s *Session) breach(oracle, message string) {
	*s.breaches = append(*s.breaches, spec.Breach{Oracle: oracle, Message: message})
}

// Breaches lists the oracle breaches seen by the case's connections
// (spec.Breacher).
func (s *Session) Breaches() []spec.Breach { return *s.breaches }

// observe runs the oracles on r, the reply to what (a command line, or
// "<end of data>" and the like); codes are the codes the RFCs list for it,
// nil when none are known.
func (s *Session) observe(what string, r *wire.Reply, codes []int) {
	if codes != nil && !slices.Contains(codes, r.Code) && !slices.Contains(anyCommandCodes, r.Code) {
		verb, _, _ := strings.Cut(what, " ")
		msg := fmt.Sprintf("reply code %d to %s is not one RFC 5321 section 4.3.2 (or the extension defining the command) lists; section 4.3.1: these SHOULD be strictly adhered to\nExpected: one of %v\nActual:   %s",
			r.Code, asciiUpper(verb), append(slices.Clone(codes), anyCommandCodes...), wire.Visible([]byte(r.String())))
		s.breach(oracleCodeTable, msg)
		if s.Case.RFC == "5321" && s.Case.Section == "4.3.2" {
			s.warn(msg) // the code table is this case's own subject
		}
	}
	if _, ok := s.Has("ENHANCEDSTATUSCODES"); ok && !isGreetingReply(what) {
		if p := enhancedCodeProblem(r); p != "" {
			s.breach(oracleEnhancedCode, fmt.Sprintf("%s: %s (RFC 2034 section 4, RFC 3463 section 2)\nActual:   %s", wire.Visible([]byte(what)), p, wire.Visible([]byte(r.String()))))
		}
	}
}

// isGreetingReply reports whether what is HELO or EHLO, whose replies RFC
// 2034 §4 exempts from status codes.
func isGreetingReply(what string) bool {
	verb, _, _ := strings.Cut(what, " ")
	return strings.EqualFold(verb, "HELO") || strings.EqualFold(verb, "EHLO")
}

// enhancedCodeProblem says what is wrong with r's enhanced status codes,
// or "" when nothing is (or the reply takes none: 3yz).
func enhancedCodeProblem(r *wire.Reply) string {
	if !takesStatusCode(r) {
		return ""
	}
	for i, code := range statusCodes(r) {
		switch {
		case code == "":
			return fmt.Sprintf("line %d has no status code", i+1)
		case code[0]-'0' != byte(r.Class()):
			return fmt.Sprintf("status code %s does not agree with reply code %d", code, r.Code)
		case statusCodeProblem(code) != "":
			return fmt.Sprintf("status code %s: %s", code, statusCodeProblem(code))
		}
	}
	return ""
}

// textBreach notes a reply whose text is outside §4.2's textstring: the
// format oracle's breach. The reply itself reads, so the case goes on,
// but where the format is the case's own subject (§4.2) it fails.
func (s *Session) textBreach(what string, r *wire.Reply) {
	msg := fmt.Sprintf("waiting for %s: the server broke the reply format (RFC 5321 section 4.2): %s\nActual:   %s", what, r.TextProblem, wire.Visible([]byte(r.String())))
	s.breach(oracleReplyFormat, msg)
	if s.Case.RFC == "5321" && s.Case.Section == "4.2" {
		spec.Failf("%s", msg)
	}
}
