#include "common/domain_classifier.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <utility>

#include "absl/container/inlined_vector.h"
#include "absl/strings/numbers.h"
#include "common/domains.h"
#include "common/lexicon.h"
#include "common/string_view.h"
#include "common/utf8.h"
#include "common/word_set.h"

namespace govreport {
namespace {

using govreport::v1::Domain;

constexpr int kMetricWeight = 6;
constexpr int kClauseWeight = 2;
// The sentence around the clause names its topic ("深化军地双拥共建,互办实事
// 不少于200件"); it weighs less than the clause, as much as a title.
constexpr int kSentenceWeight = 1;
constexpr int kSectionWeight = 1;

// Every keyword of data/lexicon/domain_keywords.tsv in table order, with
// its domain and its weight (by default its length in characters).
struct Keywords {
  std::vector<std::string_view> words;
  std::vector<Domain> domains;
  std::vector<int> weights;
  // Over `words`: a text is scanned once rather than once per keyword.
  std::unique_ptr<const WordSet> set;
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
      if (row.size() >= 3 &&
          !absl::SimpleAtoi(AsAbsl(row[2]), &weight)) {
        BadRow("weight is no integer", row[0]);
      }
      k->words.push_back(row[0]);
      k->domains.push_back(*domain);
      k->weights.push_back(weight);
    }
    k->set = std::make_unique<const WordSet>(k->words);
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
  for (size_t i = 0; i < text.size(); i += Utf8SequenceLength(text[i])) {
    keywords.set->ForEachAt(text, i, [&](int k) {
      const size_t end = i + keywords.words[k].size();
      auto found = std::find_if(last_end.begin(), last_end.end(),
                                [k](const auto& e) { return e.first == k; });
      if (found == last_end.end()) {
        last_end.emplace_back(k, end);
      } else {
        found->second = end;
      }
    });
  }
  for (const auto& [k, end] : last_end) {
    int points = weight * keywords.weights[k] * 4;
    if (head_final && !text.empty()) {
      points += points * static_cast<int>(end) / static_cast<int>(text.size());
    }
    (*scores)[keywords.domains[k]] += points;
  }
}

// Adds keyword `k` at `weight` unless it is in `seen` already: as Score
// does for a text without a head, each keyword counts once.
void AddOnce(int k, int weight, absl::InlinedVector<int, 32>* seen,
             DomainScores* scores) {
  if (std::find(seen->begin(), seen->end(), k) != seen->end()) return;
  seen->push_back(k);
  const Keywords& table = GetKeywords();
  (*scores)[table.domains[k]] += weight * table.weights[k] * 4;
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

Domain Best(const DomainScores& scores) {
  int best = v1::DOMAIN_ECONOMY;
  for (int d = 1; d < v1::Domain_ARRAYSIZE; ++d) {
    if (scores[d] > scores[best]) best = d;
  }
  return static_cast<Domain>(best);
}

}  // namespace

SentenceKeywords::SentenceKeywords(std::string_view sentence)
    : sentence_(sentence) {
  const WordSet& set = *GetKeywords().set;
  for (size_t i = 0; i < sentence.size();
       i += Utf8SequenceLength(sentence[i])) {
    set.ForEachAt(sentence, i, [&](int k) { matches_.push_back({i, k}); });
  }
  absl::InlinedVector<int, 32> seen;
  for (const Match& m : matches_) {
    AddOnce(m.keyword, kSentenceWeight, &seen, &sentence_points_);
  }
}

void SentenceKeywords::AddSentencePoints(DomainScores* scores) const {
  for (int d = 0; d < v1::Domain_ARRAYSIZE; ++d) {
    (*scores)[d] += sentence_points_[d];
  }
}

void SentenceKeywords::AddClausePoints(std::string_view clause,
                                       DomainScores* scores) const {
  const size_t begin = static_cast<size_t>(clause.data() - sentence_.data());
  const size_t end = begin + clause.size();
  const Keywords& table = GetKeywords();
  absl::InlinedVector<int, 32> seen;
  for (const Match& m : matches_) {
    if (m.begin >= end) break;
    if (m.begin >= begin && m.begin + table.words[m.keyword].size() <= end) {
      AddOnce(m.keyword, kClauseWeight, &seen, scores);
    }
  }
}

DomainScores SectionScores(const std::vector<std::string>& section_path) {
  DomainScores scores{};
  for (const std::string& title : section_path) {
    Score(title, kSectionWeight, /*head_final=*/false, &scores);
  }
  return scores;
}

Domain ClassifyDomain(const std::vector<std::string_view>& metric_phrases,
                      std::string_view clause, const SentenceKeywords& sentence,
                      const DomainScores& section_scores) {
  DomainScores scores = section_scores;
  sentence.AddSentencePoints(&scores);
  for (std::string_view metric : metric_phrases) {
    Score(metric, kMetricWeight, /*head_final=*/true, &scores);
  }
  sentence.AddClausePoints(clause, &scores);
  return Best(scores);
}

Domain ClassifyDomain(const std::vector<std::string_view>& metric_phrases,
                      std::string_view clause, std::string_view sentence,
                      const std::vector<std::string>& section_path) {
  DomainScores scores = SectionScores(section_path);
  SentenceKeywords(sentence).AddSentencePoints(&scores);
  for (std::string_view metric : metric_phrases) {
    Score(metric, kMetricWeight, /*head_final=*/true, &scores);
  }
  Score(clause, kClauseWeight, /*head_final=*/false, &scores);
  return Best(scores);
}

std::optional<Domain> CueDomain(std::string_view metric,
                                std::string_view clause,
                                std::string_view sentence) {
  // A handful of rows, each two finds in short texts: cheaper than a scan.
  for (const Cue& c : GetCues()) {
    if (metric.find(c.head) == std::string_view::npos) continue;
    const std::string_view scope = c.in_clause ? clause : sentence;
    if (scope.find(c.cue) != std::string_view::npos) return c.domain;
  }
  return std::nullopt;
}

}  // namespace govreport
