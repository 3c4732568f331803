package spec

import (
	"slices"
	"strings"
	"testing"
)

func testCase(level Level, quote, binds string) Case[int] {
	return Case[int]{ID: "smtp-1.2-example", RFC: "5321", Section: "1.2", Level: level, Quote: quote, Binds: binds, Does: "sends X; requires Y", Run: func(int) {}}
}

// TestCheckBinding: a MUST or SHOULD case rests on a keyword of its level
// in its quote, or says in Binds why its quote binds the server.
func TestCheckBinding(t *testing.T) {
	for _, tc := range []struct {
		name         string
		level        Level
		quote, binds string
		ok           bool
	}{
		{"MUST with MUST", MUST, "the server MUST return a 503", "", true},
		{"MUST with MUST NOT", MUST, "servers MUST NOT do this", "", true},
		{"MUST with REQUIRED", MUST, "support is REQUIRED", "", true},
		{"MUST with only a SHOULD", MUST, "the client SHOULD send a literal", "", false},
		{"MUST with no keyword", MUST, "It specifies no action other than a 250 OK reply.", "", false},
		{"MUST with no keyword, bound", MUST, "It specifies no action other than a 250 OK reply.", "defines NOOP", true},
		{"MUST with lower-case must", MUST, "these codes must appear", "", false},
		{"SHOULD with SHOULD", SHOULD, "a 550 code SHOULD be used", "", true},
		{"SHOULD with RECOMMENDED", SHOULD, "it is RECOMMENDED", "", true},
		{"SHOULD with only a MUST", SHOULD, "the server MUST", "", false},
		{"MAY needs nothing", MAY, "a server may do so", "", true},
	} {
		err := testCase(tc.level, tc.quote, tc.binds).Check()
		if (err == nil) != tc.ok {
			t.Errorf("%s: Check() = %v, want ok %v", tc.name, err, tc.ok)
		}
	}
}

// TestQuoteBindsPre2119: RFCs older than RFC 2119 wrote their requirement
// words in lower case.
func TestQuoteBindsPre2119(t *testing.T) {
	if !QuoteBinds("2034", "These codes must appear in all 2xx", MUST) {
		t.Error("RFC 2034's lower-case must is not read as a MUST")
	}
	if QuoteBinds("5321", "the client must", MUST) {
		t.Error("RFC 5321's lower-case must is read as a MUST")
	}
}

// TestStrictCase: a strict case's failure is a warn, labelled strict, and
// a MAY cannot be strict.
func TestStrictCase(t *testing.T) {
	c := testCase(MUST, "a 501 failure reply MUST be returned", "")
	c.Strict = true
	if !slices.Contains(c.Labels(), "strict") {
		t.Errorf("labels %v lack strict", c.Labels())
	}
	out := Execute(c.Level, c.Strict, func() { Failf("accepted") }, func() []string { return nil })
	if out.Verdict != Warn {
		t.Errorf("a strict MUST case that fails: %s, want warn", out.Verdict)
	}
	if !Warn.FailsRun(true) || Warn.FailsRun(false) {
		t.Error("a warn fails the run only when strict")
	}
	m := testCase(MAY, "may", "")
	m.Strict = true
	if err := m.Check(); err == nil || !strings.Contains(err.Error(), "strict") {
		t.Errorf("a strict MAY case: Check() = %v", err)
	}
}

// TestSightingsJudge: an oracle passes with no breach, fails once at its
// level with the first case and the count, and skips when nothing ran.
func TestSightingsJudge(t *testing.T) {
	o := Oracle{ID: "smtp-4.2-example", RFC: "5321", Section: "4.2", Level: MUST, Quote: "servers MUST", Does: "every reply"}
	var s Sightings
	if v := s.Judge(o).Verdict; v != Skip {
		t.Errorf("no case ran: %s, want skip", v)
	}
	s.Record("smtp-1-a", Outcome{Verdict: Pass})
	if v := s.Judge(o).Verdict; v != Pass {
		t.Errorf("no breach: %s, want pass", v)
	}
	s.Record("smtp-1-b", Outcome{Verdict: Pass, Transcripts: []string{"C: NOOP"}, Breaches: []Breach{{o.ID, "first"}, {o.ID, "second"}}})
	s.Record("smtp-1-c", Outcome{Verdict: Fail, Breaches: []Breach{{o.ID, "third"}}})
	out := s.Judge(o)
	if out.Verdict != Fail || !strings.Contains(out.Message, "seen in 2 of 3 cases") || !strings.Contains(out.Message, "first in smtp-1-b:\nfirst") || len(out.Transcripts) != 1 {
		t.Errorf("two cases breached: %+v", out)
	}
}
