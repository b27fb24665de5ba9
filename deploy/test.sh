#!/usr/bin/env bash
# The test command: installs what is missing, builds, runs every test with
# ctest. Exit status is ctest's.
set -euo pipefail
cd "$(dirname "$0")/.."
bash deploy/setup.sh
bash deploy/build.sh
cd "${BUILD_DIR:-build}"
ctest --output-on-failure -j "${JOBS:-$(nproc)}" --timeout 600
