#!/usr/bin/env bash
# The run command: installs what is missing, builds, starts both services on
# a RocksDB in var/db, streams the bundled sample reports in and prints an
# example query's answer. The services keep running; `deploy/run.sh stop`
# stops them.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
VAR="$ROOT/var"
INGEST_ADDR=${INGEST_ADDR:-127.0.0.1:50051}
QUERY_ADDR=${QUERY_ADDR:-127.0.0.1:50052}
BIN="$ROOT/${BUILD_DIR:-build}/bin"

stop() {
  for name in ingest_server query_server; do
    if [ -f "$VAR/$name.pid" ]; then
      kill -TERM "$(cat "$VAR/$name.pid")" 2>/dev/null || true
      rm -f "$VAR/$name.pid"
    fi
  done
}

if [ "${1:-}" = "stop" ]; then
  stop
  echo "stopped"
  exit 0
fi

bash deploy/setup.sh
bash deploy/build.sh
stop
mkdir -p "$VAR"
"$BIN/ingest_server" --listen="$INGEST_ADDR" --db="$VAR/db" >>"$VAR/ingest_server.log" 2>&1 &
echo $! >"$VAR/ingest_server.pid"
"$BIN/query_server" --listen="$QUERY_ADDR" --db="$VAR/db" \
  --secondary_dir="$VAR/query-secondary" >>"$VAR/query_server.log" 2>&1 &
echo $! >"$VAR/query_server.pid"

for target in "$INGEST_ADDR" "$QUERY_ADDR"; do
  for _ in $(seq 1 100); do
    "$BIN/reportctl" health --target="$target" --timeout=1 >/dev/null 2>&1 && break
    sleep 0.1
  done
  "$BIN/reportctl" health --target="$target" --timeout=2 >/dev/null || {
    echo "the server on $target did not become healthy; see $VAR/*.log" >&2
    exit 1
  }
done

echo "== ingesting the sample reports (plan year 2024)"
"$BIN/reportctl" ingest --target="$INGEST_ADDR" --year=2024 tests/data/reports
echo
echo "== districts"
"$BIN/reportctl" districts --target="$QUERY_ADDR"
echo
echo "== example: what did 李沧区 pledge, with numbers?"
"$BIN/reportctl" query --target="$QUERY_ADDR" --district=李沧 --quantified --limit=10
echo
echo "services running: ingest on $INGEST_ADDR, query on $QUERY_ADDR (logs in var/)."
echo "stop them with: deploy/run.sh stop"
