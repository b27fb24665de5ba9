#include "bench/latency.h"

#include <algorithm>

#include "absl/strings/str_format.h"

namespace govreport::bench {

void LatencyRecorder::Merge(const LatencyRecorder& other) {
  samples_.insert(samples_.end(), other.samples_.begin(), other.samples_.end());
}

std::string LatencyRecorder::Summary() {
  if (samples_.empty()) return "n=0";
  std::sort(samples_.begin(), samples_.end());
  auto at = [this](double q) {
    size_t i = static_cast<size_t>(q * (samples_.size() - 1));
    return samples_[i] / 1000.0;
  };
  return absl::StrFormat("n=%d p50=%.2fms p90=%.2fms p99=%.2fms p99.9=%.2fms max=%.2fms",
                         samples_.size(), at(0.5), at(0.9), at(0.99), at(0.999),
                         samples_.back() / 1000.0);
}

}  // namespace govreport::bench
