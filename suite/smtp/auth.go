package smtp

// RFC 4954 (AUTH) §3, §4, §5, §6 and §8, with RFC 4616 (PLAIN): the SASL
// exchange over 334 continuations, "=" and "*", base64 strictness, the
// replies 235, 501, 503, 504 and 535, the mechanisms advertised, and the
// AUTH parameter of MAIL. Cases secure the session first when the target
// allows it, since servers commonly offer AUTH only under TLS.

import (
	"encoding/base64"
	"strings"

	"github.com/mailspec/mailspec/suite/spec"
	"github.com/mailspec/mailspec/suite/target"
	"github.com/mailspec/mailspec/suite/wire"
)

// unknownMechanism is a SASL mechanism name no server implements.
const unknownMechanism = "X-MAILSPEC-UNKNOWN"

var _ = register(Case{
	ID: "smtp-4954.4-plain-initial-response", RFC: "4954", Section: "4", Level: MUST, Extension: "AUTH",
	Binds: "§4 defines the end of a successful exchange as 235, and §4 requires PLAIN to be implemented over TLS",
	Quote: `Should the client successfully complete the exchange, the SMTP server issues a 235 reply.`,
	Does:  "sends AUTH PLAIN with the credentials as initial response; requires 235",
	Run: func(s *Session) {
		user, password := s.Credentials()
		if mechs := s.authMechanisms(); !hasWord(mechs, "PLAIN") {
			spec.Skipf("the server does not offer PLAIN (AUTH %s)", mechs)
		}
		s.ExpectCmd("AUTH PLAIN "+PlainResponse(user, password), 235)
	},
})

var _ = register(Case{
	ID: "smtp-4954.4-plain-empty-challenge", RFC: "4954", Section: "4", Level: MUST, Extension: "AUTH",
	Binds: "§4: with no initial response the server \"MUST proceed as defined in Section 5.1 of [SASL]\", whose empty challenge in SMTP is \"334 \"",
	Quote: `In SMTP, a server challenge that contains no data is defined as a 334 reply with no text part. Note that there is still a space following the reply code, so the complete response line is "334 ".`,
	Does:  "sends AUTH PLAIN with no initial response; requires exactly \"334 <CRLF>\", then 235 to the credentials",
	Run: func(s *Session) {
		user, password := s.Credentials()
		if mechs := s.authMechanisms(); !hasWord(mechs, "PLAIN") {
			spec.Skipf("the server does not offer PLAIN (AUTH %s)", mechs)
		}
		r := s.ExpectCmd("AUTH PLAIN", 334)
		if r.String() != "334 \r\n" {
			spec.Failf("AUTH PLAIN without initial response\nExpected: 334 <SP><CR><LF>, a challenge with no data\nActual:   %s", wire.Visible([]byte(r.String())))
		}
		s.ExpectReply("PLAIN response", s.Respond(PlainResponse(user, password)), 235)
	},
})

var _ = register(Case{
	ID: "smtp-4954.4-empty-initial-response", RFC: "4954", Section: "4", Level: MUST, Extension: "AUTH",
	Quote: `If the client is transmitting an initial response of zero length, it MUST instead transmit the response as a single equals sign ("="). This indicates that the response is present, but contains no data.`,
	Binds: "the sentence defines \"=\" as a present, empty response; a server that asks for the response again (334) reads it as absent",
	Does:  "sends AUTH PLAIN = (an empty PLAIN message); requires a refusal (4yz or 5yz: an empty message names no one), not a 334 asking for the response, then a usable session",
	Run: func(s *Session) {
		if mechs := s.authMechanisms(); !hasWord(mechs, "PLAIN") {
			spec.Skipf("the server does not offer PLAIN (AUTH %s)", mechs)
		}
		// An empty PLAIN message breaks RFC 4616 §2's grammar: 535 for
		// the credentials, 501 for the message, or a temporary refusal
		// all end the exchange. Which one the wire cannot hold against
		// the server.
		s.ExpectReply("AUTH PLAIN = (the response is present and empty)", s.Cmd("AUTH PLAIN ="), 4, 5)
		s.Sync()
	},
})

var _ = register(Case{
	ID: "smtp-4954.4-cancel-501", RFC: "4954", Section: "4", Level: MUST, Extension: "AUTH",
	Quote: `If the client wishes to cancel the authentication exchange, it issues a line with a single "*". If the server receives such a response, it MUST reject the AUTH command by sending a 501 reply.`,
	Does:  "sends AUTH with no initial response, then \"*\" to the 334; requires 501, then a usable session",
	Run: func(s *Session) {
		mech := challengeMechanism(s.authMechanisms())
		s.ExpectCmd("AUTH "+mech, 334)
		s.ExpectReply("\"*\" (cancel)", s.Respond("*"), 501)
		s.Sync()
	},
})

var _ = register(Case{
	ID: "smtp-4954.4-invalid-base64-501", RFC: "4954", Section: "4", Level: MUST, Extension: "AUTH",
	Quote: `If the server cannot [BASE64] decode any client response, it MUST reject the AUTH command with a 501 reply (and an enhanced status code of 5.5.2).`,
	Does:  "sends AUTH PLAIN with an initial response holding \"!\", outside the base64 alphabet; requires 501 (5.5.2 with ENHANCEDSTATUSCODES), then a usable session",
	Run: func(s *Session) {
		if mechs := s.authMechanisms(); !hasWord(mechs, "PLAIN") {
			spec.Skipf("the server does not offer PLAIN (AUTH %s)", mechs)
		}
		r := s.ExpectCmd("AUTH PLAIN AG1h!WxzcGVj", 501)
		s.expectEnhanced("AUTH PLAIN with invalid base64", r, "5.5.2", "RFC 4954 section 4")
		s.Sync()
	},
})

var _ = register(Case{
	ID: "smtp-4954.4-inner-padding-501", RFC: "4954", Section: "4", Level: MUST, Extension: "AUTH",
	Quote: `In particular, servers and clients MUST reject (and not ignore) any character not explicitly allowed by the BASE64 alphabet, and MUST reject any sequence of BASE64 characters that contains the pad character ('=') anywhere other than the end of the string (e.g., "=AAA" and "AAA=BBB" are not allowed).`,
	Does:  "answers the 334 of AUTH with \"AAA=AAAA\", padding inside the string; requires 501, then a usable session",
	Run: func(s *Session) {
		mech := challengeMechanism(s.authMechanisms())
		s.ExpectCmd("AUTH "+mech, 334)
		s.ExpectReply("response with inner padding", s.Respond("AAA=AAAA"), 501)
		s.Sync()
	},
})

var _ = register(Case{
	ID: "smtp-4954.4-unknown-mechanism-504", RFC: "4954", Section: "4", Level: MUST, Extension: "AUTH",
	Binds: "§4 defines the reply to an unsupported mechanism: \"the server rejects the AUTH command with a 504 reply\"",
	Quote: `If the requested authentication mechanism is invalid (e.g., is not supported or requires an encryption layer), the server rejects the AUTH command with a 504 reply.`,
	Does:  "sends AUTH " + unknownMechanism + "; requires 504, then a usable session",
	Run: func(s *Session) {
		s.authMechanisms()
		s.ExpectCmd("AUTH "+unknownMechanism, 504)
		s.Sync()
	},
})

var _ = register(Case{
	ID: "smtp-4616.2-wrong-password-refused", RFC: "4616", Section: "2", Level: MUST, Extension: "AUTH",
	Binds: "RFC 4616 §2 defines PLAIN as verifying authcid and passwd; authenticating a wrong password is no verification",
	Quote: `Upon receipt of the message, the server will verify the presented (in the message) authentication identity (authcid) and password (passwd) with the system authentication database, and it will verify that the authentication credentials permit the client to act as the (presented or derived) authorization identity (authzid). If both steps succeed, the user is authenticated.`,
	Does:  "authenticates as the target's user with a wrong password (PLAIN, else LOGIN); requires a 4xx or 5xx refusal, never 235",
	Run: func(s *Session) {
		user, password := s.Credentials()
		r := s.authAttempt(s.authMechanisms(), user, password+"-wrong")
		s.ExpectReply("AUTH with a wrong password", r, 4, 5)
	},
})

var _ = register(Case{
	ID: "smtp-4954.4-wrong-password-535", RFC: "4954", Section: "4", Level: SHOULD, Extension: "AUTH",
	Quote: `If the server is unable to authenticate the client, it SHOULD reject the AUTH command with a 535 reply unless a more specific error code is appropriate.`,
	Does:  "authenticates as the target's user with a wrong password (PLAIN, else LOGIN); requires 535",
	Run: func(s *Session) {
		user, password := s.Credentials()
		r := s.authAttempt(s.authMechanisms(), user, password+"-wrong")
		s.ExpectReply("AUTH with a wrong password", r, 535)
	},
})

var _ = register(Case{
	ID: "smtp-4954.4-auth-after-auth-503", RFC: "4954", Section: "4", Level: MUST, Extension: "AUTH",
	Quote: `After an AUTH command has been successfully completed, no more AUTH commands may be issued in the same session. After a successful AUTH command completes, a server MUST reject any further AUTH commands with a 503 reply.`,
	Does:  "authenticates, then sends AUTH again with the same credentials; requires 503, then a usable session",
	Run: func(s *Session) {
		user, password := s.Credentials()
		s.Authenticate()
		mechs, _ := s.Has("AUTH")
		line := "AUTH LOGIN"
		if hasWord(mechs, "PLAIN") {
			line = "AUTH PLAIN " + PlainResponse(user, password)
		}
		s.ExpectCmd(line, 503)
		s.Sync()
	},
})

var _ = register(Case{
	ID: "smtp-4954.4-auth-in-transaction-503", RFC: "4954", Section: "4", Level: MUST, Extension: "AUTH",
	Quote: `The AUTH command is not permitted during a mail transaction. An AUTH command issued during a mail transaction MUST be rejected with a 503 reply.`,
	Does:  "sends MAIL (250), then AUTH; requires 503, then a usable session",
	Run: func(s *Session) {
		mechs := s.authMechanisms()
		if r := s.Cmd("MAIL FROM:<" + s.Sender() + ">"); r.Code != 250 {
			spec.Skipf("the server will not open a transaction before AUTH: %s", wire.Visible([]byte(r.String())))
		}
		line := "AUTH " + challengeMechanism(mechs)
		if hasWord(mechs, "PLAIN") {
			line = "AUTH PLAIN " + PlainResponse("mailspec", "not-a-password")
		}
		s.ExpectCmd(line, 503)
		s.Sync()
	},
})

var _ = register(Case{
	ID: "smtp-4954.3-advertised-mechanisms-available", RFC: "4954", Section: "3", Level: MUST, Extension: "AUTH",
	Quote: `The AUTH EHLO keyword contains as a parameter a space-separated list of the names of available [SASL] mechanisms.`,
	Binds: "§3 defines the keyword's parameter as the available mechanisms; one the server then refuses as unknown (504) is not available",
	Does:  "sends AUTH for each advertised mechanism, each on a connection of its own (cancelling any 334 with \"*\"); requires none to be answered 504",
	Run: func(s *Session) {
		for i, mech := range strings.Fields(s.authMechanisms()) {
			// RFC 4954 §9 lets a server drop the connection after three
			// failed attempts: a fresh connection per mechanism.
			s := s
			if i > 0 {
				s = s.NewConnection()
				s.authMechanisms()
			}
			r := s.Cmd("AUTH " + mech)
			if r.Code == 504 {
				spec.Failf("AUTH %s, a mechanism the EHLO reply lists\nExpected: the exchange to begin (334) or end on the credentials\nActual:   %s", mech, wire.Visible([]byte(r.String())))
			}
			if r.Code == 235 {
				return // authenticated (EXTERNAL with a certificate): no more AUTH
			}
			if r.Code == 334 {
				s.Respond("*")
			}
		}
	},
})

var _ = register(Case{
	ID: "smtp-4954.6-no-mechanism-needing-encryption-advertised", RFC: "4954", Section: "6", Level: SHOULD, Extension: "AUTH",
	Quote: `Modern implementations SHOULD NOT advertise mechanisms that are not permitted due to lack of encryption, unless an encryption layer of sufficient strength is currently being employed.`,
	Does:  "sends AUTH for each mechanism the plaintext EHLO lists (cancelling any 334 with \"*\"); requires none to be answered 538",
	Run: func(s *Session) {
		if s.T.SMTP.TLS == target.TLSImplicit {
			spec.Skipf("the target uses implicit TLS: there is no session without encryption to look at")
		}
		s.Ehlo()
		mechs, ok := s.Has("AUTH")
		if !ok || s.tls {
			s.authMechanisms() // skips unless AUTH is offered at all
			return             // nothing advertised without encryption
		}
		for _, mech := range strings.Fields(mechs) {
			r := s.Cmd("AUTH " + mech)
			if r.Code == 538 {
				spec.Failf("AUTH %s, a mechanism the plaintext EHLO reply lists\nExpected: no 538: a mechanism that needs encryption is not advertised without it\nActual:   %s", mech, wire.Visible([]byte(r.String())))
			}
			if r.Code == 235 {
				return
			}
			if r.Code == 334 {
				s.Respond("*")
			}
		}
	},
})

var _ = register(Case{
	ID: "smtp-4954.4-challenge-is-base64", RFC: "4954", Section: "4", Level: MUST, Extension: "AUTH",
	Quote: `A server challenge is sent as a 334 reply with the text part containing the [BASE64] encoded string supplied by the SASL mechanism. This challenge MUST NOT contain any text other than the BASE64 encoded challenge.`,
	Does:  "sends AUTH LOGIN (else PLAIN) with no initial response; requires the 334's text to be base64 and nothing else, then cancels",
	Run: func(s *Session) {
		mechs := s.authMechanisms()
		mech := "LOGIN"
		if !hasWord(mechs, mech) {
			mech = challengeMechanism(mechs)
		}
		r := s.ExpectCmd("AUTH "+mech, 334)
		if text := r.Text(); text != "" {
			if _, err := base64.StdEncoding.Strict().DecodeString(text); err != nil {
				spec.Failf("AUTH %s challenge\nExpected: 334 and a base64 string, nothing else\nActual:   %s", mech, wire.Visible([]byte(r.String())))
			}
		}
		s.ExpectReply("\"*\" (cancel)", s.Respond("*"), 501)
	},
})

var _ = register(Case{
	ID: "smtp-4954.4-login-exchange", RFC: "4954", Section: "4", Level: MUST, Extension: "AUTH",
	Binds: "§4 defines success as 235; only the final reply binds, LOGIN's two challenges are in no RFC here",
	Quote: `Should the client successfully complete the exchange, the SMTP server issues a 235 reply.`,
	Does:  "authenticates with LOGIN (user name, then password, each after a 334); requires 235; skipped unless LOGIN is offered",
	Run: func(s *Session) {
		user, password := s.Credentials()
		if mechs := s.authMechanisms(); !hasWord(mechs, "LOGIN") {
			spec.Skipf("the server does not offer LOGIN (AUTH %s)", mechs)
		}
		r := s.authAttempt("LOGIN", user, password)
		s.ExpectReply("AUTH LOGIN password", r, 235)
	},
})

var _ = register(Case{
	ID: "smtp-4954.8-mechanism-case-insensitive", RFC: "4954", Section: "8", Level: MUST, Extension: "AUTH",
	Quote: `Except as noted otherwise, all alphabetic characters are case-insensitive. The use of upper or lower case characters to define token strings is for editorial clarity only. Implementations MUST accept these strings in a case-insensitive fashion.`,
	Does:  "sends \"auth plain\" in lower case with the credentials as initial response; requires 235",
	Run: func(s *Session) {
		user, password := s.Credentials()
		if mechs := s.authMechanisms(); !hasWord(mechs, "PLAIN") {
			spec.Skipf("the server does not offer PLAIN (AUTH %s)", mechs)
		}
		s.ExpectCmd("auth plain "+PlainResponse(user, password), 235)
	},
})

var _ = register(Case{
	ID: "smtp-4954.4-plain-pipelined-with-mail", RFC: "4954", Section: "4", Level: MUST, Extension: "AUTH",
	Binds: "RFC 2920 §3.2 (1) and (9): a pipelining server MUST answer in order and lose no input, and §4 lets the client pipeline after AUTH PLAIN",
	Quote: `The only exception to this rule is when the AUTH command contains an initial response for a SASL mechanism that allows the client to send data first, the SASL mechanism is known to complete in one round-trip, and a security layer is not negotiated by the client. Two examples of such SASL mechanisms are PLAIN [PLAIN] and EXTERNAL [SASL].`,
	Does:  "sends AUTH PLAIN with the credentials and MAIL in one write (PIPELINING advertised); requires 235 then 250",
	Run: func(s *Session) {
		user, password := s.Credentials()
		if mechs := s.authMechanisms(); !hasWord(mechs, "PLAIN") {
			spec.Skipf("the server does not offer PLAIN (AUTH %s)", mechs)
		}
		s.Require("PIPELINING")
		rs := s.Pipelined("AUTH PLAIN "+PlainResponse(user, password), "MAIL FROM:<"+s.Sender()+">")
		s.ExpectReply("AUTH PLAIN (1st of 2 pipelined)", rs[0], 235)
		s.ExpectReply("MAIL (2nd of 2 pipelined)", rs[1], 250)
	},
})

var _ = register(Case{
	// MAY: the MUST is to implement PLAIN over TLS; a deployment may
	// still configure it away, which the wire cannot tell apart.
	ID: "smtp-4954.4-plain-offered-under-tls", RFC: "4954", Section: "4", Level: MAY, Extension: "AUTH",
	Quote: `To ensure interoperability, client and server implementations of this extension MUST implement the [PLAIN] SASL mechanism running over TLS [TLS] [SMTP-TLS].`,
	Does:  "upgrades with STARTTLS (or uses implicit TLS) and sends EHLO; records whether AUTH lists PLAIN (info if not: a deployment may configure it away)",
	Run: func(s *Session) {
		s.Secure()
		if mechs := s.Require("AUTH"); !hasWord(mechs, "PLAIN") {
			spec.Failf("EHLO over TLS\nExpected: AUTH listing PLAIN\nActual:   AUTH %s", mechs)
		}
	},
})

var _ = register(Case{
	ID: "smtp-4954.5-mail-auth-empty", RFC: "4954", Section: "5", Level: MUST, Extension: "AUTH",
	Quote: `For this reason, servers that advertise support for this extension MUST support the AUTH parameter to the MAIL FROM command even when the client has not authenticated itself to the server.`,
	Does:  "without authenticating, sends MAIL with AUTH=<>; requires 250",
	Run: func(s *Session) {
		s.authMechanisms()
		s.ExpectCmd("MAIL FROM:<"+s.Sender()+"> AUTH=<>", 250)
	},
})

var _ = register(Case{
	ID: "smtp-4954.5-mail-auth-xtext", RFC: "4954", Section: "5", Level: MUST, Extension: "AUTH",
	Quote: `For this reason, servers that advertise support for this extension MUST support the AUTH parameter to the MAIL FROM command even when the client has not authenticated itself to the server.`,
	Does:  "without authenticating, sends MAIL with AUTH=mailspec+3Dauth@sender.example (xtext, \"=\" as +3D); requires 250",
	Run: func(s *Session) {
		s.authMechanisms()
		// The AUTH parameter's mailbox is an identity, not the
		// reverse-path, so it keeps the reserved domain: from a client
		// that has not authenticated the server MUST behave as if
		// AUTH=<> were given (RFC 4954 §5).
		s.ExpectCmd("MAIL FROM:<"+s.Sender()+"> AUTH=mailspec+3Dauth@sender.example", 250)
	},
})
