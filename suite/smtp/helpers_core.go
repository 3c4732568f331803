package smtp

// Helpers for the core RFC 5321 cases: session initiation (§3.1), EHLO and
// HELO (§4.1.1.1), the commands of §4.1.1, VRFY and EXPN (§3.5), QUIT
// (§3.8), the argument grammar of §4.1.2 and the order of commands (§4.1.4).

import (
	"fmt"
	"regexp"
	"strings"
	"time"
)

// The grammar the core cases check server text against.
var (
	// grammarDomain is RFC 5321 §4.1.2's Domain:
	//	Domain = sub-domain *("." sub-domain)
	//	sub-domain = Let-dig [Ldh-str]
	grammarDomain = regexp.MustCompile(`^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*$`)
	// grammarAddressLiteral is §4.1.3's address-literal: an IPv4 literal,
	// or Standardized-tag ":" 1*dcontent (IPv6 among them).
	grammarAddressLiteral = regexp.MustCompile(`^\[(?:[0-9]{1,3}(?:\.[0-9]{1,3}){3}|[A-Za-z0-9-]*[A-Za-z0-9]:[\x21-\x5a\x5e-\x7e]+)\]$`)
	// grammarEhloLine is §4.1.1.1's ehlo-line:
	//	ehlo-line    = ehlo-keyword *( SP ehlo-param )
	//	ehlo-keyword = (ALPHA / DIGIT) *(ALPHA / DIGIT / "-")
	//	ehlo-param   = 1*(%d33-126)
	grammarEhloLine = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9-]*(?: [\x21-\x7e]+)*$`)
	// grammarMailboxInText finds a local-part@domain in reply text
	// (§3.5.2): a Dot-string or Quoted-string, "@", a Domain or literal.
	grammarMailboxInText = regexp.MustCompile(`(?:"(?:[^"\\]|\\.)*"|[A-Za-z0-9!#$%&'*+/=?^_{|}~.-]+)@(?:[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?|\[[^\[\]\\]+\])`)
	// grammarBracketedMailbox is the same inside pointed brackets, with
	// no source route before it.
	grammarBracketedMailbox = regexp.MustCompile(`<(?:"(?:[^"\\]|\\.)*"|[A-Za-z0-9!#$%&'*+/=?^_{|}~.-]+)@(?:[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?|\[[^\[\]\\]+\])>`)
)

// namesAHost reports whether word is a Domain or an address literal, what
// a greeting-type reply begins with (RFC 5321 §4.3.1, §4.1.3).
func namesAHost(word string) bool {
	return grammarDomain.MatchString(word) || grammarAddressLiteral.MatchString(word)
}

// firstWordOfReply is the text of a reply's first line up to its first space.
func firstWordOfReply(lines []string) string {
	if len(lines) == 0 {
		return ""
	}
	w, _, _ := strings.Cut(lines[0], " ")
	return w
}

// mailboxParts splits the target's deliverable mailbox at its last "@".
func (s *Session) mailboxParts() (local, domain string) {
	m := s.Mailbox()
	at := strings.LastIndexByte(m, '@')
	return m[:at], m[at+1:]
}

// expectTransactionIntact sends DATA and requires 354, then a short message
// and requires 250: the reverse-path and the recipients the case gave
// earlier are all still in place, whatever came between (why says what).
func (s *Session) expectTransactionIntact(why string) {
	s.ExpectReply("DATA "+why, s.Cmd("DATA"), 354)
	s.finishShortMessage()
}

// finishShortMessage sends a short, well-formed message after a 354 and
// requires 250.
func (s *Session) finishShortMessage() {
	s.ExpectReply("<end of data>", s.SendData(s.shortMessage()), 250)
}

// shortMessage is a short, well-formed message, end of data included.
func (s *Session) shortMessage() string {
	return "From: <" + s.Sender() + ">\r\n" +
		"To: <" + s.Mailbox() + ">\r\n" +
		"Subject: mailspec " + s.Case.ID + "\r\n" +
		"Date: " + time.Now().Format(time.RFC1123Z) + "\r\n" +
		fmt.Sprintf("Message-ID: <%d.%s@mailspec.example>\r\n", time.Now().UnixNano(), s.Case.ID) +
		"\r\n" +
		"Sent by the mailspec conformance suite (" + s.Case.ID + ").\r\n" +
		".\r\n"
}

// expectNoMessageWithoutRecipient sends DATA in a transaction with no
// accepted recipient (why says how it came to have none). RFC 5321 §3.3
// lets the server refuse DATA at once (503, 554, or any other refusal) or
// meet it with 354 and refuse the message after the data, as RFC 2920
// §3.1 warns pipelining clients; either way no message is accepted. It
// reports whether the server took the data.
func (s *Session) expectNoMessageWithoutRecipient(why string) (tookData bool) {
	r := s.Cmd("DATA")
	if r.Code != 354 {
		s.ExpectReply("DATA "+why, r, 4, 5)
		return false
	}
	s.ExpectReply("<end of data> "+why+", after 354 to DATA: a message with no recipient cannot be accepted",
		s.SendData(s.shortMessage()), 4, 5)
	return true
}

// mailRefusalBeforeEhlo returns the code with which the server, on a new
// connection, refuses MAIL before any EHLO or HELO, or 0 if it does not.
// Cases that watch for a greeting being forgotten can only see it on such
// a server, and then require that refusal or 503: a server may refuse
// there by policy (RFC 5321 §4.2.2: 550, "command rejected for policy
// reasons") rather than as out of sequence.
func (s *Session) mailRefusalBeforeEhlo() int {
	probe := s.NewConnection()
	defer probe.conn.Close()
	if r := probe.Cmd("MAIL FROM:<" + s.Sender() + ">"); r.Class() == 5 {
		return r.Code
	}
	return 0
}
