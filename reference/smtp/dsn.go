package smtp

import "strings"

// Delivery Status Notifications (RFC 3461), offered when Config.DSN is
// set. The server validates and records the parameters of §4 — RET and
// ENVID on MAIL, NOTIFY and ORCPT on RCPT — and answers as §5.1 requires:
// valid ones change no reply, invalid or repeated ones get 501. What it
// records is kept with the transaction; generating notifications happens
// after the session, out of the conformance suite's sight, and this server
// delivers only locally, so it never sends one.

// dsnEnvelope is what MAIL asked of notifications (RFC 3461 §4.3, §4.4).
type dsnEnvelope struct {
	ret   string // "FULL" or "HDRS"; "" if not given
	envid string // the xtext as given; "" if not given
}

// dsnRecipient is what RCPT asked of notifications (RFC 3461 §4.1, §4.2).
type dsnRecipient struct {
	notify string // "NEVER" or a comma list of SUCCESS, FAILURE, DELAY
	orcpt  string // addr-type ";" xtext, as given
}

// replyDSNSyntax answers an invalid or repeated DSN parameter (RFC 3461
// §4.5, §5.1).
var replyDSNSyntax = reply(501, "5.5.4", "Syntax error in DSN parameter")

// dsnMailParams takes RET and ENVID out of params when DSN is offered,
// recording them in env, and returns the rest. An invalid value or a
// repeat, even an identical one, is answered 501 (RFC 3461 §5.1 (a): MUST).
func (s *session) dsnMailParams(params []param, env *dsnEnvelope) ([]param, Reply, bool) {
	if !s.cfg.DSN || !s.extended {
		return params, Reply{}, true
	}
	var rest []param
	seen := map[string]bool{}
	for _, p := range params {
		switch p.keyword {
		case "RET":
			v := upperASCII(p.value)
			if seen[p.keyword] || v != "FULL" && v != "HDRS" {
				return nil, replyDSNSyntax, false
			}
			env.ret = v
		case "ENVID":
			if seen[p.keyword] || !validDSNText(p.value, 100) {
				return nil, replyDSNSyntax, false
			}
			env.envid = p.value
		default:
			rest = append(rest, p)
			continue
		}
		seen[p.keyword] = true
	}
	return rest, Reply{}, true
}

// dsnRcptParams takes NOTIFY and ORCPT out of params when DSN is offered,
// recording them in rcpt, and returns the rest. An invalid value or a
// repeat is answered 501 (RFC 3461 §5.1 (b): SHOULD).
func (s *session) dsnRcptParams(params []param, rcpt *dsnRecipient) ([]param, Reply, bool) {
	if !s.cfg.DSN || !s.extended {
		return params, Reply{}, true
	}
	var rest []param
	seen := map[string]bool{}
	for _, p := range params {
		switch p.keyword {
		case "NOTIFY":
			if seen[p.keyword] || !validNotify(p.value) {
				return nil, replyDSNSyntax, false
			}
			rcpt.notify = upperASCII(p.value)
		case "ORCPT":
			// original-recipient-address = addr-type ";" xtext (§4.2);
			// addr-type = atom. Its registration binds the client.
			addrType, addr, ok := strings.Cut(p.value, ";")
			if seen[p.keyword] || !ok || addrType == "" || !isAtom(addrType) || !validDSNText(addr, 0) {
				return nil, replyDSNSyntax, false
			}
			rcpt.orcpt = p.value
		default:
			rest = append(rest, p)
			continue
		}
		seen[p.keyword] = true
	}
	return rest, Reply{}, true
}

// validNotify checks notify-esmtp-value = "NEVER" / 1#notify-list-element,
// notify-list-element = "SUCCESS" / "FAILURE" / "DELAY", in any case;
// NEVER stands alone (RFC 3461 §4.1).
func validNotify(v string) bool {
	if strings.EqualFold(v, "NEVER") {
		return true
	}
	for _, e := range strings.Split(v, ",") {
		switch upperASCII(e) {
		case "SUCCESS", "FAILURE", "DELAY":
		default:
			return false
		}
	}
	return true
}

// validDSNText checks an xtext whose decoded value must be printable
// US-ASCII (graphic and space, RFC 3461 §4.2, §4.4), not empty, and at
// most max characters when max > 0.
func validDSNText(v string, max int) bool {
	if v == "" || !isXtext(v) {
		return false
	}
	n := 0
	for i := 0; i < len(v); i++ {
		c := v[i]
		if c == '+' {
			c = unhex(v[i+1])<<4 | unhex(v[i+2])
			i += 2
		}
		if c < 32 || c > 126 {
			return false
		}
		n++
	}
	return max <= 0 || n <= max
}

func unhex(c byte) byte {
	if c >= 'A' {
		return c - 'A' + 10
	}
	return c - '0'
}

// isAtom reports whether s is 1*atext (RFC 5322 §3.2.3).
func isAtom(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isAtext(s[i]) {
			return false
		}
	}
	return s != ""
}
