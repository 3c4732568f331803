package fuzz

import (
	"context"
	"math/rand/v2"
	"testing"
)

// BenchmarkSessions runs the same fixed programs against the reference in
// process (net.Pipe, memory store) and over loopback TCP (same servers,
// same memory store), one fresh reference a program as the fuzz target
// does; the plain loopback case is one swaks-style session (EHLO, MAIL,
// RCPT, DATA, QUIT) a program. Compare programs/s (ns/op) across the
// sub-benchmarks of one run.
func BenchmarkSessions(b *testing.B) {
	swaks := Program{Sessions: []Session{{Proto: "smtp", Steps: []Step{
		{Op: OpEHLO, Line: "EHLO fuzz.example\r\n"},
		{Op: OpMail, Line: "MAIL FROM:<sender@example.org>\r\n"},
		{Op: OpRcpt, Rcpt: "self", Line: "RCPT TO:<alice@localhost>\r\n"},
		{Op: OpData, Line: "DATA\r\n", Body: "Subject: test\r\n\r\nThis is a test mailing\r\n"},
		{Op: OpQuit, Line: "QUIT\r\n"},
	}}}}
	for _, c := range []struct {
		name     string
		loopback bool
		fixed    *Program
	}{
		{"fuzzed/in-process", false, nil},
		{"fuzzed/loopback", true, nil},
		{"swaks/in-process", false, &swaks},
		{"swaks/loopback", true, &swaks},
	} {
		b.Run(c.name, func(b *testing.B) {
			rng := rand.New(rand.NewPCG(1, 2))
			for b.Loop() {
				p := Decode(RandomInput(rng), testAccount)
				if c.fixed != nil {
					p = *c.fixed
				}
				env, stop := startReference(b, refOptions{loopback: c.loopback})
				if _, err := Run(context.Background(), env, p); err != nil {
					b.Fatal(err)
				}
				stop()
			}
		})
	}
}
