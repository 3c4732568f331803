package smtp

import (
	"testing"

	refsmtp "github.com/mailspec/mailspec/reference/smtp"
	"github.com/mailspec/mailspec/suite/spec"
)

func withCRAMMD5(cfg *refsmtp.Config) { cfg.CRAMMD5 = true }

// serverFirstCases are the cases that need a server-first mechanism, run
// against a reference that offers CRAM-MD5.
var serverFirstCases = []string{"smtp-4954.4-server-first-initial-response-501", "smtp-4954.4-cram-md5-exchange"}

var (
	_ = configuredBy("smtp-4954.4-server-first-initial-response-501", withCRAMMD5)
	_ = configuredBy("smtp-4954.4-cram-md5-exchange", withCRAMMD5)
	_ = breaks("smtp-4954.4-server-first-initial-response-501",
		replyTo("AUTH CRAM-MD5 ", "501", "334 PDEyMzQ1LjY3ODkwQGxvY2FsaG9zdD4=\r\n"),
		replyTo("AUTH CRAM-MD5 ", "501", "535 5.7.8 Authentication credentials invalid\r\n"))
	_ = breaks("smtp-4954.4-cram-md5-exchange",
		replyTo("AUTH CRAM-MD5", "235", "535 5.7.8 Authentication credentials invalid\r\n"),
		// A challenge other than the one the server checks the digest of.
		replyTo("AUTH CRAM-MD5", "334", "334 PDEyMzQ1LjY3ODkwQGxvY2FsaG9zdD4=\r\n"))
)

// TestServerFirstCasesSkipWithoutCRAMMD5 runs the cases against the
// default reference, which offers only PLAIN and LOGIN: they must skip.
func TestServerFirstCasesSkipWithoutCRAMMD5(t *testing.T) {
	for _, id := range serverFirstCases {
		c, _ := registry.Find(id)
		if out := runAgainstDefault(t, c); out.Verdict != spec.Skip {
			t.Errorf("%s against a server without CRAM-MD5: verdict %s, want skip: %s", id, out.Verdict, out.Message)
		}
	}
}
