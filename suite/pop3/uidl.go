package pop3

import (
	"fmt"
	"strconv"

	"github.com/mailspec/mailspec/suite/spec"
	"github.com/mailspec/mailspec/suite/wire"
)

// RFC 1939 §7, UIDL: optional, so every case needs UIDL in CAPA.

// uidls sends UIDL, requires +OK and returns the unique-id listings by
// message-number.
func (s *Session) uidls() map[int]string {
	s.ExpectOK("UIDL")
	return listing("UIDL", s.Multiline("the UIDL listing"))
}

// validUID reports whether uid is a unique-id as RFC 1939 §7 defines it:
// one to 70 characters in the range 0x21 to 0x7E.
func validUID(uid string) bool {
	if len(uid) < 1 || len(uid) > 70 {
		return false
	}
	for i := 0; i < len(uid); i++ {
		if uid[i] < 0x21 || uid[i] > 0x7e {
			return false
		}
	}
	return true
}

var _ = register(Case{
	ID: "pop3-7-uidl-listing-format", RFC: "1939", Section: "7", Level: MUST, Extension: "UIDL",
	Quote: `In order to simplify parsing, all POP3 servers are required to use a certain format for unique-id listings.  A unique-id listing consists of the message-number of the message, followed by a single space and the unique-id of the message.  No information follows the unique-id in the unique-id listing.  The unique-id of a message is an arbitrary server-determined string, consisting of one to 70 characters in the range 0x21 to 0x7E`,
	Does:  "delivers a message, sends UIDL; requires each line to be a message-number, a single space and 1 to 70 characters in 0x21-0x7E, nothing after",
	Run: func(s *Session) {
		m := s.Deliver("listed")
		s.Login()
		n := s.Find(m)[0]
		s.RequireCapability("UIDL")
		l := s.uidls()
		for num, uid := range l {
			if !validUID(uid) {
				spec.Expected("UIDL", "n unique-id: 1 to 70 characters in 0x21-0x7E and nothing after", wire.Visible([]byte(fmt.Sprintf("%d %s", num, uid))))
			}
		}
		if _, ok := l[n]; !ok {
			spec.Expected("UIDL", "a unique-id listing for message "+strconv.Itoa(n), "none")
		}
	},
}, needCredentials, needMessages)

var _ = register(Case{
	ID: "pop3-7-uidl-unique", RFC: "1939", Section: "7", Level: MUST, Extension: "UIDL",
	Quote: `The unique-id of a message is an arbitrary server-determined string, consisting of one to 70 characters in the range 0x21 to 0x7E, which uniquely identifies a message within a maildrop and which persists across sessions.`,
	Binds: "the protocol's definition of the unique-id: two different messages in one maildrop have different ones (only identical copies may share one)",
	Does:  "delivers two different messages, sends UIDL; requires their unique-ids to differ",
	Run: func(s *Session) {
		a, b := s.Deliver("one"), s.Deliver("two")
		s.Login()
		nums := s.Find(a, b)
		s.RequireCapability("UIDL")
		l := s.uidls()
		if l[nums[0]] == l[nums[1]] {
			spec.Expected("UIDL", fmt.Sprintf("different unique-ids for the different messages %d and %d", nums[0], nums[1]), fmt.Sprintf("%d %s and %d %s", nums[0], l[nums[0]], nums[1], l[nums[1]]))
		}
	},
}, needCredentials, needMessages)

var _ = register(Case{
	ID: "pop3-7-uidl-persists-across-sessions", RFC: "1939", Section: "7", Level: MUST, Extension: "UIDL",
	Quote: `... which uniquely identifies a message within a maildrop and which persists across sessions.  This persistence is required even if a session ends without entering the UPDATE state.`,
	Does:  "delivers a message, reads its unique-id with UIDL, closes the connection without QUIT, logs in again; requires UIDL to give the message the same unique-id",
	Run: func(s *Session) {
		m := s.Deliver("persistent")
		s.Login()
		n := s.Find(m)[0]
		s.RequireCapability("UIDL")
		before := s.uidls()[n]
		s.Close()
		o := s.Reopen()
		n2 := o.Find(m)[0]
		if after := o.uidls()[n2]; after != before {
			spec.Expected("UIDL in a second session, after the first ended without QUIT", "the unique-id "+before, wire.Visible([]byte(after)))
		}
	},
}, needCredentials, needMessages)

var _ = register(Case{
	ID: "pop3-7-uidl-with-argument", RFC: "1939", Section: "7", Level: MUST, Extension: "UIDL",
	Quote: `If an argument was given and the POP3 server issues a positive response with a line containing information for that message.  This line is called a "unique-id listing" for that message. ... In order to simplify parsing, all POP3 servers are required to use a certain format for unique-id listings.`,
	Does:  "delivers a message, sends UIDL n and UIDL; requires +OK n unique-id, the same unique-id the listing gives",
	Run: func(s *Session) {
		m := s.Deliver("asked for")
		s.Login()
		n := s.Find(m)[0]
		s.RequireCapability("UIDL")
		want := strconv.Itoa(n) + " " + s.uidls()[n]
		if st := s.ExpectOK("UIDL " + strconv.Itoa(n)); st.Text != want {
			spec.Expected("UIDL "+strconv.Itoa(n), "+OK "+want, wire.Visible([]byte(st.String())))
		}
	},
}, needCredentials, needMessages)
