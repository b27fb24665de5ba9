#include "common/metrics.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/match.h"
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

// Where the base of a share opens in `text` ("服务业增加值占地区生产总值
// 比重": at 占), or npos when `text` names no share. 占比 (a share with no
// base: "研发投入占比" is the R&D intensity) and 占地 ending the text or
// before 面积 (floor space) are words of their own; "占地区生产总值" is a
// share of the district's product.
size_t ShareBaseStart(std::string_view text) {
  constexpr std::string_view kShare = "占";
  for (size_t at = FindUtf8(text, kShare); at != std::string_view::npos;) {
    const std::string_view after = text.substr(at + kShare.size());
    const bool floor_space = absl::StartsWith(AsAbsl(after), "地") &&
                             (after.size() == std::string_view("地").size() ||
                              absl::StartsWith(AsAbsl(after), "地面积"));
    if (!floor_space && !absl::StartsWith(AsAbsl(after), "比")) return at;
    const size_t later = FindUtf8(after, kShare);
    at = later == std::string_view::npos ? later : at + kShare.size() + later;
  }
  return std::string_view::npos;
}

// A phrase found in a text: its index, and where it starts.
struct FoundPhrase {
  int index = -1;
  size_t begin = 0;
};

// The phrase that ends last inside `text`, then the longest, then the
// first; index -1 when none is found. A metric phrase ends its text more
// often than not (a noun phrase ends with its head), so the search walks
// back from the end, where the first end with a phrase decides. The base
// of a share names no metric: a phrase wholly inside it is passed over.
FoundPhrase PhraseIn(std::string_view text) {
  const Index& index = GetIndex();
  const size_t base = ShareBaseStart(text);
  for (size_t end = text.size(); end > 0; end = PreviousUtf8Start(text, end)) {
    const int found = index.phrase_set->LongestBefore(text, end);
    if (found < 0) continue;
    const size_t begin = end - index.phrases[found].size();
    if (base != std::string_view::npos && begin > base) continue;
    return {found, begin};
  }
  return {};
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
  const FoundPhrase phrase = PhraseIn(text);
  return phrase.index < 0 ? nullptr
                          : GetIndex().phrase_metrics[phrase.index].front();
}

const MetricInfo* FindMetricIn(std::string_view text, std::string_view unit) {
  const FoundPhrase phrase = PhraseIn(text);
  if (phrase.index < 0) return nullptr;
  // A share of a thing is no figure of the thing ("服务业增加值占地区生产
  // 总值比重" is not the services' growth): only a phrase naming the share
  // itself (研发投入占GDP比重) reaches across 占 to name it.
  const size_t base = ShareBaseStart(text);
  if (base != std::string_view::npos &&
      phrase.begin + GetIndex().phrases[phrase.index].size() <= base) {
    return nullptr;
  }
  for (const MetricInfo* m : GetIndex().phrase_metrics[phrase.index]) {
    if (m->unit == unit) return m;
  }
  return nullptr;
}

}  // namespace govreport
