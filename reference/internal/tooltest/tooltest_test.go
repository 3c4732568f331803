package tooltest

import "testing"

// TestSwaksTLS reads `swaks --support` as swaks 20201014 prints it with
// and without Perl's TLS modules.
func TestSwaksTLS(t *testing.T) {
	for _, c := range []struct {
		name, out string
		ok        bool
	}{
		{"with Net::SSLeay", "=== Basic AUTH supported\n=== Socket Transport supported\n=== TLS supported\n", true},
		{"without", "=== Basic AUTH supported\n*** TLS not available: requires Net::SSLeay\n", false},
		{"silent", "", false},
	} {
		why, ok := SwaksTLS(c.out)
		if ok != c.ok || !ok && why == "" {
			t.Errorf("%s: SwaksTLS = %q, %v; want ok %v and a reason if not", c.name, why, ok, c.ok)
		}
	}
}
