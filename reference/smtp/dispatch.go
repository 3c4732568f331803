package smtp

import "bytes"

// testHookDispatch, when set by a test, runs before each command; tests
// use it to make a handler panic and watch the session recover.
var testHookDispatch func(verb string)

// dispatch runs one command line. It is the one place that maps verbs to
// handlers (RFC 5321 §4.1.1); each handler checks its own state first.
// A returned error ends the session.
func (s *session) dispatch(line []byte) error {
	s.command = string(line)
	// RFC 5321 §4.1.1: receivers SHOULD tolerate trailing white space
	// before the CRLF, so "RSET " is RSET, not RSET with an argument.
	v, arg, hasArg := verb(bytes.TrimRight(line, " \t"))
	if !s.lineFits(v, len(line)) {
		s.send(s.lineTooLong()) // RFC 5321 §4.5.3.1.4, §4.5.3.1.9
		return nil
	}
	if s.refused(v) {
		return nil // RFC 5321 §3.1: a refused session answers 503 until QUIT
	}
	switch v {
	case "MAIL", "RSET", "HELO", "EHLO":
		s.afterBdatLast = false
	}
	if s.refusedEarly(v) {
		return nil
	}
	if testHookDispatch != nil {
		testHookDispatch(v)
	}
	switch v {
	case "HELO":
		s.helo(arg, hasArg)
	case "EHLO":
		s.ehlo(arg, hasArg)
	case "MAIL":
		s.mail(arg, hasArg)
	case "RCPT":
		s.rcpt(arg, hasArg)
	case "DATA":
		return s.data(hasArg)
	case "BDAT":
		return s.bdat(arg, hasArg)
	case "RSET":
		s.rset(hasArg)
	case "NOOP":
		s.noop(arg, hasArg)
	case "QUIT":
		return s.quit(hasArg)
	case "VRFY":
		s.vrfy(arg, hasArg)
	case "EXPN":
		if s.cfg.Alternatives.ExpnNotImplemented {
			s.send(replyNotImplemented) // RFC 5321 §4.2.4
			break
		}
		s.expn(arg, hasArg)
	case "HELP":
		s.help(arg, hasArg)
	case "STARTTLS":
		return s.startTLS(hasArg)
	case "AUTH":
		return s.auth(arg, hasArg)
	case "SEND", "SAML", "SOML", "TURN":
		// RFC 5321 §4.1.1 and Appendix F.1–F.3: obsolete; a server need
		// not implement them and answers 502.
		s.send(replyNotImplemented)
	default:
		s.send(s.unrecognized()) // RFC 5321 §4.2.4
	}
	return nil
}
