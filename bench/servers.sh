# Shared by the bench/run_*.sh scripts (sourced, not run): a work folder
# removed at exit, server processes stopped at exit, free loopback ports and
# a wait for health. Needs BIN (the programs' folder) and NAME (for
# messages) set before sourcing.
WORK=$(mktemp -d "/tmp/govreport-$NAME.XXXXXX")
PIDS=()
stop_servers() {
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  PIDS=()
}
trap 'stop_servers; rm -rf "$WORK"' EXIT
fail() {
  echo "$NAME: $*; server logs:" >&2
  tail -n 20 "$WORK"/*.log >&2 || true
  exit 1
}
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
wait_healthy() {
  for _ in $(seq 1 100); do
    "$BIN/reportctl" health --target="$1" --timeout=1 >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  fail "the server on $1 did not become healthy"
}
