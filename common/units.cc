#include "common/units.h"

#include <algorithm>
#include <iterator>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "common/lexicon.h"
#include "common/string_view.h"
#include "common/word_set.h"

namespace govreport {
namespace {

using govreport::v1::Comparator;

struct UnitWord {
  std::string_view word;
  std::string_view unit;
  double factor;
  bool counts;
  bool duration;
  std::string_view tally_noun;
};

struct ComparatorWord {
  std::string_view word;
  Comparator comparator;
};

// data/lexicon/units.tsv (see its header).
std::vector<UnitWord> UnitWords() {
  std::vector<UnitWord> words;
  for (const auto& row : Lexicon("units").rows) {
    double factor = 0;
    const bool tally = row.size() == 5 && row[3] == "tally";
    if ((row.size() != 4 && !tally) ||
        !absl::SimpleAtod(AsAbsl(row[2]), &factor) || !(factor > 0) ||
        (row[3] != "count" && row[3] != "measure" && row[3] != "duration" &&
         !tally)) {
      LexiconRowError("units", row,
                      "want word, unit, factor > 0, count|measure|duration, "
                      "or those and tally, noun");
    }
    words.push_back({row[0], row[1], factor, row[3] == "count" || tally,
                     row[3] == "duration", tally ? row[4] : ""});
  }
  return words;
}

// The rows of data/lexicon/comparators.tsv that stand at `position`.
std::vector<ComparatorWord> ComparatorWords(std::string_view position) {
  static constexpr std::pair<std::string_view, Comparator> kNames[] = {
      {"at_least", v1::COMPARATOR_AT_LEAST},
      {"at_most", v1::COMPARATOR_AT_MOST},
      {"approx", v1::COMPARATOR_APPROX},
      // A word that ends like a comparator and is none ("签约").
      {"none", v1::COMPARATOR_EXACT}};
  std::vector<ComparatorWord> words;
  for (const auto& row : Lexicon("comparators").rows) {
    const auto* name =
        row.size() == 3
            ? std::find_if(std::begin(kNames), std::end(kNames),
                           [&](const auto& n) { return n.first == row[2]; })
            : std::end(kNames);
    if (name == std::end(kNames) || (row[1] != "before" && row[1] != "after")) {
      LexiconRowError("comparators", row,
                      "want word, before|after, at_least|at_most|approx|none");
    }
    if (row[1] == position) words.push_back({row[0], name->second});
  }
  return words;
}

// The tables, each over the rows it was built from (declared first, so
// built first).
struct Tables {
  std::vector<UnitWord> unit_words = UnitWords();
  std::vector<ComparatorWord> before_words = ComparatorWords("before");
  std::vector<ComparatorWord> after_words = ComparatorWords("after");
  WordTable<UnitWord> units{unit_words};
  WordTable<ComparatorWord> before{before_words};
  WordTable<ComparatorWord> after{after_words};
};

const Tables& T() {
  static const Tables* tables = new Tables();
  return *tables;
}

}  // namespace

std::optional<UnitMatch> ReadUnit(std::string_view text, size_t pos) {
  const UnitWord* u = T().units.LongestAt(text, pos);
  if (u == nullptr) return std::nullopt;
  return UnitMatch{u->unit,   u->factor,   u->word.size(),
                   u->counts, u->duration, u->tally_noun};
}

std::optional<ComparatorMatch> ComparatorBefore(std::string_view text,
                                                size_t end) {
  const ComparatorWord* c = T().before.LongestBefore(text, end);
  if (c == nullptr || c->comparator == v1::COMPARATOR_EXACT) {
    return std::nullopt;
  }
  return ComparatorMatch{c->comparator, c->word.size()};
}

// No "after" word begins with another (the table says so), so at most one
// matches.
std::optional<ComparatorMatch> ComparatorAfter(std::string_view text,
                                               size_t pos) {
  const ComparatorWord* c = T().after.LongestAt(text, pos);
  if (c == nullptr || c->comparator == v1::COMPARATOR_EXACT) {
    return std::nullopt;
  }
  return ComparatorMatch{c->comparator, c->word.size()};
}

}  // namespace govreport
