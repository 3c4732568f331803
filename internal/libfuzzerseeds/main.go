// Command libfuzzerseeds turns a native Go fuzz target's seed corpus
// (testdata/fuzz/<Target>/, files in Go's "go test fuzz v1" format) into
// the seed corpus zip that OSS-Fuzz and ClusterFuzzLite unpack for the
// libFuzzer binary compile_native_go_fuzzer builds from that target:
//
//	go run ./internal/libfuzzerseeds -o $OUT/FuzzSASL_seed_corpus.zip fuzz/testdata/fuzz/FuzzSASL
//
// Each file becomes the input from which that binary's harness reads the
// file's values back as the target's arguments (see encode), under the
// same name. Zipping the Go files as they are would give libFuzzer seeds
// whose text, header and quoting included, the harness reads as a length
// and a slice of something else. .clusterfuzzlite/build.sh runs it.
//
// A seed the harness cannot express (an empty slice or string as the last
// argument: the harness never calls the target with one) is left out and
// named on standard error. No zip is written when no seed is left.
package main

import (
	"archive/zip"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
)

func main() {
	out := flag.String("o", "", "the seed corpus zip to write")
	flag.Usage = func() {
		fmt.Fprintln(flag.CommandLine.Output(), "usage: libfuzzerseeds -o FuzzXxx_seed_corpus.zip testdata/fuzz/FuzzXxx")
		flag.PrintDefaults()
	}
	flag.Parse()
	if *out == "" || flag.NArg() != 1 {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(*out, flag.Arg(0), os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// run converts every file of dir and writes the ones the harness can read
// to the zip out, reporting what it did to log.
func run(out, dir string, log io.Writer) error {
	seeds, skipped, err := convertDir(dir)
	if err != nil {
		return err
	}
	for _, s := range skipped {
		fmt.Fprintf(log, "libfuzzerseeds: %s left out: %v\n", s.name, s.err)
	}
	fmt.Fprintf(log, "libfuzzerseeds: %s: %d seeds, %d left out\n", dir, len(seeds), len(skipped))
	if len(seeds) == 0 {
		return nil
	}
	return writeZip(out, seeds)
}

// seed is one corpus file: its name and, once converted, the libFuzzer
// input, or why there is none.
type seed struct {
	name  string
	input []byte
	err   error
}

// convertDir converts the regular files of dir in name order. A file that
// is not Go corpus is an error; a seed the harness cannot express is
// returned among the skipped.
func convertDir(dir string) (seeds, skipped []seed, err error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, nil, fmt.Errorf("libfuzzerseeds: %w", err)
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].Name() < entries[j].Name() })
	for _, e := range entries {
		if !e.Type().IsRegular() {
			continue
		}
		path := filepath.Join(dir, e.Name())
		b, err := os.ReadFile(path)
		if err != nil {
			return nil, nil, fmt.Errorf("libfuzzerseeds: %w", err)
		}
		values, err := parseCorpusFile(b)
		if err != nil {
			return nil, nil, fmt.Errorf("libfuzzerseeds: %s: %w", path, err)
		}
		input, err := encode(values)
		if err != nil {
			skipped = append(skipped, seed{name: e.Name(), err: err})
			continue
		}
		seeds = append(seeds, seed{name: e.Name(), input: input})
	}
	return seeds, skipped, nil
}

// writeZip writes the seeds to a new zip at path, one entry a seed, with
// no timestamps, so that the same corpus gives the same bytes.
func writeZip(path string, seeds []seed) (err error) {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("libfuzzerseeds: %w", err)
	}
	defer func() {
		if cerr := f.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("libfuzzerseeds: %w", cerr)
		}
	}()
	zw := zip.NewWriter(f)
	for _, s := range seeds {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: s.name, Method: zip.Deflate})
		if err != nil {
			return fmt.Errorf("libfuzzerseeds: %w", err)
		}
		if _, err := w.Write(s.input); err != nil {
			return fmt.Errorf("libfuzzerseeds: %w", err)
		}
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("libfuzzerseeds: %w", err)
	}
	return nil
}
