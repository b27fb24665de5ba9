#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan + UBSan) into build-fuzz/ and
# runs each for FUZZ_SECONDS (default 30), seeded with the sample reports
# and the regression inputs in fuzz/corpus/<target>/. Any crash fails; the
# crashing input is left in build-fuzz/crashes/ to become a regression input.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${FUZZ_BUILD_DIR:-build-fuzz}
SECONDS_EACH=${FUZZ_SECONDS:-30}
TARGETS=(decode_fuzzer normalize_fuzzer segment_extract_fuzzer pipeline_fuzzer
         page_token_fuzzer text_index_fuzzer)

CC=clang CXX=clang++ cmake -S . -B "$BUILD_DIR" -G Ninja \
  -DGOVREPORT_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$BUILD_DIR" -j "${JOBS:-$(nproc)}" --target "${TARGETS[@]}"

mkdir -p "$BUILD_DIR/crashes"
export ASAN_OPTIONS=detect_leaks=0:abort_on_error=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
for target in "${TARGETS[@]}"; do
  work="$BUILD_DIR/corpus/$target"
  mkdir -p "$work"
  seeds=(tests/data/reports)
  [ -d "fuzz/corpus/$target" ] && seeds+=("fuzz/corpus/$target")
  echo "== $target for ${SECONDS_EACH}s"
  set +e
  "$BUILD_DIR/bin/$target" -max_total_time="$SECONDS_EACH" -max_len=65536 \
    -timeout=10 -rss_limit_mb=4096 -print_final_stats=1 \
    -artifact_prefix="$BUILD_DIR/crashes/$target-" "$work" "${seeds[@]}" \
    >"$BUILD_DIR/$target.log" 2>&1
  status=$?
  set -e
  grep -E "^(stat::number_of_executed_units|stat::new_units_added)|ERROR|SUMMARY" \
    "$BUILD_DIR/$target.log" || true
  if [ "$status" -ne 0 ]; then
    tail -n 40 "$BUILD_DIR/$target.log" >&2
    echo "$target failed (exit $status); inputs in $BUILD_DIR/crashes/" >&2
    exit 1
  fi
done
echo "fuzzing: no crash in ${#TARGETS[@]} targets"
