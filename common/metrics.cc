#include "common/metrics.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "common/domains.h"
#include "common/lexicon.h"
#include "common/string_view.h"
#include "common/utf8.h"
#include "common/word_set.h"

namespace govreport {
namespace {

using govreport::v1::Domain;

// Aborts on a row the catalogue cannot use: the table is compiled in, so a
// bad row is a build defect that the tests catch at once.
[[noreturn]] void BadRow(std::string_view why, std::string_view id) {
  std::fprintf(stderr, "data/lexicon/metrics.tsv: %.*s: %.*s\n",
               static_cast<int>(id.size()), id.data(),
               static_cast<int>(why.size()), why.data());
  std::abort();
}

// The catalogue of data/lexicon/metrics.tsv, ordered by id.
std::vector<MetricInfo>* BuildCatalogue() {
  auto* m = new std::vector<MetricInfo>();
  for (const auto& row : Lexicon("metrics").rows) {
    if (row.size() < 5) {
      BadRow("a metric needs id, name, domain, unit and a phrase", row[0]);
    }
    std::optional<Domain> domain = ParseDomain(row[2]);
    if (!domain) BadRow("unknown domain", row[0]);
    m->push_back({row[0], row[1], *domain, row[3],
                  std::vector<std::string_view>(row.begin() + 4, row.end())});
  }
  std::sort(m->begin(), m->end(), [](const MetricInfo& a, const MetricInfo& b) {
    return a.id < b.id;
  });
  return m;
}

struct Index {
  absl::flat_hash_map<std::string, const MetricInfo*> by_id;
  absl::flat_hash_map<std::string, const MetricInfo*> by_phrase;
  // Every distinct phrase in catalogue order (where it first appears), each
  // with the metrics it names in catalogue order (one per unit), for
  // FindMetricIn.
  std::vector<std::string_view> phrases;
  std::vector<std::vector<const MetricInfo*>> phrase_metrics;
  std::unique_ptr<const WordSet> phrase_set;
};

const Index& GetIndex() {
  static const Index* index = [] {
    auto* i = new Index();
    absl::flat_hash_map<std::string, size_t> phrase_index;
    for (const MetricInfo& m : AllMetrics()) {
      i->by_id.emplace(std::string(m.id), &m);
      i->by_phrase.emplace(std::string(m.name), &m);
      for (std::string_view p : m.phrases) {
        i->by_phrase.emplace(std::string(p), &m);
        auto [it, added] =
            phrase_index.emplace(std::string(p), i->phrases.size());
        if (added) {
          i->phrases.push_back(p);
          i->phrase_metrics.emplace_back();
        }
        i->phrase_metrics[it->second].push_back(&m);
      }
    }
    i->phrase_set = std::make_unique<const WordSet>(i->phrases);
    return i;
  }();
  return *index;
}

// The index of the phrase that ends last inside `text`, then the longest,
// then the first; -1 when none is found. A metric phrase ends its text
// more often than not (a noun phrase ends with its head), so the search
// walks back from the end, where the first end with a phrase decides.
int PhraseIn(std::string_view text) {
  const WordSet& phrases = *GetIndex().phrase_set;
  for (size_t end = text.size(); end > 0; end = PreviousUtf8Start(text, end)) {
    const int found = phrases.LongestBefore(text, end);
    if (found >= 0) return found;
  }
  return -1;
}

}  // namespace

const std::vector<MetricInfo>& AllMetrics() {
  static const std::vector<MetricInfo>* metrics = BuildCatalogue();
  return *metrics;
}

const MetricInfo* FindMetricById(std::string_view id) {
  auto it = GetIndex().by_id.find(AsAbsl(id));
  return it == GetIndex().by_id.end() ? nullptr : it->second;
}

const MetricInfo* FindMetricByPhrase(std::string_view phrase) {
  auto it = GetIndex().by_phrase.find(AsAbsl(phrase));
  return it == GetIndex().by_phrase.end() ? nullptr : it->second;
}

const MetricInfo* FindMetricIn(std::string_view text) {
  const int phrase = PhraseIn(text);
  return phrase < 0 ? nullptr : GetIndex().phrase_metrics[phrase].front();
}

const MetricInfo* FindMetricIn(std::string_view text, std::string_view unit) {
  const int phrase = PhraseIn(text);
  if (phrase < 0) return nullptr;
  for (const MetricInfo* m : GetIndex().phrase_metrics[phrase]) {
    if (m->unit == unit) return m;
  }
  return nullptr;
}

}  // namespace govreport
