package smtp

import (
	"fmt"
	"slices"
	"strings"
)

// helo handles HELO (RFC 5321 §4.1.1.1): helo = "HELO" SP Domain CRLF.
// The strict grammar takes a Domain only, not an address literal.
func (s *session) helo(arg string, hasArg bool) {
	if (!hasArg || !isDomain(arg, false)) && !s.lenientArgument(arg) {
		s.send(replySyntax)
		return
	}
	s.greet(arg, false)
	s.send(reply(250, "2.0.0", s.cfg.Hostname+" greets "+arg))
}

// ehlo handles EHLO (RFC 5321 §4.1.1.1):
// ehlo = "EHLO" SP ( Domain / address-literal ) CRLF.
// The reply lists the extensions this session may use (§4.1.1.1, §2.2.2);
// an extension is listed only when it is fully implemented and usable now.
func (s *session) ehlo(arg string, hasArg bool) {
	if (!hasArg || !(isDomain(arg, false) || isAddressLiteral(arg))) && !s.lenientArgument(arg) {
		s.send(replySyntax)
		return
	}
	s.greet(arg, true)
	lines := []string{
		s.cfg.Hostname + " greets " + arg,
		"PIPELINING",                                 // RFC 2920
		fmt.Sprintf("SIZE %d", s.cfg.MaxMessageSize), // RFC 1870 §4
		"8BITMIME",            // RFC 6152
		"ENHANCEDSTATUSCODES", // RFC 2034
		"CHUNKING",            // RFC 3030
		"SMTPUTF8",            // RFC 6531
		// RFC 5321 §4.1.1.1: the EHLO reply MUST list every command not
		// required by §4.5.1 that the server implements; §3.5.2 says so
		// of EXPN in particular.
		"EXPN",
		"HELP",
	}
	if s.cfg.Alternatives.ExpnNotImplemented {
		lines = slices.DeleteFunc(lines, func(l string) bool { return l == "EXPN" })
	}
	if s.cfg.TLSConfig != nil && !s.tls {
		lines = append(lines, "STARTTLS") // RFC 3207 §4.2: not after the handshake
	}
	if s.cfg.DSN {
		lines = append(lines, "DSN") // RFC 3461 §4
	}
	if s.authOffered() {
		lines = append(lines, "AUTH PLAIN LOGIN") // RFC 4954 §3
	}
	lines = s.optionKeywords(lines)
	if f := s.faulty().Keywords; f != nil {
		lines = append(lines[:1], f(lines[1:])...)
	}
	// The EHLO reply carries keywords, not text, so no enhanced code.
	s.send(Reply{Code: 250, Lines: lines})
}

// greet records an accepted HELO or EHLO. RFC 5321 §4.1.4: EHLO (or HELO)
// later in a session clears the transaction exactly as RSET does.
func (s *session) greet(domain string, extended bool) {
	s.tx.reset()
	s.heloDomain = domain
	s.extended = extended
	s.state = stateReady
}

// rset handles RSET (RFC 5321 §4.1.1.5): rset = "RSET" CRLF. It aborts the
// transaction and keeps the greeting; it is valid in every state.
func (s *session) rset(hasArg bool) {
	if hasArg {
		s.send(replyNoArguments)
		return
	}
	s.tx.reset()
	if s.state != stateConnected {
		s.state = stateReady
	}
	s.send(replyResetOK)
}

// noop handles NOOP (RFC 5321 §4.1.1.9): noop = "NOOP" [ SP String ] CRLF.
// The string is ignored; the reply is always 250.
func (s *session) noop(string, bool) {
	s.send(replyOK)
}

// quit handles QUIT (RFC 5321 §4.1.1.10, §3.8): the server MUST answer 221
// and close; an open transaction is aborted.
func (s *session) quit(hasArg bool) error {
	if hasArg {
		s.send(replyNoArguments)
		return nil
	}
	s.tx.reset()
	s.send(reply(221, "2.0.0", s.cfg.Hostname+" closing connection"))
	s.flush()
	s.closed = true
	return errCloseSession
}

// vrfy handles VRFY (RFC 5321 §4.1.1.6, §3.5): vrfy = "VRFY" SP String.
// A mailbox or user name of a local account is answered 250 with its
// mailbox; anything unknown 550. RFC 5321 §3.5.3: 250 only for an address
// actually verified. A non-local domain is never verified: 252.
func (s *session) vrfy(arg string, hasArg bool) {
	arg, utf8ok, ok := s.verifyArgument(arg, hasArg)
	if !ok {
		return
	}
	name := arg
	if a, ok := parseMailbox(strings.Trim(arg, "<>"), utf8ok); ok {
		if !s.cfg.isLocalDomain(a.domain) {
			s.send(replyCannotVerify)
			return
		}
		name = a.local
	} else if q, rest, ok := parseQuotedString(arg, utf8ok); ok && rest == "" {
		name = q
	}
	if user, ok := s.localUser(name); ok {
		s.send(reply(250, "2.1.5", "<"+user+"@"+s.cfg.LocalDomains[0]+">"))
		return
	}
	s.send(replyUnknownUser)
}

// expn handles EXPN (RFC 5321 §4.1.1.7): expn = "EXPN" SP String. This
// server keeps no mailing lists, so every well-formed request is answered
// 550 (§3.5.2 lists 550 for a name that is not a list).
func (s *session) expn(arg string, hasArg bool) {
	if _, _, ok := s.verifyArgument(arg, hasArg); ok {
		s.send(replyNoList)
	}
}

// verifyArgument checks the String argument of VRFY or EXPN and removes a
// trailing SMTPUTF8 parameter (RFC 6531 §3.7.4), reporting whether it was
// there. A missing argument is answered 501, a non-ASCII one without
// SMTPUTF8 553 (RFC 6531 §3.5); then ok is false.
func (s *session) verifyArgument(arg string, hasArg bool) (string, bool, bool) {
	utf8ok := false
	if i := strings.LastIndexByte(arg, ' '); i >= 0 && strings.EqualFold(arg[i+1:], "SMTPUTF8") && !s.cfg.WithoutSMTPUTF8 {
		arg, utf8ok = arg[:i], true
	}
	switch {
	case s.cfg.Alternatives.VerifyNeedsAuth && s.authUser == "":
		s.send(replyVerifyNeedsAuth)
		return "", false, false
	case !hasArg || arg == "":
		s.send(replySyntax)
		return "", false, false
	case !utf8ok && !isASCII(arg):
		s.send(s.nonASCIIReply(replyUTF8Needed))
		return "", false, false
	}
	return arg, utf8ok, true
}

// helpTopics are the commands HELP describes.
var helpTopics = map[string]string{
	"HELO": "HELO <domain>: identify yourself (RFC 5321 section 4.1.1.1)",
	"EHLO": "EHLO <domain>: identify yourself and list extensions (RFC 5321 section 4.1.1.1)",
	"MAIL": "MAIL FROM:<reverse-path> [parameters]: start a mail transaction",
	"RCPT": "RCPT TO:<forward-path> [parameters]: add a recipient",
	"DATA": "DATA: send the message, ended by <CRLF>.<CRLF>",
	"BDAT": "BDAT <size> [LAST]: send the message in chunks (RFC 3030)",
	"RSET": "RSET: abort the mail transaction",
	"NOOP": "NOOP: do nothing",
	"QUIT": "QUIT: close the session",
	"VRFY": "VRFY <user>: verify a local mailbox",
	"EXPN": "EXPN <list>: expand a mailing list (there are none)",
	"HELP": "HELP [command]: this text",
	"AUTH": "AUTH <mechanism> [initial-response]: authenticate (RFC 4954)",

	"STARTTLS": "STARTTLS: start TLS (RFC 3207)",
}

// help handles HELP (RFC 5321 §4.1.1.8): help = "HELP" [ SP String ] CRLF.
// 214 with the text; 504 for a topic it does not know.
func (s *session) help(arg string, hasArg bool) {
	if hasArg {
		text, ok := helpTopics[upperASCII(arg)]
		if !ok {
			s.send(replyHelpTopic)
			return
		}
		s.send(reply(214, "2.0.0", text))
		return
	}
	s.send(Reply{Code: 214, Enhanced: "2.0.0", Lines: []string{
		"Commands: HELO EHLO MAIL RCPT DATA BDAT RSET NOOP QUIT VRFY EXPN HELP STARTTLS AUTH",
		"Send HELP <command> for more; see RFC 5321",
	}})
}
