#!/usr/bin/env bash
# A/B of query servers: runs each SERVER in turn (ROUNDS times, alternating),
# each over its own database, and measures it with query_load: 2 s of
# warm-up, then 6 s closed loop at concurrency 16. Prints query_load's
# summary line and the server's CPU time per call (utime + stime from
# /proc/PID/stat over the 6 s, divided by the calls answered), which varies
# less than QPS on a shared machine.
#   bench/ab_query.sh "BIN:DB[:--flag,--flag] BIN:DB ..." ROUNDS MIX [query_load flags]
# e.g. bench/ab_query.sh "/tmp/old/query_server:/tmp/a/db /tmp/new/query_server:/tmp/b/db" \
#        3 compare=1 --compare_limit=50
set -euo pipefail
SERVERS=$1
ROUNDS=${2:-2}
MIX=${3:-compare=1}
shift 3
BIN=${BUILD_DIR:-build}/bin
SECONDARY=$(mktemp -d)
trap 'rm -rf "$SECONDARY"' EXIT
PORT=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
for _ in $(seq 1 "$ROUNDS"); do
  for server in $SERVERS; do
    IFS=: read -r binary db flags <<<"$server"
    rm -rf "$SECONDARY/sec"
    # shellcheck disable=SC2086  # the flags are split on purpose
    "$binary" --listen="127.0.0.1:$PORT" --db="$db" \
      --secondary_dir="$SECONDARY/sec" ${flags//,/ } >"$SECONDARY/log" 2>&1 &
    pid=$!
    for _ in $(seq 50); do
      "$BIN/reportctl" health --target="127.0.0.1:$PORT" >/dev/null 2>&1 && break
      sleep 0.2
    done
    "$BIN/query_load" --target="127.0.0.1:$PORT" --mix="$MIX" --concurrency=16 \
      --duration_s=2 "$@" >/dev/null 2>&1
    before=$(awk '{print $14 + $15}' "/proc/$pid/stat")
    line=$("$BIN/query_load" --target="127.0.0.1:$PORT" --mix="$MIX" \
      --concurrency=16 --duration_s=6 "$@" 2>&1 | tail -n 1)
    after=$(awk '{print $14 + $15}' "/proc/$pid/stat")
    calls=$(awk '{print $2}' <<<"$line")
    echo "$binary $flags: $line | server CPU ms per call" \
      "$(python3 -c "print(round(($after - $before) * 1000 / $(getconf CLK_TCK) / max($calls, 1), 3))")"
    kill "$pid"
    wait "$pid" 2>/dev/null || true
  done
done
