package pop3

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/mailspec/mailspec/suite/spec"
	"github.com/mailspec/mailspec/suite/target"
	"github.com/mailspec/mailspec/suite/wire"
)

// RFC 2449: CAPA and the capabilities it lists. A capability that names a
// command (TOP, UIDL, USER, SASL, STLS) is checked by that command's own
// cases, which skip unless CAPA lists it; the cases here check CAPA itself
// and the capabilities that describe behaviour. IMPLEMENTATION is never
// read: RFC 2449 §6.9 forbids a client to change its behaviour by it.

// capaBeforeLogin secures the session as Login would, then lists the
// capabilities in the AUTHORIZATION state.
func (s *Session) capaBeforeLogin() map[string]string {
	s.Credentials()
	if s.T.POP3.TLS != target.TLSNone {
		s.Secure()
	}
	return maps.Clone(s.Capa())
}

var _ = register(Case{
	ID: "pop3-2449.5-capa-both-states", RFC: "2449", Section: "5", Level: MUST,
	Quote: `The POP3 CAPA command returns a list of capabilities supported by the POP3 server.  It is available in both the AUTHORIZATION and TRANSACTION states. ... Capabilities available in the AUTHORIZATION state MUST be announced in both states.`,
	Does:  "sends CAPA before login (after STLS where the target uses it) and after; skips if CAPA is refused before login; requires +OK after login, and every capability of the first list but STLS (RFC 2595 section 4: \"permitted in the current state\") in the second",
	Run: func(s *Session) {
		before := s.capaBeforeLogin()
		s.Login()
		// Not Capa, which skips on -ERR: CAPA answered before login, and
		// it is available in both states.
		s.Require("CAPA after login", s.Cmd("CAPA"), wire.StatusOK)
		after := s.capaList(s.Multiline("the CAPA list"))
		for _, tag := range slices.Sorted(maps.Keys(before)) {
			if _, ok := after[tag]; !ok && tag != "STLS" {
				spec.Expected("CAPA after login", "every capability listed before login, STLS aside: "+strings.Join(slices.Sorted(maps.Keys(before)), " "), "no "+tag+" in "+strings.Join(slices.Sorted(maps.Keys(after)), " "))
			}
		}
	},
}, needCredentials)

var _ = register(Case{
	ID: "pop3-2449.5-capa-lines-512", RFC: "2449", Section: "5", Level: MUST,
	Quote: `An +OK response is followed by a list of capabilities, one per line.  Each capability name MAY be followed by a single space and a space-separated list of parameters.  Each capability line is limited to 512 octets (including the CRLF).`,
	Binds: "the protocol's definition of the CAPA response, and section 4: the first line of a response is at most 512 octets too",
	Does:  "sends CAPA before login; requires the +OK line and each capability line to be at most 512 octets, CRLF included",
	Run: func(s *Session) {
		st := s.Cmd("CAPA")
		if st.Kind == wire.StatusErr {
			spec.Skipf("the server does not implement CAPA (RFC 2449): %s", wire.Visible([]byte(st.String())))
		}
		if len(st.String()) > 512 {
			spec.Expected("CAPA", "a first line of at most 512 octets", fmt.Sprintf("%d octets", len(st.String())))
		}
		for _, line := range strings.SplitAfter(string(s.Multiline("the CAPA list")), "\r\n") {
			if len(line) > 512 {
				spec.Expected("CAPA", "capability lines of at most 512 octets, CRLF included", fmt.Sprintf("%d octets: %s", len(line), wire.Visible([]byte(line[:60]))+"..."))
			}
		}
	},
})

// RFC 2449 §6.6.
var _ = register(Case{
	ID: "pop3-2449.6.6-pipelining-in-turn", RFC: "2449", Section: "6.6", Level: MUST, Extension: "PIPELINING",
	Quote: `The PIPELINING capability indicates the server is capable of accepting multiple commands at a time; the client does not have to wait for the response to a command before issuing a subsequent command.  If a server supports PIPELINING, it MUST process each command in turn.`,
	Does:  "after login, where CAPA lists PIPELINING, sends STAT, XYZZ, LIST and NOOP in one write; requires +OK nn mm, -ERR, +OK and the scan listings, +OK, in that order",
	Run: func(s *Session) {
		s.Login()
		s.RequireCapability("PIPELINING")
		const batch = "STAT\r\nXYZZ\r\nLIST\r\nNOOP\r\n"
		s.Send(batch)
		if st := s.ReadOrSentinel(batch + " (STAT)"); st.Kind != wire.StatusOK {
			spec.Expected(batch+" (STAT)", "+OK nn mm", wire.Visible([]byte(st.String())))
		} else if _, _, ok := twoNumbers(st.Text); !ok {
			spec.Expected(batch+" (STAT)", "+OK nn mm", wire.Visible([]byte(st.String())))
		}
		s.Require(batch+" (XYZZ)", s.ReadOrSentinel(batch+" (XYZZ)"), wire.StatusErr)
		s.Require(batch+" (LIST)", s.ReadOrSentinel(batch+" (LIST)"), wire.StatusOK)
		listing("LIST", s.Multiline("the LIST listing"))
		s.Require(batch+" (NOOP)", s.ReadOrSentinel(batch+" (NOOP)"), wire.StatusOK)
	},
}, needCredentials)

// RFC 2449 §6.4.
var _ = register(Case{
	ID: "pop3-2449.6.4-resp-codes-well-formed", RFC: "2449", Section: "6.4", Level: MUST, Extension: "RESP-CODES",
	Quote: `The RESP-CODES capability indicates that any response text issued by this server which begins with an open square bracket ("[") is an extended response code (see section 8).`,
	Binds: "advertising RESP-CODES is the server's statement that a \"[\" opens a response code; one that is not resp-code = \"[\" resp-level *(\"/\" resp-level) \"]\" (section 3) breaks it",
	Does:  "where CAPA lists RESP-CODES, sends USER and PASS with a wrong password; requires the text of each response seen (greeting included) that begins with \"[\" to begin with a well-formed response code",
	Run: func(s *Session) {
		user, password := s.Credentials()
		if s.T.POP3.TLS != target.TLSNone {
			s.Secure()
		}
		s.RequireCapability("RESP-CODES")
		check := func(what string, st *wire.Status) {
			if strings.HasPrefix(st.Text, "[") && st.Code == "" {
				spec.Expected(what, `a response code, "[" resp-level *("/" resp-level) "]"`, wire.Visible([]byte(st.String())))
			}
		}
		check("the greeting", s.Greeting())
		check("USER", s.Cmd("USER "+user))
		check("PASS with a wrong password", s.Cmd("PASS "+password+"-wrong"))
	},
}, needCredentials)

// policyValue parses the argument of EXPIRE or LOGIN-DELAY (RFC 2449
// §6.5, §6.7): a number, or NEVER where never is allowed (as +Inf), then
// optionally "USER". The sections define USER only "in AUTHENTICATION
// state" and forbid it nowhere, so USER after login is a warning, not a
// fail.
func (s *Session) policyValue(what, tag, params string, never, beforeLogin bool) float64 {
	f := strings.Fields(params)
	bad := func() {
		spec.Expected(what, tag+" with a number"+map[bool]string{true: " or NEVER"}[never]+", optionally USER (RFC 2449 section 6)", wire.Visible([]byte(strings.TrimSpace(tag+" "+params))))
	}
	if len(f) == 0 || len(f) > 2 || len(f) == 2 && !strings.EqualFold(f[1], "USER") {
		bad()
	}
	if len(f) == 2 && !beforeLogin {
		s.warn(fmt.Sprintf("%s: %s; RFC 2449 defines the USER token only \"in AUTHENTICATION state\", to say that a more accurate value is available after authentication", what, wire.Visible([]byte(strings.TrimSpace(tag+" "+params)))))
	}
	if never && strings.EqualFold(f[0], "NEVER") {
		return math.Inf(1)
	}
	if !digits(f[0]) {
		bad()
	}
	v, _ := strconv.ParseFloat(f[0], 64)
	return v
}

// RFC 2449 §6.7.
var _ = register(Case{
	ID: "pop3-2449.6.7-expire-smallest-before-login", RFC: "2449", Section: "6.7", Level: MUST, Extension: "EXPIRE",
	Quote: `If the expiration policy differs per user (that is, the EXPIRE argument might change after authentication), the server MUST announce in AUTHENTICATION state the smallest value which could be set for any user.`,
	Does:  "where CAPA lists EXPIRE before login, sends CAPA after login too; requires days or NEVER in both, and the value before login no larger than the one after; USER after login is a warning (the sections define it only before login)",
	Run: func(s *Session) {
		before := s.capaBeforeLogin()
		params, ok := before["EXPIRE"]
		if !ok {
			spec.Skipf("the server does not advertise EXPIRE")
		}
		b := s.policyValue("CAPA before login", "EXPIRE", params, true, true)
		s.Login()
		after, ok := s.Capa()["EXPIRE"]
		if !ok {
			return // pop3-2449.5-capa-both-states reports it
		}
		if a := s.policyValue("CAPA after login", "EXPIRE", after, true, false); b > a {
			spec.Expected("CAPA before and after login", "EXPIRE before login no larger than after: the smallest value any user has", "EXPIRE "+params+" before, EXPIRE "+after+" after")
		}
	},
}, needCredentials)

// RFC 2449 §6.5.
var _ = register(Case{
	ID: "pop3-2449.6.5-login-delay-largest-before-login", RFC: "2449", Section: "6.5", Level: MUST, Extension: "LOGIN-DELAY",
	Quote: `If the minimum login delay period could differ per user (that is, the LOGIN-DELAY argument might change after authentication), the server MUST announce in AUTHENTICATION state the largest value which could be set for any user.`,
	Does:  "where CAPA lists LOGIN-DELAY before login, sends CAPA after login too; requires seconds in both, and the value before login no smaller than the one after; USER after login is a warning (the sections define it only before login)",
	Run: func(s *Session) {
		before := s.capaBeforeLogin()
		params, ok := before["LOGIN-DELAY"]
		if !ok {
			spec.Skipf("the server does not advertise LOGIN-DELAY")
		}
		b := s.policyValue("CAPA before login", "LOGIN-DELAY", params, false, true)
		s.Login()
		after, ok := s.Capa()["LOGIN-DELAY"]
		if !ok {
			return // pop3-2449.5-capa-both-states reports it
		}
		if a := s.policyValue("CAPA after login", "LOGIN-DELAY", after, false, false); b < a {
			spec.Expected("CAPA before and after login", "LOGIN-DELAY before login no smaller than after: the largest value any user has", "LOGIN-DELAY "+params+" before, LOGIN-DELAY "+after+" after")
		}
	},
}, needCredentials)
