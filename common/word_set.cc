#include "common/word_set.h"

#include <algorithm>
#include <utility>

namespace govreport {
namespace {

// The start of the character that ends at `end` (> 0), or npos when more
// than four bytes would be one character (no word ends so).
size_t LastCharStart(std::string_view text, size_t end) {
  size_t start = PreviousUtf8Start(text, end);
  return end - start > 4 ? std::string_view::npos : start;
}

}  // namespace

WordSet::Buckets::Buckets(
    std::vector<std::pair<uint32_t, int>> keys_and_indexes,
    absl::Span<const std::string_view> words) {
  // Grouped by key, each group longest first, then in list order.
  std::sort(keys_and_indexes.begin(), keys_and_indexes.end(),
            [&](const auto& a, const auto& b) {
              if (a.first != b.first) return a.first < b.first;
              if (words[a.second].size() != words[b.second].size()) {
                return words[a.second].size() > words[b.second].size();
              }
              return a.second < b.second;
            });
  size_t keys = 0;
  for (size_t i = 0; i < keys_and_indexes.size(); ++i) {
    keys +=
        i == 0 || keys_and_indexes[i].first != keys_and_indexes[i - 1].first;
  }
  slot_bits_ = 1;
  while ((size_t{1} << slot_bits_) < 2 * keys) ++slot_bits_;
  slots_.resize(size_t{1} << slot_bits_);
  for (size_t i = 0; i < keys_and_indexes.size();) {
    const uint32_t key = keys_and_indexes[i].first;
    Slot slot;
    slot.key = key;
    slot.begin = static_cast<uint32_t>(candidates_.size());
    for (; i < keys_and_indexes.size() && keys_and_indexes[i].first == key;
         ++i) {
      const int index = keys_and_indexes[i].second;
      Candidate c{words[index], index};
      const std::string_view w = words[index];
      const size_t first = std::min(Utf8SequenceLength(w[0]), w.size());
      for (size_t b = 0; b < 4; ++b) {
        const bool in_word = first + b < w.size();
        c.next = c.next << 8 |
                 (in_word ? static_cast<unsigned char>(w[first + b]) : 0);
        c.next_mask = c.next_mask << 8 | (in_word ? 0xFF : 0);
      }
      candidates_.push_back(c);
    }
    slot.end = static_cast<uint32_t>(candidates_.size());
    const uint64_t hash = Hash(key);
    const size_t bit = hash >> (64 - kFilterBitsLog2);
    filter_[bit / 64] |= uint64_t{1} << (bit % 64);
    size_t s = hash >> (64 - slot_bits_);
    while (slots_[s].begin != slots_[s].end) s = (s + 1) & (slots_.size() - 1);
    slots_[s] = slot;
  }
}

WordSet::Buckets WordSet::BucketsOf(absl::Span<const std::string_view> words,
                                    Filing filing) {
  std::vector<std::pair<uint32_t, int>> keys;
  for (int i = 0; i < static_cast<int>(words.size()); ++i) {
    const std::string_view w = words[i];
    if (w.empty()) continue;
    size_t begin = 0, end = 0;
    switch (filing) {
      case Filing::kFirst:
        end = std::min(Utf8SequenceLength(w[0]), w.size());
        break;
      case Filing::kLast:
        begin = LastCharStart(w, w.size());
        if (begin == std::string_view::npos) continue;
        end = w.size();
        break;
    }
    keys.emplace_back(Key(w, begin, end - begin), i);
  }
  return Buckets(std::move(keys), words);
}

WordSet::WordSet(absl::Span<const std::string_view> words)
    : words_(words),
      by_first_(BucketsOf(words, Filing::kFirst)),
      by_last_(BucketsOf(words, Filing::kLast)) {
  for (int b = 0; b < 256; ++b) {
    step_[b] = static_cast<uint8_t>(Utf8SequenceLength(b));
  }
  for (std::string_view w : words) {
    if (w.empty()) continue;
    const unsigned char lead = static_cast<unsigned char>(w[0]);
    if ((lead & 0xF0) != 0xE0) {
      step_[lead] = 0;
      continue;
    }
    step_[lead] = kThreeByteLead;
    // A word cut short after its lead byte matches no three-byte character;
    // its block is marked all the same, so that the filter never hides a
    // position LongestAt would try.
    const unsigned first = (lead & 0x0Fu) << 6;
    for (unsigned second = 0; second < 64; ++second) {
      if (w.size() >= 2 &&
          second != (static_cast<unsigned char>(w[1]) & 0x3Fu)) {
        continue;
      }
      const unsigned block = first | second;
      three_byte_blocks_[block / 64] |= uint64_t{1} << (block % 64);
    }
  }
}

int WordSet::LongestBefore(std::string_view text, size_t end) const {
  if (end == 0 || end > text.size()) return -1;
  const size_t start = LastCharStart(text, end);
  if (start == std::string_view::npos) return -1;
  const size_t last_char = end - start;
  for (const Candidate& c : by_last_.Find(Key(text, start, last_char))) {
    const std::string_view w = c.word;
    if (w.size() <= end &&
        RestMatchesAt(text.substr(0, start), end - w.size(), 0,
                      w.substr(0, w.size() - last_char))) {
      return c.index;
    }
  }
  return -1;
}

}  // namespace govreport
