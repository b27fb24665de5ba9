#ifndef GOVREPORT_COMMON_METRICS_H_
#define GOVREPORT_COMMON_METRICS_H_

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
  // Every phrase (simplified Chinese) that names this metric, name included.
  std::vector<std::string_view> phrases;
};

// The metric with this id, or nullptr. Thread-safe.
const MetricInfo* FindMetricById(std::string_view id);

// The metric one of whose phrases equals `phrase`, or nullptr. Thread-safe.
const MetricInfo* FindMetricByPhrase(std::string_view phrase);

// The metric whose phrase ends last inside `text` (a Chinese noun phrase
// ends with its head: "公办幼儿园托班托额" counts childcare places, not
// kindergartens); among phrases ending together the longest, then the
// first in id order. nullptr when none is found. The metric a quantity's
// phrase names ("全年新增城镇就业人数" -> urban_new_jobs). Thread-safe.
const MetricInfo* FindMetricIn(std::string_view text);

// Every canonical metric, ordered by id. Thread-safe.
const std::vector<MetricInfo>& AllMetrics();

}  // namespace govreport

#endif  // GOVREPORT_COMMON_METRICS_H_
