package smtp

// RFC 3207 (STARTTLS) §4, §4.2 and §6: STARTTLS takes no parameters; 220
// is followed by the TLS handshake and nothing else; after it the session
// is as new — no greeting, no transaction, nothing the client sent in
// plaintext — and STARTTLS is neither advertised nor accepted again.

import (
	"github.com/mailspec/mailspec/suite/spec"
	"github.com/mailspec/mailspec/suite/wire"
)

var _ = register(Case{
	ID: "smtp-3207.4-starttls-argument-501", RFC: "3207", Section: "4", Level: MUST, Strict: true, Extension: "STARTTLS",
	Binds: "RFC 3207 §4 defines STARTTLS with no parameters and lists 501 for one, but no sentence obliges refusing it: accepting is lenient (strict)",
	Quote: `The format for the STARTTLS command is: STARTTLS with no parameters. After the client gives the STARTTLS command, the server responds with one of the following reply codes: 220 Ready to start TLS 501 Syntax error (no parameters allowed) 454 TLS not available due to temporary reason`,
	Does:  "sends STARTTLS with an argument; requires 501 and no TLS, then a usable plaintext session",
	Run: func(s *Session) {
		s.requirePlaintextSTARTTLS()
		s.ExpectCmd("STARTTLS now", 501)
		s.Sync()
	},
})

var _ = register(Case{
	ID: "smtp-3207.4-starttls-220-then-handshake", RFC: "3207", Section: "4", Level: MUST, Extension: "STARTTLS",
	Binds: "RFC 3207 §4 lists 220 as the go-ahead; the TLS negotiation follows it",
	Quote: `After the client gives the STARTTLS command, the server responds with one of the following reply codes: 220 Ready to start TLS 501 Syntax error (no parameters allowed) 454 TLS not available due to temporary reason`,
	Does:  "sends STARTTLS; requires 220 (454 skips), nothing else before the TLS handshake, a handshake that succeeds, then 250 to EHLO over TLS",
	Run: func(s *Session) {
		s.requirePlaintextSTARTTLS()
		s.startTLSOrSkip()
		s.Ehlo()
	},
})

var _ = register(Case{
	ID: "smtp-3207.4.2-no-starttls-after-tls", RFC: "3207", Section: "4.2", Level: MUST, Extension: "STARTTLS",
	Quote: `A server MUST NOT return the STARTTLS extension in response to an EHLO command received after a TLS handshake has completed.`,
	Does:  "upgrades with STARTTLS and sends EHLO; requires a 250 reply that does not list STARTTLS",
	Run: func(s *Session) {
		s.requirePlaintextSTARTTLS()
		s.startTLSOrSkip()
		r := s.Ehlo()
		if _, ok := s.Has("STARTTLS"); ok {
			spec.Failf("EHLO after the TLS handshake\nExpected: no STARTTLS keyword\nActual:   %s", wire.Visible([]byte(r.String())))
		}
	},
})

var _ = register(Case{
	ID: "smtp-3207.4.2-transaction-forgotten", RFC: "3207", Section: "4.2", Level: MUST, Extension: "STARTTLS",
	Quote: `Upon completion of the TLS handshake, the SMTP protocol is reset to the initial state (the state in SMTP after a server issues a 220 service ready greeting). The server MUST discard any knowledge obtained from the client, such as the argument to the EHLO command, which was not obtained from the TLS negotiation itself.`,
	Does:  "sends EHLO and MAIL (250), upgrades with STARTTLS, then RCPT before any command over TLS; requires 503: the MAIL is forgotten",
	Run: func(s *Session) {
		s.requirePlaintextSTARTTLS()
		s.ExpectCmd("MAIL FROM:<"+s.Sender()+">", 250)
		s.startTLSOrSkip()
		// No EHLO first: EHLO would reset the transaction by itself
		// (RFC 5321 §4.1.4) and hide a server that kept it.
		s.ExpectCmd("RCPT TO:<"+s.Mailbox()+">", 503)
		s.Ehlo()
		s.Sync()
	},
})

var _ = register(Case{
	ID: "smtp-3207.4.2-greeting-forgotten", RFC: "3207", Section: "4.2", Level: MUST, Extension: "STARTTLS",
	Quote: `Upon completion of the TLS handshake, the SMTP protocol is reset to the initial state (the state in SMTP after a server issues a 220 service ready greeting). The server MUST discard any knowledge obtained from the client, such as the argument to the EHLO command, which was not obtained from the TLS negotiation itself.`,
	Does:  "sends EHLO, upgrades with STARTTLS, then MAIL over TLS with no new EHLO; requires 503 (RFC 5321 §4.1.4: EHLO first) or the refusal MAIL gets on a new connection, then a usable session after EHLO; skipped if the server takes MAIL before EHLO even on a new connection",
	Run: func(s *Session) {
		refusal := s.mailRefusalBeforeEhlo()
		if refusal == 0 {
			spec.Skipf("the server accepts MAIL before EHLO on a new connection, so a forgotten greeting cannot be seen")
		}
		s.requirePlaintextSTARTTLS()
		s.startTLSOrSkip()
		s.ExpectCmd("MAIL FROM:<"+s.Sender()+">", 503, refusal)
		s.Ehlo()
		s.ExpectCmd("MAIL FROM:<"+s.Sender()+">", 250)
	},
})

var _ = register(Case{
	ID: "smtp-3207.4.2-starttls-again-refused", RFC: "3207", Section: "4.2", Level: MUST, Extension: "STARTTLS",
	Quote: `Both the client and the server MUST know if there is a TLS session active.`,
	Does:  "upgrades with STARTTLS, sends EHLO, then STARTTLS again; requires a refusal (454 or 5yz: no second 220), then a usable session",
	Run: func(s *Session) {
		s.requirePlaintextSTARTTLS()
		s.startTLSOrSkip()
		s.Ehlo()
		// RFC 5321 §4.1.4 gives 503 to a command out of sequence; RFC
		// 3207 §4 lists 454; a server that no longer offers STARTTLS
		// may treat it as unknown (500, 502).
		s.ExpectCmd("STARTTLS", 454, 5)
		s.Sync()
	},
})

var _ = register(Case{
	ID: "smtp-3207.6-pipelined-plaintext-discarded", RFC: "3207", Section: "6", Level: MUST, Extension: "STARTTLS",
	Quote: `Before the TLS handshake has begun, any protocol interactions are performed in the clear and may be modified by an active attacker. For this reason, clients and servers MUST discard any knowledge obtained prior to the start of the TLS handshake upon completion of the TLS handshake.`,
	Does:  "sends \"STARTTLS<CRLF>MAIL FROM:<...><CRLF>\" in one write; requires 220, the handshake with no plaintext after 220, then EHLO answered first and RCPT 503: the injected MAIL never ran; skipped if the server refuses the pipelined STARTTLS",
	Run: func(s *Session) {
		s.requirePlaintextSTARTTLS()
		s.Send("STARTTLS\r\nMAIL FROM:<" + s.Sender() + ">\r\n")
		r := s.Read()
		s.checkCode("STARTTLS", r)
		if r.Code == 454 {
			spec.Skipf("the server answered 454: TLS not available now")
		}
		if r.Code == 421 || r.Class() == 5 {
			// RFC 3207 §4.2: "the STARTTLS command must be the last
			// command in a group". A server may refuse a client that
			// breaks that, and then no handshake follows after which
			// the injected command could run.
			spec.Skipf("the server refused STARTTLS with a command pipelined behind it (%s): no handshake to watch", wire.Visible([]byte(r.String())))
		}
		s.ExpectReply("STARTTLS pipelined with MAIL", r, 220)
		s.upgrade()
		// The first reply over TLS must answer EHLO: a reply to the
		// injected MAIL would come first, and shift every later one.
		ehlo := "EHLO " + s.clientDomain()
		s.Send(ehlo + "\r\n")
		if r := s.Read(); r.Code != 250 {
			spec.Failf("the first reply over TLS does not answer EHLO: the MAIL pipelined behind STARTTLS ran after the handshake\nExpected: 250 to %s\nActual:   %s", ehlo, wire.Visible([]byte(r.String())))
		}
		s.ExpectCmd("RCPT TO:<"+s.Mailbox()+">", 503)
		s.Sync()
	},
})
