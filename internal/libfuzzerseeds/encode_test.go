package main

import (
	"bytes"
	"testing"
)

func TestEncode(t *testing.T) {
	tests := []struct {
		name   string
		values []any
		want   []byte
	}{
		{"[]byte MAIL", []any{[]byte("MAIL")}, []byte("\x00\x00\x00\x04MAIL")},
		// The length is the count of bytes left, so the slice takes them all.
		{"[]byte <CR><LF>", []any{[]byte("\r\n")}, []byte("\x00\x00\x00\x02\r\n")},
		// FuzzDataPath's committed seed: the uint16 little-endian, then an
		// even byte for little-endian.
		{"[]byte <TAB>, uint16 257", []any{[]byte("\t"), uint16(257)}, []byte("\x00\x00\x00\x01\t\x01\x01\x00")},
		// An empty slice before three bytes: a length of 6, which the
		// reader reduces modulo 3 to 0.
		{"[]byte empty, uint16 1", []any{[]byte{}, uint16(1)}, []byte("\x00\x00\x00\x06\x01\x00\x00")},
		{"string a, bool true", []any{"a", true}, []byte("\x00\x00\x00\x01a\x00")},
		{"string empty, bool false", []any{"", false}, []byte("\x00\x00\x00\x00\x01")},
		{"int8 -1, uint8 2", []any{int8(-1), uint8(2), []byte("x")}, []byte("\xff\x02\x00\x00\x00\x01x")},
		{"int32 -2, uint32 3", []any{int32(-2), uint32(3)}, []byte("\xff\xff\xff\xfe\x00\x00\x00\x03")},
		{"int16 -2", []any{int16(-2)}, []byte("\xfe\xff\x00")},
		{"int 1", []any{int(1)}, []byte("\x01\x00\x00\x00\x00\x00\x00\x00\x00")},
		{"uint64 max", []any{^uint64(0)}, []byte("\xff\xff\xff\xff\xff\xff\xff\xff\x00")},
		{"float32 1", []any{float32(1)}, []byte("\x00\x00\x80\x3f\x00")},
		{"float64 -2", []any{float64(-2)}, []byte("\x00\x00\x00\x00\x00\x00\x00\xc0\x00")},
	}
	for _, tt := range tests {
		got, err := encode(tt.values)
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if !bytes.Equal(got, tt.want) {
			t.Errorf("%s:\nexpected % x\nactual   % x", tt.name, tt.want, got)
		}
	}
}

// The harness never calls the target with an empty last slice or string:
// such a seed cannot be written.
func TestEncodeRefuses(t *testing.T) {
	for name, values := range map[string][]any{
		"[]byte empty":           {[]byte{}},
		"uint16 1, []byte empty": {uint16(1), []byte{}},
		"string empty":           {""},
		"complex128":             {complex(1, 2)},
	} {
		if b, err := encode(values); err == nil {
			t.Errorf("%s: expected an error, actual % x", name, b)
		}
	}
}
