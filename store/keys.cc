#include "store/keys.h"

#include <algorithm>
#include <cstring>
#include <map>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "common/domains.h"
#include "common/gazetteer.h"
#include "common/string_view.h"
#include "common/utf8.h"
#include "google/protobuf/io/coded_stream.h"

namespace govreport::keys {
namespace {

constexpr size_t kCodeLength = 6;
constexpr size_t kYearLength = 2;

// Characters that never start or end an indexed bigram: whitespace and
// punctuation, ASCII or Chinese.
bool IsSeparator(std::string_view character) {
  static constexpr std::string_view kChinesePunctuation =
      "。，、；：！？“”‘’（）《》【】—…·　";
  const unsigned char lead = static_cast<unsigned char>(character[0]);
  if (character.size() == 1) {
    return lead <= ' ' || (lead < 0x80 && !absl::ascii_isalnum(lead));
  }
  // The punctuation above starts with one of four lead bytes; the common
  // Chinese characters (U+4E00-U+9FFF) start with E4-E9, so most characters
  // are turned away without a search.
  if (lead != 0xC2 && lead != 0xE2 && lead != 0xE3 && lead != 0xEF) {
    return false;
  }
  return kChinesePunctuation.find(character) != std::string_view::npos;
}

// A bigram's bytes (two characters of at most four bytes) as one integer,
// zero-padded. No bigram TextBigrams makes holds a zero byte, so distinct
// bigrams pack to distinct integers.
uint64_t PackBigram(std::string_view bigram) {
  uint64_t packed = 0;
  std::memcpy(&packed, bigram.data(), std::min(bigram.size(), sizeof packed));
  return packed;
}

uint16_t YearForKey(int year) {
  return static_cast<uint16_t>(std::clamp(year, 0, 0xFFFF));
}

}  // namespace

const std::array<ColumnFamily, kColumnFamilyCount>& AllColumnFamilies() {
  static constexpr std::array<ColumnFamily, kColumnFamilyCount> kAll = {
      ColumnFamily::kReports,       ColumnFamily::kContents,
      ColumnFamily::kCommitments,   ColumnFamily::kReportsByDistrict,
      ColumnFamily::kByDistrict,    ColumnFamily::kByDomain,
      ColumnFamily::kByMetric,      ColumnFamily::kByBigram,
      ColumnFamily::kByMetricValue, ColumnFamily::kMetricCounts};
  return kAll;
}

std::string_view ColumnFamilyName(ColumnFamily cf) {
  // Names are what existing databases were created with: never change one.
  static constexpr std::array<std::string_view, kColumnFamilyCount> kNames = {
      "reports",         "contents",     "commitments", "reports_by_district",
      "by_district",     "by_domain",    "by_metric",   "by_bigram",
      "by_metric_value", "metric_counts"};
  return kNames[static_cast<size_t>(cf)];
}

void AppendBigEndian16(uint16_t value, std::string* out) {
  out->push_back(static_cast<char>(value >> 8));
  out->push_back(static_cast<char>(value & 0xFF));
}

void AppendBigEndian32(uint32_t value, std::string* out) {
  for (int shift = 24; shift >= 0; shift -= 8) {
    out->push_back(static_cast<char>((value >> shift) & 0xFF));
  }
}

uint16_t ReadBigEndian16(std::string_view bytes) {
  return static_cast<uint16_t>(ReadBigEndian32(bytes.substr(0, 2)));
}

uint32_t ReadBigEndian32(std::string_view bytes) {
  uint32_t value = 0;
  for (size_t i = 0; i < 4 && i < bytes.size(); ++i) {
    value = (value << 8) | static_cast<unsigned char>(bytes[i]);
  }
  return value;
}

std::string CommitmentPrefix(std::string_view report_id) {
  std::string key(report_id);
  key.push_back('\0');
  return key;
}

std::string CommitmentKey(std::string_view report_id, uint32_t ordinal) {
  std::string key = CommitmentPrefix(report_id);
  AppendBigEndian32(ordinal, &key);
  return key;
}

bool CommitmentKeyFromId(std::string_view commitment_id, std::string* key) {
  size_t slash = commitment_id.rfind('/');
  if (slash == std::string_view::npos || slash == 0) return false;
  uint32_t ordinal = 0;
  std::string_view number = commitment_id.substr(slash + 1);
  if (!absl::SimpleAtoi(absl::string_view(number.data(), number.size()),
                        &ordinal)) {
    return false;
  }
  *key = CommitmentKey(commitment_id.substr(0, slash), ordinal);
  return true;
}

std::string_view DistrictKeyCode(const govreport::v1::District& district) {
  return district.code().size() == kCodeLength ? district.code()
                                               : kUnknownDistrictCode;
}

std::string ReportByDistrictKey(const govreport::v1::Report& report) {
  std::string key(DistrictKeyCode(report.district()));
  AppendBigEndian16(YearForKey(report.year()), &key);
  key += report.id();
  return key;
}

namespace {

// The metrics a commitment is indexed under, each once (as IndexEntries
// writes them).
std::vector<std::string> IndexedMetrics(
    const govreport::v1::Commitment& commitment) {
  std::vector<std::string> metrics;
  for (const govreport::v1::Quantity& q : commitment.quantities()) {
    std::string name = MetricIndexName(q);
    if (name.empty() || name.find('\0') != std::string::npos) continue;
    if (std::find(metrics.begin(), metrics.end(), name) != metrics.end()) {
      continue;
    }
    metrics.push_back(std::move(name));
  }
  return metrics;
}

}  // namespace

std::string ReportTallyValue(
    const google::protobuf::RepeatedPtrField<govreport::v1::Commitment>&
        commitments) {
  std::map<std::string, int64_t> by_domain, by_metric;
  int64_t quantified = 0;
  for (const govreport::v1::Commitment& c : commitments) {
    std::string domain = DomainId(c.domain());
    ++by_domain[domain.empty() ? "unspecified" : domain];
    std::vector<std::string> metrics = IndexedMetrics(c);
    quantified += !metrics.empty();
    for (std::string& metric : metrics) ++by_metric[std::move(metric)];
  }
  govreport::v1::ReportTally tally;
  tally.set_commitment_count(static_cast<int64_t>(commitments.size()));
  tally.set_quantified_count(quantified);
  for (const auto& [name, count] : by_domain) {
    govreport::v1::Count* c = tally.add_by_domain();
    c->set_name(name);
    c->set_count(count);
  }
  for (const auto& [name, count] : by_metric) {
    govreport::v1::Count* c = tally.add_by_metric();
    c->set_name(name);
    c->set_count(count);
  }
  return tally.SerializeAsString();
}

bool ParseReportTally(std::string_view value,
                      govreport::v1::ReportTally* tally) {
  tally->Clear();
  return tally->ParseFromArray(value.data(), static_cast<int>(value.size()));
}

std::string MetricIndexName(const govreport::v1::Quantity& quantity) {
  return quantity.metric_id().empty() ? quantity.metric()
                                      : quantity.metric_id();
}

void KeepQuantitiesOf(std::string_view metric_index_name,
                      govreport::v1::Commitment* commitment) {
  auto* quantities = commitment->mutable_quantities();
  quantities->erase(std::remove_if(quantities->begin(), quantities->end(),
                                   [&](const govreport::v1::Quantity& q) {
                                     return MetricIndexName(q) !=
                                            metric_index_name;
                                   }),
                    quantities->end());
}

std::string DistrictPrefix(std::string_view code) { return std::string(code); }

std::string DomainPrefix(govreport::v1::Domain domain) {
  return std::string(1, static_cast<char>(domain));
}

std::string MetricPrefix(std::string_view metric_index_name) {
  std::string key(metric_index_name);
  key.push_back('\0');
  return key;
}

std::string EncodeCounter(int64_t count) {
  std::string out(8, '\0');
  const uint64_t bits = static_cast<uint64_t>(count);
  for (int i = 0; i < 8; ++i) out[i] = static_cast<char>(bits >> (8 * i));
  return out;
}

bool DecodeCounter(std::string_view value, int64_t* count) {
  if (value.size() != 8) return false;
  uint64_t bits = 0;
  for (int i = 0; i < 8; ++i) {
    bits |= uint64_t{static_cast<unsigned char>(value[i])} << (8 * i);
  }
  *count = static_cast<int64_t>(bits);
  return true;
}

std::string ValueRank(double value) {
  if (value == 0) value = 0;  // -0 ranks as 0: they compare equal
  uint64_t bits = 0;
  std::memcpy(&bits, &value, sizeof bits);
  // IEEE 754 bits order like the values once negatives are flipped whole
  // and positives get the sign bit set; inverted, larger values come first.
  const uint64_t ascending =
      (bits >> 63) != 0 ? ~bits : bits | (uint64_t{1} << 63);
  const uint64_t rank = ~ascending;
  std::string out;
  AppendBigEndian32(static_cast<uint32_t>(rank >> 32), &out);
  AppendBigEndian32(static_cast<uint32_t>(rank), &out);
  return out;
}

bool ValueOfRank(std::string_view rank, double* value) {
  if (rank.size() < 8) return false;
  uint64_t inverted = 0;
  for (int i = 0; i < 8; ++i) {
    inverted = (inverted << 8) | static_cast<unsigned char>(rank[i]);
  }
  const uint64_t ascending = ~inverted;
  const uint64_t bits =
      (ascending >> 63) != 0 ? ascending & ~(uint64_t{1} << 63) : ~ascending;
  std::memcpy(value, &bits, sizeof bits);
  return true;
}

std::string MetricGroupPrefix(std::string_view metric_index_name,
                              const MetricGroup& group) {
  std::string key = MetricPrefix(metric_index_name);
  AppendBigEndian16(YearForKey(group.year), &key);
  key.push_back(static_cast<char>(group.level));
  key += group.unit;
  key.push_back('\0');
  key.push_back(static_cast<char>(group.kind));
  return key;
}

bool ParseMetricGroup(std::string_view rest, MetricGroup* group) {
  if (rest.size() < kYearLength + 3) return false;
  group->year = ReadBigEndian16(rest);
  group->level = static_cast<govreport::v1::ReportLevel>(rest[2]);
  rest.remove_prefix(kYearLength + 1);
  const size_t nul = rest.find('\0');
  if (nul == std::string_view::npos || nul + 2 != rest.size()) return false;
  group->unit = std::string(rest.substr(0, nul));
  group->kind = static_cast<govreport::v1::Kind>(rest[nul + 1]);
  return true;
}

bool ParseMetricValueKeyTail(std::string_view tail, MetricValueKeyTail* out) {
  constexpr size_t kRankLength = 8;
  constexpr size_t kQuantityLength = 2;
  if (tail.size() < kRankLength + kCodeLength + kQuantityLength + 1) {
    return false;
  }
  out->code = tail.substr(kRankLength, kCodeLength);
  out->commitment_key =
      tail.substr(kRankLength + kCodeLength,
                  tail.size() - kRankLength - kCodeLength - kQuantityLength);
  out->quantity = ReadBigEndian16(tail.substr(tail.size() - kQuantityLength));
  return true;
}

std::vector<IndexEntry> IndexEntries(
    const govreport::v1::Commitment& commitment,
    std::string_view commitment_key, std::string_view stored) {
  std::vector<IndexEntry> entries;
  const uint16_t year = YearForKey(commitment.year());
  std::string_view code = DistrictKeyCode(commitment.district());

  std::string by_district = DistrictPrefix(code);
  AppendBigEndian16(year, &by_district);
  by_district += commitment_key;
  entries.push_back({ColumnFamily::kByDistrict, std::move(by_district), ""});

  std::string by_domain = DomainPrefix(commitment.domain());
  AppendBigEndian16(year, &by_domain);
  by_domain += code;
  by_domain += commitment_key;
  entries.push_back({ColumnFamily::kByDomain, std::move(by_domain), ""});

  for (const std::string& name : IndexedMetrics(commitment)) {
    std::string by_metric = MetricPrefix(name);
    AppendBigEndian16(year, &by_metric);
    by_metric += code;
    by_metric += commitment_key;
    entries.push_back(
        {ColumnFamily::kByMetric, std::move(by_metric), std::string(stored)});
  }

  // One by_metric_value entry per quantity, one counter per group.
  std::map<std::string, int64_t> counts;
  MetricGroup group;
  group.year = commitment.year();
  group.level = Gazetteer::LevelOfCode(code);
  group.kind = commitment.kind();
  for (int i = 0; i < commitment.quantities_size(); ++i) {
    const govreport::v1::Quantity& q = commitment.quantities(i);
    const std::string name = MetricIndexName(q);
    if (name.empty() || name.find('\0') != std::string::npos ||
        q.unit().find('\0') != std::string::npos) {
      continue;
    }
    group.unit = q.unit();
    std::string prefix = MetricGroupPrefix(name, group);
    std::string key = prefix + ValueRank(q.value());
    key += code;
    key += commitment_key;
    AppendBigEndian16(static_cast<uint16_t>(i), &key);
    govreport::v1::MetricValueEntry value;
    value.set_value(q.value());
    value.set_comparator(q.comparator());
    value.set_raw(q.raw());
    value.set_sentence(commitment.sentence());
    value.set_report_id(commitment.report_id());
    value.set_commitment_id(commitment.id());
    entries.push_back({ColumnFamily::kByMetricValue, std::move(key),
                       value.SerializeAsString()});
    ++counts[std::move(prefix)];
  }
  for (auto& [key, count] : counts) {
    entries.push_back({ColumnFamily::kMetricCounts, key, "", count});
  }
  return entries;
}

std::vector<std::string> TextBigrams(std::string_view text) {
  // Reports hold about one distinct bigram per five bytes of text: room
  // for them up front saves growing the containers.
  std::vector<std::string> bigrams;
  bigrams.reserve(text.size() / 5);
  // Packed, so that a bigram seen before costs no string.
  absl::flat_hash_set<uint64_t> seen;
  seen.reserve(text.size() / 5);
  bool previous_indexed = false;
  std::string_view previous;
  for (size_t i = 0; i < text.size();) {
    const size_t length = Utf8SequenceLength(text[i]);
    const std::string_view current = text.substr(i, length);
    // A malformed sequence holding a zero byte separates too: so no bigram
    // holds one, and PackBigram tells every two apart.
    const bool current_indexed =
        !IsSeparator(current) &&
        std::find(current.begin(), current.end(), '\0') == current.end();
    if (previous_indexed && current_indexed &&
        (previous.size() > 1 || current.size() > 1)) {
      // The two characters are adjacent in `text`.
      const std::string_view bigram(previous.data(),
                                    previous.size() + current.size());
      if (seen.insert(PackBigram(bigram)).second) bigrams.emplace_back(bigram);
    }
    previous = current;
    previous_indexed = current_indexed;
    i += length;
  }
  return bigrams;
}

std::string BigramPrefix(std::string_view bigram) {
  std::string key(1, static_cast<char>(bigram.size()));
  key += bigram;
  return key;
}

namespace {

constexpr size_t kGroupLength = 8;

void AppendBigEndian64(uint64_t value, std::string* out) {
  for (int shift = 56; shift >= 0; shift -= 8) {
    out->push_back(static_cast<char>((value >> shift) & 0xFF));
  }
}

// Varints are protobuf's: the index's values are read with a
// CodedInputStream.
void AppendVarint32(uint32_t value, std::string* out) {
  uint8_t bytes[5];  // a varint of 32 bits takes at most 5 bytes
  const uint8_t* end =
      google::protobuf::io::CodedOutputStream::WriteVarint32ToArray(value,
                                                                    bytes);
  out->append(reinterpret_cast<const char*>(bytes), end - bytes);
}

google::protobuf::io::CodedInputStream InputOf(std::string_view value) {
  return google::protobuf::io::CodedInputStream(
      reinterpret_cast<const uint8_t*>(value.data()),
      static_cast<int>(value.size()));
}

}  // namespace

std::string BigramGroupKey(uint64_t group) {
  std::string key(1, '\0');
  AppendBigEndian64(group, &key);
  return key;
}

uint64_t GroupOfBigramKey(std::string_view key) {
  if (key.empty()) return 0;
  // Members keys are \0 group; posting keys len(1) bigram group.
  const size_t expected =
      key[0] == '\0' ? 1 + kGroupLength
                     : 1 + static_cast<unsigned char>(key[0]) + kGroupLength;
  if (key.size() != expected) return 0;
  uint64_t group = 0;
  for (char c : key.substr(key.size() - kGroupLength)) {
    group = (group << 8) | static_cast<unsigned char>(c);
  }
  return group;
}

bool ParseBigramGroupMembers(std::string_view value,
                             std::vector<BigramGroupMember>* members) {
  members->clear();
  google::protobuf::io::CodedInputStream in = InputOf(value);
  while (in.CurrentPosition() < static_cast<int>(value.size())) {
    BigramGroupMember& member = members->emplace_back();
    std::string year;
    uint32_t id_length = 0;
    if (!in.ReadString(&member.code, kCodeLength) ||
        !in.ReadString(&year, kYearLength) || !in.ReadVarint32(&id_length) ||
        !in.ReadString(&member.report_id, static_cast<int>(id_length))) {
      return false;
    }
    member.year = ReadBigEndian16(year);
  }
  return true;
}

bool ParsePosting(std::string_view value, std::vector<uint32_t>* indexes) {
  indexes->clear();
  uint32_t index = 0;
  google::protobuf::io::CodedInputStream in = InputOf(value);
  while (in.CurrentPosition() < static_cast<int>(value.size())) {
    uint32_t delta = 0;
    if (!in.ReadVarint32(&delta)) return false;
    // The first index is stored as is, each later one as its distance from
    // the one before (at least 1).
    if (!indexes->empty() && delta == 0) return false;
    index += delta;
    indexes->push_back(index);
  }
  return true;
}

BigramGroupBuilder::BigramGroupBuilder(uint64_t group) : group_(group) {}

void BigramGroupBuilder::Add(std::string_view report_id,
                             std::string_view district_code, int year,
                             const std::vector<std::string>& bigrams) {
  if (bigrams.empty()) return;
  const uint32_t index = member_count_++;
  // Codes are six digits (DistrictKeyCode); the padding only keeps a
  // malformed one from shifting the members after it.
  std::string_view code = district_code.substr(0, kCodeLength);
  members_ += code;
  members_.append(kCodeLength - code.size(), '0');
  AppendBigEndian16(YearForKey(year), &members_);
  AppendVarint32(static_cast<uint32_t>(report_id.size()), &members_);
  members_ += report_id;

  for (const std::string& bigram : bigrams) {
    auto [it, inserted] =
        positions_.try_emplace(PackBigram(bigram), postings_.size(), index);
    if (inserted) {
      std::string key = BigramPrefix(bigram);
      AppendBigEndian64(group_, &key);
      postings_.emplace_back(std::move(key), std::string());
      AppendVarint32(index, &postings_.back().second);
    } else if (it->second.second != index) {
      AppendVarint32(index - it->second.second,
                     &postings_[it->second.first].second);
      it->second.second = index;
    }
  }
}

std::vector<std::pair<std::string, std::string>>
BigramGroupBuilder::Finish() && {
  std::vector<std::pair<std::string, std::string>> entries;
  if (member_count_ == 0) return entries;
  entries.reserve(postings_.size() + 1);
  entries.emplace_back(BigramGroupKey(group_), std::move(members_));
  for (auto& posting : postings_) entries.push_back(std::move(posting));
  return entries;
}

std::optional<IndexKey> ParseIndexKey(ColumnFamily cf, std::string_view key) {
  IndexKey parsed;
  std::string_view rest = key;
  // Takes `n` bytes off the front of rest; false when it is shorter.
  auto take = [&rest](size_t n, std::string_view* out) {
    if (rest.size() < n) return false;
    *out = rest.substr(0, n);
    rest.remove_prefix(n);
    return true;
  };
  auto take_year = [&]() {
    std::string_view year;
    if (!take(kYearLength, &year)) return false;
    parsed.year = ReadBigEndian16(year);
    return true;
  };
  auto take_metric = [&]() {
    const size_t nul = rest.find('\0');
    if (nul == std::string_view::npos) return false;
    parsed.metric = rest.substr(0, nul);
    rest.remove_prefix(nul + 1);
    return true;
  };
  switch (cf) {
    case ColumnFamily::kReportsByDistrict:
    case ColumnFamily::kByDistrict:
      if (!take(kCodeLength, &parsed.district_code) || !take_year()) break;
      parsed.commitment_key = rest;
      return parsed;
    case ColumnFamily::kByDomain: {
      std::string_view domain;
      if (!take(1, &domain) || !take_year() ||
          !take(kCodeLength, &parsed.district_code)) {
        break;
      }
      parsed.domain = static_cast<v1::Domain>(domain[0]);
      parsed.commitment_key = rest;
      return parsed;
    }
    case ColumnFamily::kByMetric:
      if (!take_metric() || !take_year() ||
          !take(kCodeLength, &parsed.district_code)) {
        break;
      }
      parsed.commitment_key = rest;
      return parsed;
    case ColumnFamily::kByMetricValue: {
      std::string_view level_and_unit;
      if (!take_metric() || !take_year()) break;
      // The group prefix goes on with the level, the unit's \0 and the kind.
      const size_t unit_end = rest.find('\0', 1);
      if (unit_end == std::string_view::npos ||
          !take(unit_end + 2, &level_and_unit)) {
        break;
      }
      MetricValueKeyTail tail;
      if (!ParseMetricValueKeyTail(rest, &tail)) break;
      parsed.district_code = tail.code;
      parsed.commitment_key = tail.commitment_key;
      parsed.quantity = tail.quantity;
      return parsed;
    }
    default:
      break;
  }
  return std::nullopt;
}

}  // namespace govreport::keys
