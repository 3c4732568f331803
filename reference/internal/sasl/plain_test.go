package sasl

import "testing"

func TestParsePlain(t *testing.T) {
	for _, tc := range []struct {
		in     string
		ok     bool
		itself bool
	}{
		{"\x00alice\x00secret", true, true},
		{"alice\x00alice\x00secret", true, true},
		{"ALICE\x00alice\x00secret", true, true}, // user names ignore case
		{"bob\x00alice\x00secret", true, false},  // no proxy authorization
		{"\x00alice\x00", false, false},          // passwd = 1*SAFE
		{"\x00\x00secret", false, false},         // authcid = 1*SAFE
		{"alice\x00secret", false, false},
		{"\x00alice\x00se\x00cret", false, false},
		{"", false, false},
	} {
		p, ok := ParsePlain([]byte(tc.in))
		if ok != tc.ok || ok && p.ActsAsItself() != tc.itself {
			t.Errorf("ParsePlain(%q) = %+v, %v; want ok %v, acting as itself %v", tc.in, p, ok, tc.ok, tc.itself)
		}
	}
}
