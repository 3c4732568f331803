#!/bin/bash -eu
# Builds every native Go fuzz target (func FuzzXxx(f *testing.F) in a
# _test.go file) as a libFuzzer binary, with OSS-Fuzz's compile_native_go_fuzzer,
# and packs each target's committed seeds (testdata/fuzz/FuzzXxx) as its
# seed corpus. Run by ClusterFuzzLite / OSS-Fuzz in the base-builder-go image.
cd "$SRC/mailspec"
go mod download
targets=$(grep -rl --include='*_test.go' -E '^func Fuzz[A-Za-z0-9_]+\(f \*testing\.F\)' . | sort)
for file in $targets; do
  dir=$(dirname "$file")
  pkg="github.com/mailspec/mailspec/${dir#./}"
  for name in $(grep -oE '^func Fuzz[A-Za-z0-9_]+' "$file" | sed 's/^func //'); do
    compile_native_go_fuzzer "$pkg" "$name" "$name"
    if [ -d "$dir/testdata/fuzz/$name" ]; then
      zip -jq "$OUT/${name}_seed_corpus.zip" "$dir/testdata/fuzz/$name"/*
    fi
  done
done
