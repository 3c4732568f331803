package smtp

import (
	"fmt"
	"strings"

	"github.com/mailspec/mailspec/suite/wire"
)

// utf8Replies says whether the reply to line may carry UTF-8 text (RFC
// 6531 §3.7.4): replies to VRFY and EXPN given the SMTPUTF8 parameter, and
// the 251 and 551 replies to RCPT in a transaction whose MAIL carried it.
// It also notes whether line is such a MAIL.
func (s *Session) utf8Replies(line string) bool {
	verb, args, _ := strings.Cut(line, " ")
	switch asciiUpper(verb) {
	case "MAIL":
		s.utf8Mail = hasWord(args, "SMTPUTF8")
	case "VRFY", "EXPN":
		return len(args) > len("SMTPUTF8") && strings.EqualFold(args[len(args)-len("SMTPUTF8"):], "SMTPUTF8")
	case "RCPT":
		return s.utf8Mail
	}
	return false
}

// checkUTF8Reply notes a breach of the reply format when a RCPT reply
// other than 251 or 551 carries UTF-8: RFC 6531 §3.7.4.1 permits it in
// those two only, and elsewhere §4.2's textstring is US-ASCII. The reply
// still says what the server did, so the case goes on.
func (s *Session) checkUTF8Reply(line string, r *wire.Reply) {
	verb, _, _ := strings.Cut(line, " ")
	if !strings.EqualFold(verb, "RCPT") || r.Code == 251 || r.Code == 551 {
		return
	}
	for _, l := range r.Lines {
		if !isASCIIText(l) {
			s.breach(oracleReplyFormat, fmt.Sprintf("a %d reply to RCPT carries UTF-8 text; RFC 6531 section 3.7.4.1 permits it only in 251 and 551 replies\nActual: %s", r.Code, wire.Visible([]byte(r.String()))))
			return
		}
	}
}

func isASCIIText(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
