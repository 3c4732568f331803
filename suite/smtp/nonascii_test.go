package smtp

import (
	"testing"

	refsmtp "github.com/mailspec/mailspec/reference/smtp"
	"github.com/mailspec/mailspec/suite/spec"
)

func withoutSMTPUTF8(cfg *refsmtp.Config) { cfg.WithoutSMTPUTF8 = true }

// nonASCIICases are the cases for a server that does not advertise
// SMTPUTF8, run against a reference that withdraws it.
var nonASCIICases = []string{"smtp-4.1.2-mail-utf8-without-smtputf8-refused", "smtp-4.1.2-rcpt-utf8-without-smtputf8-refused"}

var (
	_ = configuredBy("smtp-4.1.2-mail-utf8-without-smtputf8-refused", withoutSMTPUTF8)
	_ = configuredBy("smtp-4.1.2-rcpt-utf8-without-smtputf8-refused", withoutSMTPUTF8)
	_ = breaks("smtp-4.1.2-mail-utf8-without-smtputf8-refused",
		replyTo("MAIL FROM:<m\u00e4", "501", "250 2.1.0 Sender OK\r\n"),
		coreReplyAfter("MAIL", "501", "MAIL", "250", "503 5.5.1 Send HELO or EHLO first\r\n"))
	_ = breaks("smtp-4.1.2-rcpt-utf8-without-smtputf8-refused",
		replyTo("RCPT TO:<m\u00e4", "501", "250 2.1.5 Recipient OK\r\n"),
		coreReplyAfter("RCPT", "501", "RCPT", "250", "503 5.5.1 Send MAIL first\r\n"))
)

// TestNonASCIICasesSkipWithSMTPUTF8 runs the cases against the default
// reference, which advertises SMTPUTF8: they must skip.
func TestNonASCIICasesSkipWithSMTPUTF8(t *testing.T) {
	for _, id := range nonASCIICases {
		c, _ := registry.Find(id)
		if out := runAgainstDefault(t, c); out.Verdict != spec.Skip {
			t.Errorf("%s against a server advertising SMTPUTF8: verdict %s, want skip: %s", id, out.Verdict, out.Message)
		}
	}
}
