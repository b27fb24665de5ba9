#include "query_service/query_engine.h"

#include <algorithm>
#include <map>
#include <set>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/metrics.h"
#include "common/string_view.h"
#include "query_service/page_token.h"
#include "query_service/text_search.h"
#include "store/keys.h"

namespace govreport {
namespace {

// The most index entries resolved to commitments with one MultiGet.
constexpr size_t kMaxFetchBatch = 128;

// One index entry seen by a paged scan.
struct ScannedEntry {
  std::string key;
  std::string value;
};

// Runs the ranges of a plan from a cursor, handing batches of entries to
// `consume`, which returns how many of them it used (fewer than given when
// its page is full) and may move the values of those it used, never keys.
// Returns the cursor to resume at, or nullopt when the ranges are exhausted.
//
// The first batch holds one entry more than a page: when every entry
// matches, as with a filter the index answers whole, the page costs one
// extra lookup rather than a full batch, and the extra entry tells whether
// another page follows. Batches then double, since filters are rejecting.
absl::StatusOr<std::optional<PageCursor>> PagedScan(
    const ReportReader& reader, const std::vector<ScanRange>& ranges,
    PageCursor cursor, int page_size, int max_examined,
    const std::function<absl::StatusOr<size_t>(std::vector<ScannedEntry>&)>&
        consume) {
  int examined = 0;
  size_t batch_limit =
      std::min(kMaxFetchBatch, static_cast<size_t>(page_size) + 1);
  for (uint32_t r = cursor.range; r < ranges.size(); ++r) {
    const ScanRange& range = ranges[r];
    // The last key consumed in this range; empty for none yet.
    std::string last_key = r == cursor.range ? cursor.last_key : "";
    while (true) {
      std::string begin = range.begin;
      if (!last_key.empty()) {
        begin = last_key;
        begin.push_back('\0');  // the smallest key after last_key
      }
      std::vector<ScannedEntry> batch;
      absl::Status scanned = reader.Scan(
          range.cf, begin, range.end,
          [&batch, batch_limit](std::string_view key, std::string_view value) {
            batch.push_back({std::string(key), std::string(value)});
            return batch.size() < batch_limit;
          });
      if (!scanned.ok()) return scanned;
      if (batch.empty()) break;
      absl::StatusOr<size_t> used = consume(batch);
      if (!used.ok()) return used.status();
      examined += static_cast<int>(*used);
      if (*used > 0) last_key = batch[*used - 1].key;
      if (*used < batch.size() || examined >= max_examined) {
        return PageCursor{r, last_key};
      }
      if (batch.size() < batch_limit) break;
      batch_limit = std::min(kMaxFetchBatch, 2 * batch_limit);
    }
  }
  return std::optional<PageCursor>();
}

// Clears what REPORT_VIEW_BASIC leaves out.
void ToBasicView(v1::Report* report) {
  report->clear_text();
  report->clear_sections();
  report->clear_original_content();
}

}  // namespace

absl::Status QueryLimits::Validate() const {
  if (default_page_size < 1 || max_page_size < default_page_size) {
    return absl::InvalidArgumentError(
        "page sizes must satisfy 1 <= default_page_size <= max_page_size");
  }
  if (max_examined_per_page < max_page_size) {
    return absl::InvalidArgumentError(
        "max_examined_per_page must be at least max_page_size");
  }
  return absl::OkStatus();
}

QueryEngine::QueryEngine(const QueryLimits& limits, const Gazetteer& gazetteer,
                         PageTokenKey page_token_key)
    : limits_(limits),
      gazetteer_(gazetteer),
      page_token_key_(std::move(page_token_key)),
      row_districts_(gazetteer) {}

absl::StatusOr<int> QueryEngine::EffectivePageSize(int requested) const {
  if (requested < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("page_size must not be negative; 0 means the default of ",
                     limits_.default_page_size));
  }
  if (requested == 0) return limits_.default_page_size;
  return std::min(requested, limits_.max_page_size);
}

absl::StatusOr<CommitmentPage> QueryEngine::ListCommitments(
    const ReportReader& reader,
    const v1::ListCommitmentsRequest& request) const {
  absl::StatusOr<CommitmentPlan> plan =
      PlanCommitmentQuery(request.filter(), gazetteer_, limits_.filter);
  if (!plan.ok()) return plan.status();
  absl::StatusOr<PageRequest> requested =
      ReadPage(request, std::max<size_t>(1, plan->ranges.size()));
  if (!requested.ok()) return requested.status();
  CommitmentPage page;
  const size_t page_limit = static_cast<size_t>(requested->size);

  if (plan->index == keys::ColumnFamily::kByBigram) {
    // Text alone: the matches come in commitment-key order; a page resumes
    // after the last key it returned.
    TextMatchOrder order;
    order.after = requested->cursor.last_key;
    order.enough = requested->size + 1;
    absl::StatusOr<std::vector<TextMatch>> matches =
        FindTextMatches(reader, plan->filter.text_contains, plan->filter, order,
                        limits_.max_examined_per_page);
    if (!matches.ok()) return matches.status();
    std::string last_returned;
    for (const TextMatch& match : *matches) {
      if (page.commitments.size() >= page_limit) {
        page.next_page_token = requested->NextPageToken(
            page_token_key_, PageCursor{0, last_returned});
        break;
      }
      last_returned = match.sort_key;
      page.commitments.push_back(match.commitment.SerializeAsString());
    }
    return page;
  }
  // by_metric entries hold their commitments whole, as the commitments
  // family does; the other indexes name them.
  const bool scans_commitments =
      plan->index == keys::ColumnFamily::kCommitments ||
      plan->index == keys::ColumnFamily::kByMetric;
  // Reused for every candidate the filter must check, so that its strings
  // keep their capacity.
  v1::Commitment candidate;
  auto add_if_matching = [&](std::string serialized) -> absl::Status {
    if (!plan->ranges_answer_filter) {
      if (!candidate.ParseFromString(serialized)) {
        return absl::DataLossError("a stored commitment does not parse");
      }
      if (!MatchesFilter(plan->filter, candidate)) return absl::OkStatus();
    }
    page.commitments.push_back(std::move(serialized));
    return absl::OkStatus();
  };
  auto consume =
      [&](std::vector<ScannedEntry>& batch) -> absl::StatusOr<size_t> {
    std::vector<std::optional<std::string>> values;
    if (!scans_commitments) {
      std::vector<std::string> commitment_keys;
      for (const ScannedEntry& e : batch) {
        std::optional<keys::IndexKey> parts =
            keys::ParseIndexKey(plan->index, e.key);
        if (!parts.has_value()) {
          return absl::DataLossError("an index key does not parse");
        }
        commitment_keys.emplace_back(parts->commitment_key);
      }
      auto fetched = reader.GetCommitmentValues(commitment_keys);
      if (!fetched.ok()) return fetched.status();
      values = *std::move(fetched);
    }
    for (size_t i = 0; i < batch.size(); ++i) {
      if (page.commitments.size() >= page_limit) return i;
      // An index entry whose commitment is gone was deleted meanwhile.
      if (!scans_commitments && !values[i].has_value()) continue;
      absl::Status added =
          add_if_matching(scans_commitments ? std::move(batch[i].value)
                                            : *std::move(values[i]));
      if (!added.ok()) return added;
    }
    return batch.size();
  };
  absl::StatusOr<std::optional<PageCursor>> next =
      PagedScan(reader, plan->ranges, requested->cursor, requested->size,
                limits_.max_examined_per_page, consume);
  if (!next.ok()) return next.status();
  if (next->has_value()) {
    page.next_page_token = requested->NextPageToken(page_token_key_, **next);
  }
  return page;
}

absl::StatusOr<v1::Report> QueryEngine::GetReport(
    const ReportReader& reader, const v1::GetReportRequest& request) const {
  if (request.report_id().empty()) {
    return absl::InvalidArgumentError("report_id is required");
  }
  if (!v1::ReportView_IsValid(request.view())) {
    return absl::InvalidArgumentError(
        absl::StrCat("view: ", request.view(), " is not a report view"));
  }
  absl::StatusOr<v1::Report> report = reader.GetReport(
      request.report_id(), request.view() == v1::REPORT_VIEW_FULL);
  if (report.ok() && request.view() == v1::REPORT_VIEW_BASIC) {
    ToBasicView(&*report);
  }
  return report;
}

absl::StatusOr<v1::ListReportsResponse> QueryEngine::ListReports(
    const ReportReader& reader, const v1::ListReportsRequest& request) const {
  if (request.districts_size() > limits_.filter.max_values) {
    return absl::InvalidArgumentError(absl::StrCat(
        "districts may list at most ", limits_.filter.max_values, " values"));
  }
  if (absl::Status s = CheckYearRange(request.year_from(), request.year_to());
      !s.ok()) {
    return s;
  }
  absl::StatusOr<absl::flat_hash_set<int>> levels =
      ResolveLevels(request.levels(), "levels");
  if (!levels.ok()) return levels.status();
  absl::StatusOr<std::optional<std::vector<std::string>>> codes =
      ResolveDistrictCodes(request.districts(), "", "", gazetteer_, *levels);
  if (!codes.ok()) return codes.status();
  std::vector<ScanRange> ranges;
  if (codes->has_value()) {
    for (const std::string& code : **codes) {
      ranges.push_back(YearRange(keys::ColumnFamily::kReportsByDistrict, code,
                                 request.year_from(), request.year_to()));
    }
  } else {
    ranges.push_back({keys::ColumnFamily::kReportsByDistrict, "", ""});
  }
  absl::StatusOr<PageRequest> requested = ReadPage(request, ranges.size());
  if (!requested.ok()) return requested.status();

  v1::ListReportsResponse response;
  auto consume =
      [&](const std::vector<ScannedEntry>& batch) -> absl::StatusOr<size_t> {
    for (size_t i = 0; i < batch.size(); ++i) {
      if (response.reports_size() >= requested->size) return i;
      std::optional<keys::IndexKey> parts = keys::ParseIndexKey(
          keys::ColumnFamily::kReportsByDistrict, batch[i].key);
      if (!parts.has_value()) {
        return absl::DataLossError("a report index key does not parse");
      }
      if ((request.year_from() != 0 && parts->year < request.year_from()) ||
          (request.year_to() != 0 && parts->year > request.year_to()) ||
          (!levels->empty() &&
           !levels->contains(Gazetteer::LevelOfCode(parts->district_code)))) {
        continue;
      }
      absl::StatusOr<v1::Report> report =
          reader.GetReport(parts->commitment_key, /*with_content=*/false);
      if (absl::IsNotFound(report.status())) continue;  // deleted meanwhile
      if (!report.ok()) return report.status();
      ToBasicView(&*report);
      *response.add_reports() = *std::move(report);
    }
    return batch.size();
  };
  absl::StatusOr<std::optional<PageCursor>> next =
      PagedScan(reader, ranges, requested->cursor, requested->size,
                limits_.max_examined_per_page, consume);
  if (!next.ok()) return next.status();
  if (next->has_value()) {
    response.set_next_page_token(
        requested->NextPageToken(page_token_key_, **next));
  }
  return response;
}

absl::StatusOr<v1::ListDistrictsResponse> QueryEngine::ListDistricts(
    const ReportReader& reader, const v1::ListDistrictsRequest& request) const {
  if (!v1::ReportLevel_IsValid(request.level())) {
    return absl::InvalidArgumentError(absl::StrCat(
        "level: ", request.level(),
        " is not a level (REPORT_LEVEL_COUNTY, _CITY or _PROVINCE)"));
  }
  const absl::flat_hash_set<int> level = {request.level()};
  absl::StatusOr<std::optional<std::vector<std::string>>> codes =
      ResolveDistrictCodes({}, request.city(), request.province(), gazetteer_,
                           level);
  if (!codes.ok()) return codes.status();
  absl::StatusOr<PageRequest> requested = ReadPage(request);
  if (!requested.ok()) return requested.status();

  // Districts are aggregated from the report index, one entry per report,
  // starting after the last district of the previous page.
  std::map<std::string, v1::DistrictSummary> summaries;
  std::set<std::string> wanted;
  if (codes->has_value()) wanted.insert((*codes)->begin(), (*codes)->end());
  bool more = false;
  std::string begin = requested->cursor.last_key;
  if (!begin.empty()) begin = keys::DistrictPrefix(begin) + "\xff";
  absl::Status parsed = absl::OkStatus();
  absl::Status scanned = reader.Scan(
      keys::ColumnFamily::kReportsByDistrict, begin, "",
      [&](std::string_view key, std::string_view value) {
        std::optional<keys::IndexKey> parts =
            keys::ParseIndexKey(keys::ColumnFamily::kReportsByDistrict, key);
        if (!parts.has_value()) {
          parsed = absl::DataLossError("a report index key does not parse");
          return false;
        }
        std::string code(parts->district_code);
        if (codes->has_value() && !wanted.count(code)) return true;
        // Levels never mix in one listing.
        if (Gazetteer::LevelOfCode(code) != request.level()) return true;
        if (!summaries.count(code) &&
            static_cast<int>(summaries.size()) >= requested->size) {
          more = true;
          return false;
        }
        v1::DistrictSummary& s = summaries[code];
        v1::ReportTally tally;
        if (!keys::ParseReportTally(value, &tally)) {
          parsed = absl::DataLossError("a stored report tally does not parse");
          return false;
        }
        s.set_report_count(s.report_count() + 1);
        s.set_commitment_count(s.commitment_count() + tally.commitment_count());
        const int year = parts->year;
        if (s.years().empty() || s.years(s.years_size() - 1) != year) {
          s.add_years(year);
        }
        return true;
      });
  if (!scanned.ok()) return scanned;
  if (!parsed.ok()) return parsed;
  v1::ListDistrictsResponse response;
  for (auto& [code, summary] : summaries) {
    if (std::optional<v1::District> d = gazetteer_.FindAnyByCode(code)) {
      *summary.mutable_district() = *std::move(d);
    } else {
      summary.mutable_district()->set_code(code);
    }
    summary.set_level(request.level());
    *response.add_districts() = std::move(summary);
  }
  if (more) {
    response.set_next_page_token(requested->NextPageToken(
        page_token_key_, PageCursor{0, summaries.rbegin()->first}));
  }
  return response;
}

absl::StatusOr<v1::ListMetricsResponse> QueryEngine::ListMetrics(
    const ReportReader& reader, const v1::ListMetricsRequest& request) const {
  if (!v1::Domain_IsValid(request.domain())) {
    return absl::InvalidArgumentError(
        absl::StrCat("domain: ", request.domain(), " is not a domain"));
  }
  absl::StatusOr<PageRequest> requested = ReadPage(request);
  if (!requested.ok()) return requested.status();

  struct Tally {
    int64_t quantities = 0;
    std::set<std::string> districts;
    std::map<std::string, int64_t> units;
    std::map<int, int64_t> domains;
  };
  std::map<std::string, Tally> tallies;
  bool more = false;
  std::string begin;
  if (!requested->cursor.last_key.empty()) {
    begin = keys::MetricPrefix(requested->cursor.last_key) + "\xff";
  }
  absl::Status parsed = absl::OkStatus();
  absl::Status scanned = reader.Scan(
      keys::ColumnFamily::kByMetric, begin, "",
      [&](std::string_view key, std::string_view value) {
        std::optional<keys::IndexKey> parts =
            keys::ParseIndexKey(keys::ColumnFamily::kByMetric, key);
        if (!parts.has_value()) {
          parsed = absl::DataLossError("a metric index key does not parse");
          return false;
        }
        std::string name(parts->metric);
        if (!tallies.count(name) &&
            static_cast<int>(tallies.size()) >= requested->size) {
          more = true;
          return false;
        }
        v1::Commitment entry;
        if (!entry.ParseFromArray(value.data(),
                                  static_cast<int>(value.size()))) {
          parsed = absl::DataLossError("a metric index entry does not parse");
          return false;
        }
        if (request.domain() != v1::DOMAIN_UNSPECIFIED &&
            entry.domain() != request.domain()) {
          return true;
        }
        keys::KeepQuantitiesOf(name, &entry);
        Tally& t = tallies[name];
        t.quantities += entry.quantities_size();
        t.districts.insert(std::string(parts->district_code));
        for (const v1::Quantity& q : entry.quantities()) ++t.units[q.unit()];
        ++t.domains[entry.domain()];
        return true;
      });
  if (!scanned.ok()) return scanned;
  if (!parsed.ok()) return parsed;
  v1::ListMetricsResponse response;
  for (auto& [name, tally] : tallies) {
    v1::MetricSummary* m = response.add_metrics();
    const MetricInfo* info = FindMetricById(name);
    m->set_metric_id(info != nullptr ? name : "");
    m->set_name(info != nullptr ? std::string(info->name) : name);
    m->set_domain(static_cast<v1::Domain>(
        std::max_element(
            tally.domains.begin(), tally.domains.end(),
            [](const auto& a, const auto& b) { return a.second < b.second; })
            ->first));
    std::vector<std::pair<int64_t, std::string>> units;
    for (const auto& [unit, count] : tally.units)
      units.emplace_back(-count, unit);
    std::sort(units.begin(), units.end());
    for (const auto& unit : units) m->add_units(unit.second);
    m->set_quantity_count(tally.quantities);
    m->set_district_count(static_cast<int64_t>(tally.districts.size()));
  }
  if (more) {
    response.set_next_page_token(requested->NextPageToken(
        page_token_key_, PageCursor{0, tallies.rbegin()->first}));
  }
  return response;
}

absl::StatusOr<v1::SearchCommitmentsResponse> QueryEngine::SearchCommitments(
    const ReportReader& reader,
    const v1::SearchCommitmentsRequest& request) const {
  absl::StatusOr<PageRequest> requested = ReadPage(request);
  if (!requested.ok()) return requested.status();
  v1::CommitmentFilter filter = request.filter();
  filter.clear_text_contains();
  absl::StatusOr<CommitmentPlan> plan =
      PlanCommitmentQuery(filter, gazetteer_, limits_.filter);
  if (!plan.ok()) return plan.status();
  TextMatchOrder order;
  order.newest_first = true;
  order.after = requested->cursor.last_key;
  order.enough = requested->size + 1;
  absl::StatusOr<std::vector<TextMatch>> matches =
      FindTextMatches(reader, request.text(), plan->filter, order,
                      limits_.max_examined_per_page);
  if (!matches.ok()) return matches.status();

  std::vector<std::pair<std::string, v1::SearchHit>> hits;
  for (TextMatch& match : *matches) {
    v1::SearchHit hit;
    const std::string& sentence = match.commitment.sentence();
    for (size_t at = sentence.find(request.text()); at != std::string::npos;
         at = sentence.find(request.text(), at + 1)) {
      hit.add_match_offsets(static_cast<int>(at));
    }
    *hit.mutable_commitment() = std::move(match.commitment);
    hits.emplace_back(std::move(match.sort_key), std::move(hit));
  }
  v1::SearchCommitmentsResponse response;
  const size_t page_size = static_cast<size_t>(requested->size);
  for (size_t i = 0; i < hits.size() && i < page_size; ++i) {
    *response.add_hits() = std::move(hits[i].second);
  }
  if (hits.size() > page_size) {
    response.set_next_page_token(requested->NextPageToken(
        page_token_key_, PageCursor{0, hits[page_size - 1].first}));
  }
  return response;
}

}  // namespace govreport
