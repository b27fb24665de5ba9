#!/usr/bin/env bash
# Worst-case ingest memory: starts ingest_server (Release, BUILD_DIR) with
# its default flags plus EXTRA_FLAGS over a fresh database, sends REPORTS
# IngestReport calls at once, each of the largest content the server
# accepts (REPORT_BYTES, default its --max_report_bytes default of 32 MiB),
# ROUNDS times, and prints the server's peak RSS (VmHWM) and its RSS at
# rest before and a few seconds after. docs/BENCHMARKS.md holds the figures.
# STREAM=1 sends each report over a StreamIngest call of its own instead.
# Environment (defaults in brackets): BUILD_DIR [build-bench], REPORTS [8],
# REPORT_BYTES [33554432], ROUNDS [2], STREAM [0], EXTRA_FLAGS [].
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build-bench}
REPORTS=${REPORTS:-8}
REPORT_BYTES=${REPORT_BYTES:-33554432}
ROUNDS=${ROUNDS:-2}
STREAM=${STREAM:-0}
EXTRA_FLAGS=${EXTRA_FLAGS:-}
BIN="$BUILD_DIR/bin"

cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$BUILD_DIR" --target ingest_server big_reports reportctl |
  tail -n 1

NAME=run_memory
# shellcheck source=bench/servers.sh
source bench/servers.sh

rss_kib() { awk -v key="$2:" '$1 == key { print $2 }' "/proc/$1/status"; }

echo "== machine: $(nproc) cores; commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown), $(date -u '+%F %T UTC')"
INGEST="127.0.0.1:$(free_port)"
# shellcheck disable=SC2086
"$BIN/ingest_server" --listen="$INGEST" --db="$WORK/db" $EXTRA_FLAGS \
  >"$WORK/ingest.log" 2>&1 &
PID=$!
PIDS+=("$PID")
wait_healthy "$INGEST"
echo "ingest_server $EXTRA_FLAGS: RSS at rest $(( $(rss_kib "$PID" VmRSS) / 1024 )) MiB"
echo "sending $ROUNDS x $REPORTS reports of $REPORT_BYTES bytes at once (stream: $STREAM)"
"$BIN/big_reports" --target="$INGEST" --reports="$REPORTS" \
  --report_bytes="$REPORT_BYTES" --rounds="$ROUNDS" \
  --stream="$([ "$STREAM" = 1 ] && echo true || echo false)"
echo "peak RSS (VmHWM): $(( $(rss_kib "$PID" VmHWM) / 1024 )) MiB"
echo "RSS right after: $(( $(rss_kib "$PID" VmRSS) / 1024 )) MiB"
sleep 5
echo "RSS 5 s later: $(( $(rss_kib "$PID" VmRSS) / 1024 )) MiB"
