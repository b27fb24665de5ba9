#!/usr/bin/env bash
# A/B of two pipeline_bench binaries on a VM whose speed drifts: runs A and
# B in alternation, PAIRS times, each a short Google Benchmark run of one
# benchmark, and prints the median MB/s of each and the median of the
# per-pair ratio B/A (with ranges). A pair shares the VM's speed of the
# moment, so the ratio varies far less than either figure.
#   bench/ab_pipeline.sh A_BINARY B_BINARY [PAIRS] [BENCHMARK]
# e.g. bench/ab_pipeline.sh /tmp/old/pipeline_bench build/bin/pipeline_bench \
#        30 BM_AnalyzeTraditional
set -euo pipefail
A=$1
B=$2
PAIRS=${3:-30}
BENCHMARK=${4:-BM_Analyze}

# One run's bytes_per_second in MB/s.
rate() {
  "$1" --benchmark_filter="^${BENCHMARK}\$" --benchmark_min_time=0.3 \
    --benchmark_format=json 2>/dev/null |
    python3 -c 'import json,sys
print(json.load(sys.stdin)["benchmarks"][0]["bytes_per_second"] / 1e6)'
}

for _ in $(seq 1 "$PAIRS"); do
  echo "$(rate "$A") $(rate "$B")"
done | python3 -c '
import statistics, sys
pairs = [tuple(map(float, line.split())) for line in sys.stdin]
a = [p[0] for p in pairs]
b = [p[1] for p in pairs]
ratio = [p[1] / p[0] for p in pairs]
def show(name, xs, unit):
    print(f"{name}: median {statistics.median(xs):.3f}{unit} "
          f"(range {min(xs):.3f}-{max(xs):.3f})")
print(f"{len(pairs)} pairs of '"$BENCHMARK"'")
show("A", a, " MB/s")
show("B", b, " MB/s")
show("B/A per pair", ratio, "")
'
