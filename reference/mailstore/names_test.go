package mailstore

import (
	"strings"
	"testing"
	"time"
)

func TestParseName(t *testing.T) {
	for _, c := range []struct {
		name, base, info string
		size, wire       int64
	}{
		{"1700000000.M1P2Q3.host,S=10,W=12", "1700000000.M1P2Q3.host", "", 10, 12},
		{"1700000000.M1P2Q3.host,S=10,W=12:2,S", "1700000000.M1P2Q3.host", "2,S", 10, 12},
		{"1700000000.M1P2Q3.host:2,", "1700000000.M1P2Q3.host", "2,", -1, -1},
		{"plain", "plain", "", -1, -1},
		{"x,S=abc,W=-1,junk", "x", "", -1, -1},
	} {
		p := parseName(c.name)
		if p.base != c.base || p.info != c.info || p.size != c.size || p.wire != c.wire {
			t.Errorf("parseName(%q) = %+v", c.name, p)
		}
	}
}

func TestUIDFor(t *testing.T) {
	if got := uidFor("1700000000.M1P2Q3.host"); got != "1700000000.M1P2Q3.host" {
		t.Errorf("short printable base changed: %q", got)
	}
	for _, base := range []string{
		strings.Repeat("a", 71), // too long (RFC 1939 §7: at most 70)
		"has space", "tab\there", "caf\xc3\xa9", "del\x7f", "",
	} {
		got := uidFor(base)
		if got == base || len(got) < 1 || len(got) > 70 {
			t.Errorf("uidFor(%q) = %q: want a hashed form of 1-70 octets", base, got)
		}
		for i := 0; i < len(got); i++ {
			if got[i] < 0x21 || got[i] > 0x7e {
				t.Errorf("uidFor(%q) = %q has octet %#x outside 0x21-0x7E", base, got, got[i])
			}
		}
		if uidFor(base) != got {
			t.Errorf("uidFor(%q) is not stable", base)
		}
	}
	if uidFor(strings.Repeat("a", 71)) == uidFor(strings.Repeat("a", 72)) {
		t.Error("two long names share a UID")
	}
	if got := uidFor(strings.Repeat("b", 70)); got != strings.Repeat("b", 70) {
		t.Errorf("a 70-octet base was hashed: %q", got)
	}
}

func TestWithFlag(t *testing.T) {
	for in, want := range map[string]string{
		"m":          "m:2,S",
		"m:2,":       "m:2,S",
		"m:2,F":      "m:2,FS",
		"m:2,T":      "m:2,ST",
		"m:2,S":      "m:2,S",
		"m:1,legacy": "m:1,legacy", // experimental info: left alone
	} {
		if got := withFlag(in, 'S'); got != want {
			t.Errorf("withFlag(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDeliveryOrder(t *testing.T) {
	old := time.Unix(1, 0)
	ordered := []string{
		"999999999.M5P1Q1.h",
		"1700000000.M9P1Q1.h", // microsecond 9 before 10, though "M10" < "M9" as text
		"1700000000.M10P1Q1.h",
		"1700000000.M10P1Q9.h",
		"1700000000.M10P1Q10.h",
		"1700000001.h",
	}
	for i := 1; i < len(ordered); i++ {
		a, b := ordered[i-1], ordered[i]
		ka, kb := keyFor(a, a, old), keyFor(b, b, old)
		if !ka.less(kb) || kb.less(ka) {
			t.Errorf("%q does not sort before %q", a, b)
		}
	}
	// A name with no time in it sorts by modification time.
	k := keyFor("foreign", "foreign", time.Unix(1700000000, 500_000_000))
	if k.sec != 1700000000 || k.usec != 500000 {
		t.Errorf("keyFor(foreign) = %+v", k)
	}
}
