#!/usr/bin/env bash
# clusterfuzzlite-local.sh: run .clusterfuzzlite/build.sh as ClusterFuzzLite's
# base-builder-go image runs it, without Docker, then run what it built.
#
#   scripts/clusterfuzzlite-local.sh               build, check, fuzz each binary 10 s
#   scripts/clusterfuzzlite-local.sh --seconds=N   fuzz each binary N seconds; 0 only
#                                                  replays its seed corpus (as CI does)
#   --keep    keep the scratch directory (src/, out/, the binaries' corpora and logs)
#
# Steps, in a scratch directory:
#  1. installs Debian's clang-19 and libclang-rt-19-dev (libFuzzer, ASan) and
#     unzip if missing, and go-118-fuzz-build at the version build.sh pins for
#     its testing stand-in, the tool the image's compile_native_go_fuzzer runs;
#  2. puts on PATH a compile_native_go_fuzzer that takes the image's script's
#     steps (infra/base-images/base-builder: compile_native_go_fuzzer and
#     go_utils.sh's build_native_go_fuzzer_legacy) for an address build: find
#     the file that declares the target, go-118-fuzz-build -tags gofuzz, link
#     with $CXX $CXXFLAGS $LIB_FUZZING_ENGINE; and, like the image, say so and
#     exit 0 when the target is not found;
#  3. copies the working tree to $SRC/mailspec, as the Dockerfile's COPY does,
#     and runs bash -eux $SRC/build.sh there, as the image's compile does, with
#     its environment (SRC, OUT, WORK, CC, CXX, CFLAGS, CXXFLAGS,
#     LIB_FUZZING_ENGINE=-fsanitize=fuzzer, SANITIZER=address);
#  4. checks the seed encoding against go-118-fuzz-build's own reader
#     (internal/libfuzzerseeds/testdata/harness_test.go, run in the copy);
#  5. runs each binary on its unpacked seed corpus and reports its rate.
#
# Where it differs from the image, and why: Debian's clang 19, not the
# image's own build of clang, whose libFuzzer is linked against libc++
# (Debian's against libstdc++, so CXXFLAGS lacks the image's
# -stdlib=libc++); the Go on PATH, not the image's (both switch to the
# version go.mod asks for); no coverage build (SANITIZER=coverage) and no
# ClusterFuzzLite runner around the binaries.
#
# Exit: 0 every target built, every seed reads back through the harness and
# every binary ran clean; 1 otherwise; 2 usage or setup error.
set -euo pipefail

cd "$(dirname "$0")/.."
repo=$(pwd)

seconds=10
keep=0
for arg in "$@"; do
  case $arg in
    --seconds=*) seconds=${arg#--seconds=} ;;
    --keep) keep=1 ;;
    -h | --help)
      sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"
      exit 0
      ;;
    *)
      echo "clusterfuzzlite-local: unknown argument $arg (want --seconds=N or --keep)" >&2
      exit 2
      ;;
  esac
done

peer_name=clusterfuzzlite-local
# shellcheck source=scripts/peer-lib.sh
. scripts/peer-lib.sh

[[ $seconds =~ ^[0-9]+$ ]] || die "--seconds wants a whole number, not $seconds"

# --- 1. clang, libFuzzer and go-118-fuzz-build --------------------------------

export DEBIAN_FRONTEND=noninteractive
mapfile -t missing < <(missing_packages clang-19 libclang-rt-19-dev unzip)
if [ ${#missing[@]} -gt 0 ]; then
  install_packages "${missing[@]}"
fi
llvm=/usr/lib/llvm-19/bin
[ -x "$llvm/clang++" ] || die "$llvm/clang++ missing after install"

# The version build.sh gives go get for the testing stand-in: the tool and
# the stand-in it generates code against come from the same commit.
version=$(sed -nE 's|^go get github.com/AdamKorcz/go-118-fuzz-build/testing@([^ ]+)$|\1|p' .clusterfuzzlite/build.sh)
[ -n "$version" ] || die ".clusterfuzzlite/build.sh pins no go-118-fuzz-build version"

scratch=$(mktemp -d /tmp/clusterfuzzlite-local.XXXXXX)
cleanup() {
  if [ "$keep" = 1 ]; then say "kept $scratch"; else rm -rf "$scratch"; fi
}
trap cleanup EXIT
mkdir -p "$scratch/bin" "$scratch/src" "$scratch/out" "$scratch/work" "$scratch/run"

say "go-118-fuzz-build@$version"
GOBIN=$scratch/bin go install "github.com/AdamKorcz/go-118-fuzz-build@$version"

# --- 2. compile_native_go_fuzzer ----------------------------------------------

cat >"$scratch/bin/compile_native_go_fuzzer" <<'EOF'
#!/bin/bash -eu
# compile_native_go_fuzzer PACKAGE FUNCTION FUZZER: the steps of the
# base-builder image's script of that name, for an address build.
path=$1 function=$2 fuzzer=$3
dir=$(go list -tags gofuzz -f '{{.Dir}}' "$path")
files=$(grep -rl --include='*.go' -s "$function" "$dir" || true)
if [ -z "$files" ] || [ "$(grep -h "func $function" $files | grep -c 'testing.F')" -ne 1 ]; then
  echo "Could not find the function: func ${function}(f *testing.F)"
  exit 0
fi
go-118-fuzz-build -tags gofuzz -o "$fuzzer.a" -func "$function" "$dir"
$CXX $CXXFLAGS $LIB_FUZZING_ENGINE "$fuzzer.a" -o "$OUT/$fuzzer"
EOF
chmod +x "$scratch/bin/compile_native_go_fuzzer"

# --- 3. build.sh in the image's environment -----------------------------------

export SRC=$scratch/src OUT=$scratch/out WORK=$scratch/work
export PATH=$scratch/bin:$llvm:$PATH
export CC=clang CXX=clang++
export SANITIZER=address FUZZING_ENGINE=libfuzzer FUZZING_LANGUAGE=go ARCHITECTURE=x86_64
export CFLAGS="-O1 -fno-omit-frame-pointer -gline-tables-only -DFUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION -fsanitize=address -fsanitize-address-use-after-scope -fsanitize=fuzzer-no-link"
export CXXFLAGS=$CFLAGS
export LIB_FUZZING_ENGINE=-fsanitize=fuzzer

mkdir "$SRC/mailspec"
tar -C "$repo" --exclude=./.git -cf - . | tar -C "$SRC/mailspec" -xf -
cp .clusterfuzzlite/build.sh "$SRC/build.sh"
say "running build.sh (log: $scratch/build.log)"
if ! (cd "$SRC/mailspec" && bash -eux "$SRC/build.sh") >"$scratch/build.log" 2>&1; then
  tail -n 30 "$scratch/build.log" >&2
  say "build.sh failed; a target that compile_native_go_fuzzer cannot build goes in build.sh's skip list, with the reason"
  keep=1
  exit 1
fi
grep -E '^(build\.sh|libfuzzerseeds):' "$scratch/build.log" >&2 || true

mapfile -t binaries < <(find "$OUT" -maxdepth 1 -type f -name 'Fuzz*' -perm -u+x | sort)
[ ${#binaries[@]} -gt 0 ] || { say "build.sh built nothing"; exit 1; }

# --- 4. the seeds read back through the harness -------------------------------

cp internal/libfuzzerseeds/testdata/harness_test.go "$SRC/mailspec/internal/libfuzzerseeds/"
if ! (cd "$SRC/mailspec" && go test -count=1 -run Harness ./internal/libfuzzerseeds) >"$scratch/harness.log" 2>&1; then
  cat "$scratch/harness.log" >&2
  say "the seed encoding does not match go-118-fuzz-build's reader"
  exit 1
fi

# --- 5. each binary on its seed corpus ----------------------------------------

failed=0
printf '%-20s %6s %10s  %s\n' target seeds exec/s result >&2
for bin in "${binaries[@]}"; do
  name=$(basename "$bin")
  run=$scratch/run/$name
  mkdir -p "$run/seeds" "$run/corpus"
  if [ -f "$OUT/${name}_seed_corpus.zip" ]; then
    unzip -q "$OUT/${name}_seed_corpus.zip" -d "$run/seeds"
  fi
  seeds=$(find "$run/seeds" -type f | wc -l)
  if [ "$seconds" = 0 ]; then
    args=(-runs=0 "$run/seeds")
  else
    args=(-max_total_time="$seconds" -print_final_stats=1 "$run/corpus" "$run/seeds")
  fi
  if (cd "$run" && "$bin" "${args[@]}") >"$run/log" 2>&1; then
    result=ok
  else
    result="FAILED: $(grep -m1 -E '^SUMMARY|ERROR' "$run/log" || echo "exit status, see $run/log")"
    failed=1
  fi
  rate=$(sed -nE 's/^stat::average_exec_per_sec: *([0-9]+)/\1/p' "$run/log")
  printf '%-20s %6s %10s  %s\n' "$name" "$seeds" "${rate:--}" "$result" >&2
done
if [ "$failed" = 1 ]; then
  keep=1
  exit 1
fi
echo "clusterfuzzlite-local: ${#binaries[@]} passed, 0 failed"
