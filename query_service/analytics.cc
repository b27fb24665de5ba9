// QueryEngine's cross-district and cross-year methods: answered from the
// by_metric, by_metric_value, metric_counts and reports_by_district
// indexes.

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <map>
#include <set>
#include <tuple>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/close_matches.h"
#include "common/domains.h"
#include "common/metrics.h"
#include "common/string_view.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/wire_format_lite.h"
#include "query_service/query_engine.h"
#include "store/keys.h"

namespace govreport {
namespace {

constexpr int kMaxMetricsPerYear = 50;

// Metrics suggested for a name that is none.
constexpr size_t kMaxMetricSuggestions = 3;

// True when some by_metric entry is filed under `name`.
absl::StatusOr<bool> IsStoredMetric(const ReportReader& reader,
                                    const std::string& name) {
  const std::string prefix = keys::MetricPrefix(name);
  bool stored = false;
  absl::Status scanned = reader.Scan(
      keys::ColumnFamily::kByMetric, prefix, PrefixSuccessor(prefix),
      [&stored](std::string_view, std::string_view) {
        stored = true;
        return false;
      });
  if (!scanned.ok()) return scanned;
  return stored;
}

// "urban_new_jobs (新增城镇就业), ..." for the catalogue metrics whose id or
// a phrase is close to `metric`, or empty.
std::string SuggestedMetrics(const std::string& metric) {
  std::vector<std::string_view> names;
  std::vector<const MetricInfo*> owners;
  for (const MetricInfo& info : AllMetrics()) {
    names.push_back(info.id);
    owners.push_back(&info);
    for (std::string_view phrase : info.phrases) {
      names.push_back(phrase);
      owners.push_back(&info);
    }
  }
  std::vector<std::string> suggestions;
  std::set<const MetricInfo*> named;
  for (size_t i : CloseMatches(metric, names, names.size())) {
    if (suggestions.size() == kMaxMetricSuggestions) break;
    const MetricInfo* info = owners[i];
    if (!named.insert(info).second) continue;
    suggestions.push_back(
        absl::StrCat(AsAbsl(info->id), " (", AsAbsl(info->name), ")"));
  }
  return absl::StrJoin(suggestions, ", ");
}

// InvalidArgument naming the field for a metric that is neither a catalogue
// id or phrase nor a phrase any stored commitment states (the message
// offers the close catalogue metrics); OK otherwise. A known metric without
// values is no error (like a known district without reports).
absl::Status CheckMetricKnown(const ReportReader& reader,
                              const std::string& metric) {
  if (FindMetricById(metric) != nullptr ||
      FindMetricByPhrase(metric) != nullptr) {
    return absl::OkStatus();
  }
  absl::StatusOr<bool> stored = IsStoredMetric(reader, metric);
  if (!stored.ok()) return stored.status();
  if (*stored) return absl::OkStatus();
  std::string message = absl::StrCat(
      "metric: unknown metric \"", metric,
      "\": neither a canonical id (see ListMetrics) nor a phrase any stored "
      "commitment states");
  if (std::string close = SuggestedMetrics(metric); !close.empty()) {
    absl::StrAppend(&message, "; did you mean ", close, "?");
  }
  return absl::InvalidArgumentError(message);
}

// The index names of a required metric: InvalidArgument naming the field
// when it is empty or unknown (CheckMetricKnown).
absl::StatusOr<std::vector<std::string>> RequiredMetric(
    const ReportReader& reader, const std::string& metric) {
  if (metric.empty()) return absl::InvalidArgumentError("metric is required");
  if (absl::Status known = CheckMetricKnown(reader, metric); !known.ok()) {
    return known;
  }
  return MetricIndexNames(metric);
}

// The canonical id among index names, or empty.
std::string CanonicalIdOf(const std::vector<std::string>& names) {
  for (const std::string& name : names) {
    if (FindMetricById(name) != nullptr) return name;
  }
  return "";
}

// One by_metric entry split into its parts.
struct MetricEntry {
  int year = 0;
  std::string code;
  std::string commitment_key;
  // The commitment with only the metric's quantities.
  v1::Commitment value;
};

// Visits by_metric entries of `metrics` in [year_from, year_to], each
// with only the quantities of the metric it is indexed under.
absl::Status ScanMetric(const ReportReader& reader,
                        const std::vector<std::string>& metrics, int year_from,
                        int year_to,
                        const std::function<void(MetricEntry)>& visit) {
  for (const std::string& metric : metrics) {
    ScanRange range = YearRange(keys::ColumnFamily::kByMetric,
                                keys::MetricPrefix(metric), year_from, year_to);
    absl::Status status = absl::OkStatus();
    absl::Status scanned = reader.Scan(
        range.cf, range.begin, range.end,
        [&](std::string_view key, std::string_view value) {
          std::optional<keys::IndexKey> parts =
              keys::ParseIndexKey(keys::ColumnFamily::kByMetric, key);
          MetricEntry entry;
          if (!parts.has_value() ||
              !entry.value.ParseFromArray(value.data(),
                                          static_cast<int>(value.size()))) {
            status = absl::DataLossError("a by_metric entry does not parse");
            return false;
          }
          entry.year = parts->year;
          entry.code = std::string(parts->district_code);
          entry.commitment_key = std::string(parts->commitment_key);
          keys::KeepQuantitiesOf(metric, &entry.value);
          visit(std::move(entry));
          return true;
        });
    if (!scanned.ok()) return scanned;
    if (!status.ok()) return status;
  }
  return absl::OkStatus();
}

// Fills sentence, report and commitment ids of rows from their commitments.
absl::Status FillFromCommitments(const ReportReader& reader,
                                 const std::vector<std::string>& keys_of_rows,
                                 std::vector<v1::MetricValueRow*> rows) {
  auto commitments = reader.GetCommitments(keys_of_rows);
  if (!commitments.ok()) return commitments.status();
  for (size_t i = 0; i < rows.size(); ++i) {
    const std::optional<v1::Commitment>& c = (*commitments)[i];
    if (!c.has_value()) continue;
    rows[i]->set_sentence(c->sentence());
    rows[i]->set_report_id(c->report_id());
    rows[i]->set_commitment_id(c->id());
  }
  return absl::OkStatus();
}

v1::MetricValueRow RowOf(const MetricEntry& entry, const v1::Quantity& q,
                         const Gazetteer& gazetteer) {
  v1::MetricValueRow row;
  if (std::optional<v1::District> d = gazetteer.FindAnyByCode(entry.code)) {
    *row.mutable_district() = *std::move(d);
  }
  row.set_year(entry.year);
  row.set_value(q.value());
  row.set_unit(q.unit());
  row.set_comparator(q.comparator());
  row.set_kind(entry.value.kind());
  row.set_raw(q.raw());
  return row;
}

template <typename Map>
std::vector<v1::Count> MostFirst(const Map& counts, size_t limit) {
  std::vector<v1::Count> out;
  for (const auto& [name, count] : counts) {
    v1::Count c;
    c.set_name(name);
    c.set_count(count);
    out.push_back(std::move(c));
  }
  std::sort(out.begin(), out.end(), [](const v1::Count& a, const v1::Count& b) {
    return a.count() != b.count() ? a.count() > b.count() : a.name() < b.name();
  });
  if (out.size() > limit) out.resize(limit);
  return out;
}

// The unit a comparison takes: the one asked for, else the most common
// among `unit_counts` (the first in byte order among equally common ones).
std::string ComparisonUnit(const v1::CompareMetricRequest& request,
                           const std::map<std::string, int64_t>& unit_counts) {
  if (!request.unit().empty() || unit_counts.empty()) return request.unit();
  return std::max_element(
             unit_counts.begin(), unit_counts.end(),
             [](const auto& a, const auto& b) { return a.second < b.second; })
      ->first;
}

// CompareMetric for a set of districts: every by_metric entry of the metric
// in the years is read and checked. A district list is short, so this is
// the cheaper plan for it; it is also the reference the value index is
// tested against.
absl::Status RankByScan(const ReportReader& reader,
                        const std::vector<std::string>& metric,
                        const v1::CompareMetricRequest& request,
                        const std::vector<std::string>& codes, int limit,
                        const Gazetteer& gazetteer,
                        v1::CompareMetricResponse* response) {
  const std::set<std::string> wanted(codes.begin(), codes.end());
  std::vector<std::pair<v1::MetricValueRow, std::string>> rows;
  std::map<std::string, int64_t> unit_counts;
  absl::Status scanned = ScanMetric(
      reader, metric, request.year_from(), request.year_to(),
      [&](MetricEntry entry) {
        if (!wanted.count(entry.code)) return;
        // A city's figure never ranks among its counties'.
        if (Gazetteer::LevelOfCode(entry.code) != request.level()) return;
        if (request.kind() != v1::KIND_UNSPECIFIED &&
            entry.value.kind() != request.kind()) {
          return;
        }
        for (const v1::Quantity& q : entry.value.quantities()) {
          ++unit_counts[q.unit()];
          rows.emplace_back(RowOf(entry, q, gazetteer), entry.commitment_key);
        }
      });
  if (!scanned.ok()) return scanned;

  const std::string unit = ComparisonUnit(request, unit_counts);
  response->set_unit(unit);
  auto other_unit = [&unit](const auto& row) {
    return row.first.unit() != unit;
  };
  response->set_other_unit_count(
      static_cast<int>(std::count_if(rows.begin(), rows.end(), other_unit)));
  rows.erase(std::remove_if(rows.begin(), rows.end(), other_unit), rows.end());
  std::stable_sort(rows.begin(), rows.end(), [&](const auto& a, const auto& b) {
    return request.ascending() ? a.first.value() < b.first.value()
                               : a.first.value() > b.first.value();
  });
  if (static_cast<int>(rows.size()) > limit) rows.resize(limit);
  std::vector<std::string> row_keys;
  std::vector<v1::MetricValueRow*> out;
  for (auto& [row, key] : rows) {
    out.push_back(response->add_rows());
    *out.back() = std::move(row);
    row_keys.push_back(key);
  }
  return FillFromCommitments(reader, row_keys, out);
}

// Whether `entry` can be a MetricValueEntry of this version: empty (every
// field at its default) or opening with the tag of one of its fields. The
// tags of the previous format (fields 1-6) are none of these, so an index
// not rebuilt yet is refused rather than sent as rows that do not parse.
bool OpensAsMetricValueEntry(std::string_view entry) {
  using google::protobuf::internal::WireFormatLite;
  using Entry = v1::MetricValueEntry;
  static const uint32_t kTags[] = {
      WireFormatLite::MakeTag(Entry::kValueFieldNumber,
                              WireFormatLite::WIRETYPE_FIXED64),
      WireFormatLite::MakeTag(Entry::kComparatorFieldNumber,
                              WireFormatLite::WIRETYPE_VARINT),
      WireFormatLite::MakeTag(Entry::kReportIdFieldNumber,
                              WireFormatLite::WIRETYPE_LENGTH_DELIMITED),
      WireFormatLite::MakeTag(Entry::kCommitmentIdFieldNumber,
                              WireFormatLite::WIRETYPE_LENGTH_DELIMITED),
      WireFormatLite::MakeTag(Entry::kSentenceFieldNumber,
                              WireFormatLite::WIRETYPE_LENGTH_DELIMITED),
      WireFormatLite::MakeTag(Entry::kRawFieldNumber,
                              WireFormatLite::WIRETYPE_LENGTH_DELIMITED)};
  if (entry.empty()) return true;
  const uint32_t first = static_cast<uint8_t>(entry[0]);  // every tag < 128
  return std::find(std::begin(kTags), std::end(kTags), first) !=
         std::end(kTags);
}

// The year, unit and kind fields of the rows of one value index group,
// encoded.
std::string GroupFields(const keys::MetricGroup& group) {
  v1::MetricValueRow row;
  row.set_year(group.year);
  row.set_unit(group.unit);
  row.set_kind(group.kind);
  return row.SerializeAsString();
}

// Appends one CompareMetricResponse.rows field made of a row's encoded
// parts: the parts are fields of MetricValueRow, so their concatenation is
// the row.
void AppendRow(std::string_view district, std::string_view group_fields,
               std::string_view entry, std::string* encoded_rows) {
  using google::protobuf::internal::WireFormatLite;
  using google::protobuf::io::CodedOutputStream;
  const size_t size = district.size() + group_fields.size() + entry.size();
  uint8_t head[10];  // a tag and a length: two varint32s of 5 bytes at most
  uint8_t* end = CodedOutputStream::WriteTagToArray(
      WireFormatLite::MakeTag(v1::CompareMetricResponse::kRowsFieldNumber,
                              WireFormatLite::WIRETYPE_LENGTH_DELIMITED),
      head);
  end =
      CodedOutputStream::WriteVarint32ToArray(static_cast<uint32_t>(size), end);
  encoded_rows->append(reinterpret_cast<const char*>(head), end - head);
  encoded_rows->append(district.data(), district.size());
  encoded_rows->append(group_fields.data(), group_fields.size());
  encoded_rows->append(entry.data(), entry.size());
}

// An entry read from by_metric_value, with what orders it among equal
// values as RankByScan's stable sort does: index name, year, district
// code, commitment key, quantity. Only the rows kept are sent, each as its
// stored entry behind the encoded district and group fields (AppendRow).
// The bytes of every entry read are in one buffer (RankedRows), where two
// strings a row took a twentieth of a CompareMetric's server CPU.
struct RankedEntry {
  double value = 0;
  size_t group = 0;
  // The key's tail after its group prefix, then the entry, in the buffer.
  size_t begin = 0;
  size_t key_size = 0;
  size_t entry_size = 0;
  // Views into the buffer, taken once it no longer grows.
  keys::MetricValueKeyTail tail;
  std::string_view entry;
};

// The entries read, and the buffer holding their bytes.
class RankedRows final {
 public:
  // Keeps one by_metric_value entry of `value` (its key's tail after the
  // group prefix); false when the key is malformed.
  bool Add(size_t group, std::string_view key_tail, double value,
           std::string_view entry) {
    keys::MetricValueKeyTail tail;
    if (!keys::ParseMetricValueKeyTail(key_tail, &tail)) return false;
    RankedEntry r;
    r.value = value;
    r.group = group;
    r.begin = bytes_.size();
    r.key_size = key_tail.size();
    r.entry_size = entry.size();
    bytes_.append(key_tail.data(), key_tail.size());
    bytes_.append(entry.data(), entry.size());
    rows_.push_back(r);
    return true;
  }

  // The rows, their views set: call once all are added.
  std::vector<RankedEntry>& Read() {
    const std::string_view all(bytes_);
    for (RankedEntry& r : rows_) {
      // Parsed once already: it cannot fail.
      keys::ParseMetricValueKeyTail(all.substr(r.begin, r.key_size), &r.tail);
      r.entry = all.substr(r.begin + r.key_size, r.entry_size);
    }
    return rows_;
  }

  // Bytes of the key tails and entries added.
  size_t bytes() const { return bytes_.size(); }

 private:
  std::vector<RankedEntry> rows_;
  std::string bytes_;
};

// CompareMetric over every district: metric_counts lists the groups
// (year, level, unit, kind) of the metric and counts them, so the unit is
// chosen without reading a row; each group of that unit is ranked by value
// in by_metric_value, so its best rows are the first keys read. A group
// gives its first `limit` rows and those tied with the last of them; the
// groups' rows are then merged.
absl::Status RankFromValueIndex(const ReportReader& reader,
                                const std::vector<std::string>& metric,
                                const v1::CompareMetricRequest& request,
                                int limit, const RowDistricts& districts,
                                v1::CompareMetricResponse* response,
                                std::string* encoded_rows) {
  struct Group {
    size_t name_index;
    keys::MetricGroup group;
  };
  std::vector<Group> groups;
  std::map<std::string, int64_t> unit_counts;
  for (size_t n = 0; n < metric.size(); ++n) {
    const std::string prefix = keys::MetricPrefix(metric[n]);
    ScanRange range = YearRange(keys::ColumnFamily::kMetricCounts, prefix,
                                request.year_from(), request.year_to());
    bool malformed = false;
    absl::Status scanned = reader.Scan(
        range.cf, range.begin, range.end,
        [&](std::string_view key, std::string_view value) {
          Group g{n, {}};
          int64_t count = 0;
          if (!keys::ParseMetricGroup(key.substr(prefix.size()), &g.group) ||
              !keys::DecodeCounter(value, &count)) {
            malformed = true;
            return false;
          }
          if (count <= 0 || g.group.level != request.level() ||
              (request.kind() != v1::KIND_UNSPECIFIED &&
               g.group.kind != request.kind())) {
            return true;
          }
          unit_counts[g.group.unit] += count;
          groups.push_back(std::move(g));
          return true;
        });
    if (!scanned.ok()) return scanned;
    if (malformed) {
      return absl::DataLossError("a metric_counts entry is malformed");
    }
  }
  const std::string unit = ComparisonUnit(request, unit_counts);
  response->set_unit(unit);
  int64_t other = 0;
  for (const auto& [u, count] : unit_counts) {
    if (u != unit) other += count;
  }
  response->set_other_unit_count(static_cast<int>(other));

  RankedRows ranked;
  for (size_t g = 0; g < groups.size(); ++g) {
    if (groups[g].group.unit != unit) continue;
    const std::string prefix =
        keys::MetricGroupPrefix(metric[groups[g].name_index], groups[g].group);
    int taken = 0;
    double last_value = 0;
    bool malformed = false;
    auto visit = [&](std::string_view key, std::string_view entry) {
      const std::string_view key_tail = key.substr(prefix.size());
      double value = 0;
      if (!keys::ValueOfRank(key_tail, &value)) {
        malformed = true;
        return false;
      }
      if (taken >= limit && value != last_value) return false;
      if (!ranked.Add(g, key_tail, value, entry)) {
        malformed = true;
        return false;
      }
      ++taken;
      last_value = value;
      return true;
    };
    const std::string end = PrefixSuccessor(prefix);
    absl::Status scanned =
        request.ascending()
            ? reader.ScanBackward(keys::ColumnFamily::kByMetricValue, prefix,
                                  end, visit)
            : reader.Scan(keys::ColumnFamily::kByMetricValue, prefix, end,
                          visit);
    if (!scanned.ok()) return scanned;
    if (malformed) {
      return absl::DataLossError("a by_metric_value key is malformed");
    }
  }
  std::vector<RankedEntry>& rows = ranked.Read();
  auto before = [&](const RankedEntry& a, const RankedEntry& b) {
    if (a.value != b.value) {
      return request.ascending() ? a.value < b.value : a.value > b.value;
    }
    const Group& ga = groups[a.group];
    const Group& gb = groups[b.group];
    return std::tie(ga.name_index, ga.group.year, a.tail.code,
                    a.tail.commitment_key, a.tail.quantity) <
           std::tie(gb.name_index, gb.group.year, b.tail.code,
                    b.tail.commitment_key, b.tail.quantity);
  };
  // The rows of one group come in the order asked for (but for ties when
  // ascending), so most comparisons, which have one group, need no sort.
  const size_t keep = std::min(rows.size(), static_cast<size_t>(limit));
  if (!std::is_sorted(rows.begin(), rows.end(), before)) {
    std::partial_sort(rows.begin(), rows.begin() + keep, rows.end(), before);
  }
  std::vector<std::string> group_fields(groups.size());
  // About the rows' size (the key tails and the rows not kept count in
  // place of their districts and group fields), so that they grow once.
  encoded_rows->reserve(encoded_rows->size() + ranked.bytes());
  for (size_t i = 0; i < keep; ++i) {
    const RankedEntry& r = rows[i];
    if (!OpensAsMetricValueEntry(r.entry)) {
      return absl::DataLossError(
          "a by_metric_value entry is not of this version's format: the "
          "ingest server of this version rebuilds the metric indexes when "
          "it opens the database");
    }
    std::string& fields = group_fields[r.group];
    if (fields.empty()) fields = GroupFields(groups[r.group].group);
    AppendRow(districts.FieldOf(r.tail.code), fields, r.entry, encoded_rows);
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<v1::CompareMetricResponse> QueryEngine::CompareMetric(
    const ReportReader& reader, const v1::CompareMetricRequest& request) const {
  absl::StatusOr<std::string> encoded = EncodedCompareMetric(reader, request);
  if (!encoded.ok()) return encoded.status();
  v1::CompareMetricResponse response;
  if (!response.ParseFromString(*encoded)) {
    return absl::DataLossError("a by_metric_value entry does not parse");
  }
  return response;
}

absl::StatusOr<std::string> QueryEngine::EncodedCompareMetric(
    const ReportReader& reader, const v1::CompareMetricRequest& request) const {
  // Whether the metric is known is asked only when it has no rows: a
  // metric with rows is stored, and the check is a read of its own.
  if (request.metric().empty()) {
    return absl::InvalidArgumentError("metric is required");
  }
  const std::vector<std::string> metric = MetricIndexNames(request.metric());
  if (absl::Status s = CheckYearRange(request.year_from(), request.year_to());
      !s.ok()) {
    return s;
  }
  if (!v1::Kind_IsValid(request.kind())) {
    return absl::InvalidArgumentError("kind is not a kind");
  }
  if (request.limit() < 0) {
    return absl::InvalidArgumentError("limit must not be negative");
  }
  if (!v1::ReportLevel_IsValid(request.level())) {
    return absl::InvalidArgumentError(absl::StrCat(
        "level: ", request.level(),
        " is not a level (REPORT_LEVEL_COUNTY, _CITY or _PROVINCE)"));
  }
  absl::StatusOr<int> limit = EffectivePageSize(request.limit());
  if (!limit.ok()) return limit.status();
  absl::StatusOr<std::optional<std::vector<std::string>>> codes =
      ResolveDistrictCodes(request.districts(), request.city(),
                           request.province(), gazetteer_, {request.level()});
  if (!codes.ok()) return codes.status();

  v1::CompareMetricResponse response;
  response.set_metric_id(CanonicalIdOf(metric));
  std::string encoded_rows;
  absl::Status ranked =
      codes->has_value()
          ? RankByScan(reader, metric, request, **codes, *limit, gazetteer_,
                       &response)
          : RankFromValueIndex(reader, metric, request, *limit, row_districts_,
                               &response, &encoded_rows);
  if (!ranked.ok()) return ranked;
  if (response.rows_size() == 0 && encoded_rows.empty() &&
      response.other_unit_count() == 0) {
    if (absl::Status known = CheckMetricKnown(reader, request.metric());
        !known.ok()) {
      return known;
    }
  }
  // The rows field after the others: a parser takes fields in any order.
  return response.SerializeAsString() + encoded_rows;
}

absl::StatusOr<v1::TrackMetricResponse> QueryEngine::TrackMetric(
    const ReportReader& reader, const v1::TrackMetricRequest& request) const {
  if (request.district().empty()) {
    return absl::InvalidArgumentError("district is required");
  }
  absl::StatusOr<v1::District> district =
      gazetteer_.Resolve(request.district());
  if (!district.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("district: ", district.status().message()));
  }
  absl::StatusOr<std::vector<std::string>> metric =
      RequiredMetric(reader, request.metric());
  if (!metric.ok()) return metric.status();
  if (absl::Status s = CheckYearRange(request.year_from(), request.year_to());
      !s.ok()) {
    return s;
  }
  // Achievements for year N are in the report of year N + 1.
  const int scan_to = request.year_to() == 0 ? 0 : request.year_to() + 1;
  std::map<int, v1::TrackPoint> points;
  std::vector<std::string> row_keys;
  std::vector<std::pair<int, bool>> row_slots;  // (year, is_target)
  absl::Status scanned = ScanMetric(
      reader, *metric, request.year_from(), scan_to, [&](MetricEntry entry) {
        if (entry.code != district->code()) return;
        const bool target = entry.value.kind() != v1::KIND_ACHIEVEMENT;
        const int year = target ? entry.year : entry.year - 1;
        if ((request.year_from() != 0 && year < request.year_from()) ||
            (request.year_to() != 0 && year > request.year_to())) {
          return;
        }
        for (const v1::Quantity& q : entry.value.quantities()) {
          v1::TrackPoint& point = points[year];
          point.set_year(year);
          *(target ? point.add_targets() : point.add_achievements()) =
              RowOf(entry, q, gazetteer_);
          row_keys.push_back(entry.commitment_key);
          row_slots.emplace_back(year, target);
        }
      });
  if (!scanned.ok()) return scanned;

  v1::TrackMetricResponse response;
  *response.mutable_district() = *district;
  response.set_metric_id(CanonicalIdOf(*metric));
  std::map<std::pair<int, bool>, int> next_slot;
  std::vector<v1::MetricValueRow*> rows;
  for (const auto& slot : row_slots) {
    v1::TrackPoint& point = points[slot.first];
    int i = next_slot[slot]++;
    rows.push_back(slot.second ? point.mutable_targets(i)
                               : point.mutable_achievements(i));
  }
  if (absl::Status s = FillFromCommitments(reader, row_keys, rows); !s.ok()) {
    return s;
  }
  for (auto& [year, point] : points) {
    if (!point.targets().empty() && !point.achievements().empty()) {
      const v1::MetricValueRow& target = point.targets(0);
      for (const v1::MetricValueRow& achieved : point.achievements()) {
        if (achieved.unit() == target.unit() && target.value() != 0) {
          point.set_ratio(achieved.value() / target.value());
          point.set_has_ratio(true);
          break;
        }
      }
    }
    *response.add_points() = std::move(point);
  }
  return response;
}

absl::StatusOr<v1::SummarizeCommitmentsResponse>
QueryEngine::SummarizeCommitments(
    const ReportReader& reader,
    const v1::SummarizeCommitmentsRequest& request) const {
  const int scopes = !request.district().empty() + !request.city().empty() +
                     !request.province().empty();
  if (scopes > 1) {
    return absl::InvalidArgumentError(
        "give at most one of district, city and province");
  }
  if (absl::Status s = CheckYearRange(request.year_from(), request.year_to());
      !s.ok()) {
    return s;
  }
  google::protobuf::RepeatedPtrField<std::string> districts;
  if (!request.district().empty()) *districts.Add() = request.district();
  absl::StatusOr<absl::flat_hash_set<int>> levels =
      ResolveLevels(request.levels(), "levels");
  if (!levels.ok()) return levels.status();
  absl::StatusOr<std::optional<std::vector<std::string>>> codes =
      ResolveDistrictCodes(districts, request.city(), request.province(),
                           gazetteer_, *levels);
  if (!codes.ok()) return codes.status();
  absl::flat_hash_set<std::string> wanted;
  if (codes->has_value()) wanted.insert((*codes)->begin(), (*codes)->end());
  auto in_scope = [&](std::string_view code, int year) {
    return (!codes->has_value() || wanted.contains(AsAbsl(code))) &&
           (levels->empty() ||
            levels->contains(Gazetteer::LevelOfCode(code))) &&
           (request.year_from() == 0 || year >= request.year_from()) &&
           (request.year_to() == 0 || year <= request.year_to());
  };

  // Each report's tally (keys::ReportTallyValue) is added to its year's:
  // one value per report in scope, read by district when the scope names
  // few districts.
  std::map<int, v1::YearSummary> years;
  std::map<int, std::map<std::string, int64_t>> by_domain, by_metric;
  absl::Status parsed = absl::OkStatus();
  v1::ReportTally tally;
  auto add = [&](std::string_view key, std::string_view value) {
    std::optional<keys::IndexKey> parts =
        keys::ParseIndexKey(keys::ColumnFamily::kReportsByDistrict, key);
    if (parts.has_value() && !in_scope(parts->district_code, parts->year)) {
      return true;
    }
    if (!parts.has_value() || !keys::ParseReportTally(value, &tally)) {
      parsed = absl::DataLossError("a stored report tally does not parse");
      return false;
    }
    const int year = parts->year;
    v1::YearSummary& y = years[year];
    y.set_year(year);
    y.set_report_count(y.report_count() + 1);
    y.set_commitment_count(y.commitment_count() + tally.commitment_count());
    y.set_quantified_count(y.quantified_count() + tally.quantified_count());
    for (const v1::Count& c : tally.by_domain()) {
      by_domain[year][c.name()] += c.count();
    }
    for (const v1::Count& c : tally.by_metric()) {
      by_metric[year][c.name()] += c.count();
    }
    return true;
  };
  constexpr size_t kMaxDistrictScans = 64;
  std::vector<ScanRange> ranges;
  if (codes->has_value() && (*codes)->size() <= kMaxDistrictScans) {
    for (const std::string& code : **codes) {
      ranges.push_back(YearRange(keys::ColumnFamily::kReportsByDistrict, code,
                                 request.year_from(), request.year_to()));
    }
  } else {
    ranges.push_back({keys::ColumnFamily::kReportsByDistrict, "", ""});
  }
  for (const ScanRange& range : ranges) {
    absl::Status scanned = reader.Scan(range.cf, range.begin, range.end, add);
    if (!scanned.ok()) return scanned;
    if (!parsed.ok()) return parsed;
  }

  v1::SummarizeCommitmentsResponse response;
  for (auto& [year, summary] : years) {
    for (v1::Count& c : MostFirst(by_domain[year], v1::Domain_ARRAYSIZE)) {
      *summary.add_by_domain() = std::move(c);
    }
    for (v1::Count& c : MostFirst(by_metric[year], kMaxMetricsPerYear)) {
      *summary.add_by_metric() = std::move(c);
    }
    *response.add_years() = std::move(summary);
  }
  return response;
}

}  // namespace govreport
