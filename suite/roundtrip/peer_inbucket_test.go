package roundtrip

import (
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/mailspec/mailspec/internal/inbucketpeer"
	"github.com/mailspec/mailspec/reports"
	"github.com/mailspec/mailspec/suite/spec"
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
	tg := inbucketpeer.Start(t, timeoutForTests)
	run := &reports.Run{
		Tool:    reports.Tool{Name: "mailspec", Version: "go test"},
		Target:  reports.Target{Name: "Inbucket v3.2.0 (github.com/inbucket/inbucket/v3)", SMTP: tg.SMTP.Addr, POP3: tg.POP3.Addr, TLS: string(tg.SMTP.TLS), POP3TLS: string(tg.POP3.TLS)},
		Started: time.Now(),
		Options: reports.Options{Timeout: tg.Timeout},
	}
	for _, c := range registry.Cases() {
		start := time.Now()
		out := spec.Run(c, tg, Open)
		run.Cases = append(run.Cases, reports.CaseFrom(c.Entry(), c.Labels(), out, time.Since(start)))
	}
	run.Duration = time.Since(run.Started)
	run.Sort()
	if path := os.Getenv("MAILSPEC_INBUCKET_ROUNDTRIP_REPORT"); path != "" {
		if err := reports.WriteFile(path, func(w io.Writer) error { return reports.WriteJSON(w, run) }); err != nil {
			t.Fatal(err)
		}
	}
	var recorded []reports.Deviation
	for id, reason := range inbucketDeviations {
		recorded = append(recorded, reports.Deviation{ID: id, Reason: reason})
	}
	if d := run.DiffDeviations(recorded); !d.Empty() {
		var b strings.Builder
		d.Write(&b, run)
		t.Errorf("Inbucket deviates otherwise than inbucketDeviations lists (new: write it down there or fix the suite; gone: remove it):\n%s", b.String())
	}
	all := len(registry.Cases())
	t.Logf("Inbucket: %d of %d round trips pass or skip; %d listed deviations", all-len(run.Deviations()), all, len(inbucketDeviations))
}
