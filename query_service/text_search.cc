#include "query_service/text_search.h"

#include <algorithm>
#include <limits>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "common/utf8.h"
#include "store/keys.h"

namespace govreport {
namespace {

// Postings counted per bigram when looking for the rarest one.
constexpr int kPostingCountCap = 20000;
// Matches collected for one text query before sorting; a phrase this
// common needs a narrower filter.
constexpr int kMaxSearchHits = 20000;
// Write groups whose members lists are read with one lookup.
constexpr size_t kGroupsPerLookup = 64;

absl::Status MalformedIndex() {
  return absl::DataLossError("the text index holds a malformed posting");
}

ScanRange PostingRange(const std::string& bigram) {
  std::string prefix = keys::BigramPrefix(bigram);
  std::string end = PrefixSuccessor(prefix);
  return ScanRange{keys::ColumnFamily::kByBigram, std::move(prefix),
                   std::move(end)};
}

// The postings of the bigram of `bigrams` held by the fewest reports.
// Rarity counts reports of every district and year, since only a write
// group's members list tells a report's district and year.
absl::StatusOr<ScanRange> RarestBigramPostings(
    const ReportReader& reader, const std::vector<std::string>& bigrams) {
  std::vector<uint32_t> indexes;
  // A bigram whose count went past the cap may still be the rarest.
  int rarest_count = std::numeric_limits<int>::max();
  ScanRange rarest;
  for (const std::string& bigram : bigrams) {
    int count = 0;
    bool parsed = true;
    ScanRange range = PostingRange(bigram);
    absl::Status scanned =
        reader.Scan(range.cf, range.begin, range.end,
                    [&](std::string_view, std::string_view value) {
                      parsed = keys::ParsePosting(value, &indexes);
                      count += static_cast<int>(indexes.size());
                      return parsed && count <= kPostingCountCap;
                    });
    if (!scanned.ok()) return scanned;
    if (!parsed) return MalformedIndex();
    if (count < rarest_count) {
      rarest_count = count;
      rarest = std::move(range);
    }
  }
  return rarest;
}

// The reports `postings` name that pass the filter's district, year and
// report conditions, each once, at most `max_candidates`. The postings
// are read a chunk of write groups at a time, so that each chunk's members
// lists take one lookup.
class CandidateCollector final {
 public:
  CandidateCollector(const ReportReader& reader, const ResolvedFilter& filter,
                     int max_candidates)
      : reader_(reader), filter_(filter), max_candidates_(max_candidates) {}

  absl::StatusOr<std::vector<keys::BigramGroupMember>> Collect(
      const ScanRange& postings) && {
    absl::Status chunk_status = absl::OkStatus();
    absl::Status scanned = reader_.Scan(
        postings.cf, postings.begin, postings.end,
        [&](std::string_view key, std::string_view value) {
          chunk_.emplace_back(keys::GroupOfBigramKey(key),
                              std::vector<uint32_t>());
          if (!keys::ParsePosting(value, &chunk_.back().second)) {
            chunk_status = MalformedIndex();
            return false;
          }
          if (chunk_.size() < kGroupsPerLookup) return true;
          chunk_status = TakeChunk();
          return chunk_status.ok() &&
                 static_cast<int>(candidates_.size()) < max_candidates_;
        });
    if (!scanned.ok()) return scanned;
    if (chunk_status.ok() && !chunk_.empty()) chunk_status = TakeChunk();
    if (!chunk_status.ok()) return chunk_status;
    if (static_cast<int>(candidates_.size()) > max_candidates_) {
      candidates_.resize(max_candidates_);
    }
    return std::move(candidates_);
  }

 private:
  // Resolves the chunk's postings to members through their groups' lists.
  absl::Status TakeChunk() {
    std::vector<std::string> group_keys;
    for (const auto& posting : chunk_) {
      group_keys.push_back(keys::BigramGroupKey(posting.first));
    }
    absl::StatusOr<std::vector<std::optional<std::string>>> groups =
        reader_.GetValues(keys::ColumnFamily::kByBigram, group_keys);
    if (!groups.ok()) return groups.status();
    std::vector<keys::BigramGroupMember> members;
    for (size_t i = 0; i < chunk_.size(); ++i) {
      if (!(*groups)[i].has_value() ||
          !keys::ParseBigramGroupMembers(*(*groups)[i], &members)) {
        return MalformedIndex();
      }
      for (uint32_t index : chunk_[i].second) {
        if (index >= members.size()) return MalformedIndex();
        keys::BigramGroupMember& member = members[index];
        // A report stored again is listed by each of its groups.
        if (Wanted(member) && seen_.insert(member.report_id).second) {
          candidates_.push_back(std::move(member));
        }
      }
    }
    chunk_.clear();
    return absl::OkStatus();
  }

  bool Wanted(const keys::BigramGroupMember& member) const {
    return (!filter_.district_constrained ||
            filter_.district_codes.contains(member.code)) &&
           (filter_.year_from == 0 || member.year >= filter_.year_from) &&
           (filter_.year_to == 0 || member.year <= filter_.year_to) &&
           (filter_.report_id.empty() || member.report_id == filter_.report_id);
  }

  const ReportReader& reader_;
  const ResolvedFilter& filter_;
  const int max_candidates_;
  // Postings read but not yet resolved: (write group, member indexes).
  std::vector<std::pair<uint64_t, std::vector<uint32_t>>> chunk_;
  std::vector<keys::BigramGroupMember> candidates_;
  absl::flat_hash_set<std::string> seen_;
};

// The candidates worth reading, as (the prefix every sort key of the
// report's commitments starts with, index in `candidates`), in prefix
// order. Prefixes do not nest (report ids end at \0), so reports read in
// this order give their matches in sort order: reports wholly before
// `order.after` are left out, and reading may stop once enough are found.
std::vector<std::pair<std::string, size_t>> ReadingOrder(
    const std::vector<keys::BigramGroupMember>& candidates,
    const TextMatchOrder& order) {
  std::vector<std::pair<std::string, size_t>> reading_order;
  for (size_t i = 0; i < candidates.size(); ++i) {
    const keys::BigramGroupMember& m = candidates[i];
    std::string prefix =
        order.newest_first ? NewestFirstKey(m.year, m.code,
                                            keys::CommitmentPrefix(m.report_id))
                           : keys::CommitmentPrefix(m.report_id);
    if (!order.after.empty() && prefix < order.after &&
        order.after.compare(0, prefix.size(), prefix) != 0) {
      continue;
    }
    reading_order.emplace_back(std::move(prefix), i);
  }
  std::sort(reading_order.begin(), reading_order.end());
  return reading_order;
}

// Reads the commitments of the candidates in reading order and keeps
// those holding `text` and passing `filter`, after order.after, sorted.
absl::StatusOr<std::vector<TextMatch>> ReadMatches(
    const ReportReader& reader, const std::string& text,
    const ResolvedFilter& filter, const TextMatchOrder& order,
    const std::vector<keys::BigramGroupMember>& candidates,
    const std::vector<std::pair<std::string, size_t>>& reading_order) {
  std::vector<TextMatch> matches;
  // False once a commitment's year or district differs from its report's
  // in the index: then its sort key may fall outside the report's place
  // and every candidate is read.
  bool in_prefix_order = true;
  for (const auto& report : reading_order) {
    // Named, not a structured binding: C++17 lambdas cannot capture those.
    const std::string& prefix = report.first;
    if (order.enough > 0 && in_prefix_order &&
        static_cast<int>(matches.size()) >= order.enough) {
      break;
    }
    const std::string commitments =
        keys::CommitmentPrefix(candidates[report.second].report_id);
    absl::Status status = absl::OkStatus();
    absl::Status scanned = reader.Scan(
        keys::ColumnFamily::kCommitments, commitments,
        PrefixSuccessor(commitments),
        [&](std::string_view key, std::string_view value) {
          // The sentence is stored verbatim inside the serialized
          // commitment: one without the phrase anywhere in its bytes is
          // skipped unparsed, which spares most of a report's commitments.
          if (value.find(text) == std::string_view::npos) return true;
          v1::Commitment c;
          if (!c.ParseFromArray(value.data(), static_cast<int>(value.size()))) {
            status = absl::DataLossError("a stored commitment does not parse");
            return false;
          }
          if (c.sentence().find(text) == std::string::npos ||
              !MatchesFilter(filter, c)) {
            return true;
          }
          std::string sort_key =
              order.newest_first
                  ? NewestFirstKey(c.year(),
                                   keys::DistrictKeyCode(c.district()), key)
                  : std::string(key);
          if (sort_key.compare(0, prefix.size(), prefix) != 0) {
            in_prefix_order = false;
          }
          if (order.after.empty() || sort_key > order.after) {
            matches.push_back({std::move(sort_key), std::move(c)});
          }
          return static_cast<int>(matches.size()) < kMaxSearchHits;
        });
    if (!scanned.ok()) return scanned;
    if (!status.ok()) return status;
    if (static_cast<int>(matches.size()) >= kMaxSearchHits) break;
  }
  std::sort(matches.begin(), matches.end(),
            [](const TextMatch& a, const TextMatch& b) {
              return a.sort_key < b.sort_key;
            });
  return matches;
}

}  // namespace

std::string NewestFirstKey(int year, std::string_view code,
                           std::string_view tail) {
  std::string key;
  keys::AppendBigEndian16(
      static_cast<uint16_t>(9999 - std::clamp(year, 0, 9999)), &key);
  key += code;
  key += tail;
  return key;
}

absl::StatusOr<std::vector<TextMatch>> FindTextMatches(
    const ReportReader& reader, const std::string& text,
    const ResolvedFilter& filter, const TextMatchOrder& order,
    int max_candidates) {
  if (Utf8Length(text) > kMaxSearchChars) {
    return absl::InvalidArgumentError(absl::StrCat(
        "the text to find is over ", kMaxSearchChars, " characters"));
  }
  const std::vector<std::string> bigrams = keys::TextBigrams(text);
  if (bigrams.empty()) {
    return absl::InvalidArgumentError(
        "the text to find must hold two consecutive characters, at least one "
        "of them Chinese, that are not spaces or punctuation, e.g. 托位");
  }
  absl::StatusOr<ScanRange> postings = RarestBigramPostings(reader, bigrams);
  if (!postings.ok()) return postings.status();
  absl::StatusOr<std::vector<keys::BigramGroupMember>> candidates =
      CandidateCollector(reader, filter, max_candidates).Collect(*postings);
  if (!candidates.ok()) return candidates.status();
  return ReadMatches(reader, text, filter, order, *candidates,
                     ReadingOrder(*candidates, order));
}

}  // namespace govreport
