package smtp

import (
	"net/netip"
	"strings"
	"unicode/utf8"
)

// This file is the argument grammar of RFC 5321 §4.1.2, and its extension
// by RFC 6531 §3.3 (UTF-8 in local parts and domains when SMTPUTF8 is in
// use). Each function takes the text it must consume whole or a prefix of
// it, and says which.

// Limits from RFC 5321 §4.5.3.1.1–3.
const (
	maxLocalPart = 64
	maxDomain    = 255
	maxPath      = 256
	maxLabel     = 63 // RFC 1035 §2.3.4, which Domain names follow (RFC 5321 §2.3.5)
)

// address is a parsed Mailbox (RFC 5321 §4.1.2).
type address struct {
	local   string // the local part, quoting undone
	domain  string // a Domain, or an address literal with its brackets
	literal bool   // domain is an address literal
}

// String renders the mailbox as it may be written in a path: the local part
// quoted where it is not a Dot-string.
func (a address) String() string {
	local := a.local
	if !isDotString(local, true) {
		local = quoteLocal(local)
	}
	if a.domain == "" {
		return local
	}
	return local + "@" + a.domain
}

func isAlpha(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// isAtext reports whether c is an atext character (RFC 5322 §3.2.3, used by
// RFC 5321 §4.1.2's Atom).
func isAtext(c byte) bool {
	return isAlpha(c) || isDigit(c) || strings.IndexByte("!#$%&'*+-/=?^_`{|}~", c) >= 0
}

// isDotString reports whether s is a Dot-string: Atom *("." Atom).
// With utf8ok, UTF8-non-ascii counts as atext (RFC 6531 §3.3).
func isDotString(s string, utf8ok bool) bool {
	if s == "" || s[0] == '.' || s[len(s)-1] == '.' || strings.Contains(s, "..") {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '.' || isAtext(c) || c >= 0x80 && utf8ok {
			continue
		}
		return false
	}
	return !utf8ok || utf8.ValidString(s)
}

// quoteLocal writes s as a Quoted-string.
func quoteLocal(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		if s[i] == '"' || s[i] == '\\' {
			b.WriteByte('\\')
		}
		b.WriteByte(s[i])
	}
	b.WriteByte('"')
	return b.String()
}

// parseQuotedString consumes a Quoted-string at the start of s and returns
// its content with quoted-pairs undone, and the rest of s.
//
//	Quoted-string  = DQUOTE *QcontentSMTP DQUOTE
//	QcontentSMTP   = qtextSMTP / quoted-pairSMTP
//	quoted-pairSMTP = %d92 %d32-126
//	qtextSMTP      = %d32-33 / %d35-91 / %d93-126 (and UTF8-non-ascii, RFC 6531)
func parseQuotedString(s string, utf8ok bool) (content, rest string, ok bool) {
	if s == "" || s[0] != '"' {
		return "", s, false
	}
	var b strings.Builder
	for i := 1; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"':
			if utf8ok && !utf8.ValidString(b.String()) {
				return "", s, false
			}
			return b.String(), s[i+1:], true
		case c == '\\':
			if i+1 >= len(s) || s[i+1] < 32 || s[i+1] > 126 {
				return "", s, false
			}
			i++
			b.WriteByte(s[i])
		case c >= 32 && c <= 126, c >= 0x80 && utf8ok:
			b.WriteByte(c)
		default:
			return "", s, false
		}
	}
	return "", s, false
}

// isDomain reports whether s is a Domain:
//
//	Domain     = sub-domain *("." sub-domain)
//	sub-domain = Let-dig [Ldh-str]        ; or a U-label (RFC 6531 §3.3)
//	Ldh-str    = *( ALPHA / DIGIT / "-" ) Let-dig
func isDomain(s string, utf8ok bool) bool {
	if s == "" || len(s) > maxDomain {
		return false
	}
	for _, label := range strings.Split(s, ".") {
		if label == "" || len(label) > maxLabel {
			return false
		}
		if label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for i := 0; i < len(label); i++ {
			c := label[i]
			if isAlpha(c) || isDigit(c) || c == '-' || c >= 0x80 && utf8ok {
				continue
			}
			return false
		}
		if utf8ok && !utf8.ValidString(label) {
			return false
		}
	}
	return true
}

// isAddressLiteral reports whether s, brackets included, is an
// address-literal (RFC 5321 §4.1.3):
//
//	address-literal  = "[" ( IPv4-address-literal / IPv6-address-literal /
//	                   General-address-literal ) "]"
//	General-address-literal = Standardized-tag ":" 1*dcontent
//	dcontent = %d33-90 / %d94-126
func isAddressLiteral(s string) bool {
	if len(s) < 3 || s[0] != '[' || s[len(s)-1] != ']' {
		return false
	}
	inner := s[1 : len(s)-1]
	if isIPv4Literal(inner) {
		return true
	}
	tag, content, ok := strings.Cut(inner, ":")
	if !ok || tag == "" || content == "" {
		return false
	}
	if strings.EqualFold(tag, "IPv6") {
		// The IPv6-addr forms of §4.1.3 are the textual forms of RFC 4291
		// §2.2, which netip parses; zones are not part of the grammar.
		addr, err := netip.ParseAddr(content)
		return err == nil && addr.Is6() && addr.Zone() == ""
	}
	if !isDomain(tag, false) || strings.Contains(tag, ".") {
		return false // Standardized-tag is an Ldh-str
	}
	for i := 0; i < len(content); i++ {
		c := content[i]
		if c < 33 || c > 126 || c >= 91 && c <= 93 {
			return false
		}
	}
	return true
}

// isIPv4Literal: Snum 3("." Snum), Snum = 1*3DIGIT in 0-255.
func isIPv4Literal(s string) bool {
	parts := strings.Split(s, ".")
	if len(parts) != 4 {
		return false
	}
	for _, p := range parts {
		if p == "" || len(p) > 3 {
			return false
		}
		n := 0
		for i := 0; i < len(p); i++ {
			if !isDigit(p[i]) {
				return false
			}
			n = n*10 + int(p[i]-'0')
		}
		if n > 255 {
			return false
		}
	}
	return true
}

// parseMailbox parses a whole Mailbox: Local-part "@" ( Domain / address-literal ).
func parseMailbox(s string, utf8ok bool) (address, bool) {
	var local, rest string
	if strings.HasPrefix(s, `"`) {
		var ok bool
		local, rest, ok = parseQuotedString(s, utf8ok)
		if !ok {
			return address{}, false
		}
	} else {
		at := strings.LastIndexByte(s, '@')
		if at < 0 {
			return address{}, false
		}
		local, rest = s[:at], s[at:]
		if !isDotString(local, utf8ok) {
			return address{}, false
		}
	}
	if len(local) > maxLocalPart || !strings.HasPrefix(rest, "@") {
		return address{}, false
	}
	domain := rest[1:]
	if strings.HasPrefix(domain, "[") {
		return address{local: local, domain: domain, literal: true}, isAddressLiteral(domain)
	}
	return address{local: local, domain: domain}, isDomain(domain, utf8ok)
}

// parsePath consumes a Path at the start of s and returns its mailbox and
// the rest of s. Source routes (A-d-l) are parsed and dropped, as RFC 5321
// §4.1.1.3 and Appendix C allow.
//
//	Path = "<" [ A-d-l ":" ] Mailbox ">"
//	A-d-l = At-domain *( "," At-domain ) ; At-domain = "@" Domain
func parsePath(s string, utf8ok bool) (address, string, bool) {
	if !strings.HasPrefix(s, "<") {
		return address{}, s, false
	}
	end := closingBracket(s)
	if end < 0 || end+1 > maxPath {
		return address{}, s, false
	}
	inner, rest := s[1:end], s[end+1:]
	if strings.HasPrefix(inner, "@") {
		route, mbox, ok := strings.Cut(inner, ":")
		if !ok {
			return address{}, s, false
		}
		for _, hop := range strings.Split(route, ",") {
			if !strings.HasPrefix(hop, "@") || !isDomain(hop[1:], utf8ok) {
				return address{}, s, false
			}
		}
		inner = mbox
	}
	a, ok := parseMailbox(inner, utf8ok)
	return a, rest, ok
}

// closingBracket finds the '>' that ends a path starting at s[0] == '<',
// skipping any '>' inside a quoted local part.
func closingBracket(s string) int {
	quoted := false
	for i := 1; i < len(s); i++ {
		switch {
		case quoted && s[i] == '\\':
			i++
		case s[i] == '"':
			quoted = !quoted
		case !quoted && s[i] == '>':
			return i
		}
	}
	return -1
}

// param is one esmtp-param of MAIL or RCPT.
type param struct {
	keyword  string // upper-cased
	value    string
	hasValue bool
}

// parseParams parses Mail-parameters / Rcpt-parameters:
//
//	esmtp-param   = esmtp-keyword ["=" esmtp-value]  (separated by single SP)
//	esmtp-keyword = (ALPHA / DIGIT) *(ALPHA / DIGIT / "-")
//	esmtp-value   = 1*(%d33-60 / %d62-126)  ; and UTF8-non-ascii, RFC 6531 §3.3
func parseParams(s string) ([]param, bool) {
	if s == "" {
		return nil, true
	}
	var params []param
	for _, field := range strings.Split(s, " ") {
		kw, val, hasVal := strings.Cut(field, "=")
		if kw == "" || !(isAlpha(kw[0]) || isDigit(kw[0])) {
			return nil, false
		}
		for i := 0; i < len(kw); i++ {
			if !(isAlpha(kw[i]) || isDigit(kw[i]) || kw[i] == '-') {
				return nil, false
			}
		}
		if hasVal {
			if val == "" {
				return nil, false
			}
			for i := 0; i < len(val); i++ {
				c := val[i]
				if c < 33 || c == '=' || c == 127 {
					return nil, false
				}
			}
			if !utf8.ValidString(val) {
				return nil, false
			}
		}
		params = append(params, param{keyword: upperASCII(kw), value: val, hasValue: hasVal})
	}
	return params, true
}

// isXtext reports whether s is xtext (RFC 3461 §4): printable ASCII but
// "+" and "=", with "+" HEXCHAR HEXCHAR for anything else.
func isXtext(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '+':
			if i+2 >= len(s) || !isHexUpper(s[i+1]) || !isHexUpper(s[i+2]) {
				return false
			}
			i += 2
		case c < 33 || c > 126 || c == '=':
			return false
		}
	}
	return true
}

func isHexUpper(c byte) bool { return isDigit(c) || c >= 'A' && c <= 'F' }

// isASCII reports whether s has no octet above 127.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// upperASCII upper-cases the ASCII letters of s and nothing else. Verbs,
// mechanism names and parameter values are case-insensitive only in
// US-ASCII (RFC 5234 §2.3); strings.ToUpper would also turn "maıl" (a
// dotless i) into MAIL and "ſize" into SIZE, words a strict reader, and
// any other server, takes for something else.
func upperASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if 'a' <= s[i] && s[i] <= 'z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if 'a' <= b[j] && b[j] <= 'z' {
					b[j] -= 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}
