#!/usr/bin/env bash
# Builds Release into build-bench, starts ingest_server and query_server on
# free loopback ports over a temporary database, then measures:
#   1. durable streaming ingest: COUNT reports over 1 stream (seed 1), then
#      COUNT more over 4 streams (seed 2);
#   2. the query mix for DURATION_S seconds at concurrency 4, then 16;
#   3. the pipeline (Google Benchmark), once the servers are stopped;
#   4. the query engine without gRPC on the same database (query_bench).
# Each ingest run also prints the CPU time both servers spent per report
# (from /proc/<pid>/stat before and after) and the write groups the ingest
# server wrote (from its /metrics). Prints everything and stops the servers
# it started; docs/BENCHMARKS.md holds the figures. Environment (defaults in brackets):
#   BUILD_DIR [build-bench]  COUNT [3000]  DURATION_S [20]
#   INGEST_FLAGS []          extra ingest_server flags, e.g.
#                            "--workers=2 --stream_window=64"
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build-bench}
COUNT=${COUNT:-3000}
DURATION_S=${DURATION_S:-20}
INGEST_FLAGS=${INGEST_FLAGS:-}
BIN="$BUILD_DIR/bin"

echo "== build ($BUILD_DIR, Release)"
cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$BUILD_DIR" --target pipeline_bench query_bench ingest_load \
  query_load ingest_server query_server reportctl | tail -n 1

NAME=run_benchmarks
# shellcheck source=bench/servers.sh
source bench/servers.sh

echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
echo "== commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)" \
  "($(git status --porcelain 2>/dev/null | wc -l) files changed), $(date -u '+%F %T UTC')"

INGEST="127.0.0.1:$(free_port)"
QUERY="127.0.0.1:$(free_port)"
METRICS="127.0.0.1:$(free_port)"
# shellcheck disable=SC2086  # INGEST_FLAGS is a list of flags.
"$BIN/ingest_server" --listen="$INGEST" --db="$WORK/db" \
  --metrics_listen="$METRICS" $INGEST_FLAGS >"$WORK/ingest_server.log" 2>&1 &
PIDS+=($!)
INGEST_PID=$!
wait_healthy "$INGEST"
"$BIN/query_server" --listen="$QUERY" --db="$WORK/db" \
  --secondary_dir="$WORK/secondary" >"$WORK/query_server.log" 2>&1 &
PIDS+=($!)
QUERY_PID=$!
wait_healthy "$QUERY"
echo "== servers: ingest on $INGEST (${INGEST_FLAGS:-default flags}), query on $QUERY"

# CPU seconds (user + system) a process has used so far.
cpu_seconds() {
  awk -v hz="$(getconf CLK_TCK)" '{ print ($14 + $15) / hz }' "/proc/$1/stat"
}
# The ingest server's write-group gauges, "groups writes".
write_groups() {
  curl -s "http://$METRICS/metrics" | awk '
    /^govreport_db_write_groups / { g = $2 }
    /^govreport_db_grouped_writes / { w = $2 }
    END { print g + 0, w + 0 }'
}
# ingest STREAMS SEED: COUNT reports, then what they cost the servers.
ingest() {
  local ingest_cpu query_cpu groups
  ingest_cpu=$(cpu_seconds "$INGEST_PID")
  query_cpu=$(cpu_seconds "$QUERY_PID")
  groups=$(write_groups)
  "$BIN/ingest_load" --target="$INGEST" --count="$COUNT" --streams="$1" \
    --seed="$2" || fail "ingest_load failed"
  awk -v n="$COUNT" -v i0="$ingest_cpu" -v i1="$(cpu_seconds "$INGEST_PID")" \
    -v q0="$query_cpu" -v q1="$(cpu_seconds "$QUERY_PID")" \
    -v g0="${groups% *}" -v w0="${groups#* }" -v g="$(write_groups)" 'BEGIN {
      split(g, now, " ")
      printf "server CPU per report: ingest %.2f ms, query (following) %.2f ms; ",
        (i1 - i0) * 1000 / n, (q1 - q0) * 1000 / n
      printf "%d write groups, %.1f reports per group\n", now[1] - g0,
        (now[2] - w0) / ((now[1] - g0) > 0 ? now[1] - g0 : 1)
    }'
}

echo
echo "== ingest: $COUNT reports over 1 stream into an empty database"
ingest 1 1
echo
echo "== ingest: $COUNT more reports over 4 streams"
ingest 4 2

sleep 2  # Lets the query replica catch up with the last writes.
for concurrency in 4 16; do
  echo
  echo "== queries: concurrency $concurrency for $DURATION_S s"
  "$BIN/query_load" --target="$QUERY" --concurrency="$concurrency" \
    --duration_s="$DURATION_S" || fail "query_load failed"
done

stop_servers
echo
echo "== pipeline (servers stopped)"
"$BIN/pipeline_bench"

echo
echo "== query engine without gRPC, on the same database"
"$BIN/query_bench" --db="$WORK/db"
