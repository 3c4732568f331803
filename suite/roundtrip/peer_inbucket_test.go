package roundtrip

import (
	"testing"

	"github.com/mailspec/mailspec/internal/inbucketpeer"
	"github.com/mailspec/mailspec/internal/peertest"
)

// inbucketDeviations are the round trips Inbucket v3.2.0 does not pass,
// each with the rule it breaks. TestInbucket requires exactly these.
var inbucketDeviations = map[string]string{
	"smtp-2.3.8-roundtrip-bare-lf-not-line-break": "a bare LF inside a DATA line is taken as a line end (Inbucket reads DATA with net/textproto's ReadDotBytes, which stores every line end as LF, and its POP3 server sends each LF as CRLF), so before-bare-lf<LF>after-bare-lf comes back as two lines; RFC 5321 §2.3.8: conforming implementations MUST NOT recognize or generate any other character or character sequence as a line terminator",
}

// TestInbucket runs every SMTP-to-POP3 round trip against Inbucket v3.2.0
// (github.com/inbucket/inbucket/v3), embedded as in suite/pop3's
// TestInbucket: its SMTP server delivers into its memory store and its
// POP3 server reads the messages back. With
// MAILSPEC_INBUCKET_ROUNDTRIP_REPORT=FILE it writes the run's JSON report
// there.
func TestInbucket(t *testing.T) {
	if testing.Short() {
		t.Skip("runs every round trip against Inbucket")
	}
	peertest.Check(t, inbucketpeer.Start(t, timeoutForTests), &registry, Open, peertest.Peer{
		Name:       "Inbucket v3.2.0 (github.com/inbucket/inbucket/v3)",
		ReportEnv:  "MAILSPEC_INBUCKET_ROUNDTRIP_REPORT",
		Deviations: inbucketDeviations,
	})
}
