package main

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
)

// The harness that OSS-Fuzz's compile_native_go_fuzzer builds around a
// native target (go-118-fuzz-build's testing.F.Fuzz) does not hand the
// libFuzzer input to the target as it is: it reads each argument in turn
// from the input with go-fuzz-headers' ConsumeFuzzer, so even a target of
// one []byte gets a length-prefixed slice. encode writes the input that
// this reader turns back into the given values. The rules below are those
// of go-fuzz-headers v0.0.0-20230811130428-ced1acdcaa24, the version
// go-118-fuzz-build v0.0.0-20250520111509-a70c2aa677fa requires; the
// test tagged libfuzzershim checks them against the harness itself.
//
//   - []byte: a big-endian uint32 length, then the bytes. The reader takes
//     a length of 0 as 30 and reduces any length other than the count of
//     bytes left modulo that count, so an empty slice with bytes after it
//     is written as twice that count, and an empty slice that is the last
//     argument cannot be written at all.
//   - string: a big-endian uint32 length, then the bytes; the reader
//     refuses an empty last string, whose bytes would start at the end.
//   - int8, uint8: one byte. int32, uint32 (and rune): four bytes,
//     big-endian.
//   - int16, uint16, int, int64, uint, uint64, float32, float64: the bytes
//     of the value, then a byte that picks the order: the reader takes an
//     even byte as little-endian, so the value is written little-endian
//     followed by 0x00.
//   - bool: one byte, even for true: 0x00 true, 0x01 false.
func encode(values []any) ([]byte, error) {
	// A slice's length prefix depends on how many bytes follow it, so the
	// input is put together from the last argument back.
	var out []byte
	for i := len(values) - 1; i >= 0; i-- {
		var p []byte
		var err error
		switch v := values[i].(type) {
		case []byte:
			p, err = encodeBytes(v, len(out))
		case string:
			p, err = encodeString(v, len(out))
		default:
			p, err = encodeFixed(v)
		}
		if err != nil {
			return nil, fmt.Errorf("argument %d: %w", i+1, err)
		}
		out = append(p, out...)
	}
	return out, nil
}

// encodeBytes writes a []byte argument followed by after more bytes of
// input.
func encodeBytes(b []byte, after int) ([]byte, error) {
	left := len(b) + after // what the reader counts once it has the length
	if uint64(left) > math.MaxUint32/2 {
		return nil, errors.New("the seed is too long for the harness's uint32 lengths")
	}
	n := uint32(len(b))
	if len(b) == 0 {
		if after == 0 {
			return nil, errors.New("the harness cannot read an empty []byte as the last argument")
		}
		n = 2 * uint32(left) // neither 0 nor the count left, and a multiple of it
	}
	return append(binary.BigEndian.AppendUint32(nil, n), b...), nil
}

// encodeString writes a string argument followed by after more bytes of
// input.
func encodeString(s string, after int) ([]byte, error) {
	if s == "" && after == 0 {
		return nil, errors.New("the harness cannot read an empty string as the last argument")
	}
	if uint64(len(s)) > math.MaxUint32 {
		return nil, errors.New("the seed is too long for the harness's uint32 lengths")
	}
	return append(binary.BigEndian.AppendUint32(nil, uint32(len(s))), s...), nil
}

// encodeFixed writes an argument of a fixed size.
func encodeFixed(v any) ([]byte, error) {
	const littleEndian = 0x00
	switch v := v.(type) {
	case bool:
		if v {
			return []byte{0x00}, nil
		}
		return []byte{0x01}, nil
	case int8:
		return []byte{byte(v)}, nil
	case uint8:
		return []byte{v}, nil
	case int32:
		return binary.BigEndian.AppendUint32(nil, uint32(v)), nil
	case uint32:
		return binary.BigEndian.AppendUint32(nil, v), nil
	case int16:
		return append(binary.LittleEndian.AppendUint16(nil, uint16(v)), littleEndian), nil
	case uint16:
		return append(binary.LittleEndian.AppendUint16(nil, v), littleEndian), nil
	case int:
		return append(binary.LittleEndian.AppendUint64(nil, uint64(v)), littleEndian), nil
	case int64:
		return append(binary.LittleEndian.AppendUint64(nil, uint64(v)), littleEndian), nil
	case uint:
		return append(binary.LittleEndian.AppendUint64(nil, uint64(v)), littleEndian), nil
	case uint64:
		return append(binary.LittleEndian.AppendUint64(nil, v), littleEndian), nil
	case float32:
		return append(binary.LittleEndian.AppendUint32(nil, math.Float32bits(v)), littleEndian), nil
	case float64:
		return append(binary.LittleEndian.AppendUint64(nil, math.Float64bits(v)), littleEndian), nil
	}
	return nil, fmt.Errorf("the harness cannot read a %T", v)
}
