package pop3

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"github.com/mailspec/mailspec/suite/spec"
	"github.com/mailspec/mailspec/suite/wire"
)

// listing parses a LIST or UIDL body: "n value" lines, by number.
func listing(what string, body []byte) map[int]string {
	out := map[int]string{}
	for _, line := range strings.Split(strings.TrimSuffix(string(body), "\r\n"), "\r\n") {
		if line == "" {
			continue
		}
		n, v, ok := strings.Cut(line, " ")
		num, err := strconv.Atoi(n)
		if !ok || err != nil || !digits(n) || v == "" {
			spec.Expected(what, `lines of "n value": a message-number, a single space, the value (RFC 1939 sections 5, 7)`, wire.Visible([]byte(line)))
		}
		out[num] = v
	}
	return out
}

// RFC 1939 §3: byte-stuffing.
var _ = register(Case{
	ID: "pop3-3-byte-stuffing", RFC: "1939", Section: "3", Level: MUST,
	Quote: `If any line of the multi-line response begins with the termination octet, the line is "byte-stuffed" by pre-pending the termination octet to that line of the response.  Hence a multi-line response is terminated with the five octets "CRLF.CRLF".`,
	Binds: "§3's definition of every multi-line response: without the stuffing a line \".\" ends the response early",
	Does:  "delivers a message with the body lines \".\", \".hidden\" and \"..two\"; requires RETR to give them back exactly once unstuffed, and the response to end at CRLF.CRLF",
	Run: func(s *Session) {
		m := s.Deliver("first", ".", ".hidden", "..two", "last")
		s.Login()
		n := s.Find(m)[0]
		body := s.Retr(n)
		if want := "first\r\n.\r\n.hidden\r\n..two\r\nlast\r\n"; !bytes.HasSuffix(body, []byte(want)) {
			spec.Expected("RETR "+strconv.Itoa(n), "the body ending "+wire.Visible([]byte(want)), wire.Visible(body))
		}
		s.ExpectOK("NOOP")
	},
}, needCredentials, needMessages)

// RFC 1939 §5, LIST: "A scan listing consists of the message-number of the
// message, followed by a single space and the exact size of the message in
// octets."
var _ = register(Case{
	ID: "pop3-5-list-exact-size", RFC: "1939", Section: "5", Level: MUST,
	Quote: `In order to simplify parsing, all POP3 servers are required to use a certain format for scan listings.  A scan listing consists of the message-number of the message, followed by a single space and the exact size of the message in octets.`,
	Does:  "delivers a message; requires LIST n and the LIST listing to give as its size the octets RETR n sends, after unstuffing, CRLF line ends counted",
	Run: func(s *Session) {
		m := s.Deliver("a line", ".a stuffed line", "")
		s.Login()
		n := s.Find(m)[0]
		size := len(s.Retr(n))
		st := s.ExpectOK("LIST " + strconv.Itoa(n))
		if num, sz, ok := twoNumbers(st.Text); !ok || num != int64(n) || sz != int64(size) {
			spec.Expected("LIST "+strconv.Itoa(n), fmt.Sprintf("+OK %d %d", n, size), wire.Visible([]byte(st.String())))
		}
		s.ExpectOK("LIST")
		if v := listing("LIST", s.Multiline("the LIST listing"))[n]; v != strconv.Itoa(size) && !strings.HasPrefix(v, strconv.Itoa(size)+" ") {
			spec.Expected("LIST", fmt.Sprintf("the line %d %d", n, size), fmt.Sprintf("%d %s", n, v))
		}
	},
}, needCredentials, needMessages)

var _ = register(Case{
	ID: "pop3-5-stat-agrees-with-list", RFC: "1939", Section: "5", Level: MUST,
	Quote: `The positive response consists of "+OK" followed by a single space, the number of messages in the maildrop, a single space, and the size of the maildrop in octets. ... Note that messages marked as deleted are not counted in either total.`,
	Binds: "the protocol's definition of the drop listing: the number of messages is the number LIST lists (a scan listing for each message not marked as deleted). The size is only \"the size of the maildrop\", not LIST's \"exact size\" of each message, so a size other than the listing's sum is a warning",
	Does:  "delivers a message, then sends STAT and LIST; requires STAT's count to be the number of scan listings; warns unless its size is their sum",
	Run: func(s *Session) {
		s.Deliver("one line")
		s.Login()
		count, size := s.Stat()
		s.ExpectOK("LIST")
		l := listing("LIST", s.Multiline("the LIST listing"))
		var sum int64
		for _, v := range l {
			f, _, _ := strings.Cut(v, " ")
			n, _ := strconv.ParseInt(f, 10, 64)
			sum += n
		}
		if int64(len(l)) != count {
			spec.Expected("STAT, LIST", fmt.Sprintf("+OK %d nn (the listing's count)", len(l)), fmt.Sprintf("+OK %d %d", count, size))
		}
		if sum != size {
			s.warn(fmt.Sprintf("STAT, LIST: the size of the maildrop is %d octets, the scan listings' exact sizes add up to %d (RFC 1939 section 10's example has 320 = 120 + 200, but section 5 does not say the size is exact)", size, sum))
		}
	},
}, needCredentials, needMessages)

// RFC 1939 §5, DELE: "Any future reference to the message-number associated
// with the message in a POP3 command generates an error."
var _ = register(Case{
	ID: "pop3-5-deleted-message-refused", RFC: "1939", Section: "5", Level: MUST,
	Quote: `The POP3 server marks the message as deleted.  Any future reference to the message-number associated with the message in a POP3 command generates an error.`,
	Binds: "the protocol's definition of DELE: every later reference to the number is an error; section 7 says the same of TOP and UIDL (\"may NOT refer to a message marked as deleted\"), and a server without them answers -ERR as to any unknown command",
	Does:  "delivers a message, sends DELE n, then DELE n, RETR n, LIST n, UIDL n and TOP n 0; requires -ERR to each, and n missing from the LIST listing",
	Run: func(s *Session) {
		m := s.Deliver("doomed")
		s.Login()
		num := s.Find(m)[0]
		n := strconv.Itoa(num)
		// A few references a session, each session marking the message
		// again and unmarking it (RSET) before QUIT: a server may end a
		// session after a few errors, which is not this case's subject.
		refs := []string{"DELE " + n, "RETR " + n, "LIST " + n, "UIDL " + n, "TOP " + n + " 0"}
		cur := s
		for i := 0; i < len(refs); i += errorsPerSession {
			if i > 0 {
				cur.ExpectOK("RSET")
				cur.Quit()
				cur = s.Reopen()
			}
			cur.ExpectOK("DELE " + n)
			for _, r := range refs[i:min(i+errorsPerSession, len(refs))] {
				cur.ExpectErr(r)
			}
		}
		cur.ExpectOK("LIST")
		if v, ok := listing("LIST", cur.Multiline("the LIST listing"))[num]; ok {
			spec.Expected("LIST", "no scan listing for message "+n+": \"messages marked as deleted are not listed\"", n+" "+v)
		}
	},
}, needCredentials, needMessages)

// RFC 1939 §5, STAT after DELE.
var _ = register(Case{
	ID: "pop3-5-stat-after-dele-drops", RFC: "1939", Section: "5", Level: MUST,
	Quote: `The positive response consists of "+OK" followed by a single space, the number of messages in the maildrop, a single space, and the size of the maildrop in octets. ... Note that messages marked as deleted are not counted in either total.`,
	Binds: "the protocol's definition of the drop listing: a message marked as deleted leaves both totals",
	Does:  "delivers a message, sends STAT, DELE n and STAT again; requires the second count to be one less than the first, and the second size smaller",
	Run: func(s *Session) {
		m := s.Deliver("counted out")
		s.Login()
		n := strconv.Itoa(s.Find(m)[0])
		count, size := s.Stat()
		s.ExpectOK("DELE " + n)
		if c, z := s.Stat(); c != count-1 || z >= size {
			spec.Expected("STAT after DELE "+n, fmt.Sprintf("+OK %d mm, with mm under %d: \"messages marked as deleted are not counted in either total\"", count-1, size), fmt.Sprintf("+OK %d %d", c, z))
		}
	},
}, needCredentials, needMessages)

// RFC 1939 §5, DELE: the other message-numbers stay.
var _ = register(Case{
	ID: "pop3-5-numbers-stable-after-dele", RFC: "1939", Section: "5", Level: MUST,
	Quote: `The POP3 server marks the message as deleted.  Any future reference to the message-number associated with the message in a POP3 command generates an error.  The POP3 server does not actually delete the message until the POP3 session enters the UPDATE state.`,
	Binds: "the protocol's definition of DELE: it marks the message and removes nothing, and §4 assigns the message-numbers once, \"After the POP3 server has opened the maildrop\", so no other message's number changes",
	Does:  "delivers two messages, sends DELE for the first; requires RETR of the second's number to give the second",
	Run: func(s *Session) {
		a, b := s.Deliver("first"), s.Deliver("second")
		s.Login()
		nums := s.Find(a, b)
		s.ExpectOK("DELE " + strconv.Itoa(nums[0]))
		body := s.Retr(nums[1])
		if !bytes.Contains(body, []byte("X-Mailspec-Token: "+b.token+"\r\n")) {
			spec.Expected("RETR "+strconv.Itoa(nums[1]), "the message with token "+b.token, wire.Visible(body))
		}
	},
}, needCredentials, needMessages)

// RFC 1939 §5, RSET.
var _ = register(Case{
	ID: "pop3-5-rset-unmarks", RFC: "1939", Section: "5", Level: MUST,
	Quote: `If any messages have been marked as deleted by the POP3 server, they are unmarked.  The POP3 server then replies with a positive response.`,
	Binds: "the protocol's definition of RSET",
	Does:  "delivers a message, sends DELE n then RSET; requires +OK to RSET and to RETR n",
	Run: func(s *Session) {
		m := s.Deliver("kept")
		s.Login()
		num := s.Find(m)[0]
		s.ExpectOK("DELE " + strconv.Itoa(num))
		s.ExpectOK("RSET")
		s.Retr(num)
	},
}, needCredentials, needMessages)
