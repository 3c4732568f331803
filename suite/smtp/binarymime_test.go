package smtp

import (
	"testing"

	refsmtp "github.com/mailspec/mailspec/reference/smtp"
	"github.com/mailspec/mailspec/suite/spec"
)

func withBinaryMIME(cfg *refsmtp.Config) { cfg.BinaryMIME = true }

// binaryMIMECases are the BINARYMIME cases, run against a reference that
// offers it.
var binaryMIMECases = []string{"smtp-3030.3-body-binarymime-accepted", "smtp-3030.3-data-after-binarymime-503"}

var (
	_ = configuredBy("smtp-3030.3-body-binarymime-accepted", withBinaryMIME)
	_ = configuredBy("smtp-3030.3-data-after-binarymime-503", withBinaryMIME)
	_ = breaks("smtp-3030.3-body-binarymime-accepted",
		replyTo("MAIL .* BODY=BINARYMIME", "250", "555 5.5.4 MAIL FROM/RCPT TO parameter not recognized or not implemented\r\n"),
		replyTo("BDAT", "250", "554 5.6.1 Binary content not accepted\r\n"))
	_ = breaks("smtp-3030.3-data-after-binarymime-503",
		replyTo("DATA", "503", "354 Start mail input; end with <CRLF>.<CRLF>\r\n"),
		replyTo("DATA", "503", "554 5.6.1 Binary content cannot be sent with DATA\r\n"))
)

// TestBinaryMIMECasesSkipWithoutIt runs the BINARYMIME cases against the
// default reference, which does not offer it: they must skip.
func TestBinaryMIMECasesSkipWithoutIt(t *testing.T) {
	for _, id := range binaryMIMECases {
		c, _ := registry.Find(id)
		if out := runAgainstDefault(t, c); out.Verdict != spec.Skip {
			t.Errorf("%s against a server without BINARYMIME: verdict %s, want skip: %s", id, out.Verdict, out.Message)
		}
	}
}

// TestBinaryMIMENotOfferedCaseSkipsWhenOffered: the RFC 6152 case that
// wants BODY=BINARYMIME refused skips where BINARYMIME is offered.
func TestBinaryMIMENotOfferedCaseSkipsWhenOffered(t *testing.T) {
	c, _ := registry.Find("smtp-6152.2-body-binarymime-not-offered")
	if out := runAgainst(t, c, withBinaryMIME); out.Verdict != spec.Skip {
		t.Errorf("verdict %s against a server offering BINARYMIME, want skip: %s", out.Verdict, out.Message)
	}
}
