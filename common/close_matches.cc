#include "common/close_matches.h"

#include <algorithm>
#include <cstdint>
#include <utility>

#include "common/utf8.h"

namespace govreport {
namespace {

// The code points of `text`, ASCII letters in lower case.
std::vector<uint32_t> FoldedCodePoints(std::string_view text) {
  std::vector<uint32_t> out;
  size_t length = 0;
  for (size_t i = 0; i < text.size(); i += length) {
    uint32_t c = DecodeUtf8At(text, i, &length);
    if (c >= 'A' && c <= 'Z') c += 'a' - 'A';
    out.push_back(c);
  }
  return out;
}

// Levenshtein distance, one row at a time.
size_t EditDistance(const std::vector<uint32_t>& a,
                    const std::vector<uint32_t>& b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t above = row[j];
      row[j] = std::min({above + 1, row[j - 1] + 1,
                         diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

bool Holds(const std::vector<uint32_t>& outer,
           const std::vector<uint32_t>& inner) {
  return std::search(outer.begin(), outer.end(), inner.begin(), inner.end()) !=
         outer.end();
}

}  // namespace

std::vector<size_t> CloseMatches(
    std::string_view input, const std::vector<std::string_view>& candidates,
    size_t max) {
  const std::vector<uint32_t> wanted = FoldedCodePoints(input);
  std::vector<std::pair<size_t, size_t>> close;  // (distance, index)
  if (wanted.empty()) return {};
  for (size_t i = 0; i < candidates.size(); ++i) {
    const std::vector<uint32_t> candidate = FoldedCodePoints(candidates[i]);
    if (candidate.empty()) continue;
    const size_t distance = EditDistance(wanted, candidate);
    const size_t longer = std::max(wanted.size(), candidate.size());
    if (distance <= std::max<size_t>(1, longer / 3) ||
        Holds(candidate, wanted) || Holds(wanted, candidate)) {
      close.emplace_back(distance, i);
    }
  }
  std::stable_sort(close.begin(), close.end());
  std::vector<size_t> indexes;
  for (size_t k = 0; k < close.size() && k < max; ++k) {
    indexes.push_back(close[k].second);
  }
  return indexes;
}

}  // namespace govreport
