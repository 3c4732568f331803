package smtp

import (
	"strings"
	"testing"

	refsmtp "github.com/mailspec/mailspec/reference/smtp"
	"github.com/mailspec/mailspec/suite/spec"
)

// inconclusive lists, by case, faults that refuse for now (4yz) where the
// case needs an answer: rate limits, greylisting, a busy server. Each
// must leave its case in error, to be rerun, never failed: the server may
// be right to refuse for now (RFC 5321 section 4.2.1).
var inconclusive = map[string][]fault{
	"smtp-3030.2-bdat-chunks-250":             {replyTo("BDAT [0-9]+$", "250", "451 4.3.0 Local error in processing\r\n")},
	"smtp-4.5.3.1.10-too-many-recipients-452": {replyTo("RCPT", "452", "451 4.3.0 Local error in processing\r\n")},
	"smtp-1870.7-size-over-maximum-552":       {replyTo("MAIL", "552", "452 4.3.1 Insufficient system storage\r\n")},
	"smtp-3207.4-starttls-argument-501":       {replyTo("STARTTLS ", "501", "454 4.7.0 TLS not available\r\n")},
	"smtp-4954.4-plain-initial-response":      {replyTo("AUTH PLAIN ", "235", "454 4.7.0 Temporary authentication failure\r\n")},
	"smtp-4.5.3.1.8-100-recipients":           {replyTo("RCPT", "250", "452 4.3.1 Insufficient system storage\r\n")},
	"smtp-4.1.1.1-ehlo-reply-names-server":    {replyTo("EHLO", "250", "421 4.3.2 Too busy, try later\r\n")},
}

// TestTemporaryRefusalIsInconclusive: each case in inconclusive ends as
// an error that says a temporary refusal kept it from concluding.
func TestTemporaryRefusalIsInconclusive(t *testing.T) {
	for id, fs := range inconclusive {
		c, ok := registry.Find(id)
		if !ok {
			t.Errorf("inconclusive: no case %s", id)
			continue
		}
		t.Run(id, func(t *testing.T) {
			for _, f := range fs {
				out := runAgainst(t, c, f.configure)
				if out.Verdict != spec.Error || !strings.Contains(out.Message, "temporary refusal") {
					t.Errorf("with the fault %q: verdict %s (%s), want error saying a temporary refusal\n%s", f.name, out.Verdict, out.Message, strings.Join(out.Transcripts, "\n"))
				}
			}
		})
	}
}

// quitAnswered250 answers QUIT with 250, as a server that says 250 to
// everything does: the cases that count replies up to QUIT's 221 must say
// so, not that the server went silent. (The reference still closes after
// QUIT; cmd/mailspec's hostile servers keep the connection open.)
var quitAnswered250 = fault{
	name: "answers QUIT with 250",
	apply: func(f *refsmtp.Faults) {
		prev := f.Reply
		f.Reply = func(cmd, reply string) string {
			if prev != nil {
				reply = prev(cmd, reply)
			}
			if strings.EqualFold(cmd, "QUIT") {
				return "250 2.0.0 OK\r\n"
			}
			return reply
		}
	},
}

func TestQuitAnswered250IsSaid(t *testing.T) {
	c, _ := registry.Find("smtp-4.2-greeting-one-reply")
	out := runAgainst(t, c, quitAnswered250.configure)
	if out.Verdict != spec.Fail || strings.Count(out.Message, "250 2.0.0 OK") != 2 || !strings.Contains(out.Message, "no 221") {
		t.Errorf("verdict %s, message %q: want a fail that shows the 250 to QUIT and no 221", out.Verdict, out.Message)
	}
}
