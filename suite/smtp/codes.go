package smtp

import (
	"strings"

	"github.com/mailspec/mailspec/suite/wire"
)

// replyCodes are the codes each command may return: RFC 5321 §4.3.2's
// sequences, widened by the extensions that define codes for a command.
var replyCodes = map[string][]int{
	"HELO": {250, 504, 550, 502},
	"EHLO": {250, 504, 550, 502},
	// RFC 1870 §6 (552, 452 for SIZE), RFC 4954 §6 (530, 534, 538 when
	// authentication is required), RFC 6531 §3.5 (553 for non-ASCII).
	"MAIL": {250, 552, 451, 452, 550, 553, 503, 455, 555, 530, 534, 538},
	"RCPT": {250, 251, 550, 551, 552, 553, 450, 451, 452, 503, 455, 555, 530},
	"DATA": {354, 503, 554, 451, 452, 450, 550, 552, 530},
	"RSET": {250},
	"VRFY": {250, 251, 252, 550, 551, 553, 502, 504, 530},
	"EXPN": {250, 252, 550, 500, 502, 504, 530},
	"HELP": {211, 214, 502, 504},
	"NOOP": {250},
	"QUIT": {221},
	// RFC 3207 §4: 220, 501, 454; 503 for a repeated or out-of-order STARTTLS.
	"STARTTLS": {220, 501, 454, 503},
	// RFC 4954 §4 and §6.
	"AUTH": {235, 334, 432, 454, 500, 501, 503, 504, 530, 534, 535, 538},
	// RFC 3030 §2: 250 per chunk; a failure is "the appropriate 5XX or
	// 4XX code", any of them (see anyFailureCodes).
	"BDAT": {250},
	// RFC 5321 §4.2.4: commands a server does not implement get 502.
	"SEND": {502, 250, 503, 550, 530}, "SAML": {502, 250, 503, 550, 530},
	"SOML": {502, 250, 503, 550, 530}, "TURN": {502, 250, 450, 503, 530},
}

// Codes for what is not a command line but is still answered.
var (
	// endOfDataCodes answer the message data after 354 (RFC 5321 §4.3.2).
	endOfDataCodes = []int{250, 552, 554, 451, 452, 450, 550}
	// saslResponseCodes answer a line of an AUTH exchange (RFC 4954 §4, §6).
	saslResponseCodes = replyCodes["AUTH"]
)

// anyCommandCodes may answer any command: RFC 5321 §4.3.2's 500, 501 and
// 421, and 530, which RFC 3207 §4 ("Must issue a STARTTLS command first")
// and RFC 4954 §6 ("Authentication required") give to every command a
// server serves only after TLS or AUTH.
var anyCommandCodes = []int{500, 501, 421, 530}

// allowedCodes returns the codes the RFCs allow for a command line, and
// whether the command is one the table knows.
func allowedCodes(line string) ([]int, bool) {
	verb, _, _ := strings.Cut(line, " ")
	codes, ok := replyCodes[asciiUpper(verb)]
	return codes, ok
}

// anyFailureCodes names the commands whose failures may carry any 4yz or
// 5yz code.
var anyFailureCodes = map[string]bool{"BDAT": true}

// checkCode runs the oracles on a reply to a command line: the code
// table of RFC 5321 §4.3.2 ("These SHOULD be strictly adhered to", §4.3.1)
// and, where advertised, enhanced status codes. Unknown verbs may get 500,
// 501, 502 or 421. A breach does not change the case's verdict; it is
// reported under the oracle's own ID.
func (s *Session) checkCode(line string, r *wire.Reply) {
	codes, known := allowedCodes(line)
	if !known {
		codes = []int{502}
	}
	verb, _, _ := strings.Cut(line, " ")
	if anyFailureCodes[asciiUpper(verb)] && r.Class() >= 4 {
		codes = nil
	}
	s.observe(line, r, codes)
}

// checkCodeIn runs the oracles on r, the reply to line, which the RFCs
// answer with codes.
func (s *Session) checkCodeIn(line string, r *wire.Reply, codes []int) {
	s.observe(line, r, codes)
}

// asciiUpper upper-cases the ASCII letters of s and nothing else: SMTP's
// verbs and keywords are case-insensitive in US-ASCII (RFC 5321 §2.4),
// and Unicode's case rules would make "MA\u0131L" (a dotless i) a MAIL.
func asciiUpper(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'a' <= c && c <= 'z' {
			b[i] = c - 'a' + 'A'
		}
	}
	return string(b)
}
