package roundtrip

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/mailspec/mailspec/suite/pop3"
	"github.com/mailspec/mailspec/suite/spec"
	"github.com/mailspec/mailspec/suite/wire"
)

// Message is a test message: its token, which finds it in the maildrop,
// and its content in network form (lines ended by CRLF) before
// dot-stuffing, what the recipient is meant to get after the fields the
// server prepends.
type Message struct {
	Token   string
	Content string
}

// tokenField is the first line of every test message: the message is
// found by it, and what comes before it in the maildrop is what the
// server prepended.
func tokenField(token string) string { return "X-Mailspec-Token: " + token + "\r\n" }

// NewMessage builds a test message: the token field, the header fields
// RFC 5322 §3.6 requires, extra header lines (each ended by CRLF), an
// empty line and the body as given.
func (s *Session) NewMessage(subject, extraHeader, body string) Message {
	b := make([]byte, 8)
	rand.Read(b)
	token := hex.EncodeToString(b)
	return Message{Token: token, Content: tokenField(token) +
		"Date: " + time.Now().Format("Mon, 02 Jan 2006 15:04:05 -0700") + "\r\n" +
		"From: <" + s.SMTP.Sender() + ">\r\n" +
		"To: <" + s.T.Mailbox + ">\r\n" +
		"Subject: mailspec " + s.Case.ID + ": " + subject + "\r\n" +
		"Message-ID: <" + token + "@mailspec.example>\r\n" +
		extraHeader + "\r\n" + body}
}

// Begin greets with EHLO and opens a transaction to the target's mailbox:
// MAIL with the given parameters, then RCPT once, or count times.
func (s *Session) Begin(mailParams string, count int) {
	s.SMTP.Ehlo()
	line := "MAIL FROM:<" + s.SMTP.Sender() + ">"
	if mailParams != "" {
		line += " " + mailParams
	}
	s.SMTP.ExpectCmd(line, 250)
	for i := 0; i < max(count, 1); i++ {
		s.SMTP.ExpectCmd("RCPT TO:<"+s.T.Mailbox+">", 250, 251)
	}
}

// Data sends DATA, requires 354, and sends raw (dot-stuffed as the case
// wants it, without the end-of-data line) and the end-of-data line; it
// returns the reply, which the caller judges.
func (s *Session) Data(raw string) *wire.Reply {
	s.SMTP.ExpectCmd("DATA", 354)
	return s.SMTP.SendData(raw + ".\r\n")
}

// Send delivers m in one transaction (Begin with no parameters, then Data
// with m dot-stuffed) and requires 250.
func (s *Session) Send(m Message) {
	s.Begin("", 1)
	s.SMTP.ExpectReply("the end of data", s.Data(wire.DotStuff(m.Content)), 250)
}

// deliveryWait bounds how long Fetch looks for a message the SMTP server
// accepted: a server may queue it and deliver a moment later.
func (s *Session) deliveryWait() time.Duration { return s.T.Timeout }

// Fetch reads the maildrop through POP3 until it holds m, and returns
// every copy of it (RETR, byte-stuffing undone); the copies are deleted
// when the case ends. A message not there within the wait leaves the case
// inconclusive: a server may deliver later than it acknowledges. Trouble
// on the POP3 side (a refused login, a -ERR to RETR) leaves it
// inconclusive too: the case judges the SMTP server.
func (s *Session) Fetch(m Message) [][]byte {
	deadline := time.Now().Add(s.deliveryWait())
	for {
		copies := s.readBack(m)
		if len(copies) > 0 {
			return copies
		}
		if time.Now().After(deadline) {
			spec.Errorf(fmt.Errorf("the message the SMTP server accepted (token %s) is not in the maildrop the POP3 credentials open after %s: the round trip could not conclude", m.Token, s.deliveryWait()))
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// readBack logs in once and RETRs every message, from the last, looking
// for m; it keeps the session open when it found m, for end to DELE.
func (s *Session) readBack(m Message) [][]byte {
	var copies [][]byte
	var nums []int
	var ps *pop3.Session
	out := spec.Execute(s.Case.Level, false, func() {
		p, tr, closeAll := pop3.Open(s.T, asPOP3(s.Case))
		s.transcripts = append(s.transcripts, tr)
		s.closers = append(s.closers, closeAll)
		ps = p
		p.Login()
		count, _ := p.Stat()
		field := []byte(tokenField(m.Token))
		for n := int(count); n >= 1; n-- {
			p.ExpectOK("RETR " + strconv.Itoa(n))
			body := p.Multiline("the message of RETR " + strconv.Itoa(n))
			if bytes.Contains(body, field) {
				copies = append(copies, body)
				nums = append(nums, n)
			}
		}
		if len(copies) == 0 {
			p.Quit() // releases the maildrop before the next look (RFC 1939 §6)
		}
	}, func() []string { return nil })
	switch out.Verdict {
	case spec.Pass:
	case spec.Skip:
		spec.Skipf("reading the message back through POP3: %s", out.Message)
	default:
		spec.Errorf(fmt.Errorf("reading the message back through POP3 could not conclude: %s", out.Message))
	}
	if len(copies) > 0 {
		s.drop, s.doomed = ps, nums
	}
	return copies
}

// FetchOne is Fetch for a case that sent m to the mailbox once: the first
// copy found.
func (s *Session) FetchOne(m Message) []byte { return s.Fetch(m)[0] }

// Split sets apart the fields the server prepended to a message it
// delivered, and what follows them: the message as the server kept it.
// The token field, the message's first line, marks the border.
func Split(m Message, delivered []byte) (prepended, kept []byte) {
	i := bytes.Index(delivered, []byte(tokenField(m.Token)))
	if i < 0 {
		return nil, delivered
	}
	return delivered[:i], delivered[i:]
}

// maxShown bounds the difference a failure shows.
const maxShown = 4000

// ExpectIntact requires the delivered message, the fields the server
// prepended set aside, to be m's content byte for byte.
func (s *Session) ExpectIntact(what string, m Message, delivered []byte) {
	_, kept := Split(m, delivered)
	if string(kept) == m.Content {
		return
	}
	spec.Expected(what, "the message as sent, byte for byte, after the fields the server prepended", "a different message; (-sent +delivered):\n"+difference(m.Content, string(kept)))
}

// difference shows where two messages differ, line by line, with line
// ends visible, bounded to maxShown octets.
func difference(want, got string) string {
	d := cmp.Diff(visibleLines(want), visibleLines(got))
	if len(d) > maxShown {
		d = d[:maxShown] + "\n… (difference cut)"
	}
	return d
}

// visibleLines splits text after each LF and shows each line's control
// characters, so that a CR or LF out of place is seen.
func visibleLines(text string) []string {
	var out []string
	for _, l := range strings.SplitAfter(text, "\n") {
		if l != "" {
			out = append(out, wire.Visible([]byte(l)))
		}
	}
	return out
}

// fields parses a block of header fields in network form into (name,
// value) pairs, folded lines joined; ok is false when a line is neither a
// field nor a continuation (RFC 5322 §2.2, §2.2.3).
func fields(block []byte) (out [][2]string, ok bool) {
	text := strings.TrimSuffix(string(block), "\r\n")
	if text == "" {
		return nil, true
	}
	for _, line := range strings.Split(text, "\r\n") {
		if line != "" && (line[0] == ' ' || line[0] == '\t') && len(out) > 0 {
			out[len(out)-1][1] += "\r\n" + line
			continue
		}
		name, value, found := strings.Cut(line, ":")
		if !found || name == "" || strings.ContainsAny(name, " \t") {
			return out, false
		}
		out = append(out, [2]string{name, value})
	}
	return out, true
}
