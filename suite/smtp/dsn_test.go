package smtp

import (
	"testing"

	refsmtp "github.com/mailspec/mailspec/reference/smtp"
	"github.com/mailspec/mailspec/suite/spec"
)

func withDSN(cfg *refsmtp.Config) { cfg.DSN = true }

const (
	dsnSenderOK    = "250 2.1.0 Sender OK\r\n"
	dsnRecipientOK = "250 2.1.5 Recipient OK\r\n"
	dsnUnknown     = "555 5.5.4 MAIL FROM/RCPT TO parameter not recognized or not implemented\r\n"
)

// dsnCases are the DSN cases with the faults that break each: valid
// parameters refused, invalid ones accepted or refused with another code.
var dsnCases = map[string][]fault{
	"smtp-3461.5.1-mail-ret-envid-accepted":               {replyTo("MAIL .* ENVID=", "250", dsnUnknown)},
	"smtp-3461.5.1-mail-ret-lower-case-accepted":          {coreReplyCaseSensitive(`^MAIL .* ret=full`, "250", "501 5.5.4 Syntax error in DSN parameter\r\n")},
	"smtp-3461.5.1-mail-ret-bad-value-501":                {replyTo("MAIL .* RET=BODY", "501", dsnSenderOK), replyTo("MAIL .* RET=BODY", "501", dsnUnknown)},
	"smtp-3461.5.1-mail-envid-bad-xtext-501":              {replyTo(`MAIL .* ENVID=mailspec\+zz`, "501", dsnSenderOK)},
	"smtp-3461.5.1-mail-ret-repeated-501":                 {replyTo("MAIL .* RET=FULL RET=FULL", "501", dsnSenderOK)},
	"smtp-3461.5.1-mail-envid-repeated-501":               {replyTo("MAIL .* ENVID=one ENVID=two", "501", dsnSenderOK)},
	"smtp-3461.5.1-rcpt-notify-orcpt-accepted":            {replyTo("RCPT .* ORCPT=", "250", "501 5.5.4 Syntax error in DSN parameter\r\n")},
	"smtp-3461.5.1-rcpt-notify-never-lower-case-accepted": {coreReplyCaseSensitive(`^RCPT .* NOTIFY=never`, "250", "501 5.5.4 Syntax error in DSN parameter\r\n")},
	"smtp-3461.5.1-rcpt-notify-never-combined-501":        {replyTo("RCPT .* NOTIFY=NEVER,", "501", dsnRecipientOK)},
	"smtp-3461.5.1-rcpt-orcpt-without-type-501":           {replyTo("RCPT .* ORCPT=[^;]*$", "501", dsnRecipientOK)},
	"smtp-3461.5.1-rcpt-notify-repeated-501":              {replyTo("RCPT .* NOTIFY=FAILURE NOTIFY=", "501", dsnRecipientOK), replyTo("RCPT .* NOTIFY=FAILURE NOTIFY=", "501", dsnUnknown)},
}

var _ = func() struct{} {
	for id, fs := range dsnCases {
		configuredBy(id, withDSN)
		breaks(id, fs...)
	}
	return struct{}{}
}()

// TestDSNCasesSkipWithoutDSN runs the DSN cases against the default
// reference, which does not offer DSN: they must skip.
func TestDSNCasesSkipWithoutDSN(t *testing.T) {
	for id := range dsnCases {
		c, _ := registry.Find(id)
		if out := runAgainstDefault(t, c); out.Verdict != spec.Skip {
			t.Errorf("%s against a server without DSN: verdict %s, want skip: %s", id, out.Verdict, out.Message)
		}
	}
}
