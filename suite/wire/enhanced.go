package wire

import "fmt"

// EnhancedCode is an enhanced mail system status code (RFC 3463 §2), as
// carried at the start of SMTP reply text by servers that advertise
// ENHANCEDSTATUSCODES (RFC 2034 §3), e.g. "5.1.1".
type EnhancedCode struct {
	Class   int // 2 success, 4 persistent transient failure, 5 permanent failure
	Subject int // 0 to 999
	Detail  int // 0 to 999
}

func (e EnhancedCode) String() string {
	return fmt.Sprintf("%d.%d.%d", e.Class, e.Subject, e.Detail)
}

// EnhancedCode parses the enhanced status code at the start of the first
// line's text. The syntax is RFC 3463 §2:
//
//	status-code = class "." subject "." detail
//	class       = "2" / "4" / "5"
//	subject     = 1*3digit
//	detail      = 1*3digit
//
// followed by SP or the end of the text (RFC 2034 §4). ok is false when the
// text does not start with one. Whether its class agrees with the reply's is
// left to the caller to check.
func (r *Reply) EnhancedCode() (code EnhancedCode, ok bool) {
	if len(r.Lines) == 0 {
		return EnhancedCode{}, false
	}
	s := r.Lines[0]
	if len(s) < 2 || (s[0] != '2' && s[0] != '4' && s[0] != '5') || s[1] != '.' {
		return EnhancedCode{}, false
	}
	code.Class = int(s[0] - '0')
	s = s[2:]
	var n int
	if code.Subject, n = leadingNumber(s); n == 0 || n >= len(s) || s[n] != '.' {
		return EnhancedCode{}, false
	}
	s = s[n+1:]
	if code.Detail, n = leadingNumber(s); n == 0 || (n < len(s) && s[n] != ' ') {
		return EnhancedCode{}, false
	}
	return code, true
}

// leadingNumber parses 1*3digit at the start of s, returning the value and
// how many digits it used (0 if none, or if a fourth digit follows).
func leadingNumber(s string) (v, n int) {
	for n < len(s) && s[n] >= '0' && s[n] <= '9' {
		if n == 3 {
			return 0, 0
		}
		v = v*10 + int(s[n]-'0')
		n++
	}
	return v, n
}
