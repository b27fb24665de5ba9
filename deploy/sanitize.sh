#!/usr/bin/env bash
# Builds everything with AddressSanitizer and UndefinedBehaviorSanitizer into
# build-asan/ and runs the whole test suite there.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${SANITIZE_BUILD_DIR:-build-asan}
BUILD_DIR="$BUILD_DIR" bash deploy/build.sh -DGOVREPORT_SANITIZE=ON \
  -DCMAKE_BUILD_TYPE=Debug
# gRPC and protobuf keep process-lifetime singletons that LeakSanitizer
# would report at exit; errors and undefined behaviour still fail the run.
export ASAN_OPTIONS=detect_leaks=0:abort_on_error=1:detect_stack_use_after_return=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
cd "$BUILD_DIR"
ctest --output-on-failure -j "${JOBS:-$(nproc)}" --timeout 900
