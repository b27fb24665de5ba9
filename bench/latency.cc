#include "bench/latency.h"

#include <algorithm>
#include <cmath>
#include <ratio>
#include <type_traits>

#include "absl/strings/str_format.h"

namespace govreport::bench {

static_assert(std::is_same_v<Clock::period, std::nano>,
              "latencies are kept in nanoseconds");

void LatencyRecorder::Merge(const LatencyRecorder& other) {
  nanos_.insert(nanos_.end(), other.nanos_.begin(), other.nanos_.end());
  sorted_ = false;
}

double LatencyRecorder::QuantileMs(double q) {
  if (nanos_.empty()) return 0;
  if (!sorted_) {
    std::sort(nanos_.begin(), nanos_.end());
    sorted_ = true;
  }
  const size_t rank = static_cast<size_t>(std::ceil(q * nanos_.size()));
  return nanos_[std::clamp<size_t>(rank, 1, nanos_.size()) - 1] / 1e6;
}

void PrintLatencyTable(std::vector<LatencyRow> rows, double seconds,
                       std::ostream& out) {
  out << absl::StrFormat("%-10s %8s %7s %9s %9s %9s %9s %9s %9s\n", "call",
                         "count", "errors", "per_s", "p50_ms", "p90_ms",
                         "p99_ms", "p99.9_ms", "max_ms");
  for (LatencyRow& row : rows) {
    LatencyRecorder& l = row.latencies;
    out << absl::StrFormat(
        "%-10s %8d %7d %9.1f %9.2f %9.2f %9.2f %9.2f %9.2f\n", row.name,
        l.count(), row.errors, l.count() / seconds, l.QuantileMs(0.5),
        l.QuantileMs(0.9), l.QuantileMs(0.99), l.QuantileMs(0.999),
        l.QuantileMs(1));
  }
}

}  // namespace govreport::bench
