package pop3

import "github.com/mailspec/mailspec/suite/spec"

// oracleFormat is the oracle every status line is read against.
const oracleFormat = "pop3-3-every-response-well-formed"

var _ = registry.AddOracle(spec.Oracle{
	ID: oracleFormat, RFC: "1939", Section: "3", Level: spec.MUST,
	Quote: `Responses in the POP3 consist of a status indicator and a keyword possibly followed by additional information.  All responses are terminated by a CRLF pair. ... Servers MUST send the "+OK" and "-ERR" in upper case.`,
	Does:  "reads every status line of every case strictly: +OK or -ERR in upper case, CRLF, US-ASCII text (RFC 2449 section 9)",
})
