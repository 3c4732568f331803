// This test checks encode against the harness itself: it feeds each
// encoded seed to go-118-fuzz-build's testing.F.Fuzz, the reader that
// compile_native_go_fuzzer's binaries run, and requires the target to be
// called with the seed's values. It imports that module, which the
// project does not require, so it sits in testdata, where the go command
// (go vet, go test, go mod tidy) does not look: the script
// scripts/clusterfuzzlite-local.sh copies it into the package in its
// scratch copy of the repository, after .clusterfuzzlite/build.sh has
// added the module to that copy's go.mod, and runs it there.

package main

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	shim "github.com/AdamKorcz/go-118-fuzz-build/testing"
)

// harnessRead runs the harness's reader on input for a target whose
// arguments have the types of like, and returns the arguments it calls
// the target with, or false when it does not call it.
func harnessRead(input []byte, like []any) ([]any, bool) {
	in := []reflect.Type{reflect.TypeOf((*shim.T)(nil))}
	for _, v := range like {
		in = append(in, reflect.TypeOf(v))
	}
	var got []any
	called := false
	fn := reflect.MakeFunc(reflect.FuncOf(in, nil, false), func(args []reflect.Value) []reflect.Value {
		called = true
		for _, a := range args[1:] {
			got = append(got, a.Interface())
		}
		return nil
	})
	f := &shim.F{Data: input, T: shim.NewT()}
	f.Fuzz(fn.Interface())
	return got, called
}

func TestHarnessReadsEncodedValues(t *testing.T) {
	cases := [][]any{
		{[]byte("MAIL")},
		{[]byte("\r\n")},
		{[]byte("\t"), uint16(257)},
		{[]byte{}, uint16(1)},
		{[]byte{}, []byte("x")},
		{[]byte("a"), []byte("bc")},
		{"a", true},
		{"", false},
		{int8(-1), uint8(2), []byte("x")},
		{int32(-2), uint32(3)},
		{int16(-2), uint16(0xfffe)},
		{int(-1), int64(1 << 40), uint(7), ^uint64(0)},
		{float32(1.5), float64(-2.25)},
	}
	for _, values := range cases {
		input, err := encode(values)
		if err != nil {
			t.Errorf("%#v: %v", values, err)
			continue
		}
		got, called := harnessRead(input, values)
		if !called || !reflect.DeepEqual(got, values) {
			t.Errorf("input % x:\nexpected %#v\nactual   %#v (called: %v)", input, values, got, called)
		}
	}
}

// The harness does not call the target with an empty last slice, which
// is why encode refuses to write one.
func TestHarnessSkipsEmptyLastSlice(t *testing.T) {
	for _, input := range [][]byte{nil, {0, 0, 0, 0}} {
		if got, called := harnessRead(input, []any{[]byte{}}); called {
			t.Errorf("input % x: expected no call, actual %#v", input, got)
		}
	}
}

// Every committed seed reaches its target with its own values; the file
// as it is, zipped unconverted, would not.
func TestHarnessReadsCommittedSeeds(t *testing.T) {
	var dirs []string
	for _, pattern := range []string{"../../fuzz/testdata/fuzz/Fuzz*", "../../suite/*/testdata/fuzz/Fuzz*"} {
		m, _ := filepath.Glob(pattern)
		dirs = append(dirs, m...)
	}
	n := 0
	for _, dir := range dirs {
		seeds, _, err := convertDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range seeds {
			file, err := os.ReadFile(filepath.Join(dir, s.name))
			if err != nil {
				t.Fatal(err)
			}
			values, err := parseCorpusFile(file)
			if err != nil {
				t.Fatal(err)
			}
			got, called := harnessRead(s.input, values)
			if !called || !reflect.DeepEqual(got, values) {
				t.Errorf("%s/%s:\nexpected %#v\nactual   %#v (called: %v)", dir, s.name, values, got, called)
			}
			if raw, called := harnessRead(file, values); called && reflect.DeepEqual(raw, values) && !bytes.Equal(file, s.input) {
				t.Errorf("%s/%s: the unconverted file also reads as the seed", dir, s.name)
			}
			n++
		}
	}
	if n == 0 {
		t.Fatal("no committed seeds found")
	}
	t.Logf("%d committed seeds read back through the harness", n)
}
