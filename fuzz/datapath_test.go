package fuzz

import (
	"testing"
	"time"

	"github.com/mailspec/mailspec/reference/smtp"
)

// TestDataPathFindsFaults runs the DATA path checks over their seeds
// against the reference broken at the end of data: each break is seen.
func TestDataPathFindsFaults(t *testing.T) {
	for name, fl := range map[string]*smtp.Faults{
		"NoUnstuffing":   {NoUnstuffing: true},
		"BareLFEndsLine": {BareLFEndsLine: true},
		"BareCREndsLine": {BareCREndsLine: true},
	} {
		t.Run(name, func(t *testing.T) {
			ref, stop, err := newDataPathRef(fl)
			if err != nil {
				t.Fatal(err)
			}
			defer stop()
			ref.env.Timeout = 300 * time.Millisecond
			for _, s := range dataPathSeeds {
				for _, bdat := range []bool{false, true} {
					if err := ref.check(t.Context(), []byte(s.body), bdat, s.cuts); err != nil {
						t.Logf("found: %v", err)
						return
					}
				}
			}
			t.Fatal("no seed shows the fault")
		})
	}
}
