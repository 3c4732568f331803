package serving

import (
	"strings"
	"testing"
	"time"
)

// TestDefault: zero becomes the default, a positive value is kept, and a
// negative one is refused with an error naming the field, for ints and
// durations alike.
func TestDefault(t *testing.T) {
	n := 0
	if err := Default(&n, 100, "MaxConnections"); err != nil || n != 100 {
		t.Errorf("zero: %d, %v; want 100, no error", n, err)
	}
	n = 7
	if err := Default(&n, 100, "MaxConnections"); err != nil || n != 7 {
		t.Errorf("7: %d, %v; want 7 kept", n, err)
	}
	n = -1
	err := Default(&n, 100, "MaxConnections")
	if err == nil || !strings.Contains(err.Error(), "MaxConnections") {
		t.Errorf("negative: %v, want an error naming MaxConnections", err)
	}
	var d time.Duration
	if err := Default(&d, time.Minute, "WriteTimeout"); err != nil || d != time.Minute {
		t.Errorf("zero duration: %v, %v; want 1m", d, err)
	}
	d = -time.Second
	if err := Default(&d, time.Minute, "WriteTimeout"); err == nil {
		t.Errorf("negative duration accepted as %v", d)
	}
}

// TestDefaultOrOff: zero becomes the default, and a negative value is
// kept, meaning off; Reached never holds for a limit that is off.
func TestDefaultOrOff(t *testing.T) {
	for _, c := range []struct {
		in, want int
	}{{0, 20}, {5, 5}, {-1, -1}} {
		v := c.in
		DefaultOrOff(&v, 20)
		if v != c.want {
			t.Errorf("DefaultOrOff(%d) = %d, want %d", c.in, v, c.want)
		}
	}
	d := time.Duration(-1)
	DefaultOrOff(&d, time.Second)
	if d >= 0 {
		t.Errorf("a negative delay became %v, want it kept (off)", d)
	}
	for _, c := range []struct {
		count, limit int
		want         bool
	}{{2, 3, false}, {3, 3, true}, {4, 3, true}, {1000, -1, false}} {
		if got := Reached(c.count, c.limit); got != c.want {
			t.Errorf("Reached(%d, %d) = %v, want %v", c.count, c.limit, got, c.want)
		}
	}
}
