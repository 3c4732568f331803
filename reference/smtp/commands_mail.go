package smtp

import (
	"strconv"
	"strings"
)

// mail handles MAIL (RFC 5321 §4.1.1.2):
//
//	mail = "MAIL FROM:" Reverse-path [SP Mail-parameters] CRLF
//	Reverse-path = Path / "<>"
//
// Order (§4.1.4, §3.3): after HELO/EHLO, and not inside a transaction.
func (s *session) mail(arg string, hasArg bool) {
	switch s.state {
	case stateConnected:
		s.send(s.mailBeforeHelo())
		return
	case stateMail, stateRcpt, stateBdat:
		s.send(replyNestedMail)
		return
	}
	rest, ok := cutPrefixFold(arg, "FROM:")
	if !hasArg || !ok {
		s.send(replySyntax)
		return
	}
	pathText, paramText, ok := splitPathParams(rest)
	if !ok {
		if a, lenient := s.lenientPath(rest); lenient {
			s.tx = transaction{from: a}
			s.state = stateMail
			s.send(replySenderOK)
			return
		}
		s.send(replyBadSender)
		return
	}
	var tx transaction
	params, ok := parseParams(paramText)
	if !ok {
		s.send(replySyntax)
		return
	}
	params, r, ok := s.dsnMailParams(params, &tx.dsn)
	if !ok {
		s.send(r)
		return
	}
	if r, ok := s.mailParams(params, &tx); !ok {
		s.send(r)
		return
	}
	if pathText == "<>" {
		tx.nullSender = true // RFC 5321 §4.5.5: accepted for notifications
	} else {
		a, rest, ok := parsePath(pathText, tx.smtputf8)
		if !ok || rest != "" {
			if !tx.smtputf8 && !isASCII(pathText) {
				s.send(s.nonASCIIReply(replyUTF8Sender)) // RFC 6531 §3.5: 550 for MAIL, 553 for RCPT
				return
			}
			if a, lenient := s.lenientPath(pathText); lenient {
				tx.from = a
			} else {
				s.send(replyBadSender)
				return
			}
		} else if r, refused := s.refusesPath(pathText, true); refused {
			s.send(r)
			return
		} else {
			tx.from = a
		}
	}
	if r, refused := s.refusesSender(&tx); refused {
		s.send(r)
		return
	}
	s.tx = tx
	s.state = stateMail
	s.send(replySenderOK)
}

// mailParams applies MAIL parameters. RFC 5321 §4.1.1.11: a parameter the
// server does not recognise or implement gets 555. Only EHLO sessions have
// extensions, so after HELO every parameter is unknown.
func (s *session) mailParams(params []param, tx *transaction) (Reply, bool) {
	seen := make(map[string]param)
	for _, p := range params {
		if !s.extended {
			return replyParamUnknown, false
		}
		// No RFC forbids giving a parameter twice, and real clients do
		// (Python's smtplib can send SMTPUTF8 twice): an identical repeat
		// changes nothing; a conflicting one cannot be honoured.
		if prev, ok := seen[p.keyword]; ok {
			if !strings.EqualFold(prev.value, p.value) || prev.hasValue != p.hasValue {
				return reply(501, "5.5.4", "Conflicting values for MAIL parameter "+p.keyword), false
			}
			continue
		}
		seen[p.keyword] = p
		switch p.keyword {
		case "SIZE":
			// RFC 1870 §6: size-value = 1*20DIGIT; §6.1: a size over the
			// fixed maximum is answered 552.
			if !p.hasValue || len(p.value) > 20 || strings.Trim(p.value, "0123456789") != "" {
				return replyBadSize, false
			}
			n, err := strconv.ParseInt(p.value, 10, 64)
			if err != nil || n > s.cfg.MaxMessageSize { // err: too large for int64
				return replySizeExceeded, false
			}
			tx.sizeHint = n
		case "BODY":
			// RFC 6152 §2: body-value = "7BIT" / "8BITMIME"; RFC 3030 §3
			// adds "BINARYMIME" where it is offered.
			switch upperASCII(p.value) {
			case "7BIT":
			case "8BITMIME":
				tx.eightBit = true
			case "BINARYMIME":
				if !s.cfg.BinaryMIME {
					return replyParamUnknown, false
				}
				tx.binaryMIME = true
			default:
				return replyParamUnknown, false
			}
		case "SMTPUTF8":
			if s.cfg.WithoutSMTPUTF8 {
				return replyParamUnknown, false
			}
			if p.hasValue && !s.lenientArgument(p.value) { // RFC 6531 §3.4: the parameter has no value
				return replySMTPUTF8Value, false
			}
			tx.smtputf8 = true
		case "AUTH":
			// RFC 4954 §5: AUTH=<> or an xtext mailbox. The server does
			// not trust it from anyone, so it is checked and not used.
			if !p.hasValue || p.value != "<>" && !isXtext(p.value) {
				return replyBadAuthParam, false
			}
		default:
			return replyParamUnknown, false
		}
	}
	return Reply{}, true
}

// rcpt handles RCPT (RFC 5321 §4.1.1.3):
//
//	rcpt = "RCPT TO:" ( "<Postmaster@" Domain ">" / "<Postmaster>" /
//	       Forward-path ) [SP Rcpt-parameters] CRLF
//
// Order: after MAIL (§4.1.4), and not once BDAT chunks have begun.
func (s *session) rcpt(arg string, hasArg bool) {
	switch s.state {
	case stateConnected:
		s.send(replyNeedHelo)
		return
	case stateReady:
		s.send(replyNeedMail)
		return
	case stateBdat:
		s.send(replyMixedDataBdat)
		return
	}
	rest, ok := cutPrefixFold(arg, "TO:")
	if !hasArg || !ok {
		s.send(replySyntax)
		return
	}
	pathText, paramText, ok := splitPathParams(rest)
	if !ok && pathText != "<>" {
		if a, lenient := s.lenientPath(rest); lenient {
			s.addRecipient(a, dsnRecipient{})
			return
		}
	}
	if !ok || pathText == "<>" {
		s.send(replyBadRecipient)
		return
	}
	params, ok := parseParams(paramText)
	if !ok {
		s.send(replySyntax)
		return
	}
	var dsn dsnRecipient
	params, r, ok := s.dsnRcptParams(params, &dsn)
	if !ok {
		s.send(r)
		return
	}
	if len(params) > 0 {
		s.send(replyParamUnknown) // no RCPT parameters are offered (§4.1.1.11)
		return
	}
	var a address
	if strings.EqualFold(pathText, "<Postmaster>") {
		a = address{local: "Postmaster"} // §4.1.1.3: no domain needed
	} else {
		var rest string
		a, rest, ok = parsePath(pathText, s.tx.smtputf8)
		if !ok || rest != "" {
			if !s.tx.smtputf8 && !isASCII(pathText) {
				s.send(s.nonASCIIReply(replyUTF8Needed))
				return
			}
			lenient := false
			if a, lenient = s.lenientPath(pathText); !lenient {
				s.send(replyBadRecipient)
				return
			}
		} else if r, refused := s.refusesPath(pathText, false); refused {
			s.send(r)
			return
		}
	}
	s.addRecipient(a, dsn)
}

// addRecipient routes an accepted forward-path and adds it to the
// transaction, or refuses it.
func (s *session) addRecipient(a address, dsn dsnRecipient) {
	if len(s.tx.rcpts) >= s.cfg.MaxRecipients {
		s.send(replyTooManyRcpts) // RFC 5321 §4.5.3.1.10
		return
	}
	mailbox, r, ok := s.route(a)
	if !ok {
		s.send(r)
		return
	}
	if s.greylisted(a) {
		s.send(replyGreylisted)
		return
	}
	s.tx.rcpts = append(s.tx.rcpts, recipient{addr: a, mailbox: mailbox, dsn: dsn})
	s.state = stateRcpt
	s.send(replyRecipientOK)
}

// route decides where a recipient's mail goes, or why it cannot.
// Local domains: the named account, or the postmaster mailbox, which
// RFC 5321 §4.5.1 requires, matched without regard to case. Other
// domains: relaying, refused to unauthenticated clients (§3.6.2, §7.9).
func (s *session) route(a address) (string, Reply, bool) {
	if a.domain == "" || s.cfg.isLocalDomain(a.domain) {
		if user, ok := s.localUser(a.local); ok {
			return user, Reply{}, true
		}
		return "", replyUnknownUser, false
	}
	if s.authUser != "" && s.cfg.RelayMailbox != "" {
		return s.cfg.RelayMailbox, Reply{}, true
	}
	return "", s.relayRefusal(), false
}

// localUser maps a local part to a local Maildir: "postmaster" in any case
// to the postmaster mailbox, an account name to that account.
func (s *session) localUser(local string) (string, bool) {
	if strings.EqualFold(local, "postmaster") {
		return s.cfg.Postmaster, true
	}
	return s.cfg.Users.Exists(local)
}

// cutPrefixFold removes prefix from s, compared without regard to case
// (RFC 5321 §2.4: "FROM:" and "TO:" are case-insensitive).
func cutPrefixFold(s, prefix string) (string, bool) {
	if len(s) < len(prefix) || !strings.EqualFold(s[:len(prefix)], prefix) {
		return s, false
	}
	return s[len(prefix):], true
}

// splitPathParams splits "<path> params" into the path (brackets kept)
// and the parameter text, which must follow a single SP.
func splitPathParams(s string) (string, string, bool) {
	if !strings.HasPrefix(s, "<") {
		return "", "", false
	}
	end := closingBracket(s)
	if end < 0 {
		return "", "", false
	}
	path, rest := s[:end+1], s[end+1:]
	if rest == "" {
		return path, "", true
	}
	if rest[0] != ' ' || len(rest) == 1 {
		return "", "", false
	}
	return path, rest[1:], true
}
