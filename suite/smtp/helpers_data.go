package smtp

// Helpers for the cases about replies, message data and limits (RFC 5321
// §4.1.1.4, §4.2, §4.5): test messages, sending them, and the sentinel
// that proves the server answered each command exactly once.

import (
	"fmt"
	"strings"
	"time"

	"github.com/mailspec/mailspec/suite/spec"
	"github.com/mailspec/mailspec/suite/wire"
)

// testHeader is the header section of a test message (RFC 5322 §3.6: Date
// and From are required), ended by the empty line before the body.
func (s *Session) testHeader(subject string) string {
	return "Date: " + time.Now().Format("Mon, 02 Jan 2006 15:04:05 -0700") + "\r\n" +
		"From: <" + s.Sender() + ">\r\n" +
		"To: undisclosed-recipients:;\r\n" +
		"Subject: mailspec " + s.Case.ID + ": " + subject + "\r\n" +
		"\r\n"
}

// startData opens a transaction to the deliverable mailbox after EHLO and
// sends DATA, which must be answered 354.
func (s *Session) startData() {
	s.Ehlo()
	s.Transaction()
	s.ExpectCmd("DATA", 354)
}

// deliverData sends message data after a 354 (dot-stuffed by the caller,
// without the end-of-data line) and the end-of-data indication, and
// requires 250: the message is accepted (RFC 5321 §4.1.1.4).
func (s *Session) deliverData(what, stuffed string) *wire.Reply {
	r := s.SendData(stuffed + ".\r\n")
	s.ExpectReply(what, r, 250)
	return r
}

// maxStrayReplies bounds how many unasked-for replies expectNoStrayReplies
// reads before giving up on finding the 221.
const maxStrayReplies = 20

// expectNoStrayReplies is the sentinel that proves every command so far
// got exactly one reply (RFC 5321 §4.2) and nothing sent as data was run
// as a command: it sends NOOP, which must get 250, then QUIT, whose 221
// is a code no other reply in these cases carries, and reads replies
// until it. Any other reply is one no command asked for. after says what
// came before, for the failure message.
func (s *Session) expectNoStrayReplies(after string) {
	s.Send("NOOP\r\n")
	s.countStrays(after, s.Read())
}

// expectNoStrayRepliesUnlessClosed is expectNoStrayReplies for a case
// about the count of replies alone: a server that has closed the
// connection after its reply sent no stray one, and whether it may close
// is another case's question, so the case is skipped.
func (s *Session) expectNoStrayRepliesUnlessClosed(after, otherCase string) {
	r, open := s.sentinelNoop(after)
	if !open {
		spec.Skipf("the server closed the connection after %s; %s judges that", after, otherCase)
	}
	s.countStrays(after, r)
}

// sentinelNoop sends the sentinel NOOP and reads its reply; open is false
// when the server had closed the connection instead.
func (s *Session) sentinelNoop(after string) (r *wire.Reply, open bool) {
	err := s.conn.Send([]byte("NOOP\r\n"))
	if err == nil {
		r, err = s.conn.ReadReply()
	}
	switch {
	case wire.IsClosed(err):
		return nil, false
	case err != nil:
		spec.Failf("after %s, sending NOOP and waiting for its reply: %v", after, err)
	}
	return r, true
}

// countStrays sends QUIT after the reply to the sentinel NOOP and fails
// the case unless that reply was 250 and the next is QUIT's 221.
func (s *Session) countStrays(after string, noop *wire.Reply) {
	got := []*wire.Reply{noop}
	s.Send("QUIT\r\n")
	end := "and no 221 among the first " + fmt.Sprint(maxStrayReplies) + " replies to QUIT"
	for len(got) <= maxStrayReplies {
		r, err := s.conn.ReadReply()
		if err != nil && (wire.IsTimeout(err) || wire.IsClosed(err)) {
			// Say what was seen: a server that answers QUIT with 250 and
			// leaves the connection open is not one that went silent.
			end = fmt.Sprintf("and then no 221: the connection was left open with nothing more within %s", s.conn.Timeout())
			if wire.IsClosed(err) {
				end = "and then no 221: the server closed the connection"
			}
			break
		}
		if err != nil {
			spec.Failf("after %s, NOOP and QUIT: waiting for the reply to QUIT: the server broke the reply format (RFC 5321 section 4.2): %v", after, err)
		}
		if r.Code == 221 {
			end = "then 221"
			break
		}
		got = append(got, r)
	}
	if len(got) == 1 && got[0].Code == 250 && end == "then 221" {
		return
	}
	var actual []string
	for _, r := range got {
		actual = append(actual, wire.Visible([]byte(r.String())))
	}
	spec.Failf("after %s, NOOP and QUIT\nExpected: 250 to NOOP, then 221 to QUIT, and no other reply\nActual:   %s %s",
		after, strings.Join(actual, " "), end)
}

// domainOfLength returns a syntactically valid domain of exactly n octets
// (n >= len(suffix)+2) that ends in "."+suffix, built from labels of at
// most 63 octets (RFC 1035 §2.3.4).
func domainOfLength(n int, suffix string) string {
	var labels []string
	need := n - len(suffix) // octets before the suffix, dots included
	for need > 64 {
		labels = append(labels, strings.Repeat("a", 63))
		need -= 64
	}
	if need == 1 { // no label fits in one octet with its dot: borrow one
		labels[len(labels)-1] = labels[len(labels)-1][1:]
		need++
	}
	labels = append(labels, strings.Repeat("b", need-1), suffix)
	d := strings.Join(labels, ".")
	if len(d) != n {
		panic(fmt.Sprintf("smtp: domainOfLength(%d) built %d octets", n, len(d)))
	}
	return d
}
