package smtp

// RFC 5321 §4.5.3.1 (Size Limits and Minimums): every server MUST be able
// to receive objects of at least the sizes given there, so each case sends
// one at exactly the limit and requires it accepted; and §4.5.3.1.9-10,
// how an object past a limit is refused. Over-long lines must still get
// exactly one reply and leave the session usable (§4.2, §3.8).

import (
	"fmt"
	"strings"

	"github.com/mailspec/mailspec/suite/spec"
	"github.com/mailspec/mailspec/suite/wire"
)

var _ = register(Case{
	ID: "smtp-4.5.3.1.1-local-part-64", RFC: "5321", Section: "4.5.3.1.1", Level: MUST,
	Binds: "§4.5.3.1: \"Every implementation MUST be able to receive objects of at least these sizes.\"",
	Quote: `The maximum total length of a user name or other local-part is 64 octets.`,
	Does:  "sends MAIL FROM with a 64-octet local part; requires 250",
	Run: func(s *Session) {
		s.Ehlo()
		local := "mailspec-" + strings.Repeat("l", 64-len("mailspec-"))
		s.ExpectCmd("MAIL FROM:<"+s.fromSender(local+"@sender.example")+">", 250)
	},
})

var _ = register(Case{
	ID: "smtp-4.5.3.1.2-domain-255", RFC: "5321", Section: "4.5.3.1.2", Level: MUST,
	Binds: "§4.5.3.1: \"Every implementation MUST be able to receive objects of at least these sizes.\"",
	Quote: `The maximum total length of a domain name or number is 255 octets.`,
	Does:  "sends EHLO with a 255-octet domain (a path can hold at most 254, §4.5.3.1.3); requires 250",
	Run: func(s *Session) {
		// RFC 5321 §4.1.4: a server MAY check the EHLO domain against
		// the client's address but MUST NOT refuse on that basis.
		s.ExpectCmd("EHLO "+domainOfLength(255, "mailspec.example"), 250)
	},
})

var _ = register(Case{
	ID: "smtp-4.5.3.1.3-path-256", RFC: "5321", Section: "4.5.3.1.3", Level: MUST,
	Binds: "§4.5.3.1: \"Every implementation MUST be able to receive objects of at least these sizes.\"",
	Quote: `The maximum total length of a reverse-path or forward-path is 256 octets (including the punctuation and element separators).`,
	Does:  "sends MAIL FROM with a 256-octet reverse-path, brackets included, the sender's mailbox with its domain grown; requires 250 (a refusal of the domain with X.1.8 is recorded as info)",
	Run: func(s *Session) {
		s.Ehlo()
		local, domain, _ := strings.Cut(s.Sender(), "@")
		n := 256 - len("<@>") - len(local)
		if n-len(domain) < 2 { // domainOfLength needs a label and its dot
			spec.Skipf("the sender %s leaves no room to grow its domain to a 256-octet path", s.Sender())
		}
		line := "MAIL FROM:<" + local + "@" + domainOfLength(n, domain) + ">"
		r := s.Cmd(line)
		// Only the sender's domain is known to exist, and a path this long
		// needs one of about 240 octets: a server that refuses senders in
		// unknown domains (RFC 5321 §3.3) refuses it after reading the
		// whole path, with RFC 3463's X.1.8, "bad sender's system address".
		if e, ok := r.EnhancedCode(); ok && r.Class() == 5 && e.Subject == 1 && e.Detail == 8 {
			spec.Infof("%s\nrefused with %s: the server refuses the sender's domain by policy, so the length limit is untested", line, wire.Visible([]byte(r.String())))
		}
		s.ExpectReply(line, r, 250)
	},
})

var _ = register(Case{
	ID: "smtp-4.5.3.1.4-command-line-512", RFC: "5321", Section: "4.5.3.1.4", Level: SHOULD,
	Quote: `The maximum total length of a command line including the command word and the <CRLF> is 512 octets.`,
	Binds: "the limit binds the server to take 512 octets, but the 250 rests on §4.1.1.9's SHOULD to ignore NOOP's parameter: SHOULD",
	Does:  "sends a NOOP command line of 512 octets, CRLF included; requires 250 (500 \"line too long\" is what §4.3.2 forbids below 512)",
	Run: func(s *Session) {
		s.Ehlo()
		s.ExpectCmd("NOOP "+strings.Repeat("x", 512-len("NOOP \r\n")), 250)
	},
})

// overLongLine is a command line well past every limit the RFC sets, so
// that any server with a limit refuses it.
var overLongLine = "NOOP " + strings.Repeat("x", 4000)

var _ = register(Case{
	ID: "smtp-4.2-over-long-line-one-reply", RFC: "5321", Section: "4.2", Level: MUST,
	Quote: `Every command MUST generate exactly one reply.`,
	Does:  "sends a 4007-octet NOOP line; requires one reply (250 if the server has no limit, else 500 or 501), then NOOP 250 and QUIT 221 with no reply between (skips if the server closes the connection: smtp-3.8-over-long-line-keeps-session judges that)",
	Run: func(s *Session) {
		s.Ehlo()
		s.Cmd(overLongLine)
		s.expectNoStrayRepliesUnlessClosed("a 4007-octet command line", "smtp-3.8-over-long-line-keeps-session")
	},
})

var _ = register(Case{
	ID: "smtp-3.8-over-long-line-keeps-session", RFC: "5321", Section: "3.8", Level: MUST,
	Binds: "§4.1.1.10: \"The receiver MUST NOT intentionally close the transmission channel until it receives and replies to a QUIT command (even if there was an error).\"",
	Quote: `In particular, a server that closes connections in response to commands that are not understood is in violation of this specification. Servers are expected to be tolerant of unknown commands, issuing a 500 reply and awaiting further instructions from the client.`,
	Does:  "sends a 4007-octet NOOP line; requires 250, 500 or 501 (not 421 or a closed connection), then a NOOP answered 250",
	Run: func(s *Session) {
		s.Ehlo()
		// §4.5.3.1.9: "500 Line too long" is the example; 501 is the
		// syntax error any command may get (§4.3.2). A line too long is
		// no reason to shut the service down.
		s.expectCmdKeepingSession(overLongLine, 250, 500, 501)
		s.Sync()
	},
})

var _ = register(Case{
	ID: "smtp-4.5.3.1.5-reply-line-512", RFC: "5321", Section: "4.5.3.1.5", Level: SHOULD,
	Binds: "§4.5.3.1: \"Objects larger than these sizes SHOULD be avoided when possible.\"",
	Quote: `The maximum total length of a reply line including the reply code and the <CRLF> is 512 octets.`,
	Does:  "reads the greeting and the replies to EHLO, HELP and NOOP; requires every line, code and CRLF included, to be at most 512 octets (§4.5.3.1: larger objects SHOULD be avoided)",
	Run: func(s *Session) {
		check := func(what string, n int) {
			if n > 512 {
				spec.Failf("the reply to %s\nExpected: lines of at most 512 octets\nActual:   a line of %d octets", what, n)
			}
		}
		check("the connection (the greeting)", s.Greeting().LongestLine())
		check("EHLO", s.Ehlo().LongestLine())
		check("HELP", s.Cmd("HELP").LongestLine())
		check("NOOP", s.ExpectCmd("NOOP", 250).LongestLine())
	},
})

// textOfLength returns body text of exactly n octets, lines of at most 80
// octets each ended by CRLF.
func textOfLength(n int) string {
	var b strings.Builder
	for n > 0 {
		l := min(n, 80)
		if n-l == 1 { // a last line of one octet cannot hold its CRLF
			l--
		}
		b.WriteString(strings.Repeat("m", l-2) + "\r\n")
		n -= l
	}
	return b.String()
}

var _ = register(Case{
	ID: "smtp-4.5.3.1.6-text-line-1000", RFC: "5321", Section: "4.5.3.1.6", Level: MUST,
	Binds: "§4.5.3.1: \"Every implementation MUST be able to receive objects of at least these sizes.\"",
	Quote: `The maximum total length of a text line including the <CRLF> is 1000 octets (not counting the leading dot duplicated for transparency).`,
	Does:  "sends a message with a body line of 1000 octets, CRLF included; requires 250",
	Run: func(s *Session) {
		s.startData()
		s.deliverData("a message with a 1000-octet line", s.testHeader("1000-octet line")+strings.Repeat("t", 998)+"\r\n")
	},
})

var _ = register(Case{
	ID: "smtp-4.5.3.1.6-text-line-stuffed-dot", RFC: "5321", Section: "4.5.3.1.6", Level: MUST,
	Binds: "§4.5.3.1: \"Every implementation MUST be able to receive objects of at least these sizes\", the leading dot not counted",
	Quote: `The maximum total length of a text line including the <CRLF> is 1000 octets (not counting the leading dot duplicated for transparency).`,
	Does:  "sends a message with a 1000-octet body line that begins with a period, 1001 octets once dot-stuffed; requires 250",
	Run: func(s *Session) {
		s.startData()
		s.deliverData("a message with a 1000-octet line that begins with a period", wire.DotStuff(s.testHeader("stuffed 1000-octet line")+"."+strings.Repeat("t", 997)+"\r\n"))
	},
})

// minMessageContent is the 64K octets of RFC 5321 §4.5.3.1.7, read as
// 64 × 1024 so that either reading of "K" is met.
const minMessageContent = 64 << 10

var _ = register(Case{
	ID: "smtp-4.5.3.1.7-message-64k", RFC: "5321", Section: "4.5.3.1.7", Level: MUST,
	Quote: `The maximum total length of a message content (including any message header section as well as the message body) MUST BE at least 64K octets.`,
	Does:  "sends a message of exactly 65536 octets, header section included; requires 250",
	Run: func(s *Session) {
		if m := s.T.MaxMessageSize; m > 0 && m < minMessageContent {
			spec.Skipf("the target allows messages of at most %d octets, less than the 64K the RFC requires", m)
		}
		s.startData()
		header := s.testHeader("64K message")
		s.deliverData("a message of 65536 octets", header+textOfLength(minMessageContent-len(header)))
	},
})

// recipientsBuffer is the number of recipients RFC 5321 §4.5.3.1.8
// requires a server to buffer.
const recipientsBuffer = 100

var _ = register(Case{
	ID: "smtp-4.5.3.1.8-100-recipients", RFC: "5321", Section: "4.5.3.1.8", Level: MUST,
	Quote: `The minimum total number of recipients that MUST be buffered is 100 recipients. Rejection of messages (for excessive recipients) with fewer than 100 RCPT commands is a violation of this specification.`,
	Does:  "sends 100 RCPT commands (the deliverable mailbox each time) and a message; requires 250 or 251 to each RCPT, 354 to DATA and 250 to the message",
	Run: func(s *Session) {
		s.Ehlo()
		s.ExpectCmd("MAIL FROM:<"+s.Sender()+">", 250)
		for i := 1; i <= recipientsBuffer; i++ {
			line := "RCPT TO:<" + s.Mailbox() + ">"
			r := s.Cmd(line)
			// 452 is the reply section 4.5.3.1.10 gives for a recipient
			// limit: before the 100th it is this case's breach, not a
			// temporary refusal, unless its enhanced code says otherwise
			// (4.3.1, storage).
			if e, ok := r.EnhancedCode(); r.Code == 452 && (!ok || e.Subject == 5 && e.Detail == 3) {
				spec.Failf("%s (recipient %d)\nExpected: 250 or 251 to each of the first %d recipients\nActual:   %s (a recipient limit below the minimum)", line, i, recipientsBuffer, wire.Visible([]byte(r.String())))
			}
			s.ExpectReply(line, r, 250, 251)
		}
		s.ExpectCmd("DATA", 354)
		s.deliverData("a message to 100 recipients", s.testHeader("100 recipients")+"text\r\n")
	},
})

var _ = register(Case{
	ID: "smtp-4.5.3.1.10-too-many-recipients-452", RFC: "5321", Section: "4.5.3.1.10", Level: MUST,
	Quote: `If an SMTP server has an implementation limit on the number of RCPT commands and this limit is exhausted, it MUST use a response code of 452 (but the client SHOULD also be prepared for a 552, as noted above). If the server has a configured site-policy limitation on the number of RCPT commands, it MAY instead use a 5yz response code.`,
	Does:  "sends up to 101 RCPT commands; the first refused, once one was accepted, must be 452 (a 5yz, allowed for a site policy, is recorded as info), then NOOP 250; skips if all 101 are accepted",
	Run: func(s *Session) {
		s.Ehlo()
		s.Transaction()
		for i := 2; i <= recipientsBuffer+1; i++ {
			line := "RCPT TO:<" + s.Mailbox() + ">"
			r := s.Cmd(line)
			if r.Class() == 2 {
				continue
			}
			if r.Class() == 5 {
				s.Sync()
				spec.Infof("RCPT %d was refused with %d: allowed only for a configured site-policy limit; an implementation limit MUST use 452", i, r.Code)
			}
			// Another 4yz is a temporary refusal that proves nothing
			// (an error verdict), unless its enhanced code 4.5.3 says it
			// is the recipient limit: then it is the wrong code for it.
			if e, ok := r.EnhancedCode(); ok && r.Code != 452 && e.Subject == 5 && e.Detail == 3 {
				spec.Failf("%s (recipient %d)\nExpected: 452 for the recipient limit\nActual:   %s (enhanced code %s: too many recipients)", line, i, wire.Visible([]byte(r.String())), e)
			}
			s.ExpectReply(fmt.Sprintf("%s (recipient %d, the same mailbox as the first)", line, i), r, 452)
			s.Sync()
			return
		}
		spec.Skipf("the server accepted %d recipients: its limit, if any, was not reached", recipientsBuffer+1)
	},
})
