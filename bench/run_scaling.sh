#!/usr/bin/env bash
# How query latency grows with the database: starts ingest_server and
# query_server (Release, build-bench) on free loopback ports over a fresh
# database, then for each size in SIZES ingests reports up to that size and
# measures, against the replica:
#   - ListCommitments of one district and year, page size 20, closed loop at
#     concurrency 16 (the most queries a second);
#   - the same open loop at OPEN_QPS queries a second (latency under a
#     steady load; OPEN_QPS=0 leaves it out);
#   - CompareMetric of a metric in a year, top 50, closed loop at
#     concurrency 16;
#   - ListCommitments of a metric in a year, page size 50, closed loop at
#     concurrency 16;
# each REPEATS times, since a shared virtual machine's figures vary by
# a third from one 10 s run to the next.
# Before measuring it waits for the ingest server's compactions to settle
# (its CPU under 5% for a second, at most 3 minutes) after its idle flush.
# Environment (defaults in brackets): BUILD_DIR [build-bench],
# SIZES ["300 3000 30000"], DURATION_S [10], OPEN_QPS [5000], REPEATS [3],
# BLOCK_CACHE_MIB [0] (the query server's --block_cache_mib; 0 sizes it to
# the memory, as the server does by default),
# RESPONSE_CACHE_MIB [64] (its --response_cache_mb; 0 measures every query
# read from the database).
# docs/BENCHMARKS.md holds the figures.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build-bench}
SIZES=${SIZES:-"300 3000 30000"}
DURATION_S=${DURATION_S:-10}
OPEN_QPS=${OPEN_QPS:-5000}
REPEATS=${REPEATS:-3}
BLOCK_CACHE_MIB=${BLOCK_CACHE_MIB:-0}
RESPONSE_CACHE_MIB=${RESPONSE_CACHE_MIB:-64}
BIN="$BUILD_DIR/bin"

cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$BUILD_DIR" --target ingest_load query_load ingest_server \
  query_server reportctl | tail -n 1

NAME=run_scaling
# shellcheck source=bench/servers.sh
source bench/servers.sh

echo "== machine: $(nproc) cores; commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown), $(date -u '+%F %T UTC')"
INGEST="127.0.0.1:$(free_port)"
QUERY="127.0.0.1:$(free_port)"
"$BIN/ingest_server" --listen="$INGEST" --db="$WORK/db" >"$WORK/ingest.log" 2>&1 &
PIDS+=($!)
INGEST_PID=$!
# Waits until the ingest server uses under 5% of a core over a second.
wait_settled() {
  local ticks_per_s previous current
  ticks_per_s=$(getconf CLK_TCK)
  for _ in $(seq 1 180); do
    previous=$(awk '{print $14 + $15}' "/proc/$INGEST_PID/stat")
    sleep 1
    current=$(awk '{print $14 + $15}' "/proc/$INGEST_PID/stat")
    [ $(( (current - previous) * 100 )) -lt $(( 5 * ticks_per_s )) ] && return 0
  done
}
wait_healthy "$INGEST"
"$BIN/query_server" --listen="$QUERY" --db="$WORK/db" \
  --secondary_dir="$WORK/secondary" --block_cache_mib="$BLOCK_CACHE_MIB" \
  --response_cache_mb="$RESPONSE_CACHE_MIB" >"$WORK/query.log" 2>&1 &
PIDS+=($!)
wait_healthy "$QUERY"

stored=0
seed=1
for size in $SIZES; do
  echo
  echo "== ingest: $((size - stored)) reports (seed $seed) to reach $size"
  "$BIN/ingest_load" --target="$INGEST" --count=$((size - stored)) --streams=4 \
    --seed="$seed" | sed -n 1p
  stored=$size
  seed=$((seed + 1))
  # The ingest server flushes its memtables 2 s after the last write
  # (--flush_when_idle_ms), which may start compactions: wait for both to
  # end, then for the replica's catch-up (every 100 ms).
  sleep 3
  wait_settled
  sleep 1
  for run in $(seq 1 "$REPEATS"); do
    echo "== $size reports, run $run: district+year, page 20, closed loop, concurrency 16"
    "$BIN/query_load" --target="$QUERY" --mix=district=1 --page_size=20 \
      --concurrency=16 --duration_s="$DURATION_S" | tail -n 1
    if [ "$OPEN_QPS" -gt 0 ]; then
      echo "== $size reports, run $run: district+year, page 20, open loop at $OPEN_QPS/s"
      "$BIN/query_load" --target="$QUERY" --mix=district=1 --page_size=20 \
        --qps="$OPEN_QPS" --concurrency=256 --duration_s="$DURATION_S" | tail -n 1
    fi
    echo "== $size reports, run $run: CompareMetric top 50, closed loop, concurrency 16"
    "$BIN/query_load" --target="$QUERY" --mix=compare=1 --compare_limit=50 \
      --concurrency=16 --duration_s="$DURATION_S" | tail -n 1
    echo "== $size reports, run $run: metric+year, page 50, closed loop, concurrency 16"
    "$BIN/query_load" --target="$QUERY" --mix=metric=1 --page_size=50 \
      --concurrency=16 --duration_s="$DURATION_S" | tail -n 1
  done
done
