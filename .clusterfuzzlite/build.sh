#!/bin/bash -eu
# Builds the native Go fuzz targets (func FuzzXxx(f *testing.F) in a
# _test.go file) as libFuzzer binaries with OSS-Fuzz's
# compile_native_go_fuzzer, and packs each target's committed seeds
# (testdata/fuzz/FuzzXxx) as its seed corpus, converted to the inputs the
# binary's harness reads (internal/libfuzzerseeds). ClusterFuzzLite runs it
# in the base-builder-go image (.clusterfuzzlite/Dockerfile) as bash -eux;
# scripts/clusterfuzzlite-local.sh runs it here, with a copy of the image's
# compile_native_go_fuzzer.
cd "$SRC/mailspec"

# compile_native_go_fuzzer's go-118-fuzz-build turns the target's file into
# package code that imports its stand-in for package testing, which the
# module must then require. This is the head of go-118-fuzz-build's default
# branch, which the image builds the tool from (base-builder's install_go.sh).
go get github.com/AdamKorcz/go-118-fuzz-build/testing@v0.0.0-20250520111509-a70c2aa677fa

# Targets compile_native_go_fuzzer cannot build, with the reason. It
# compiles the target's own file without the package's other _test.go
# files, against a stand-in for package testing that has no TB and no
# T.Context; so a target's file uses neither, and what it calls is package
# code (the session targets' in-process reference is fuzz/inprocess.go).
skip=" "

fuzz_func='^func Fuzz[A-Za-z0-9_]*\([A-Za-z_][A-Za-z0-9_]* \*testing\.F\)'
for file in $(grep -rlE --include='*_test.go' "$fuzz_func" . | sort); do
  dir=$(dirname "$file")
  pkg="github.com/mailspec/mailspec/${dir#./}"
  for name in $(grep -oE "$fuzz_func" "$file" | sed -E 's/^func ([A-Za-z0-9_]+).*/\1/'); do
    if [[ $skip == *" $name "* ]]; then
      echo "build.sh: $name not built: compile_native_go_fuzzer cannot build it (see skip)"
      continue
    fi
    compile_native_go_fuzzer "$pkg" "$name" "$name"
    # compile_native_go_fuzzer says so and exits 0 when it finds no target.
    if [ ! -x "$OUT/$name" ]; then
      echo "build.sh: compile_native_go_fuzzer built no $OUT/$name" >&2
      exit 1
    fi
    if [ -d "$dir/testdata/fuzz/$name" ]; then
      go run ./internal/libfuzzerseeds -o "$OUT/${name}_seed_corpus.zip" "$dir/testdata/fuzz/$name"
    fi
  done
done
