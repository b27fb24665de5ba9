#include "query_service/commitment_plan.h"

#include <algorithm>
#include <cmath>
#include <tuple>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/metrics.h"
#include "common/string_view.h"
#include "store/keys.h"

namespace govreport {
namespace {

constexpr int kMaxYear = 9999;

}  // namespace

std::string PrefixSuccessor(std::string prefix) {
  while (!prefix.empty()) {
    unsigned char last = static_cast<unsigned char>(prefix.back());
    if (last != 0xFF) {
      prefix.back() = static_cast<char>(last + 1);
      return prefix;
    }
    prefix.pop_back();
  }
  return prefix;
}

namespace {

absl::Status CheckString(const std::string& value, const char* field,
                         const FilterLimits& limits) {
  if (static_cast<int>(value.size()) > limits.max_string_bytes) {
    return absl::InvalidArgumentError(
        absl::StrCat("filter.", field, " is ", value.size(),
                     " bytes, over the limit of ", limits.max_string_bytes));
  }
  return absl::OkStatus();
}

// True when the filter has no condition left: every commitment passes.
bool IsUnconstrained(const ResolvedFilter& f) {
  return !f.district_constrained && f.metrics.empty() && f.domains.empty() &&
         f.year_from == 0 && f.year_to == 0 && f.kind == v1::KIND_UNSPECIFIED &&
         f.comparator == v1::COMPARATOR_UNSPECIFIED && !f.min_value &&
         !f.max_value && !f.quantified_only && f.text_contains.empty() &&
         f.report_id.empty() && f.levels.empty();
}

bool QuantityMatches(const ResolvedFilter& f, const v1::Quantity& q) {
  if (!f.metrics.empty() &&
      std::find(f.metrics.begin(), f.metrics.end(), keys::MetricIndexName(q)) ==
          f.metrics.end()) {
    return false;
  }
  if (f.comparator != v1::COMPARATOR_UNSPECIFIED &&
      q.comparator() != f.comparator) {
    return false;
  }
  if (f.min_value && q.value() < *f.min_value) return false;
  if (f.max_value && q.value() > *f.max_value) return false;
  return true;
}

}  // namespace

std::vector<std::string> MetricIndexNames(const std::string& metric) {
  std::vector<std::string> names = {metric};
  if (FindMetricById(metric) == nullptr) {
    if (const MetricInfo* info = FindMetricByPhrase(metric)) {
      names.emplace_back(info->id);
    }
  }
  std::sort(names.begin(), names.end());
  return names;
}

absl::Status CheckYearRange(int year_from, int year_to) {
  if (year_from < 0 || year_from > kMaxYear || year_to < 0 ||
      year_to > kMaxYear) {
    return absl::InvalidArgumentError("years must be between 0 and 9999");
  }
  if (year_from != 0 && year_to != 0 && year_from > year_to) {
    return absl::InvalidArgumentError(
        absl::StrCat("year_from ", year_from, " is after year_to ", year_to));
  }
  return absl::OkStatus();
}

ScanRange YearRange(keys::ColumnFamily cf, const std::string& prefix,
                    int year_from, int year_to) {
  ScanRange range{cf, prefix, ""};
  keys::AppendBigEndian16(static_cast<uint16_t>(year_from), &range.begin);
  if (year_to != 0) {
    range.end = prefix;
    keys::AppendBigEndian16(static_cast<uint16_t>(year_to + 1), &range.end);
  } else {
    range.end = PrefixSuccessor(prefix);
  }
  return range;
}

absl::StatusOr<std::optional<std::vector<std::string>>> ResolveDistrictCodes(
    const google::protobuf::RepeatedPtrField<std::string>& districts,
    const std::string& city, const std::string& province,
    const Gazetteer& gazetteer, const absl::flat_hash_set<int>& levels) {
  if (districts.empty() && city.empty() && province.empty()) {
    return std::optional<std::vector<std::string>>();
  }
  std::vector<v1::District> candidates;
  if (districts.empty()) {
    candidates = gazetteer.districts();
  } else {
    for (const std::string& d : districts) {
      absl::StatusOr<v1::District> resolved = gazetteer.Resolve(d);
      if (!resolved.ok()) {
        return absl::InvalidArgumentError(
            absl::StrCat("filter.districts: ", resolved.status().message()));
      }
      candidates.push_back(*std::move(resolved));
    }
  }
  auto keep = [&](const v1::District& d) {
    return (city.empty() || Gazetteer::MatchesCity(d, city)) &&
           (province.empty() || Gazetteer::MatchesProvince(d, province));
  };
  std::vector<std::string> codes;
  for (const v1::District& d : candidates) {
    if (keep(d)) codes.push_back(d.code());
  }
  // A city or province that names nothing is a typo, not an empty answer.
  const auto& all = gazetteer.districts();
  if (!city.empty() &&
      std::none_of(all.begin(), all.end(), [&](const v1::District& d) {
        return Gazetteer::MatchesCity(d, city);
      })) {
    return absl::InvalidArgumentError(
        absl::StrCat("unknown city \"", city,
                     "\": give a prefecture-level city such as "
                     "青岛市 or 青岛"));
  }
  if (!province.empty() &&
      std::none_of(all.begin(), all.end(), [&](const v1::District& d) {
        return Gazetteer::MatchesProvince(d, province);
      })) {
    return absl::InvalidArgumentError(
        absl::StrCat("unknown province \"", province,
                     "\": give a province such as "
                     "山东省 or 山东"));
  }
  if (districts.empty()) {
    for (std::string& code : gazetteer.HigherUnitCodes(city, province)) {
      codes.push_back(std::move(code));
    }
  }
  if (!levels.empty()) {
    codes.erase(
        std::remove_if(codes.begin(), codes.end(),
                       [&](const std::string& code) {
                         return !levels.contains(Gazetteer::LevelOfCode(code));
                       }),
        codes.end());
  }
  std::sort(codes.begin(), codes.end());
  codes.erase(std::unique(codes.begin(), codes.end()), codes.end());
  return std::optional<std::vector<std::string>>(std::move(codes));
}

absl::StatusOr<absl::flat_hash_set<int>> ResolveLevels(
    const google::protobuf::RepeatedField<int>& levels,
    std::string_view field) {
  absl::flat_hash_set<int> resolved;
  for (int level : levels) {
    if (!v1::ReportLevel_IsValid(level)) {
      return absl::InvalidArgumentError(absl::StrCat(
          AsAbsl(field), ": ", level,
          " is not a level (REPORT_LEVEL_COUNTY, _CITY or _PROVINCE)"));
    }
    resolved.insert(level);
  }
  return resolved;
}

absl::StatusOr<CommitmentPlan> PlanCommitmentQuery(
    const v1::CommitmentFilter& filter, const Gazetteer& gazetteer,
    const FilterLimits& limits) {
  if (filter.districts_size() > limits.max_values ||
      filter.domains_size() > limits.max_values) {
    return absl::InvalidArgumentError(
        absl::StrCat("a filter may list at most ", limits.max_values,
                     " districts and ", limits.max_values, " domains"));
  }
  for (const std::string& d : filter.districts()) {
    if (absl::Status s = CheckString(d, "districts", limits); !s.ok()) return s;
  }
  for (const auto& [value, field] : {std::pair{&filter.city(), "city"},
                                     {&filter.province(), "province"},
                                     {&filter.metric(), "metric"},
                                     {&filter.text_contains(), "text_contains"},
                                     {&filter.report_id(), "report_id"}}) {
    if (absl::Status s = CheckString(*value, field, limits); !s.ok()) return s;
  }
  if (absl::Status s = CheckYearRange(filter.year_from(), filter.year_to());
      !s.ok()) {
    return s;
  }
  for (int d : filter.domains()) {
    if (!v1::Domain_IsValid(d) || d == v1::DOMAIN_UNSPECIFIED) {
      return absl::InvalidArgumentError(
          absl::StrCat("filter.domains: ", d, " is not a domain"));
    }
  }
  if (!v1::Kind_IsValid(filter.kind())) {
    return absl::InvalidArgumentError(
        absl::StrCat("filter.kind: ", filter.kind(), " is not a kind"));
  }
  if (!v1::Comparator_IsValid(filter.comparator())) {
    return absl::InvalidArgumentError(absl::StrCat(
        "filter.comparator: ", filter.comparator(), " is not a comparator"));
  }
  for (const auto& [set, value, field] :
       {std::tuple{filter.has_min_value(), filter.min_value(), "min_value"},
        std::tuple{filter.has_max_value(), filter.max_value(), "max_value"}}) {
    if (set && std::isnan(value)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "filter.", field, " is NaN; give a number or leave it unset"));
    }
  }
  if (filter.has_min_value() && filter.has_max_value() &&
      filter.min_value() > filter.max_value()) {
    return absl::InvalidArgumentError(
        "filter.min_value is greater than filter.max_value");
  }

  absl::StatusOr<absl::flat_hash_set<int>> levels =
      ResolveLevels(filter.levels(), "filter.levels");
  if (!levels.ok()) return levels.status();

  CommitmentPlan plan;
  ResolvedFilter& f = plan.filter;
  f.levels = *levels;
  absl::StatusOr<std::optional<std::vector<std::string>>> codes =
      ResolveDistrictCodes(filter.districts(), filter.city(), filter.province(),
                           gazetteer, f.levels);
  if (!codes.ok()) return codes.status();
  if (codes->has_value()) {
    f.district_constrained = true;
    f.district_codes.insert((*codes)->begin(), (*codes)->end());
  }
  if (!filter.metric().empty()) f.metrics = MetricIndexNames(filter.metric());
  f.domains.insert(filter.domains().begin(), filter.domains().end());
  f.year_from = filter.year_from();
  f.year_to = filter.year_to();
  f.kind = filter.kind();
  f.comparator = filter.comparator();
  if (filter.has_min_value()) f.min_value = filter.min_value();
  if (filter.has_max_value()) f.max_value = filter.max_value();
  f.quantified_only = filter.quantified_only();
  f.text_contains = filter.text_contains();
  f.report_id = filter.report_id();

  // What the chosen index's ranges guarantee is cleared from `residual`;
  // when nothing remains, the ranges answer the filter whole.
  ResolvedFilter residual = f;
  if (!f.report_id.empty()) {
    residual.report_id.clear();
    plan.index = keys::ColumnFamily::kCommitments;
    std::string prefix = keys::CommitmentPrefix(f.report_id);
    plan.ranges.push_back(
        {keys::ColumnFamily::kCommitments, prefix, PrefixSuccessor(prefix)});
  } else if (f.district_constrained) {
    // The codes kept are of the levels wanted (a code says its level).
    residual.district_constrained = false;
    residual.district_codes.clear();
    residual.levels.clear();
    residual.year_from = residual.year_to = 0;
    plan.index = keys::ColumnFamily::kByDistrict;
    for (const std::string& code : **codes) {
      plan.ranges.push_back(YearRange(keys::ColumnFamily::kByDistrict,
                                      keys::DistrictPrefix(code), f.year_from,
                                      f.year_to));
    }
  } else if (!f.metrics.empty()) {
    // A comparator or value range left in the residual is checked with
    // the metric on the same quantity (MatchesFilter on the whole filter).
    residual.metrics.clear();
    residual.year_from = residual.year_to = 0;
    plan.index = keys::ColumnFamily::kByMetric;
    for (const std::string& metric : f.metrics) {
      plan.ranges.push_back(YearRange(keys::ColumnFamily::kByMetric,
                                      keys::MetricPrefix(metric), f.year_from,
                                      f.year_to));
    }
  } else if (!keys::TextBigrams(f.text_contains).empty()) {
    // The bigram index names reports, not commitments: the engine reads
    // the reports holding the phrase's rarest bigram (QueryEngine::
    // TextMatches), so there are no key ranges to scan here.
    plan.index = keys::ColumnFamily::kByBigram;
  } else if (!f.domains.empty() || f.year_from != 0 || f.year_to != 0) {
    residual.domains.clear();
    residual.year_from = residual.year_to = 0;
    plan.index = keys::ColumnFamily::kByDomain;
    std::vector<int> domains(filter.domains().begin(), filter.domains().end());
    if (domains.empty()) {
      for (int d = 0; d <= v1::Domain_MAX; ++d) domains.push_back(d);
    }
    std::sort(domains.begin(), domains.end());
    domains.erase(std::unique(domains.begin(), domains.end()), domains.end());
    for (int d : domains) {
      plan.ranges.push_back(
          YearRange(keys::ColumnFamily::kByDomain,
                    keys::DomainPrefix(static_cast<v1::Domain>(d)), f.year_from,
                    f.year_to));
    }
  } else {
    plan.index = keys::ColumnFamily::kCommitments;
    plan.ranges.push_back({keys::ColumnFamily::kCommitments, "", ""});
  }
  plan.ranges_answer_filter = IsUnconstrained(residual);
  return plan;
}

bool MatchesFilter(const ResolvedFilter& f, const v1::Commitment& c) {
  if (f.district_constrained &&
      !f.district_codes.contains(AsAbsl(keys::DistrictKeyCode(c.district())))) {
    return false;
  }
  if (!f.domains.empty() && !f.domains.contains(c.domain())) return false;
  if (!f.levels.empty() && !f.levels.contains(c.level())) return false;
  if (f.year_from != 0 && c.year() < f.year_from) return false;
  if (f.year_to != 0 && c.year() > f.year_to) return false;
  if (f.kind != v1::KIND_UNSPECIFIED && c.kind() != f.kind) return false;
  if (!f.report_id.empty() && c.report_id() != f.report_id) return false;
  if (f.quantified_only && c.quantities().empty()) return false;
  if (!f.text_contains.empty() &&
      !absl::StrContains(c.sentence(), f.text_contains)) {
    return false;
  }
  const bool quantity_condition =
      !f.metrics.empty() || f.comparator != v1::COMPARATOR_UNSPECIFIED ||
      f.min_value.has_value() || f.max_value.has_value();
  if (quantity_condition &&
      std::none_of(
          c.quantities().begin(), c.quantities().end(),
          [&f](const v1::Quantity& q) { return QuantityMatches(f, q); })) {
    return false;
  }
  return true;
}

}  // namespace govreport
