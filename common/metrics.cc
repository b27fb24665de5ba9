#include "common/metrics.h"

namespace govreport {

// Placeholder until the extraction work lands: an empty catalogue.
const std::vector<MetricInfo>& AllMetrics() {
  static const auto* metrics = new std::vector<MetricInfo>();
  return *metrics;
}

const MetricInfo* FindMetricById(std::string_view id) {
  for (const MetricInfo& m : AllMetrics()) {
    if (m.id == id) return &m;
  }
  return nullptr;
}

const MetricInfo* FindMetricByPhrase(std::string_view phrase) {
  for (const MetricInfo& m : AllMetrics()) {
    for (std::string_view p : m.phrases) {
      if (p == phrase) return &m;
    }
  }
  return nullptr;
}

}  // namespace govreport
