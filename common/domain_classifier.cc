#include "common/domain_classifier.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <optional>
#include <utility>

#include "absl/base/attributes.h"
#include "absl/container/flat_hash_set.h"
#include "absl/container/inlined_vector.h"
#include "absl/strings/numbers.h"
#include "absl/types/span.h"
#include "common/domains.h"
#include "common/lexicon.h"
#include "common/string_view.h"
#include "common/utf8.h"

namespace govreport {
namespace {

using govreport::v1::Domain;

constexpr int kMetricWeight = 6;
constexpr int kClauseWeight = 2;
// The sentence around the clause names its topic ("深化军地双拥共建,互办实事
// 不少于200件"); it weighs less than the clause, as much as a title.
constexpr int kSentenceWeight = 1;
constexpr int kSectionWeight = 1;

// The `length` bytes at `bytes` (at most eight, the rest zeros) as a
// little-endian number.
inline uint64_t LittleEndianPrefix(const unsigned char* bytes, size_t length) {
  unsigned char eight[8] = {};
  std::memcpy(eight, bytes, std::min<size_t>(length, 8));
  return LittleEndian64(eight);
}

// The low `n` (0 to 8) bytes of a number, by n.
constexpr uint64_t kLowBytes[] = {
    0,           0xFF,         0xFFFF,         0xFFFFFF,
    0xFFFFFFFF,  0xFFFFFFFFFF, 0xFFFFFFFFFFFF, 0xFFFFFFFFFFFFFF,
    ~uint64_t{0}};

// All the keywords, found in one pass over a text. A keyword is filed under
// the bytes of its first two characters (a one-character keyword under its
// only one) as a little-endian number, behind a bit filter: a character of
// the text costs two bit tests, and a lookup only where a keyword may
// start. (The lead bytes fix how long each character is, so no two byte
// strings of one or two characters have the same number.) Few keywords
// share their first two characters, where WordSet, filing by the first,
// compared those of a common one ("城", "发") wherever it stands.
class KeywordIndex final {
 public:
  explicit KeywordIndex(const std::vector<std::string_view>& words);

  // Calls `f(begin, keyword)` for every keyword at every character of
  // `text`, in text order, the longest first at an offset (among equally
  // long ones, in table order).
  template <typename F>
  void ForEach(std::string_view text, F f) const {
    const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
    size_t i = 0;
    // Eight bytes at a time (two characters at most) while the text has
    // them, then from a copy of the last few padded with zeros.
    if (text.size() >= 8) {
      while (i <= text.size() - 8) {
        const uint64_t eight = LittleEndian64(bytes + i);
        if ((eight & 0xF00000F0u) != 0xE00000E0u) {
          i += VisitAt(eight, 8, text, i, f);
          continue;
        }
        // Two three-byte characters (Chinese text) need no table.
        if (MayHold(eight & kLowBytes[6])) {
          Visit(eight & kLowBytes[6], text, i, 6, f);
        }
        // One-character keywords are few: a bit of the character's last
        // byte in a register rules out most characters before the filter.
        if ((three_byte_singles_ >> (eight >> 16 & 63) & 1) &&
            MayHold(eight & kLowBytes[3])) {
          Visit(eight & kLowBytes[3], text, i, 3, f);
        }
        i += 3;
      }
    }
    if (i < text.size()) {
      unsigned char tail[16] = {};
      std::memcpy(tail, bytes + i, text.size() - i);
      for (const size_t tail_begin = i; i < text.size();) {
        i += VisitAt(LittleEndian64(tail + (i - tail_begin)), text.size() - i,
                     text, i, f);
      }
    }
  }

 private:
  // A keyword and its bytes after the characters it is filed under: the
  // first eight of them as a little-endian number, what of that number
  // they take, and any beyond.
  struct Candidate {
    uint64_t next;
    uint64_t next_mask;
    uint32_t rest_size;
    int keyword;
    std::string_view beyond;
  };
  // A key's keywords: candidates_[begin, end); key 0 marks a free slot.
  struct Slot {
    uint64_t key = 0;
    uint32_t begin = 0;
    uint32_t end = 0;
  };
  static constexpr int kFilterBitsLog2 = 16;

  static uint64_t Hash(uint64_t key) { return key * 0x9E3779B97F4A7C15u; }
  // Whether the filter lets `key` through.
  bool MayHold(uint64_t key) const {
    const uint64_t bit = Hash(key) >> (64 - kFilterBitsLog2);
    return (filter_[bit / 64] >> (bit % 64) & 1) != 0;
  }

  // How many bytes the first two characters of `word` (or its only one)
  // take, what it is filed under; 0 for a word without a whole character.
  size_t KeyLength(std::string_view word) const;

  // Calls `f(begin, keyword)` for the keywords at byte `begin` of `text`,
  // whose next `available` bytes (up to eight, then zeros) are `eight`;
  // returns the length of the character there.
  template <typename F>
  ABSL_ATTRIBUTE_ALWAYS_INLINE size_t VisitAt(uint64_t eight, size_t available,
                                              std::string_view text,
                                              size_t begin, F& f) const {
    const size_t first = sequence_length_[eight & 0xFF];
    const size_t second = sequence_length_[(eight >> (8 * first)) & 0xFF];
    // A NUL starts no keyword.
    if ((eight & 0xFF) == 0) return first;
    const uint64_t pair = eight & kLowBytes[first + second];
    if (first + second <= available && MayHold(pair)) {
      Visit(pair, text, begin, first + second, f);
    }
    const uint64_t single = eight & kLowBytes[first];
    if (first <= available && MayHold(single)) {
      Visit(single, text, begin, first, f);
    }
    return first;
  }

  // Calls `f(begin, keyword)` for the keywords filed under `key` (which
  // passed the filter) that stand at byte `begin` of `text`, where `key`
  // takes `key_length` bytes.
  template <typename F>
  void Visit(uint64_t key, std::string_view text, size_t begin,
             size_t key_length, F& f) const {
    const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
    const size_t mask = slots_.size() - 1;
    for (size_t s = Hash(key) >> (64 - slot_bits_);; s = (s + 1) & mask) {
      const Slot& slot = slots_[s];
      if (slot.key == 0) return;
      if (slot.key != key) continue;
      const size_t rest_at = begin + key_length;
      const size_t left = text.size() - rest_at;
      uint64_t next = 0;
      if (left >= 8) {
        next = LittleEndian64(bytes + rest_at);
      } else {
        for (size_t b = left; b-- > 0;) next = next << 8 | bytes[rest_at + b];
      }
      for (uint32_t c = slot.begin; c < slot.end; ++c) {
        const Candidate& candidate = candidates_[c];
        if (candidate.rest_size > left ||
            (next & candidate.next_mask) != candidate.next) {
          continue;
        }
        // A few bytes: a loop, not a call to memcmp.
        const std::string_view beyond = candidate.beyond;
        size_t b = 0;
        while (b < beyond.size() && beyond[b] == text[rest_at + 8 + b]) ++b;
        if (b == beyond.size()) f(begin, candidate.keyword);
      }
      return;
    }
  }

  // Utf8SequenceLength of every byte: a table, as the scan reads two at
  // every character.
  std::array<uint8_t, 256> sequence_length_{};
  // One bit per hashed key: clear means no keyword.
  std::array<uint64_t, (size_t{1} << kFilterBitsLog2) / 64> filter_{};
  // The low six bits of the last byte of every one-character keyword of
  // three bytes, as bits: clear means no such keyword ends so.
  uint64_t three_byte_singles_ = 0;
  // Open addressing, linear probing, at most half full.
  std::vector<Slot> slots_;
  int slot_bits_ = 0;
  std::vector<Candidate> candidates_;
};

size_t KeywordIndex::KeyLength(std::string_view word) const {
  size_t length = 0;
  for (int c = 0; c < 2 && length < word.size(); ++c) {
    const size_t n = sequence_length_[static_cast<unsigned char>(word[length])];
    if (n > word.size() - length || word[length] == '\0') break;
    length += n;
  }
  return length;
}

KeywordIndex::KeywordIndex(const std::vector<std::string_view>& words) {
  for (int b = 0; b < 256; ++b) {
    sequence_length_[b] =
        static_cast<uint8_t>(Utf8SequenceLength(static_cast<unsigned char>(b)));
  }
  struct Filed {
    uint64_t key;
    size_t key_length;
    std::string_view rest;
    int keyword;
  };
  std::vector<Filed> filed;
  for (int k = 0; k < static_cast<int>(words.size()); ++k) {
    const size_t length = KeyLength(words[k]);
    if (length == 0) continue;  // found nowhere
    const uint64_t key = LittleEndianPrefix(
        reinterpret_cast<const unsigned char*>(words[k].data()), length);
    filed.push_back({key, length, words[k].substr(length), k});
  }
  // Grouped by key, each group longest first, then in table order.
  std::sort(filed.begin(), filed.end(), [](const Filed& a, const Filed& b) {
    if (a.key != b.key) return a.key < b.key;
    if (a.rest.size() != b.rest.size()) return a.rest.size() > b.rest.size();
    return a.keyword < b.keyword;
  });
  size_t keys = 0;
  for (size_t i = 0; i < filed.size(); ++i) {
    keys += i == 0 || filed[i].key != filed[i - 1].key;
  }
  slot_bits_ = 1;
  while ((size_t{1} << slot_bits_) < 2 * keys) ++slot_bits_;
  slots_.resize(size_t{1} << slot_bits_);
  for (size_t i = 0; i < filed.size();) {
    Slot slot;
    slot.key = filed[i].key;
    slot.begin = static_cast<uint32_t>(candidates_.size());
    for (; i < filed.size() && filed[i].key == slot.key; ++i) {
      const std::string_view rest = filed[i].rest;
      const size_t next_size = std::min<size_t>(rest.size(), 8);
      candidates_.push_back(
          {LittleEndianPrefix(
               reinterpret_cast<const unsigned char*>(rest.data()), next_size),
           kLowBytes[next_size], static_cast<uint32_t>(rest.size()),
           filed[i].keyword, rest.substr(next_size)});
    }
    slot.end = static_cast<uint32_t>(candidates_.size());
    const uint64_t hash = Hash(slot.key);
    const uint64_t bit = hash >> (64 - kFilterBitsLog2);
    filter_[bit / 64] |= uint64_t{1} << (bit % 64);
    // A key of three bytes whose first character takes them all.
    if (filed[i - 1].key_length == 3 &&
        sequence_length_[slot.key & 0xFF] == 3) {
      three_byte_singles_ |= uint64_t{1} << (slot.key >> 16 & 63);
    }
    size_t s = hash >> (64 - slot_bits_);
    while (slots_[s].key != 0) s = (s + 1) & (slots_.size() - 1);
    slots_[s] = slot;
  }
}

// Every keyword of data/lexicon/domain_keywords.tsv in table order, with
// its domain and its weight (by default its length in characters).
struct Keywords {
  std::vector<std::string_view> words;
  std::vector<Domain> domains;
  std::vector<int> weights;
  // Over `words`: a text is scanned once rather than once per keyword.
  std::unique_ptr<const KeywordIndex> index;
};

// Aborts on a row the classifier cannot use: the table is compiled in, so a
// bad row is a build defect that the tests catch at once.
[[noreturn]] void BadRow(std::string_view why, std::string_view word) {
  std::fprintf(stderr, "data/lexicon: %.*s: %.*s\n",
               static_cast<int>(word.size()), word.data(),
               static_cast<int>(why.size()), why.data());
  std::abort();
}

const Keywords& GetKeywords() {
  static const Keywords* keywords = [] {
    auto* k = new Keywords();
    for (const auto& row : Lexicon("domain_keywords").rows) {
      if (row.size() < 2) BadRow("no domain", row[0]);
      std::optional<Domain> domain = ParseDomain(row[1]);
      if (!domain) BadRow("unknown domain", row[0]);
      int weight = static_cast<int>(Utf8Length(row[0]));
      if (row.size() >= 3 && !absl::SimpleAtoi(AsAbsl(row[2]), &weight)) {
        BadRow("weight is no integer", row[0]);
      }
      k->words.push_back(row[0]);
      k->domains.push_back(*domain);
      k->weights.push_back(weight);
    }
    k->index = std::make_unique<const KeywordIndex>(k->words);
    return k;
  }();
  return *keywords;
}

// Adds each keyword's weight: its length times `weight`, and, when
// `head_final`, up to twice that for keywords nearer the end, since a
// Chinese noun phrase ends with its head ("校园体育场地开放率" is about
// sports grounds, not schools). A keyword counts once, at its last place.
void Score(std::string_view text, int weight, bool head_final,
           DomainScores* scores) {
  const Keywords& keywords = GetKeywords();
  // (keyword, where it ends last); a text holds few keywords.
  absl::InlinedVector<std::pair<int, size_t>, 16> last_end;
  keywords.index->ForEach(text, [&](size_t begin, int k) {
    const size_t end = begin + keywords.words[k].size();
    auto found = std::find_if(last_end.begin(), last_end.end(),
                              [k](const auto& e) { return e.first == k; });
    if (found == last_end.end()) {
      last_end.emplace_back(k, end);
    } else {
      found->second = end;
    }
  });
  for (const auto& [k, end] : last_end) {
    int points = weight * keywords.weights[k] * 4;
    if (head_final && !text.empty()) {
      points += points * static_cast<int>(end) / static_cast<int>(text.size());
    }
    (*scores)[keywords.domains[k]] += points;
  }
}

// A row of data/lexicon/domain_cues.tsv.
struct Cue {
  std::string_view head;
  std::string_view cue;
  Domain domain;
  // Whether the cue must stand in the commitment's clause rather than
  // anywhere in its sentence.
  bool in_clause;
};

const std::vector<Cue>& GetCues() {
  static const std::vector<Cue>* cues = [] {
    auto* c = new std::vector<Cue>();
    for (const auto& row : Lexicon("domain_cues").rows) {
      if (row.size() < 4) BadRow("a cue row needs four fields", row[0]);
      std::optional<Domain> domain = ParseDomain(row[2]);
      if (!domain) BadRow("unknown domain", row[0]);
      if (row[3] != "clause" && row[3] != "sentence") {
        BadRow("scope is neither clause nor sentence", row[0]);
      }
      c->push_back({row[0], row[1], *domain, row[3] == "clause"});
    }
    return c;
  }();
  return *cues;
}

// The domain with the most model points plus keyword points times the
// model's rule weight; ties go to the domain listed first.
Domain Best(const ContextScores& scores) {
  const int64_t rule_weight = DomainModel::Get().rule_weight();
  int best = v1::DOMAIN_ECONOMY;
  int64_t best_points = 0;
  for (int d = v1::DOMAIN_ECONOMY; d < v1::Domain_ARRAYSIZE; ++d) {
    const int64_t points = scores.model[d] + rule_weight * scores.keywords[d];
    if (d == v1::DOMAIN_ECONOMY || points > best_points) {
      best = d;
      best_points = points;
    }
  }
  return static_cast<Domain>(best);
}

// The model points of a commitment's own texts: its metric phrases and
// their heads, on top of the prior. (Its clause is part of its sentence,
// which the context holds.)
void AddMetricModelPoints(const std::vector<std::string_view>& metric_phrases,
                          ModelScores* scores) {
  const DomainModel& model = DomainModel::Get();
  for (int d = 0; d < v1::Domain_ARRAYSIZE; ++d) {
    (*scores)[d] += model.prior()[d];
  }
  for (std::string_view metric : metric_phrases) {
    model.AddText(DomainModel::Field::kMetric, metric, scores);
    model.AddMetricEnd(metric, scores);
  }
}

// Parses "domain:points", the domain as its number in
// govreport::v1::Domain.
std::pair<Domain, int> ParseEntry(std::string_view entry) {
  const size_t colon = entry.find(':');
  int domain = 0;
  int points = 0;
  if (colon == std::string_view::npos ||
      !absl::SimpleAtoi(AsAbsl(entry.substr(0, colon)), &domain) ||
      !absl::SimpleAtoi(AsAbsl(entry.substr(colon + 1)), &points) ||
      domain <= v1::DOMAIN_UNSPECIFIED || !v1::Domain_IsValid(domain)) {
    BadRow("not domain:points", entry);
  }
  return {static_cast<Domain>(domain), points};
}

// The entries of a row: its fields after the second.
std::vector<std::pair<Domain, int>> ParseEntries(
    const std::vector<std::string_view>& row) {
  std::vector<std::pair<Domain, int>> entries;
  for (size_t i = 2; i < row.size(); ++i) {
    entries.push_back(ParseEntry(row[i]));
  }
  return entries;
}

// An n-gram of one to three characters as one integer: each code point
// plus one in 21 bits, the last character lowest.
uint64_t NgramKey(uint64_t key, uint32_t next) {
  return ((key << 21) | (next + 1)) & ((uint64_t{1} << 63) - 1);
}

// The key of a text of one to three characters.
uint64_t KeyOf(std::string_view ngram) {
  uint64_t key = 0;
  for (size_t i = 0, length = 0; i < ngram.size(); i += length) {
    key = NgramKey(key, DecodeUtf8At(ngram, i, &length));
  }
  return key;
}

// The key of a row's n-gram.
uint64_t RowKey(std::string_view ngram) {
  const size_t n = Utf8Length(ngram);
  if (n < 1 || n > 3) BadRow("an n-gram has one to three characters", ngram);
  return KeyOf(ngram);
}

std::optional<DomainModel::Field> ParseField(std::string_view name) {
  if (name == "metric") return DomainModel::Field::kMetric;
  if (name == "metric_end") return DomainModel::Field::kMetricEnd;
  if (name == "sentence") return DomainModel::Field::kSentence;
  if (name == "heading") return DomainModel::Field::kHeading;
  return std::nullopt;
}

}  // namespace

void DomainModel::Rows::Build(const std::vector<Row>& rows) {
  size_t size = 16;
  slot_shift = 60;
  while (size < 2 * rows.size()) {
    size *= 2;
    --slot_shift;
  }
  slots.assign(size, Row());
  mask = size - 1;
  for (const Row& row : rows) {
    const uint64_t hash = Hash(row.key);
    size_t i = SlotHash(hash) & mask;
    while (slots[i].key != 0) i = (i + 1) & mask;
    slots[i] = row;
    const uint32_t bit = FilterBit(hash);
    filter[bit / 64] |= uint64_t{1} << bit % 64;
  }
  suffix_closed = true;
  for (const Row& row : rows) {
    for (int16_t points : row.points) {
      max_points = std::max(max_points, std::abs(int{points}));
    }
    const uint64_t suffix = row.key & ((uint64_t{1} << 42) - 1);
    if (suffix != row.key && Find(suffix) == nullptr) suffix_closed = false;
  }
}

const DomainModel::Row* DomainModel::Rows::Find(uint64_t key) const {
  const uint64_t hash = Hash(key);
  const uint32_t bit = FilterBit(hash);
  if ((filter[bit / 64] >> bit % 64 & 1) == 0) return nullptr;
  for (size_t i = SlotHash(hash) & mask;; i = (i + 1) & mask) {
    if (slots[i].key == key) return &slots[i];
    if (slots[i].key == 0) return nullptr;
  }
}

DomainModel::DomainModel() {
  constexpr std::string_view kFloor = "_floor";
  std::vector<Row> rows[kFields];
  absl::flat_hash_set<uint64_t> keys[kFields];
  for (const auto& row : Lexicon("domain_model").rows) {
    if (row[0] == "rule_weight") {
      if (row.size() < 2 || !absl::SimpleAtoi(AsAbsl(row[1]), &rule_weight_)) {
        BadRow("rule_weight is no integer", row[0]);
      }
      continue;
    }
    if (row.size() < 2) BadRow("no n-gram", row[0]);
    const std::vector<std::pair<Domain, int>> entries = ParseEntries(row);
    ModelScores* totals = nullptr;
    if (row[0] == "prior") {
      totals = &prior_;
    } else if (row[0].size() > kFloor.size() &&
               row[0].substr(row[0].size() - kFloor.size()) == kFloor) {
      std::optional<Field> field =
          ParseField(row[0].substr(0, row[0].size() - kFloor.size()));
      if (!field) BadRow("unknown field", row[0]);
      totals = &floors_[static_cast<int>(*field)];
    }
    if (totals != nullptr) {
      for (const auto& [domain, points] : entries) (*totals)[domain] += points;
      continue;
    }
    std::optional<Field> field = ParseField(row[0]);
    if (!field) BadRow("unknown field", row[0]);
    Row& r = rows[static_cast<int>(*field)].emplace_back();
    r.key = RowKey(row[1]);
    if (!keys[static_cast<int>(*field)].insert(r.key).second) {
      BadRow("n-gram listed twice", row[1]);
    }
    for (const auto& [domain, points] : entries) {
      const int sum = r.points[domain] + points;
      if (sum < INT16_MIN || sum > INT16_MAX) {
        BadRow("points out of the range of a 16-bit integer", row[1]);
      }
      r.points[domain] = static_cast<int16_t>(sum);
    }
  }
  for (int f = 0; f < kFields; ++f) rows_[f].Build(rows[f]);
}

const DomainModel& DomainModel::Get() {
  static const DomainModel* model = new DomainModel();
  return *model;
}

void DomainModel::Add(Field field, uint64_t ngram, int* found,
                      ModelScores* scores) const {
  const Row* row = rows_[static_cast<int>(field)].Find(ngram);
  if (row == nullptr) return;
  ++*found;
  for (int d = 0; d < v1::Domain_ARRAYSIZE; ++d) {
    (*scores)[d] += row->points[d];
  }
}

void DomainModel::AddText(Field field, std::string_view text,
                          ModelScores* scores) const {
  const Rows& rows = rows_[static_cast<int>(field)];
  // The rows found are summed in 16 bits, as their points are, and widened
  // into `scores` before the sums could overflow: widening each row's
  // points to 64 bits took most of the time of a lookup that finds one.
  const int rows_per_flush =
      std::max(1, INT16_MAX / std::max(1, rows.max_points));
  std::array<int16_t, kPointLanes> sums{};
  int pending = 0;
  int found = 0;
  const auto flush = [&] {
    for (int d = 0; d < v1::Domain_ARRAYSIZE; ++d) {
      (*scores)[d] += sums[d];
      sums[d] = 0;
    }
    found += pending;
    pending = 0;
  };
  // Whether `ngram` has a row, whose points it adds.
  const auto add = [&](uint64_t ngram) {
    const Row* row = rows.Find(ngram);
    if (row == nullptr) return false;
    for (int d = 0; d < kPointLanes; ++d) {
      sums[d] = static_cast<int16_t>(sums[d] + row->points[d]);
    }
    if (++pending == rows_per_flush) flush();
    return true;
  };
  // The n-grams ending at each character: the character alone, with the
  // one before it and with the two before it.
  constexpr uint64_t kOneChar = (uint64_t{1} << 21) - 1;
  constexpr uint64_t kTwoChars = (uint64_t{1} << 42) - 1;
  uint64_t last3 = 0;
  int seen = 0;
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  for (size_t i = 0, length = 0; i < text.size(); i += length) {
    // A three-byte character (Chinese text) decoded first.
    uint32_t c;
    if ((bytes[i] & 0xF0) == 0xE0 && text.size() - i >= 3) {
      c = uint32_t{bytes[i] & 0x0Fu} << 12 |
          uint32_t{bytes[i + 1] & 0x3Fu} << 6 | (bytes[i + 2] & 0x3Fu);
      length = 3;
    } else {
      c = DecodeUtf8At(text, i, &length);
    }
    last3 = NgramKey(last3, c);
    ++seen;
    // In a suffix-closed table, the n-grams a character ends have rows up
    // to a length, and none beyond.
    if (!add(last3 & kOneChar) && rows.suffix_closed) continue;
    if (seen >= 2 && !add(last3 & kTwoChars) && rows.suffix_closed) continue;
    if (seen >= 3) add(last3);
  }
  flush();
  const ModelScores& floor = floors_[static_cast<int>(field)];
  for (int d = 0; d < v1::Domain_ARRAYSIZE; ++d) {
    (*scores)[d] += found * floor[d];
  }
}

void DomainModel::AddMetricEnd(std::string_view metric,
                               ModelScores* scores) const {
  int found = 0;
  size_t begin = metric.size();
  for (int n = 1; n <= 3 && begin > 0; ++n) {
    begin = PreviousUtf8Start(metric, begin);
    Add(Field::kMetricEnd, KeyOf(metric.substr(begin)), &found, scores);
  }
  const ModelScores& floor = floors_[static_cast<int>(Field::kMetricEnd)];
  for (int d = 0; d < v1::Domain_ARRAYSIZE; ++d) {
    (*scores)[d] += found * floor[d];
  }
}

SentenceKeywords::SentenceKeywords(std::string_view sentence)
    : sentence_(sentence) {
  const Keywords& table = GetKeywords();
  table.index->ForEach(sentence, [&](size_t begin, int k) {
    int previous = static_cast<int>(matches_.size()) - 1;
    while (previous >= 0 && matches_[previous].keyword != k) --previous;
    matches_.push_back({begin, begin + table.words[k].size(), previous, k,
                        table.domains[k], table.weights[k] * 4});
    if (previous < 0) {
      sentence_points_[table.domains[k]] +=
          kSentenceWeight * table.weights[k] * 4;
    }
  });
}

void SentenceKeywords::AddSentencePoints(DomainScores* scores) const {
  for (int d = 0; d < v1::Domain_ARRAYSIZE; ++d) {
    (*scores)[d] += sentence_points_[d];
  }
}

void SentenceKeywords::AddModelPoints(ModelScores* scores) const {
  if (!model_points_) {
    model_points_.emplace();
    DomainModel::Get().AddText(DomainModel::Field::kSentence, sentence_,
                               &*model_points_);
  }
  for (int d = 0; d < v1::Domain_ARRAYSIZE; ++d) {
    (*scores)[d] += (*model_points_)[d];
  }
}

void SentenceKeywords::AddClausePoints(std::string_view clause,
                                       DomainScores* scores) const {
  const size_t begin = static_cast<size_t>(clause.data() - sentence_.data());
  const size_t end = begin + clause.size();
  for (const Found& m : matches_) {
    if (m.begin >= end) break;
    // The keyword's earlier place, if any, ends before this one: it is in
    // the clause if it starts there.
    if (m.begin >= begin && m.end <= end &&
        (m.previous < 0 || matches_[m.previous].begin < begin)) {
      (*scores)[m.domain] += kClauseWeight * m.points;
    }
  }
}

namespace {

// The points of one section title, which the paths of its subsections
// repeat: extract.cc scores a section's path whenever it changes, so the
// points of the latest few titles are kept, per thread.
const ContextScores& TitleScores(const std::string& title) {
  struct Entry {
    bool used = false;
    std::string title;
    ContextScores scores;
  };
  // A few levels of nesting, each with a couple of siblings' titles.
  constexpr size_t kEntries = 8;
  thread_local std::array<Entry, kEntries> cache;
  thread_local size_t next = 0;
  for (const Entry& e : cache) {
    if (e.used && e.title == title) return e.scores;
  }
  Entry& e = cache[next];
  next = (next + 1) % kEntries;
  e.used = true;
  e.title = title;
  e.scores = ContextScores();
  Score(title, kSectionWeight, /*head_final=*/false, &e.scores.keywords);
  DomainModel::Get().AddText(DomainModel::Field::kHeading, title,
                             &e.scores.model);
  return e.scores;
}

}  // namespace

ContextScores SectionScores(const std::vector<std::string>& section_path) {
  ContextScores scores;
  for (const std::string& title : section_path) {
    const ContextScores& points = TitleScores(title);
    for (int d = 0; d < v1::Domain_ARRAYSIZE; ++d) {
      scores.keywords[d] += points.keywords[d];
      scores.model[d] += points.model[d];
    }
  }
  return scores;
}

Domain ClassifyDomain(const std::vector<std::string_view>& metric_phrases,
                      std::string_view clause, const SentenceKeywords& sentence,
                      const ContextScores& section_scores) {
  ContextScores scores = section_scores;
  sentence.AddSentencePoints(&scores.keywords);
  for (std::string_view metric : metric_phrases) {
    Score(metric, kMetricWeight, /*head_final=*/true, &scores.keywords);
  }
  sentence.AddClausePoints(clause, &scores.keywords);
  if (metric_phrases.empty()) {
    scores.model = {};
  } else {
    AddMetricModelPoints(metric_phrases, &scores.model);
    sentence.AddModelPoints(&scores.model);
  }
  return Best(scores);
}

Domain ClassifyDomain(const std::vector<std::string_view>& metric_phrases,
                      std::string_view clause, std::string_view sentence,
                      const std::vector<std::string>& section_path) {
  ContextScores scores = SectionScores(section_path);
  const SentenceKeywords keywords(sentence);
  keywords.AddSentencePoints(&scores.keywords);
  for (std::string_view metric : metric_phrases) {
    Score(metric, kMetricWeight, /*head_final=*/true, &scores.keywords);
  }
  Score(clause, kClauseWeight, /*head_final=*/false, &scores.keywords);
  if (metric_phrases.empty()) {
    scores.model = {};
  } else {
    AddMetricModelPoints(metric_phrases, &scores.model);
    keywords.AddModelPoints(&scores.model);
  }
  return Best(scores);
}

std::optional<Domain> CueDomain(std::string_view metric,
                                std::string_view clause,
                                std::string_view sentence) {
  // A handful of rows, each two finds in short texts: cheaper than a scan.
  for (const Cue& c : GetCues()) {
    if (FindUtf8(metric, c.head) == std::string_view::npos) continue;
    const std::string_view scope = c.in_clause ? clause : sentence;
    if (FindUtf8(scope, c.cue) != std::string_view::npos) return c.domain;
  }
  return std::nullopt;
}

namespace domain_internal {

std::vector<KeywordMatch> FindKeywords(std::string_view text) {
  std::vector<KeywordMatch> matches;
  GetKeywords().index->ForEach(text, [&](size_t begin, int k) {
    matches.push_back({begin, k});
  });
  return matches;
}

}  // namespace domain_internal
}  // namespace govreport
