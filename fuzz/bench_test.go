package fuzz

import (
	"math/rand/v2"
	"testing"
	"time"
)

// BenchmarkSessions runs the same fixed programs against the reference in
// process (memPipe, memory store) and over loopback TCP (same servers,
// same memory store). "reused" is one reference reset between programs,
// as the fuzz target and the fault tests run it; "fresh" starts a new one
// a program. The plain case is one swaks-style session (EHLO, MAIL, RCPT,
// DATA, QUIT) a program against a running server over loopback. Each
// sub-benchmark reports programs/s, and the parent logs each one's ratio
// to swaks/loopback, measured in the same run.
func BenchmarkSessions(b *testing.B) {
	swaks := Program{Sessions: []Session{{Proto: "smtp", Steps: []Step{
		{Op: OpEHLO, Line: "EHLO fuzz.example\r\n"},
		{Op: OpMail, Line: "MAIL FROM:<sender@example.org>\r\n"},
		{Op: OpRcpt, Rcpt: "self", Line: "RCPT TO:<alice@localhost>\r\n"},
		{Op: OpData, Line: "DATA\r\n", Body: "Subject: test\r\n\r\nThis is a test mailing\r\n"},
		{Op: OpQuit, Line: "QUIT\r\n"},
	}}}}
	type result struct {
		name string
		rate float64
		sess float64
	}
	var results []result
	for _, c := range []struct {
		name     string
		loopback bool
		fresh    bool
		fixed    *Program
	}{
		{"swaks/loopback", true, false, &swaks},
		{"swaks/in-process", false, false, &swaks},
		{"fuzzed/in-process", false, false, nil},
		{"fuzzed/loopback", true, false, nil},
		{"fuzzed/in-process-fresh", false, true, nil},
		{"fuzzed/loopback-fresh", true, true, nil},
	} {
		var rate, sess float64
		b.Run(c.name, func(b *testing.B) {
			rng := rand.New(rand.NewPCG(1, 2))
			ref := newReusedRef(refOptions{loopback: c.loopback})
			defer ref.Close()
			dials.Store(0)
			start := time.Now()
			for b.Loop() {
				p := Decode(RandomInput(rng), testAccount)
				if c.fixed != nil {
					p = *c.fixed
				}
				if c.fresh {
					runReference(b, refOptions{loopback: c.loopback}, p)
					continue
				}
				ref.run(b, p)
			}
			secs := time.Since(start).Seconds()
			rate = float64(b.N) / secs
			sess = float64(dials.Load()) / secs
			b.ReportMetric(rate, "programs/s")
			b.ReportMetric(sess, "sessions/s")
		})
		results = append(results, result{c.name, rate, sess})
	}
	if base := results[0].rate; base > 0 {
		for _, r := range results {
			b.Logf("%-24s %8.0f programs/s %5.2f× swaks/loopback, %8.0f sessions/s", r.name, r.rate, r.rate/base, r.sess)
		}
	}
}
