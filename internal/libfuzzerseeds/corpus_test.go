package main

import (
	"math"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

func TestParseCorpusValue(t *testing.T) {
	tests := []struct {
		line string
		want any
	}{
		{`[]byte("MAIL FROM:<a@b>\r\n")`, []byte("MAIL FROM:<a@b>\r\n")},
		{`[]byte("\x00\xff")`, []byte{0x00, 0xff}},
		{`[]uint8("a")`, []byte("a")},
		{"[]byte(`raw`)", []byte("raw")},
		{`string("é")`, "é"},
		{`bool(true)`, true},
		{`bool(false)`, false},
		{`int(-7)`, int(-7)},
		{`int8(-128)`, int8(-128)},
		{`int16(0x7fff)`, int16(0x7fff)},
		{`int32(-2)`, int32(-2)},
		{`rune('é')`, int32('é')},
		{`int64(-9223372036854775808)`, int64(math.MinInt64)},
		{`uint(7)`, uint(7)},
		{`uint8(255)`, uint8(255)},
		{`byte('\xff')`, uint8(255)},
		{`byte('\'')`, uint8('\'')},
		{`uint16(257)`, uint16(257)},
		{`uint32(0b101)`, uint32(5)},
		{`uint64(18446744073709551615)`, uint64(math.MaxUint64)},
		{`float32(1.5)`, float32(1.5)},
		{`float64(-2)`, float64(-2)},
	}
	for _, tt := range tests {
		got, err := parseCorpusValue(tt.line)
		if err != nil {
			t.Errorf("%s: %v", tt.line, err)
			continue
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s:\nexpected %#v\nactual   %#v", tt.line, tt.want, got)
		}
	}
}

// A NaN with a payload is written as the bits, and must come back bit for
// bit (a NaN never equals itself).
func TestParseCorpusValueNaN(t *testing.T) {
	v, err := parseCorpusValue(`math.Float64frombits(0x7ff8000000000001)`)
	if err != nil {
		t.Fatal(err)
	}
	if f, ok := v.(float64); !ok || math.Float64bits(f) != 0x7ff8000000000001 {
		t.Errorf("expected the float64 of bits 0x7ff8000000000001, actual %#v", v)
	}
	v, err = parseCorpusValue(`math.Float32frombits(0x7fc00001)`)
	if err != nil {
		t.Fatal(err)
	}
	if f, ok := v.(float32); !ok || math.Float32bits(f) != 0x7fc00001 {
		t.Errorf("expected the float32 of bits 0x7fc00001, actual %#v", v)
	}
}

func TestParseCorpusValueRefuses(t *testing.T) {
	for _, line := range []string{
		`uint8(256)`,          // out of range
		`uint(-1)`,            // negative unsigned
		`int8(128)`,           // out of range
		`[]int("a")`,          // not a type go test fuzzes
		`[]byte(1)`,           // not a string literal
		`string(-"a")`,        // a negated string
		`bool(1)`,             // not true or false
		`complex128(1)`,       // not a type go test fuzzes
		`uint16(1, 2)`,        // two arguments
		`uint16`,              // not a call
		`fmt.Sprint("a")`,     // not a conversion
		`byte('ab')`,          // not one character
		`[]byte("unclosed)`,   // not an expression
		`float64(x)`,          // not a literal
		`math.Float64bits(1)`, // not a constructor go test writes
	} {
		if v, err := parseCorpusValue(line); err == nil {
			t.Errorf("%s: expected an error, actual %#v", line, v)
		}
	}
}

func TestParseCorpusFile(t *testing.T) {
	got, err := parseCorpusFile([]byte("go test fuzz v1\n[]byte(\"\\t\")\n\nuint16(257)\n"))
	if err != nil {
		t.Fatal(err)
	}
	if want := []any{[]byte("\t"), uint16(257)}; !reflect.DeepEqual(got, want) {
		t.Errorf("expected %#v, actual %#v", want, got)
	}
	for _, file := range []string{
		"",                                 // empty
		"[]byte(\"a\")\n",                  // no header
		"go test fuzz v2\n[]byte(\"a\")\n", // another version
		"go test fuzz v1\n",                // no values
		"go test fuzz v1\nnope\n",          // a bad value
	} {
		if v, err := parseCorpusFile([]byte(file)); err == nil {
			t.Errorf("%q: expected an error, actual %#v", file, v)
		}
	}
}

// Every committed seed of every target converts, and a seed of one
// non-empty []byte becomes its length and its bytes.
func TestCommittedSeedsConvert(t *testing.T) {
	var dirs []string
	for _, pattern := range []string{"../../fuzz/testdata/fuzz/Fuzz*", "../../suite/*/testdata/fuzz/Fuzz*"} {
		m, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatal(err)
		}
		dirs = append(dirs, m...)
	}
	if len(dirs) == 0 {
		t.Fatal("no seed corpus directories found")
	}
	for _, dir := range dirs {
		seeds, skipped, err := convertDir(dir)
		if err != nil {
			t.Errorf("%s: %v", dir, err)
			continue
		}
		for _, s := range skipped {
			t.Logf("%s/%s left out: %v", dir, s.name, s.err)
		}
		for _, s := range seeds {
			b, err := os.ReadFile(filepath.Join(dir, s.name))
			if err != nil {
				t.Fatal(err)
			}
			values, err := parseCorpusFile(b)
			if err != nil {
				t.Fatal(err)
			}
			if raw, ok := values[0].([]byte); ok && len(values) == 1 {
				want := append([]byte{byte(len(raw) >> 24), byte(len(raw) >> 16), byte(len(raw) >> 8), byte(len(raw))}, raw...)
				if !reflect.DeepEqual(s.input, want) {
					t.Errorf("%s/%s:\nexpected % x\nactual   % x", dir, s.name, want, s.input)
				}
			}
		}
	}
}
