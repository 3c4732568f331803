package smtp

// RFC 6152 (8BITMIME) §2 and §3: the BODY parameter of MAIL takes 7BIT or
// 8BITMIME, and a server that advertises the extension accepts messages
// whose octets have the high bit set.

import (
	"strings"

	"github.com/mailspec/mailspec/suite/spec"
)

// highOctets is one line of every octet from 0x80 to 0xFF: arbitrary
// octet-aligned material, within a text line (RFC 6152 §3).
func highOctets() string {
	var b strings.Builder
	for c := 0x80; c <= 0xff; c++ {
		b.WriteByte(byte(c))
	}
	return b.String()
}

var _ = register(Case{
	ID: "smtp-6152.3-body-8bitmime-accepted", RFC: "6152", Section: "3", Level: MUST, Extension: "8BITMIME",
	Binds: "§3: advertising 8BITMIME \"is indicating that it supports the extended MAIL command\"",
	Quote: `If the server SMTP responds with code 250 to the EHLO command, and the response includes the EHLO keyword value 8BITMIME, then the server SMTP is indicating that it supports the extended MAIL command and will accept MIME messages containing arbitrary octet-aligned material.`,
	Does:  "sends MAIL with BODY=8BITMIME; requires 250",
	Run: func(s *Session) {
		s.Require("8BITMIME")
		s.ExpectCmd("MAIL FROM:<"+s.Sender()+"> BODY=8BITMIME", 250)
	},
})

var _ = register(Case{
	ID: "smtp-6152.2-body-7bit-accepted", RFC: "6152", Section: "2", Level: MUST, Extension: "8BITMIME",
	Binds: "§2's body-value = \"7BIT\" / \"8BITMIME\"; refusing 7BIT refuses what the extension defines",
	Quote: `The syntax of the value is as follows, using the ABNF notation of [RFC5234]: body-value = "7BIT" / "8BITMIME"`,
	Does:  "sends MAIL with BODY=7BIT; requires 250",
	Run: func(s *Session) {
		s.Require("8BITMIME")
		s.ExpectCmd("MAIL FROM:<"+s.Sender()+"> BODY=7BIT", 250)
	},
})

var _ = register(Case{
	ID: "smtp-6152.3-eight-bit-message-accepted", RFC: "6152", Section: "3", Level: MUST, Extension: "8BITMIME",
	Binds: "§3: advertising 8BITMIME says the server \"will accept MIME messages containing arbitrary octet-aligned material\"",
	Quote: `If the server SMTP responds with code 250 to the EHLO command, and the response includes the EHLO keyword value 8BITMIME, then the server SMTP is indicating that it supports the extended MAIL command and will accept MIME messages containing arbitrary octet-aligned material.`,
	Does:  "sends a message with BODY=8BITMIME whose body holds UTF-8 text and every octet 0x80-0xFF; requires 250 after the end of data",
	Run: func(s *Session) {
		s.Require("8BITMIME")
		s.ExpectCmd("MAIL FROM:<"+s.Sender()+"> BODY=8BITMIME", 250)
		s.ExpectCmd("RCPT TO:<"+s.Mailbox()+">", 250, 251)
		s.ExpectCmd("DATA", 354)
		msg := "MIME-Version: 1.0\r\n" +
			"Content-Type: application/octet-stream\r\n" +
			"Content-Transfer-Encoding: 8bit\r\n" +
			s.extMessage("8-bit body", "Gr\u00fc\u00dfe, na\u00efve caf\u00e9\r\n"+highOctets()+"\r\n")
		s.ExpectReply("end of 8-bit data", s.SendData(msg+".\r\n"), 250)
	},
})

var _ = register(Case{
	ID: "smtp-6152.2-body-unknown-value-refused", RFC: "6152", Section: "2", Level: MUST, Strict: true, Extension: "8BITMIME",
	Binds: "grammar only: no sentence obliges refusing another value, so accepting it is lenient (strict)",
	Quote: `The syntax of the value is as follows, using the ABNF notation of [RFC5234]: body-value = "7BIT" / "8BITMIME"`,
	Does:  "sends MAIL with BODY=9BIT; requires 501 or 555, then a usable session",
	Run: func(s *Session) {
		s.Require("8BITMIME")
		// RFC 5321 §4.1.4: 501 for an unacceptable MAIL argument;
		// §4.1.1.11: 555 for a parameter the server cannot implement.
		s.ExpectCmd("MAIL FROM:<"+s.Sender()+"> BODY=9BIT", 501, 555)
		s.Sync()
	},
})

var _ = register(Case{
	ID: "smtp-6152.2-body-binarymime-not-offered", RFC: "6152", Section: "2", Level: MUST, Strict: true, Extension: "8BITMIME",
	Binds: "grammar only: no sentence obliges refusing BINARYMIME when not offered, so accepting it is lenient (strict)",
	Quote: `The syntax of the value is as follows, using the ABNF notation of [RFC5234]: body-value = "7BIT" / "8BITMIME"`,
	Does:  "sends MAIL with BODY=BINARYMIME to a server that does not advertise BINARYMIME (RFC 3030 §3); requires 501 or 555",
	Run: func(s *Session) {
		s.Require("8BITMIME")
		if _, ok := s.Has("BINARYMIME"); ok {
			spec.Skipf("the server advertises BINARYMIME, which adds the value (RFC 3030 section 3)")
		}
		s.ExpectCmd("MAIL FROM:<"+s.Sender()+"> BODY=BINARYMIME", 501, 555)
		s.Sync()
	},
})
