#ifndef GOVREPORT_QUERY_SERVICE_COMMITMENT_PLAN_H_
#define GOVREPORT_QUERY_SERVICE_COMMITMENT_PLAN_H_

// The query planner of ListCommitments and StreamCommitments: a
// CommitmentFilter checked, resolved against the gazetteer and the metric
// catalogue, and turned into key ranges of one index (store/keys.h) plus the
// per-candidate checks. QueryEngine runs the plan over a ReportReader.
//
// Example:
//   absl::StatusOr<CommitmentPlan> plan =
//       PlanCommitmentQuery(request.filter(), Gazetteer::Default(), limits);
//   if (!plan.ok()) return plan.status();  // InvalidArgument

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "common/gazetteer.h"
#include "govreport/v1/query.pb.h"
#include "store/keys.h"

namespace govreport {

// A key range [begin, end) of one column family; an empty end is open.
struct ScanRange {
  keys::ColumnFamily cf = keys::ColumnFamily::kCommitments;
  std::string begin;
  std::string end;
};

// A commitment filter checked and resolved against the gazetteer and the
// metric catalogue: what MatchesFilter tests each candidate against.
struct ResolvedFilter {
  // District codes a commitment must have; only when district_constrained.
  absl::flat_hash_set<std::string> district_codes;
  bool district_constrained = false;
  // The by_metric index names a quantity may have (see MetricIndexNames);
  // empty for any metric.
  std::vector<std::string> metrics;
  absl::flat_hash_set<int> domains;
  int year_from = 0;  // 0: open
  int year_to = 0;    // 0: open
  govreport::v1::Kind kind = govreport::v1::KIND_UNSPECIFIED;
  govreport::v1::Comparator comparator = govreport::v1::COMPARATOR_UNSPECIFIED;
  std::optional<double> min_value;
  std::optional<double> max_value;
  bool quantified_only = false;
  std::string text_contains;
  std::string report_id;
  // Report levels a commitment may be of; empty for any.
  absl::flat_hash_set<int> levels;
};

// How a commitment query runs: the ranges of one index to scan, in order,
// and the filter every candidate is checked against.
struct CommitmentPlan {
  // The column family the ranges scan (an index, or commitments itself).
  keys::ColumnFamily index = keys::ColumnFamily::kCommitments;
  std::vector<ScanRange> ranges;
  ResolvedFilter filter;
  // True when every entry in the ranges passes the filter (the index keys
  // hold all its conditions, as with a district and year), so candidates
  // need not be parsed and checked.
  bool ranges_answer_filter = false;
};

// Limits on the size of a filter, so a request cannot make the plan huge.
struct FilterLimits {
  // Most values of a repeated field (districts, domains).
  int max_values = 100;
  // Longest string field, in bytes.
  int max_string_bytes = 256;
};

// Checks a filter and chooses its index. The most selective index the
// filter allows wins, in this order: one report (its commitments); districts
// (given, or all of a city or province: one range per district and year
// span); a metric; text (the reports holding its rarest character bigram,
// with no ranges: the engine reads those reports);
// domains; a year span alone (every domain's year ranges); nothing (all
// commitments). Every other field is checked per candidate, unless the
// filter has none (ranges_answer_filter).
//
// InvalidArgument, naming the field, for: unknown or ambiguous districts,
// unknown cities or provinces, unknown enum numbers, inverted ranges,
// values over the limits.
absl::StatusOr<CommitmentPlan> PlanCommitmentQuery(
    const govreport::v1::CommitmentFilter& filter, const Gazetteer& gazetteer,
    const FilterLimits& limits);

// True when the commitment passes every condition of the filter.
bool MatchesFilter(const ResolvedFilter& filter,
                   const govreport::v1::Commitment& commitment);

// The district codes of a districts/city/province selection: each of
// `districts` resolved, narrowed to the city and province when given; or,
// when `districts` is empty, all districts of the city and province with the
// city's or province's own codes (their reports: Gazetteer::HigherUnitCodes).
// Codes of a level `levels` leaves out are dropped (empty: every level).
// nullopt when the selection is empty (no constraint). Errors as
// PlanCommitmentQuery.
absl::StatusOr<std::optional<std::vector<std::string>>> ResolveDistrictCodes(
    const google::protobuf::RepeatedPtrField<std::string>& districts,
    const std::string& city, const std::string& province,
    const Gazetteer& gazetteer, const absl::flat_hash_set<int>& levels = {});

// The levels of a request, checked: InvalidArgument naming `field` for a
// value that is no ReportLevel.
absl::StatusOr<absl::flat_hash_set<int>> ResolveLevels(
    const google::protobuf::RepeatedField<int>& levels, std::string_view field);

// The by_metric index names a requested metric stands for, sorted: a
// canonical id as such; a phrase of a canonical metric as its id and as
// written (records made without the catalogue carry the phrase); any other
// phrase as written.
std::vector<std::string> MetricIndexNames(const std::string& metric);

// The smallest key greater than every key with `prefix`; empty when there
// is none (the prefix is all 0xFF).
std::string PrefixSuccessor(std::string prefix);

// Ranges of one index prefix restricted to [year_from, year_to] (0 = open).
ScanRange YearRange(keys::ColumnFamily cf, const std::string& prefix,
                    int year_from, int year_to);

// The year bounds of a request: InvalidArgument when out of 0-9999 or
// inverted.
absl::Status CheckYearRange(int year_from, int year_to);

}  // namespace govreport

#endif  // GOVREPORT_QUERY_SERVICE_COMMITMENT_PLAN_H_
