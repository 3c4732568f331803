package smtp

// RFC 5321 §2.2.2 (registered extensions) and RFC 2034 §3 (the
// ENHANCEDSTATUSCODES keyword): what an EHLO reply may list.

import (
	"strings"

	"github.com/mailspec/mailspec/suite/spec"
	"github.com/mailspec/mailspec/suite/wire"
)

// registeredKeywords are the EHLO keywords of IANA's "SMTP Service
// Extensions" registry (https://www.iana.org/assignments/mail-parameters),
// with the document that defines each. A keyword registered later belongs
// here too: a case that fails a server for listing it is out of date.
var registeredKeywords = map[string]string{
	"SEND": "RFC 5321", "SOML": "RFC 5321", "SAML": "RFC 5321", "VRFY": "RFC 5321",
	"EXPN": "RFC 5321", "HELP": "RFC 5321", "TURN": "RFC 5321",
	"8BITMIME": "RFC 6152", "SIZE": "RFC 1870", "VERB": "registry (Allman)", "ONEX": "registry (Allman)",
	"CHUNKING": "RFC 3030", "BINARYMIME": "RFC 3030", "CHECKPOINT": "RFC 1845",
	"DELIVERBY": "RFC 2852", "PIPELINING": "RFC 2920", "DSN": "RFC 3461", "ETRN": "RFC 1985",
	"ENHANCEDSTATUSCODES": "RFC 2034", "STARTTLS": "RFC 3207", "NO-SOLICITING": "RFC 3865",
	"MTRK": "RFC 3885", "ATRN": "RFC 2645", "AUTH": "RFC 4954", "BURL": "RFC 4468",
	"FUTURERELEASE": "RFC 4865", "UTF8SMTP": "RFC 5336", "SMTPUTF8": "RFC 6531",
	"CONPERM": "RFC 4141", "CONNEG": "RFC 4141", "MT-PRIORITY": "RFC 6710",
	"RRVS": "RFC 7293", "REQUIRETLS": "RFC 8689", "LIMITS": "RFC 9422", "SUBMITTER": "RFC 4405",
}

var _ = register(Case{
	ID: "smtp-2.2.2-ehlo-keywords-registered", RFC: "5321", Section: "2.2.2", Level: MUST,
	Quote: `A conforming server MUST NOT offer non-"X"-prefixed keyword values that are not described in a registered extension.`,
	Does:  "sends EHLO; requires every keyword to begin with X or to be one of IANA's registered SMTP service extensions",
	Run: func(s *Session) {
		r := s.Ehlo()
		for _, line := range r.Lines[1:] {
			kw, _, _ := strings.Cut(line, " ")
			kw = asciiUpper(kw)
			if strings.HasPrefix(kw, "X") || registeredKeywords[kw] != "" {
				continue
			}
			spec.Failf("the EHLO reply offers %s, which neither begins with X nor names a registered service extension\nExpected: X-prefixed or registered keywords only\nActual:   %s", kw, wire.Visible([]byte(line)))
		}
	},
})

var _ = register(Case{
	ID: "smtp-2034.3-ehlo-keyword-without-parameter", RFC: "2034", Section: "3", Level: MUST, Extension: "ENHANCEDSTATUSCODES",
	Quote: `(3) no parameter is used with the ENHANCEDSTATUSCODES EHLO keyword;`,
	Binds: "the extension's definition of its own EHLO keyword line: a parameter after it is not the keyword RFC 2034 defines",
	Does:  "reads the ENHANCEDSTATUSCODES line of the EHLO reply; requires the keyword alone",
	Run: func(s *Session) {
		if params := s.Require("ENHANCEDSTATUSCODES"); params != "" {
			spec.Failf("the ENHANCEDSTATUSCODES keyword in the EHLO reply\nExpected: ENHANCEDSTATUSCODES with no parameter\nActual:   ENHANCEDSTATUSCODES %s", params)
		}
	},
})
