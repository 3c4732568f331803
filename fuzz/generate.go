package fuzz

import "math/rand/v2"

// RandomInput draws one fuzz input from rng: what `mailspec fuzz` feeds
// the grammar where no Go toolchain mutates a corpus. The same seed gives
// the same inputs.
func RandomInput(rng *rand.Rand) []byte {
	b := make([]byte, 8+rng.IntN(56))
	for i := range b {
		b[i] = byte(rng.UintN(256))
	}
	return b
}
