#ifndef GOVREPORT_COMMON_METRICS_H_
#define GOVREPORT_COMMON_METRICS_H_

// The canonical metrics (data/lexicon/metrics.tsv): the ids that make one
// quantity comparable across reports whatever its phrasing. The extract stage
// tags each quantity with one (common/quantities.cc); the query service finds
// the metric a request names by id or phrase.
//
// Example:
//   const MetricInfo* metric = FindMetricIn("全年新增城镇就业人数", "人");
//   if (metric != nullptr) quantity.set_metric_id(std::string(metric->id));

#include <string_view>
#include <vector>

#include "govreport/v1/records.pb.h"

namespace govreport {

// A canonical metric: a quantity reports commonly state under several
// phrasings ("新增城镇就业", "城镇新增就业" -> urban_new_jobs).
struct MetricInfo {
  // Stable snake_case id, e.g. "urban_new_jobs". Never empty.
  std::string_view id;
  // The usual phrase, e.g. "新增城镇就业".
  std::string_view name;
  // The domain its commitments belong to.
  govreport::v1::Domain domain;
  // The base unit its values use, e.g. "人".
  std::string_view unit;
  // Every phrase (simplified Chinese) that names this metric; the name is
  // one only when listed.
  std::vector<std::string_view> phrases;
};

// The metric with this id, or nullptr. Thread-safe.
const MetricInfo* FindMetricById(std::string_view id);

// The metric one of whose phrases equals `phrase` (the first in id order
// when several do), or nullptr. Thread-safe.
const MetricInfo* FindMetricByPhrase(std::string_view phrase);

// The metric whose phrase ends last inside `text` (a Chinese noun phrase
// ends with its head: "公办幼儿园托班托额" counts childcare places, not
// kindergartens); among phrases ending together the longest, then the
// first in id order; the first in id order of the metrics that phrase
// names. nullptr when none is found. The metric a quantity's phrase names
// ("全年新增城镇就业人数" -> urban_new_jobs), whatever its unit.
// Thread-safe.
const MetricInfo* FindMetricIn(std::string_view text);

// The metric in unit `unit` that the phrase FindMetricIn(text) picks names
// (a phrase may name a growth rate in % and an amount in 元), or nullptr:
// the canonical metric of a quantity in that unit. Thread-safe.
const MetricInfo* FindMetricIn(std::string_view text, std::string_view unit);

// Every canonical metric (data/lexicon/metrics.tsv), ordered by id.
// Thread-safe.
const std::vector<MetricInfo>& AllMetrics();

}  // namespace govreport

#endif  // GOVREPORT_COMMON_METRICS_H_
