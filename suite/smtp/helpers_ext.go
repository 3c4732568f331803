package smtp

// Helpers for the extension cases (RFC 2920 PIPELINING, RFC 3030 CHUNKING,
// RFC 2034 ENHANCEDSTATUSCODES, RFC 3207 STARTTLS, RFC 4954 AUTH): batches
// of commands in one write, BDAT chunks, the TLS upgrade judged as a case
// rather than as set-up, and enhanced status code checks on every line.

import (
	"crypto/tls"
	"encoding/base64"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/mailspec/mailspec/suite/spec"
	"github.com/mailspec/mailspec/suite/target"
	"github.com/mailspec/mailspec/suite/wire"
)

// Pipelined sends the command lines in one write, CRLF after each, and
// then reads one reply per line, in order (RFC 2920 §3.1), each checked
// against the codes its command allows.
func (s *Session) Pipelined(lines ...string) []*wire.Reply {
	var b strings.Builder
	for _, l := range lines {
		b.WriteString(l + "\r\n")
	}
	s.Send(b.String())
	out := make([]*wire.Reply, len(lines))
	for i, l := range lines {
		out[i] = s.Read()
		s.checkCode(l, out[i])
	}
	return out
}

// bdatLine is the BDAT command for a chunk (RFC 3030 §2):
// "BDAT" SP chunk-size [ SP "LAST" ].
func bdatLine(chunk string, last bool) string {
	line := fmt.Sprintf("BDAT %d", len(chunk))
	if last {
		line += " LAST"
	}
	return line
}

// BDAT sends one BDAT command and its chunk in one write and reads the
// reply, checked against the codes BDAT allows.
func (s *Session) BDAT(chunk string, last bool) *wire.Reply {
	line := bdatLine(chunk, last)
	s.Send(line + "\r\n" + chunk)
	r := s.Read()
	s.checkCode(line, r)
	return r
}

// extMessage is a small message in wire form, lines ended by CRLF, with
// the header fields RFC 5322 §3.6 requires, without the end-of-data line.
func (s *Session) extMessage(subject, body string) string {
	return "Date: " + time.Now().Format("Mon, 02 Jan 2006 15:04:05 -0700") + "\r\n" +
		"From: <" + s.Sender() + ">\r\n" +
		"To: undisclosed-recipients:;\r\n" +
		"Subject: mailspec " + s.Case.ID + ": " + subject + "\r\n" +
		"\r\n" + body
}

// requirePlaintextSTARTTLS skips the case unless it can upgrade a
// plaintext session with STARTTLS: the target's TLS mode must allow TLS,
// the session must not be implicit TLS already, and EHLO must advertise
// STARTTLS.
func (s *Session) requirePlaintextSTARTTLS() {
	if s.T.SMTP.TLS == target.TLSNone {
		spec.Skipf("the case needs TLS and the target's TLS mode is none")
	}
	if s.tls {
		spec.Skipf("the session is already TLS (implicit TLS): STARTTLS does not apply")
	}
	s.Require("STARTTLS")
}

// upgrade runs the client TLS handshake after a 220 to STARTTLS, judged as
// part of the case: octets the server sent in plaintext after its 220 are
// a failure (RFC 3207 §4.2: only what the TLS negotiation gives counts,
// and plaintext after 220 is how a server answering pipelined commands
// shows), any other handshake failure an error. The session is then TLS
// and not yet greeted.
func (s *Session) upgrade() {
	err := s.conn.StartTLS(s.T.TLSFor(s.T.SMTP.Addr))
	var pe *wire.ProtocolError
	var rh tls.RecordHeaderError
	switch {
	case errors.As(err, &pe), errors.As(err, &rh):
		spec.Failf("after 220 to STARTTLS the server sent plaintext instead of starting the TLS handshake (RFC 3207 section 4.2)\nExpected: the TLS handshake\nActual:   %v", err)
	case err != nil:
		spec.Errorf(err)
	}
	s.tls = true
	s.ehlo, s.greeted = nil, false
}

// authMechanisms returns the mechanisms AUTH advertises, after securing
// the session with STARTTLS when the target allows it (servers commonly
// offer AUTH only under TLS, RFC 4954 §4); it skips the case when AUTH is
// not advertised.
func (s *Session) authMechanisms() string {
	if s.ehlo == nil {
		s.Ehlo()
	}
	if !s.tls && s.T.SMTP.TLS != target.TLSNone {
		if _, ok := s.Has("STARTTLS"); ok {
			s.startTLSOrSkip()
			s.Ehlo()
		}
	}
	return s.Require("AUTH")
}

// challengeMechanism picks a mechanism the server advertises that answers
// AUTH without an initial response with a 334 challenge: PLAIN (an empty
// challenge, RFC 4954 §4) or LOGIN (a "Username:" challenge).
func challengeMechanism(mechs string) string {
	for _, m := range []string{"PLAIN", "LOGIN"} {
		if hasWord(mechs, m) {
			return m
		}
	}
	spec.Skipf("the server offers neither PLAIN nor LOGIN (AUTH %s)", mechs)
	return ""
}

// authAttempt authenticates as user with password, by PLAIN with an
// initial response if offered, else by LOGIN, and returns the final reply
// without judging it.
func (s *Session) authAttempt(mechs, user, password string) *wire.Reply {
	if hasWord(mechs, "PLAIN") {
		return s.Cmd("AUTH PLAIN " + PlainResponse(user, password))
	}
	if !hasWord(mechs, "LOGIN") {
		spec.Skipf("the server offers neither PLAIN nor LOGIN (AUTH %s)", mechs)
	}
	s.ExpectCmd("AUTH LOGIN", 334)
	s.ExpectReply("AUTH LOGIN user name", s.Respond(base64.StdEncoding.EncodeToString([]byte(user))), 334)
	return s.Respond(base64.StdEncoding.EncodeToString([]byte(password)))
}

// statusCodeLike matches what a status code at the start of reply text
// looks like, strict syntax aside: digits "." digits "." digits, then SP
// or the end of the text.
var statusCodeLike = regexp.MustCompile(`^([0-9]+)\.([0-9]+)\.([0-9]+)(?: |$)`)

// takesStatusCode reports whether RFC 2034 §4 requires a status code in
// r's lines: every 2xx, 4xx and 5xx reply but the greeting and the replies
// to HELO and EHLO, which the caller leaves out.
func takesStatusCode(r *wire.Reply) bool {
	c := r.Class()
	return c == 2 || c == 4 || c == 5
}

// statusCodes returns the status code at the start of each line of r's
// text, "" for a line that has none.
func statusCodes(r *wire.Reply) []string {
	out := make([]string, len(r.Lines))
	for i, l := range r.Lines {
		if m := statusCodeLike.FindStringSubmatch(l); m != nil {
			out[i] = m[1] + "." + m[2] + "." + m[3]
		}
	}
	return out
}

// expectStatusCode requires a status code at the start of every line of
// r, the reply to what (RFC 2034 §4).
func (s *Session) expectStatusCode(what string, r *wire.Reply) {
	if !takesStatusCode(r) {
		return
	}
	for i, code := range statusCodes(r) {
		if code == "" {
			spec.Failf("%s: line %d of the reply has no enhanced status code (RFC 2034 section 4)\nExpected: class.subject.detail at the start of the text of every line\nActual:   %s",
				what, i+1, wire.Visible([]byte(r.String())))
		}
	}
}

// expectStatusClass requires every status code in r to have the reply
// code's class (RFC 2034 §4). Lines without one are another case's
// concern.
func (s *Session) expectStatusClass(what string, r *wire.Reply) {
	if !takesStatusCode(r) {
		return
	}
	for _, code := range statusCodes(r) {
		if code != "" && code[0]-'0' != byte(r.Class()) {
			spec.Failf("%s: the enhanced status code does not agree with the reply code (RFC 2034 section 4)\nExpected: a %d.X.X code in a %dxx reply\nActual:   %s",
				what, r.Class(), r.Class(), wire.Visible([]byte(r.String())))
		}
	}
}

// expectSameStatusCode requires the same status code at the start of
// every line of a multi-line reply (RFC 2034 §4).
func (s *Session) expectSameStatusCode(what string, r *wire.Reply) {
	codes := statusCodes(r)
	for i, code := range codes {
		if code == "" {
			spec.Failf("%s: line %d of the multi-line reply has no enhanced status code (RFC 2034 section 4)\nExpected: the same status code at the start of every line\nActual:   %s",
				what, i+1, wire.Visible([]byte(r.String())))
		}
		if code != codes[0] {
			spec.Failf("%s: line %d of the multi-line reply does not start with the status code of line 1 (RFC 2034 section 4)\nExpected: %q on every line\nActual:   %s",
				what, i+1, codes[0], wire.Visible([]byte(r.String())))
		}
	}
}

// statusCodeProblem checks a status code against RFC 3463 §2:
//
//	status-code = class "." subject "." detail
//	class = "2"/"4"/"5"
//	subject = 1*3digit
//	detail = 1*3digit
//
// with no leading zero digits in a sub-code. It returns what is wrong, or
// "" if nothing is.
func statusCodeProblem(code string) string {
	parts := strings.Split(code, ".")
	if len(parts) != 3 {
		return "not three sub-codes"
	}
	if parts[0] != "2" && parts[0] != "4" && parts[0] != "5" {
		return "class is not 2, 4 or 5"
	}
	for _, p := range parts[1:] {
		switch {
		case len(p) < 1 || len(p) > 3:
			return "a sub-code is not 1 to 3 digits"
		case len(p) > 1 && p[0] == '0':
			return "a sub-code has a leading zero"
		}
	}
	return ""
}

// expectStatusSyntax requires every status code in r to follow RFC 3463
// §2. Lines without one are another case's concern.
func (s *Session) expectStatusSyntax(what string, r *wire.Reply) {
	if !takesStatusCode(r) {
		return
	}
	for _, code := range statusCodes(r) {
		if code == "" {
			continue
		}
		if p := statusCodeProblem(code); p != "" {
			spec.Failf("%s: the enhanced status code %s breaks RFC 3463 section 2: %s\nExpected: class \".\" subject \".\" detail, class 2, 4 or 5, sub-codes of 1 to 3 digits without leading zeros\nActual:   %s",
				what, code, p, wire.Visible([]byte(r.String())))
		}
	}
}

// expectEnhanced requires r's enhanced status code to be want when the
// session's EHLO advertised ENHANCEDSTATUSCODES; why names the section
// that gives the code.
func (s *Session) expectEnhanced(what string, r *wire.Reply, want, why string) {
	if _, ok := s.Has("ENHANCEDSTATUSCODES"); !ok {
		return
	}
	if got := statusCodes(r)[0]; got != want {
		spec.Failf("%s: the server advertises ENHANCEDSTATUSCODES and %s gives %s\nExpected: a reply with enhanced status code %s\nActual:   %s",
			what, why, want, want, wire.Visible([]byte(r.String())))
	}
}

// domainOf returns the domain of a mailbox "local@domain".
func domainOf(mailbox string) string {
	_, d, _ := strings.Cut(mailbox, "@")
	return d
}

// startTLSOrSkip sends STARTTLS and upgrades the connection: 220 then the
// handshake (RFC 3207 §4); 454, "TLS not available due to temporary
// reason", skips the case. The session is then TLS and not yet greeted.
func (s *Session) startTLSOrSkip() {
	r := s.Cmd("STARTTLS")
	if r.Code == 454 {
		spec.Skipf("the server answered 454 to STARTTLS: TLS not available now")
	}
	s.ExpectReply("STARTTLS", r, 220)
	s.upgrade()
}
