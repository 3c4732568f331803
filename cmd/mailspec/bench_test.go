package main

import (
	"testing"

	"github.com/mailspec/mailspec/internal/reftarget"
	"github.com/mailspec/mailspec/reference"
	"github.com/mailspec/mailspec/suite/smtp"
	"github.com/mailspec/mailspec/suite/spec"
)

// BenchmarkMainJob runs every SMTP case, as the main job does, against
// the embedded reference server configured as the main job configures it
// (embeddedReference): one iteration is the whole suite, its cases only
// (Ginkgo runs once per process, so the cases run through spec.Run, the
// one way cases run). The main job is meant to take well under a second:
//
//	go test ./cmd/mailspec -run '^$' -bench MainJob -benchtime 5x
func BenchmarkMainJob(b *testing.B) {
	cases := smtp.Registry().Cases()
	for b.Loop() {
		// A fresh server each time, as each run has: the reference
		// counts failed AUTH per client address across sessions.
		b.StopTimer()
		inst, err := reference.Start(embeddedReference())
		if err != nil {
			b.Fatal(err)
		}
		tg := reftarget.Of(inst)
		b.StartTimer()
		for _, c := range cases {
			if out := spec.Run(c, tg, smtp.Open); out.Verdict != spec.Pass && out.Verdict != spec.Skip {
				b.Fatalf("%s: %s against the reference: %s", c.ID, out.Verdict, out.Message)
			}
		}
		b.StopTimer()
		inst.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(len(cases)), "cases/op")
}
