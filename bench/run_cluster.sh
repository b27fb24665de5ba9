#!/usr/bin/env bash
# Cluster mode against single-machine mode on this machine (issue 18).
# Builds Release into build-bench, then, for each mode in turn, on loopback
# over fresh temporary folders:
#   cluster: three nats-server processes (JetStream, file store, one
#            cluster), ingest_server --nats, one query replica --nats with
#            its own database;
#   single:  ingest_server --db and one query replica following it.
# Streams COUNT reports over STREAMS StreamIngest calls with ingest_load,
# samples the replica's lag (cluster: govreport_replica_lag_messages and
# _seconds from its /metrics) every 0.2 s during the load, and times how long
# after the load the replica has applied everything; in cluster mode then
# times a new replica replaying the whole log. Prints everything and
# stops what it started. Environment (defaults in brackets):
#   BUILD_DIR [build-bench]  COUNT [3000]  STREAMS [4]
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build-bench}
COUNT=${COUNT:-3000}
STREAMS=${STREAMS:-4}
BIN="$BUILD_DIR/bin"
NATS_SERVER=${NATS_SERVER:-/usr/sbin/nats-server}

echo "== build ($BUILD_DIR, Release)"
cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$BUILD_DIR" --target ingest_load ingest_server query_server \
  reportctl | tail -n 1

NAME=run_cluster
# shellcheck source=bench/servers.sh
source bench/servers.sh

echo "== machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)," \
  "$(date -u '+%F %T UTC')"

# The value of gauge $2 on the metrics endpoint $1.
gauge() {
  python3 - "$1" "$2" <<'PY'
import sys, urllib.request
text = urllib.request.urlopen("http://%s/metrics" % sys.argv[1], timeout=2).read().decode()
for line in text.splitlines():
    if line.startswith(sys.argv[2] + " "):
        print(line.split()[1])
PY
}

# Runs ingest_load against $1 while sampling the gauges $3... of the
# replica's metrics endpoint $2; prints the load's figures, the largest
# sample of each gauge, and the seconds from the load's end until gauge $3
# is 0 (the replica applied everything).
load_and_sample() {
  local ingest=$1 metrics=$2
  shift 2
  local samples="$WORK/samples"
  : >"$samples"
  (while true; do
     for g in "$@"; do echo "$g $(gauge "$metrics" "$g")"; done >>"$samples"
     sleep 0.2
   done) 2>/dev/null &
  local sampler=$!
  "$BIN/ingest_load" --target="$ingest" --count="$COUNT" --streams="$STREAMS" \
    --seed=1 || fail "ingest_load failed"
  local end
  end=$(date +%s.%N)
  kill "$sampler"; wait "$sampler" 2>/dev/null || true
  for g in "$@"; do
    echo "max $g during the load: $(awk -v g="$g" '$1 == g && $2 != "" {if ($2 > m) m = $2} END {print m + 0}' "$samples")"
  done
  for _ in $(seq 1 600); do
    [ "$(gauge "$metrics" "$1")" = "0" ] && break
    sleep 0.1
  done
  echo "replica caught up $(echo "$(date +%s.%N) - $end" | bc) s after the load ended"
}

echo
echo "== cluster mode: 3 NATS servers, stream replicas=3"
ROUTES=()
CLIENTS=()
for i in 0 1 2; do
  ROUTES+=("$(free_port)")
  CLIENTS+=("$(free_port)")
done
for i in 0 1 2; do
  mkdir -p "$WORK/nats$i"
  "$NATS_SERVER" --server_name="n$i" --addr=127.0.0.1 --port="${CLIENTS[$i]}" \
    --jetstream --store_dir="$WORK/nats$i" --cluster_name=bench \
    --cluster="nats://127.0.0.1:${ROUTES[$i]}" \
    --routes="nats://127.0.0.1:${ROUTES[0]},nats://127.0.0.1:${ROUTES[1]},nats://127.0.0.1:${ROUTES[2]}" \
    >"$WORK/nats$i.log" 2>&1 &
  PIDS+=($!)
done
NATS="nats://127.0.0.1:${CLIENTS[0]},nats://127.0.0.1:${CLIENTS[1]},nats://127.0.0.1:${CLIENTS[2]}"
sleep 1
INGEST="127.0.0.1:$(free_port)"
QUERY="127.0.0.1:$(free_port)"
QUERY_METRICS="127.0.0.1:$(free_port)"
"$BIN/ingest_server" --listen="$INGEST" --nats="$NATS" \
  >"$WORK/ingest_cluster.log" 2>&1 &
PIDS+=($!)
wait_healthy "$INGEST"
"$BIN/query_server" --listen="$QUERY" --nats="$NATS" --db="$WORK/replica" \
  --secondary_dir="$WORK/replica-secondary" --metrics_listen="$QUERY_METRICS" \
  >"$WORK/query_cluster.log" 2>&1 &
PIDS+=($!)
wait_healthy "$QUERY"
echo "== $COUNT reports over $STREAMS streams"
load_and_sample "$INGEST" "$QUERY_METRICS" govreport_replica_lag_messages \
  govreport_replica_lag_seconds
echo "== a new replica replays the whole log (the others idle)"
LATE="127.0.0.1:$(free_port)"
start=$(date +%s.%N)
"$BIN/query_server" --listen="$LATE" --nats="$NATS" --db="$WORK/late" \
  --secondary_dir="$WORK/late-secondary" >"$WORK/query_late.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 3000); do
  "$BIN/reportctl" health --target="$LATE" --timeout=1 >/dev/null 2>&1 && break
  sleep 0.1
done
echo "serving (caught up with $COUNT entries) $(echo "$(date +%s.%N) - $start" | bc) s after its start"
stop_servers

echo
echo "== single-machine mode: one database, a replica following it"
INGEST="127.0.0.1:$(free_port)"
QUERY="127.0.0.1:$(free_port)"
INGEST_METRICS="127.0.0.1:$(free_port)"
QUERY_METRICS="127.0.0.1:$(free_port)"
"$BIN/ingest_server" --listen="$INGEST" --db="$WORK/db" \
  --metrics_listen="$INGEST_METRICS" >"$WORK/ingest_single.log" 2>&1 &
PIDS+=($!)
wait_healthy "$INGEST"
"$BIN/query_server" --listen="$QUERY" --db="$WORK/db" \
  --secondary_dir="$WORK/secondary" --metrics_listen="$QUERY_METRICS" \
  >"$WORK/query_single.log" 2>&1 &
PIDS+=($!)
wait_healthy "$QUERY"
echo "== $COUNT reports over $STREAMS streams"
"$BIN/ingest_load" --target="$INGEST" --count="$COUNT" --streams="$STREAMS" \
  --seed=1 || fail "ingest_load failed"
echo "replica at sequence $(gauge "$QUERY_METRICS" govreport_sequence_number)" \
  "of the primary's $(gauge "$INGEST_METRICS" govreport_sequence_number) right after"
