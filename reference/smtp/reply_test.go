package smtp

import "testing"

// TestCheckEnhanced: an enhanced code must have RFC 3463's syntax and the
// reply code's class.
func TestCheckEnhanced(t *testing.T) {
	for _, tc := range []struct {
		code     int
		enhanced string
		ok       bool
	}{
		{250, "2.1.0", true},
		{550, "5.7.1", true},
		{421, "4.3.2", true},
		{354, "", true},
		{250, "5.1.0", false},  // class against the reply code
		{354, "3.0.0", false},  // no class 3
		{550, "5.07.1", false}, // a leading zero
		{550, "5.1", false},
		{550, "5.1.1000", false},
		{550, "5.a.1", false},
	} {
		if err := checkEnhanced(tc.code, tc.enhanced); (err == nil) != tc.ok {
			t.Errorf("checkEnhanced(%d, %q) = %v, want ok %v", tc.code, tc.enhanced, err, tc.ok)
		}
	}
	defer func() {
		if recover() == nil {
			t.Error("reply with a wrong enhanced code did not panic")
		}
	}()
	reply(250, "5.0.0", "no")
}
