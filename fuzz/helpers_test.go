package fuzz

import "testing"

// mustRun runs p against ref, failing the test if the reference could not
// start or be reached.
func mustRun(tb testing.TB, ref *reusedRef, p Program) *Finding {
	tb.Helper()
	f, err := ref.run(p)
	if err != nil {
		tb.Fatal(err)
	}
	return f
}

// mustStart starts an in-process reference for a test and stops it when
// the test ends.
func mustStart(tb testing.TB, o refOptions) *Env {
	tb.Helper()
	env, stop, err := startReference(o)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(stop)
	return env
}
