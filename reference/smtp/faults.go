package smtp

import "time"

// Faults breaks chosen rules on purpose. The conformance suite's own tests
// set it to show that each case fails against a server that breaks the
// case's rule; a case no broken server makes fail proves nothing. Leave it
// nil in every real use: the zero server is the strict one.
type Faults struct {
	// Reply sees every reply as it is about to go on the wire, with the
	// command line it answers ("" for the greeting, "." for the end of
	// message data), and returns what is sent instead. It may change the
	// code, drop the enhanced code, break the format or return "" to send
	// nothing.
	Reply func(command, reply string) string
	// HangUpAfter, if set, sees every reply as sent (after Reply) with
	// the command it answers, and hangs up after it when it returns true:
	// the server that closes the connection without QUIT.
	HangUpAfter func(command, reply string) bool
	// BareLFEndsLine makes a bare LF end a line, in commands and in
	// message data: the lenient reading behind SMTP smuggling (RFC 5321
	// §2.3.8 forbids it).
	BareLFEndsLine bool
	// BareCREndsLine does the same for a bare CR.
	BareCREndsLine bool
	// KeepPlaintextAfterSTARTTLS runs commands the client pipelined behind
	// STARTTLS as if they came over TLS (RFC 3207 §4.2, §6 forbid it).
	KeepPlaintextAfterSTARTTLS bool
	// NoUnstuffing keeps the transparency dot (RFC 5321 §4.5.2).
	NoUnstuffing bool
	// Keywords, if set, edits the EHLO keyword lines before they are sent.
	Keywords func(keywords []string) []string
	// KeepStateAfterSTARTTLS keeps the greeting, transaction and
	// authentication across the TLS handshake (RFC 3207 §4.2 forbids it).
	KeepStateAfterSTARTTLS bool
	// CloseRefusedSessions hangs up a refused session (Config.RefuseSessions)
	// after its first 503, before the client's QUIT (RFC 5321 §3.1 forbids it).
	CloseRefusedSessions bool
	// CommandTimeout, if positive, replaces Config.CommandTimeout as the
	// wait for the next command (and AUTH response), even under the 5
	// minutes RFC 5321 §4.5.3.2.7 requires.
	CommandTimeout time.Duration
	// Store breaks what is stored rather than what is said (faults_store.go).
	Store StoreFaults
}

// faulty returns the session's faults, never nil.
func (s *session) faulty() *Faults {
	if s.cfg.Faults == nil {
		return &noFaults
	}
	return s.cfg.Faults
}

var noFaults Faults

// commandTimeout is how long the session waits for a command line or an
// AUTH response: Config.CommandTimeout, as Faults.CommandTimeout may
// shorten it.
func (s *session) commandTimeout() time.Duration {
	if d := s.faulty().CommandTimeout; d > 0 {
		return d
	}
	return s.cfg.CommandTimeout
}

// lenientReader rewrites a bare LF (and, if asked, a bare CR) into CRLF,
// so that the strict reader above it ends lines where a lenient server
// would. It implements Faults.BareLFEndsLine and BareCREndsLine.
type lenientReader struct {
	src       interface{ Read([]byte) (int, error) }
	lf, cr    bool
	pendingCR bool   // the last octet read was a CR
	out       []byte // rewritten octets not yet returned
}

func (l *lenientReader) Read(p []byte) (int, error) {
	for len(l.out) == 0 {
		buf := make([]byte, len(p))
		n, err := l.src.Read(buf)
		for _, c := range buf[:n] {
			switch {
			case l.pendingCR && c == '\n':
				l.out = append(l.out, '\n')
			case l.pendingCR && l.cr:
				l.out = append(l.out, '\n', c)
			case c == '\n' && l.lf:
				l.out = append(l.out, '\r', '\n')
			default:
				l.out = append(l.out, c)
			}
			l.pendingCR = c == '\r'
		}
		if err != nil && len(l.out) == 0 {
			return 0, err
		}
		if n == 0 && err == nil {
			continue
		}
		break
	}
	n := copy(p, l.out)
	l.out = l.out[n:]
	return n, nil
}
