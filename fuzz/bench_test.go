package fuzz

import (
	"math/rand/v2"
	"runtime"
	"sync/atomic"
	"testing"
	"time"
)

// BenchmarkSessions measures how many sessions the fuzzer runs, beside a
// plain peer measured in the same run:
//
//   - plain/loopback, the peer: one swaks-style SMTP session (EHLO, MAIL,
//     RCPT, DATA, QUIT) a program against a running reference over
//     loopback TCP, nothing checked by POP3;
//   - plain/in-process: the same session over an in-memory connection;
//   - fuzzed/in-process: fuzzed programs against the reference in process
//     (memPipe, memory store), one reference reset between programs, as
//     the fuzz target runs them, each with its POP3 delivery check;
//   - fuzzed/in-process-parallel: the same with one worker a core, each
//     with its own reference, as `go test -fuzz` runs a worker a core;
//   - fuzzed/loopback: the same programs over loopback TCP;
//   - fuzzed/in-process-fresh: a new reference for every program.
//
// Each reports programs/s and sessions/s (every session counted, the POP3
// delivery checks included) by the clock, and sessions per second of CPU
// the process used (sessions/cpu-s: what one core runs). The parent logs
// each rate and its ratio to the peer's. A fixed count gives every path
// the same programs, and one P what a core does alone:
//
//	go test ./fuzz -run '^$' -bench Sessions -benchtime 20000x -cpu 1,2 -v
func BenchmarkSessions(b *testing.B) {
	plain := Program{Sessions: []Session{{Proto: "smtp", Steps: []Step{
		{Op: OpEHLO, Line: "EHLO fuzz.example\r\n"},
		{Op: OpMail, Line: "MAIL FROM:<sender@example.org>\r\n"},
		{Op: OpRcpt, Rcpt: "self", Line: "RCPT TO:<alice@localhost>\r\n"},
		{Op: OpData, Line: "DATA\r\n", Body: "Subject: test\r\n\r\nThis is a test mailing\r\n"},
		{Op: OpQuit, Line: "QUIT\r\n"},
	}}}}
	type result struct {
		name               string
		programs, sessions float64
		perCPU             float64
	}
	var results []result
	for _, c := range []struct {
		name    string
		o       refOptions
		workers int // 0: one, in the benchmark's goroutine
		fresh   bool
		fixed   *Program
	}{
		{name: "plain/loopback", o: refOptions{loopback: true, noPOP3: true}, fixed: &plain},
		{name: "plain/in-process", o: refOptions{noPOP3: true}, fixed: &plain},
		{name: "fuzzed/in-process"},
		{name: "fuzzed/in-process-parallel", workers: runtime.GOMAXPROCS(0)},
		{name: "fuzzed/loopback", o: refOptions{loopback: true}},
		{name: "fuzzed/in-process-fresh", fresh: true},
	} {
		var r result
		b.Run(c.name, func(b *testing.B) {
			program := func(rng *rand.Rand) Program {
				if c.fixed != nil {
					return *c.fixed
				}
				return Decode(RandomInput(rng), testAccount)
			}
			dials.Store(0)
			start, cpu := time.Now(), cpuTime()
			switch {
			case c.workers > 0:
				var seed atomic.Uint64
				b.SetParallelism(c.workers / runtime.GOMAXPROCS(0))
				b.RunParallel(func(pb *testing.PB) {
					rng := rand.New(rand.NewPCG(seed.Add(1), 2))
					ref := newReusedRef(c.o)
					defer ref.Close()
					for pb.Next() {
						mustRun(b, ref, program(rng))
					}
				})
			case c.fresh:
				rng := rand.New(rand.NewPCG(1, 2))
				for b.Loop() {
					if _, err := runReference(c.o, program(rng)); err != nil {
						b.Fatal(err)
					}
				}
			default:
				rng := rand.New(rand.NewPCG(1, 2))
				ref := newReusedRef(c.o)
				defer ref.Close()
				for b.Loop() {
					mustRun(b, ref, program(rng))
				}
			}
			secs, cpuSecs := time.Since(start).Seconds(), (cpuTime() - cpu).Seconds()
			sessions := float64(dials.Load())
			r = result{name: c.name, programs: float64(b.N) / secs, sessions: sessions / secs}
			if cpuSecs > 0 {
				r.perCPU = sessions / cpuSecs
				b.ReportMetric(r.perCPU, "sessions/cpu-s")
			}
			b.ReportMetric(r.programs, "programs/s")
			b.ReportMetric(r.sessions, "sessions/s")
		})
		results = append(results, r)
	}
	peer := results[0]
	if peer.sessions == 0 || peer.perCPU == 0 {
		return
	}
	for _, r := range results {
		b.Logf("%-27s %7.0f programs/s %7.0f sessions/s (%5.2f× the peer) %7.0f sessions/cpu-s (%5.2f× the peer)",
			r.name, r.programs, r.sessions, r.sessions/peer.sessions, r.perCPU, r.perCPU/peer.perCPU)
	}
}
