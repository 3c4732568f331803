package pop3

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/mailspec/mailspec/suite/spec"
	"github.com/mailspec/mailspec/suite/target"
	"github.com/mailspec/mailspec/suite/wire"
)

// A message the case delivered into the target's maildrop, found again
// by its token.
type message struct {
	token string
	// body is what was sent after DATA, in network form and before
	// dot-stuffing: the server adds its trace fields in front.
	body string
}

// Deliver sends one message with the given body lines through the
// target's SMTP server to its mailbox, the maildrop the POP3 credentials
// open, and returns it. The maildrop of a third-party target is reached
// this way only when both an SMTP address and a mailbox are given; the
// case skips otherwise. A delivery that does not succeed leaves the case
// inconclusive: it says nothing about POP3.
func (s *Session) Deliver(bodyLines ...string) message {
	if s.T.SMTP.Addr == "" || s.T.Mailbox == "" {
		spec.Skipf("the case needs messages in the maildrop: no SMTP server and mailbox given to deliver them (%s, %s)", target.EnvSMTP, target.EnvMailbox)
	}
	token := newToken()
	m := message{token: token}
	var b strings.Builder
	// A complete message (RFC 5322 §3.6: Date and From), so that no
	// server on the way has a reason to add a field of its own at its end.
	fmt.Fprintf(&b, "Date: %s\r\nFrom: <%s>\r\nTo: <%s>\r\nSubject: mailspec POP3 case %s\r\nMessage-ID: <%s@mailspec.example>\r\nX-Mailspec-Token: %s\r\n\r\n",
		time.Now().Format("Mon, 02 Jan 2006 15:04:05 -0700"), sender(s.T), s.T.Mailbox, s.Case.ID, token, token)
	for _, l := range bodyLines {
		b.WriteString(l + "\r\n")
	}
	m.body = b.String()
	conn := s.conns.Dial(s.T, s.T.SMTP.Addr, s.T.SMTP.TLS)
	defer conn.Close()
	step := func(what string, allowed ...int) {
		r, err := conn.ExpectReply(allowed...)
		if err != nil {
			spec.Errorf(fmt.Errorf("delivering the case's message through SMTP: %s: %v", what, err))
		}
		_ = r
	}
	cmd := func(line string, allowed ...int) {
		if err := conn.SendLine(line); err != nil {
			spec.Errorf(fmt.Errorf("delivering the case's message through SMTP: %v", err))
		}
		step(line, allowed...)
	}
	step("the greeting", 220)
	cmd("EHLO "+clientDomain(s.T), 250)
	cmd("MAIL FROM:<"+sender(s.T)+">", 250)
	cmd("RCPT TO:<"+s.T.Mailbox+">", 250, 251)
	cmd("DATA", 354)
	if err := conn.Send([]byte(wire.DotStuff(m.body) + ".\r\n")); err != nil {
		spec.Errorf(fmt.Errorf("delivering the case's message through SMTP: %v", err))
	}
	step("the end of data", 250)
	cmd("QUIT", 221)
	return m
}

// Find returns the message-number of each message, in the maildrop of a
// session in the TRANSACTION state, by RETR of each message from the last
// until all are seen; a message not found fails nothing but ends the case
// as inconclusive (the delivery was not seen).
func (s *Session) Find(ms ...message) []int {
	nums := s.locate(ms...)
	left := 0
	for _, n := range nums {
		if n == 0 {
			left++
		}
	}
	if left > 0 {
		spec.Errorf(fmt.Errorf("a message the case delivered through SMTP is not in the maildrop the POP3 credentials open (%d of %d missing)", left, len(ms)))
	}
	return nums
}

// locate is Find without the judgement: 0 for a message not in the
// maildrop.
func (s *Session) locate(ms ...message) []int { return s.search(false, ms...) }

// peek is locate without RETR where CAPA lists TOP: it reads the headers
// with TOP n 0, so that a server that deletes what a session downloaded
// (RFC 1939 §8, RFC 2449 §6.7 EXPIRE 0) deletes nothing the case needs.
// retrieved says whether RETR had to be used instead.
func (s *Session) peek(ms ...message) (nums []int, retrieved bool) {
	capa := s.capa
	if capa == nil {
		capa = s.capaIfAny()
	}
	_, top := capa["TOP"]
	return s.search(top, ms...), !top
}

func (s *Session) search(top bool, ms ...message) []int {
	count, _ := s.Stat()
	nums := make([]int, len(ms))
	left := len(ms)
	for n := int(count); n >= 1 && left > 0; n-- {
		var body []byte
		if top {
			s.ExpectOK("TOP " + strconv.Itoa(n) + " 0")
			body = s.Multiline("the headers of TOP " + strconv.Itoa(n) + " 0")
		} else {
			body = s.Retr(n)
		}
		for i, m := range ms {
			if nums[i] == 0 && m.in(body) {
				nums[i] = n
				left--
			}
		}
	}
	return nums
}

// in reports whether body is the message m, by its token.
func (m message) in(body []byte) bool {
	return strings.Contains(string(body), "X-Mailspec-Token: "+m.token+"\r\n")
}

// Retr sends RETR n, requires +OK and returns the message.
func (s *Session) Retr(n int) []byte {
	s.ExpectOK("RETR " + strconv.Itoa(n))
	return s.Multiline("the message of RETR " + strconv.Itoa(n))
}

func newToken() string {
	b := make([]byte, 8)
	rand.Read(b)
	return hex.EncodeToString(b)
}

func sender(t *target.Target) string {
	if t.Sender == "" {
		return target.DefaultSender
	}
	return t.Sender
}

func clientDomain(t *target.Target) string {
	if t.ClientDomain == "" {
		return target.DefaultClientDomain
	}
	return t.ClientDomain
}

// twoNumbers parses "nn mm" at the start of text: two decimal numbers
// separated by a single space, then the end or a space (RFC 1939 §5: "This
// memo makes no requirement on what follows").
func twoNumbers(text string) (a, b int64, ok bool) {
	f := strings.SplitN(text, " ", 3)
	if len(f) < 2 {
		return 0, 0, false
	}
	a, errA := strconv.ParseInt(f[0], 10, 64)
	b, errB := strconv.ParseInt(f[1], 10, 64)
	if errA != nil || errB != nil || a < 0 || b < 0 || !digits(f[0]) || !digits(f[1]) {
		return 0, 0, false
	}
	return a, b, true
}

func digits(s string) bool { return s != "" && strings.Trim(s, "0123456789") == "" }

var _ = wire.Visible
