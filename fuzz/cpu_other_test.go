//go:build !unix

package fuzz

import "time"

// cpuTime is not measured here: the benchmark then reports no per-core rate.
func cpuTime() time.Duration { return 0 }
