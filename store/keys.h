#ifndef GOVREPORT_STORE_KEYS_H_
#define GOVREPORT_STORE_KEYS_H_

// Key encoding of the report database: which column families exist and how
// their keys are laid out so that every typed query is a prefix scan.
//
//   reports              report_id                    -> Report (no original)
//   contents             report_id                    -> original bytes
//   commitments          report_id \0 ordinal(BE32)   -> Commitment
//   reports_by_district  code(6) year(BE16) report_id -> ReportTallyValue
//   by_district          code(6) year(BE16) ck        -> ""
//   by_domain            domain(1) year(BE16) code(6) ck -> ""
//   by_metric            metric \0 year(BE16) code(6) ck -> Commitment
//   by_metric_value      metric \0 year(BE16) level(1) unit \0 kind(1)
//                        rank(BE64) code(6) ck quantity(BE16)
//                                                     -> MetricValueEntry
//   metric_counts        metric \0 year(BE16) level(1) unit \0 kind(1)
//                                                     -> count (counter)
//   by_bigram            \0 group(BE64)                  -> group members
//                        len(1) bigram group(BE64)      -> posting
//
// ck is the commitment key. An unknown district is code "000000"; metric
// is the canonical id when known, else the phrase as written. A by_metric
// entry holds the whole commitment (as the commitments family does), so
// that a page of a metric's commitments is one scan rather than a lookup
// per row in as many reports.
//
// by_metric_value holds every quantity of a named metric once, grouped by
// what a CompareMetric answer never mixes (year, the level of its district
// code, unit, kind) and ranked by value, largest first (rank is the value's
// order-preserving bits inverted), so that the top N of a group is a scan
// of N keys and the bottom N one backwards. metric_counts counts the
// quantities of each group: the unit a comparison takes (the most common)
// is read from a few counters, not counted per query, and the groups that
// exist are listed by it. Its values are counters: int64 little-endian,
// written with RocksDB merges of +n and -n (MetricCountsMergeOperator in
// store/), never put or deleted.
//
// The text index (by_bigram) is written per group of reports stored in one
// write (a write group, numbered from 1): its members are listed once, as
// code(6) year(BE16) varint(id length) report_id each, and each posting
// names the members whose text holds a bigram (two consecutive characters,
// UTF-8, len its byte length), as ascending varint deltas of their
// indexes. Text search reads the members holding a phrase's rarest bigram.
// One key per bigram per group instead of one per report cuts the index's
// keys, which decide ingest throughput (docs/BENCHMARKS.md); the year is
// in the members rather than the key since a group's reports are of many
// years and would otherwise share few keys. A replaced or deleted report's
// postings stay behind: search verifies every candidate
// against the stored commitments, which no longer match. Report ids never
// hold \0 (see ValidateReportId) and UTF-8 never holds 0xFF, so no data key
// starts with 0xFF: that space is the database's own (kMarkerKey).

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "govreport/v1/records.pb.h"

namespace govreport::keys {

// The column families of the database, besides RocksDB's "default". The
// numbering is the order the families are opened in: OpenDb's handle of a
// family is found by index, not by name.
enum class ColumnFamily : uint8_t {
  kReports,
  kContents,
  kCommitments,
  kReportsByDistrict,
  kByDistrict,
  kByDomain,
  kByMetric,
  kByBigram,
  kByMetricValue,
  kMetricCounts,
};
inline constexpr size_t kColumnFamilyCount = 10;

// Every column family, in ColumnFamily order.
const std::array<ColumnFamily, kColumnFamilyCount>& AllColumnFamilies();

// The name RocksDB knows a column family by, e.g. "by_district".
std::string_view ColumnFamilyName(ColumnFamily cf);

// A key no data key sorts at or after; scans stop before it.
inline constexpr std::string_view kReservedPrefix = "\xff";
// Written to every column family after each flush (see ReportStore).
inline constexpr std::string_view kMarkerKey =
    "\xff\xff"
    "flush-marker";

// The code used in keys for a report whose district is unknown.
inline constexpr std::string_view kUnknownDistrictCode = "000000";

// Big-endian fixed-width integers, so that numeric order is byte order.
void AppendBigEndian16(uint16_t value, std::string* out);
void AppendBigEndian32(uint32_t value, std::string* out);
// Read the first 2 or 4 bytes of `bytes`; missing bytes are zeros' places
// (callers check lengths).
uint16_t ReadBigEndian16(std::string_view bytes);
uint32_t ReadBigEndian32(std::string_view bytes);

// report_id \0 ordinal.
std::string CommitmentKey(std::string_view report_id, uint32_t ordinal);
// The prefix of every commitment key of a report.
std::string CommitmentPrefix(std::string_view report_id);
// The commitment key of commitment id "<report id>/<ordinal>"; false when the
// id is not of that form.
bool CommitmentKeyFromId(std::string_view commitment_id, std::string* key);

// The district code used in keys: the code, or kUnknownDistrictCode.
std::string_view DistrictKeyCode(const govreport::v1::District& district);

// reports_by_district key of a report.
std::string ReportByDistrictKey(const govreport::v1::Report& report);

// The reports_by_district value of a report: its ReportTally (its
// commitments in all, with a metric, by domain and by every metric,
// counted as the by_domain and by_metric entries count them), so that a
// summary adds up one value per report instead of reading every index
// entry.
std::string ReportTallyValue(
    const google::protobuf::RepeatedPtrField<govreport::v1::Commitment>&
        commitments);

// Parses a reports_by_district value into `tally` (cleared first); false
// when it is no serialized ReportTally.
bool ParseReportTally(std::string_view value,
                      govreport::v1::ReportTally* tally);

// The key under which a quantity's metric is indexed.
std::string MetricIndexName(const govreport::v1::Quantity& quantity);

// Drops the quantities of `commitment` not indexed under
// `metric_index_name`: what a by_metric entry of that name counts.
void KeepQuantitiesOf(std::string_view metric_index_name,
                      govreport::v1::Commitment* commitment);

// Prefixes that select one value of each index; add AppendBigEndian16(year)
// to narrow to a year.
std::string DistrictPrefix(std::string_view code);
std::string DomainPrefix(govreport::v1::Domain domain);
std::string MetricPrefix(std::string_view metric_index_name);

// One entry of an index.
struct IndexEntry {
  ColumnFamily cf = ColumnFamily::kByDistrict;
  std::string key;
  // Empty for a counter.
  std::string value;
  // Nonzero for a counter (metric_counts): what writing the commitment adds
  // to it, and deleting the commitment takes away.
  int64_t count = 0;
};

// Every entry the indexes hold for a commitment, without duplicate keys.
// Deleting these and the commitment removes it entirely. `stored` is the
// commitment as the commitments family holds it (its serialization), which
// the by_metric entries hold too: serialized once by the caller, not once
// per entry.
std::vector<IndexEntry> IndexEntries(
    const govreport::v1::Commitment& commitment,
    std::string_view commitment_key, std::string_view stored);

// The encoding of a counter value or merge operand; DecodeCounter is false
// for a value of another length.
std::string EncodeCounter(int64_t count);
bool DecodeCounter(std::string_view value, int64_t* count);

// The rank of a value in by_metric_value keys: 8 bytes, larger values
// first in byte order (-0 as 0). ValueOfRank reads the value back from
// the first 8 bytes of `rank`; false when shorter.
std::string ValueRank(double value);
bool ValueOfRank(std::string_view rank, double* value);

// The by_metric_value / metric_counts prefix of one group, and its parts
// as parsed back from a metric_counts key.
struct MetricGroup {
  int year = 0;
  govreport::v1::ReportLevel level = govreport::v1::REPORT_LEVEL_COUNTY;
  std::string unit;
  govreport::v1::Kind kind = govreport::v1::KIND_UNSPECIFIED;
};
std::string MetricGroupPrefix(std::string_view metric_index_name,
                              const MetricGroup& group);

// Parses the part of a metric_counts key after MetricPrefix(metric) into
// `group`; false when malformed.
bool ParseMetricGroup(std::string_view rest, MetricGroup* group);

// The parts of a by_metric_value key after its group prefix.
struct MetricValueKeyTail {
  std::string_view code;
  std::string_view commitment_key;
  int quantity = 0;
};
// Parses `tail` (a key with its MetricGroupPrefix removed); false when
// malformed.
bool ParseMetricValueKeyTail(std::string_view tail, MetricValueKeyTail* out);

// The distinct character bigrams of `text` that the bigram index holds, in
// order of first appearance: pairs of consecutive characters, neither of
// them whitespace or ASCII punctuation, not both ASCII. (In ill-formed
// text, a sequence holding a zero byte counts as whitespace.)
std::vector<std::string> TextBigrams(std::string_view text);

// The by_bigram prefix of one bigram's postings.
std::string BigramPrefix(std::string_view bigram);

// The by_bigram key listing the members of write group `group`.
std::string BigramGroupKey(uint64_t group);

// The group of a members key (BigramGroupKey) or of a posting key; 0 for
// any other key.
uint64_t GroupOfBigramKey(std::string_view key);

// One report of a write group, as its members key lists it.
struct BigramGroupMember {
  // The district code used in keys (DistrictKeyCode).
  std::string code;
  // The report's year, clamped to 0-65535.
  int year = 0;
  std::string report_id;
};

// Parses a members value into `members` (cleared first); false when the
// value is malformed.
bool ParseBigramGroupMembers(std::string_view value,
                             std::vector<BigramGroupMember>* members);

// Parses a posting value into member indexes, ascending (cleared first);
// false when the value is malformed.
bool ParsePosting(std::string_view value, std::vector<uint32_t>* indexes);

// Builds the by_bigram entries of one write group: add each report's
// bigrams, then take the members key and the postings.
//
// Not thread-safe: one builder per group.
class BigramGroupBuilder final {
 public:
  explicit BigramGroupBuilder(uint64_t group);

  // Adds a report with its distinct bigrams (TextBigrams of its text: each
  // at most 8 bytes, no zero byte).
  // A report added twice is listed twice; search removes the duplicate.
  void Add(std::string_view report_id, std::string_view district_code, int year,
           const std::vector<std::string>& bigrams);

  // Whether no report with at least one bigram was added.
  bool empty() const { return member_count_ == 0; }

  // The members entry followed by the postings, in no particular order.
  std::vector<std::pair<std::string, std::string>> Finish() &&;

 private:
  const uint64_t group_;
  uint32_t member_count_ = 0;
  std::string members_;
  // Posting key -> its value; indexes are added in ascending order.
  std::vector<std::pair<std::string, std::string>> postings_;
  // Bigram (its bytes packed in an integer) -> its position in postings_
  // and the last index added.
  absl::flat_hash_map<uint64_t, std::pair<size_t, uint32_t>> positions_;
};

// An index key read back: its parts as views into the key, so that no
// caller slices keys by offset.
struct IndexKey {
  // The district code used in keys (DistrictKeyCode).
  std::string_view district_code;
  // The year, 0-65535.
  int year = 0;
  // by_metric and by_metric_value: the metric's index name; else empty.
  std::string_view metric;
  // by_domain: the domain; else DOMAIN_UNSPECIFIED.
  govreport::v1::Domain domain = govreport::v1::DOMAIN_UNSPECIFIED;
  // The commitment key the entry names; a report id in reports_by_district.
  std::string_view commitment_key;
  // by_metric_value: the quantity's index within its commitment; else 0.
  int quantity = 0;
};

// Parses `key` of an index family holding one entry per commitment or
// report: reports_by_district, by_district, by_domain, by_metric or
// by_metric_value. nullopt for a malformed key or another family
// (metric_counts keys are parsed by ParseMetricGroup). The views point
// into `key`.
std::optional<IndexKey> ParseIndexKey(ColumnFamily cf, std::string_view key);

}  // namespace govreport::keys

#endif  // GOVREPORT_STORE_KEYS_H_
