package roundtrip

// Trace information (RFC 5321 §4.4): the server that delivers a message
// puts a Received field and, making final delivery, a Return-Path field
// at the beginning of the message content, and changes no field already
// there. Only the stored message shows them.

import (
	"fmt"
	"strings"

	"github.com/mailspec/mailspec/suite/spec"
	"github.com/mailspec/mailspec/suite/wire"
)

// prepended requires the part of the delivered message before the token
// field to be header fields, and returns them.
func prepended(what string, m Message, delivered []byte) [][2]string {
	block, _ := Split(m, delivered)
	fs, ok := fields(block)
	if !ok {
		spec.Expected(what, "header fields (RFC 5322 §2.2) before the message as sent", wire.Visible(block))
	}
	return fs
}

// named returns the values of the fields called name (case-insensitive).
func named(fs [][2]string, name string) []string {
	var out []string
	for _, f := range fs {
		if strings.EqualFold(f[0], name) {
			out = append(out, f[1])
		}
	}
	return out
}

// fieldNames lists the fields' names, for a failure message.
func fieldNames(fs [][2]string) string {
	var names []string
	for _, f := range fs {
		names = append(names, f[0]+":")
	}
	if len(names) == 0 {
		return "no field before the message as sent"
	}
	return strings.Join(names, " ")
}

// earlierReceived is a Received field the test message already carries,
// as a relayed message would: the server's own goes before it, and this
// one stays as it is.
const earlierReceived = "Received: from earlier.mailspec.example (earlier.mailspec.example [192.0.2.1])\r\n" +
	"\tby relay.mailspec.example with ESMTP id earlier1; Mon, 01 Jan 2024 00:00:00 +0000\r\n"

var _ = register(Case{
	ID: "smtp-4.4-roundtrip-received-prepended", RFC: "5321", Section: "4.4", Level: MUST,
	Quote: `When an SMTP server receives a message for delivery or further processing, it MUST insert trace ("time stamp" or "Received") information at the beginning of the message content, as discussed in Section 4.1.1.4.`,
	Does:  "sends a message that already carries a Received field; requires it back by POP3 with a Received field of the server's, FROM clause first and a date after \";\", among the fields before the message's first line, and the message byte-identical after them, the earlier Received field unchanged",
	Run: func(s *Session) {
		m := s.NewMessage("trace information", earlierReceived, "body\r\n")
		s.Send(m)
		got := s.FetchOne(m)
		fs := prepended("RETR of the delivered message", m, got)
		var stamps []string
		for _, v := range named(fs, "Received") {
			stamps = append(stamps, v)
			if w := strings.Fields(v); len(w) > 0 && strings.EqualFold(w[0], "from") && strings.Contains(v, ";") {
				s.ExpectIntact("RETR of the delivered message", m, got)
				return
			}
		}
		actual := "fields before the message as sent: " + fieldNames(fs)
		if len(stamps) > 0 {
			actual = fmt.Sprintf("Received fields without a FROM clause first or a \";\" date: %s", wire.Visible([]byte(strings.Join(stamps, " | "))))
		}
		spec.Expected("RETR of the delivered message", "a Received field at the beginning of the message content: \"Received:\" FWS \"from\" … \";\" date-time (RFC 5321 §4.4)", actual)
	},
})

var _ = register(Case{
	ID: "smtp-4.4-roundtrip-return-path-added", RFC: "5321", Section: "4.4", Level: MUST,
	Binds: "the delivering server makes final delivery into the maildrop POP3 reads, where §4.4 says it inserts the return-path line; \"This use of return-path is required\"",
	Quote: `When the delivery SMTP server makes the "final delivery" of a message, it inserts a return-path line at the beginning of the mail data. This use of return-path is required; mail systems MUST support it. The return-path line preserves the information in the <reverse-path> from the MAIL command.`,
	Does:  "sends a message with the suite's reverse-path; requires it back by POP3 with a Return-Path field holding that reverse-path among the fields before the message's first line",
	Run: func(s *Session) {
		m := s.NewMessage("return path", "", "body\r\n")
		s.Send(m)
		fs := prepended("RETR of the delivered message", m, s.FetchOne(m))
		want := "<" + s.SMTP.Sender() + ">"
		paths := named(fs, "Return-Path")
		for _, v := range paths {
			if strings.EqualFold(strings.TrimSpace(v), want) {
				return
			}
		}
		actual := "fields before the message as sent: " + fieldNames(fs)
		if len(paths) > 0 {
			actual = "Return-Path:" + wire.Visible([]byte(strings.Join(paths, " | ")))
		}
		spec.Expected("RETR of the delivered message", "Return-Path: "+want+" at the beginning of the mail data (RFC 5321 §4.4)", actual)
	},
})

// manyRecipients is how many RCPT commands the many-recipients case sends:
// the number RFC 5321 §4.5.3.1.8 requires a server to buffer.
const manyRecipients = 100

var _ = register(Case{
	ID: "smtp-4.4-roundtrip-many-recipients", RFC: "5321", Section: "4.4", Level: MUST,
	Quote: `If the FOR clause appears, it MUST contain exactly one <path> entry, even when multiple RCPT commands have been given.`,
	Does:  "sends one message with 100 RCPT commands (the mailbox each time, as smtp-4.5.3.1.8-100-recipients does); requires every copy the mailbox gets back by POP3 byte-identical, and any FOR clause of the server's Received field to name one path",
	Run: func(s *Session) {
		m := s.NewMessage("many recipients", "", "to many\r\n")
		s.Begin("", manyRecipients)
		s.SMTP.ExpectReply("the end of data", s.Data(wire.DotStuff(m.Content)), 250)
		for i, got := range s.Fetch(m) {
			what := fmt.Sprintf("RETR of copy %d of a message with %d recipients", i+1, manyRecipients)
			for _, v := range named(prepended(what, m, got), "Received") {
				if paths := forPaths(v); paths > 1 {
					spec.Expected(what, "a FOR clause with exactly one <path> (RFC 5321 §4.4)", fmt.Sprintf("%d paths: Received:%s", paths, wire.Visible([]byte(v))))
				}
			}
			s.ExpectIntact(what, m, got)
		}
	},
})

// forPaths counts the paths in a Received field's FOR clause: the
// pointed brackets between " for " and the ";" before the date.
func forPaths(received string) int {
	head := received
	if i := strings.LastIndex(head, ";"); i >= 0 {
		head = head[:i]
	}
	lower := strings.ToLower(strings.Join(strings.Fields(head), " "))
	i := strings.Index(lower, " for ")
	if i < 0 {
		return 0
	}
	return strings.Count(lower[i:], "<")
}
