package pop3

import (
	"github.com/mailspec/mailspec/suite/spec"
	"github.com/mailspec/mailspec/suite/wire"
)

// oracleFormat is the oracle every status line is read against.
const oracleFormat = "pop3-3-every-response-well-formed"

var _ = registry.AddOracle(spec.Oracle{
	ID: oracleFormat, RFC: "1939", Section: "3", Level: spec.MUST,
	Quote: `Responses in the POP3 consist of a status indicator and a keyword possibly followed by additional information.  All responses are terminated by a CRLF pair. ... Servers MUST send the "+OK" and "-ERR" in upper case.`,
	Does:  "reads every status line of every case strictly: +OK or -ERR in upper case, text ended by CRLF, no NUL",
})

// oracleTextASCII is the oracle on the character set of status text.
const oracleTextASCII = "pop3-2449.3-every-response-text-us-ascii"

var _ = registry.AddOracle(spec.Oracle{
	ID: oracleTextASCII, RFC: "2449", Section: "3", Level: spec.SHOULD,
	Quote: `text = *schar / resp-code *CHAR`,
	Binds: "RFC 2449's grammar makes status text US-ASCII CHAR; RFC 1939 sets no character set, so 8-bit text breaks the later grammar only: a warn, not a fail",
	Does:  "reads every status line of every case: its text holds no octet over 0x7F",
})

// noteText notes a status whose text is outside US-ASCII under its oracle.
func (s *Session) noteText(what string, st *wire.Status) {
	if st != nil && st.TextProblem != "" {
		*s.breaches = append(*s.breaches, spec.Breach{Oracle: oracleTextASCII, Message: "waiting for " + what + ": " + st.TextProblem + "\nActual:   " + wire.Visible([]byte(st.String()))})
	}
}
