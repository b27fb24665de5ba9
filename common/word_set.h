#ifndef GOVREPORT_COMMON_WORD_SET_H_
#define GOVREPORT_COMMON_WORD_SET_H_

// Fast matching of the pipeline's fixed word lists at a position of text:
// WordSet for plain lists, WordTable for tables of words with meanings. The
// rule code (segment, extract, quantities, units, domain classifier) builds
// one per table, once, and queries it at nearly every character.
//
// Example:
//   static constexpr std::string_view kWords[] = {"提高", "提高到"};
//   static const WordSet words(kWords);
//   int i = words.LongestAt(text, pos);  // 1 at "提高到", -1 for no word

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "absl/types/span.h"
#include "common/utf8.h"

namespace govreport {

// A fixed list of words (UTF-8) to find at or before a position of a text.
// The pipeline's rule tables (verbs, units, comparators, quotes, domain
// keywords) are checked at nearly every character of a report; comparing
// each word there was most of its time. Here the words are bucketed by
// their first (or last) character behind bit filters (of first bytes, then
// of hashed characters), so that a position costs a few inlined
// instructions when no word can start there and one bucket's comparisons
// when one may.
//
// Immutable after construction, so thread-safe.
class WordSet final {
 public:
  // `words` must outlive the set (the rule tables are constexpr arrays);
  // empty words are ignored.
  explicit WordSet(absl::Span<const std::string_view> words);

  WordSet(const WordSet&) = delete;
  WordSet& operator=(const WordSet&) = delete;

  // The index in `words` of the longest word that starts at byte `pos` of
  // `text` (the first listed among equally long ones), or -1.
  int LongestAt(std::string_view text, size_t pos) const {
    size_t first_char = 0;
    const absl::Span<const Candidate> candidates =
        CandidatesAt(text, pos, &first_char);
    if (candidates.empty()) return -1;
    const uint32_t next = NextBytes(text, pos + first_char);
    for (const Candidate& c : candidates) {
      if ((next & c.next_mask) == c.next &&
          RestMatchesAt(text, pos, first_char, c.word)) {
        return c.index;
      }
    }
    return -1;
  }

  // The index of the longest word that ends at byte `end` of `text` (the
  // first listed among equally long ones), or -1.
  int LongestBefore(std::string_view text, size_t end) const;

  // Bytes of the longest word at `pos` / before `end`, 0 for none.
  size_t LengthAt(std::string_view text, size_t pos) const {
    int i = LongestAt(text, pos);
    return i < 0 ? 0 : words_[i].size();
  }
  size_t LengthBefore(std::string_view text, size_t end) const {
    int i = LongestBefore(text, end);
    return i < 0 ? 0 : words_[i].size();
  }

  // Calls `f(index)` for every word that starts at `pos`, longest first
  // (among equally long ones, in list order).
  template <typename F>
  void ForEachAt(std::string_view text, size_t pos, F f) const {
    size_t first_char = 0;
    const absl::Span<const Candidate> candidates =
        CandidatesAt(text, pos, &first_char);
    if (candidates.empty()) return;
    const uint32_t next = NextBytes(text, pos + first_char);
    for (const Candidate& c : candidates) {
      if ((next & c.next_mask) == c.next &&
          RestMatchesAt(text, pos, first_char, c.word)) {
        f(c.index);
      }
    }
  }

  // The first character position in [from, to) (`to` clipped to the text)
  // where a word starts, or npos; the word may run past `to`.
  size_t Find(std::string_view text, size_t from = 0,
              size_t to = std::string_view::npos) const {
    to = std::min(to, text.size());
    for (size_t i = SkipToPossibleStart(text, from, to); i < to;
         i = SkipToPossibleStart(text, i + Utf8SequenceLength(text[i]), to)) {
      if (LongestAt(text, i) >= 0) return i;
    }
    return std::string_view::npos;
  }

  // Walking characters from `from`: the first position before `to` where
  // a word may start (its first byte starts some word; for a three-byte
  // character, filters of the first two bytes and of the character pass
  // it), else the first position at or after `to` (<= text.size()). No
  // word starts at the characters stepped over.
  size_t SkipToPossibleStart(std::string_view text, size_t from,
                             size_t to) const {
    const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
    size_t i = from;
    // Before the text's last two bytes a character's first three are there.
    const size_t triple_end =
        text.size() > 2 ? std::min(to, text.size() - 2) : 0;
    while (i < triple_end) {
      const unsigned char lead = bytes[i];
      const int8_t step = static_cast<int8_t>(step_[lead]);
      if (step > 0) {
        i += step;
        continue;
      }
      if (step == 0) return i;
      // Most Chinese characters share their lead byte with some word's
      // first character; their first two bytes set most apart, and the
      // filter of first characters most of the rest (a numeral's block of
      // 64 holds "的", "国" and "人"), where a return to LongestAt cost
      // three times as much.
      if (ThreeByteBlockStartsWord(lead, bytes[i + 1]) &&
          by_first_.MayHold(uint32_t{lead} << 16 | uint32_t{bytes[i + 1]} << 8 |
                            bytes[i + 2])) {
        return i;
      }
      i += 3;
    }
    while (i < to) {
      const uint8_t step = step_[bytes[i]];
      if (step == 0 || step == kThreeByteLead) return i;
      i += step;
    }
    return i;
  }

 private:
  // A word and its index in the list, with the (up to) four bytes after
  // its first character, which lookups at a position compare first: most
  // candidates of a common first character ("公", "社", "城") differ from
  // the text in the next one, and one masked comparison rejects them where
  // a byte loop took most of a lookup.
  struct Candidate {
    std::string_view word;
    int index;
    uint32_t next = 0;
    uint32_t next_mask = 0;
  };

  // The words sharing a first (or last) character, longest first, then in
  // list order: the first that matches is the answer.
  class Buckets {
   public:
    // `keys_and_indexes`: each word's character key and index.
    Buckets(std::vector<std::pair<uint32_t, int>> keys_and_indexes,
            absl::Span<const std::string_view> words);

    // False when no word is filed under `key`.
    bool MayHold(uint32_t key) const {
      const size_t bit = Hash(key) >> (64 - kFilterBitsLog2);
      return (filter_[bit / 64] >> (bit % 64)) & 1;
    }

    absl::Span<const Candidate> Find(uint32_t key) const {
      if (!MayHold(key)) return {};
      const uint64_t hash = Hash(key);
      for (size_t s = hash >> (64 - slot_bits_);;
           s = (s + 1) & (slots_.size() - 1)) {
        const Slot& slot = slots_[s];
        if (slot.begin == slot.end) return {};
        if (slot.key == key) {
          return absl::MakeConstSpan(candidates_.data() + slot.begin,
                                     slot.end - slot.begin);
        }
      }
    }

   private:
    static constexpr int kFilterBitsLog2 = 12;

    static uint64_t Hash(uint32_t key) { return key * 0x9E3779B97F4A7C15ull; }

    // A key's words: candidates_[begin, end); begin == end marks a free
    // slot.
    struct Slot {
      uint32_t key = 0;
      uint32_t begin = 0;
      uint32_t end = 0;
    };

    // One bit per hashed key: clear means no word has that character.
    std::array<uint64_t, (1 << kFilterBitsLog2) / 64> filter_{};
    // Open addressing, linear probing; a power of two at least twice the
    // number of keys, so that probes end at a free slot.
    std::vector<Slot> slots_;
    int slot_bits_ = 0;
    std::vector<Candidate> candidates_;
  };

  // Whether `word` stands at `pos` (<= text.size()), given that its first
  // `known` bytes do. Words are short: a loop beats a call to memcmp.
  static bool RestMatchesAt(std::string_view text, size_t pos, size_t known,
                            std::string_view word) {
    if (word.size() > text.size() - pos) return false;
    for (size_t i = known; i < word.size(); ++i) {
      if (text[pos + i] != word[i]) return false;
    }
    return true;
  }

  // The four bytes of `text` from `pos` as a big-endian number, missing
  // ones as zeros (a word running past the text's end may pass the masked
  // comparison, RestMatchesAt rejects it).
  static uint32_t NextBytes(std::string_view text, size_t pos) {
    const auto* b = reinterpret_cast<const unsigned char*>(text.data());
    // Written so that pos + 4 cannot wrap: GCC's bounds analysis otherwise
    // warns about b[pos] for a pos near SIZE_MAX.
    if (text.size() >= 4 && pos <= text.size() - 4) {
      return uint32_t{b[pos]} << 24 | uint32_t{b[pos + 1]} << 16 |
             uint32_t{b[pos + 2]} << 8 | b[pos + 3];
    }
    uint32_t bytes = 0;
    for (size_t i = pos; i < pos + 4; ++i) {
      bytes = bytes << 8 | (i < text.size() ? b[i] : 0);
    }
    return bytes;
  }

  // The key of the character of `length` (1 to 4) bytes at `pos`: its
  // bytes as a big-endian number (a lead byte is never zero, so keys of
  // characters of different lengths differ). Four bytes are read and
  // shifted when the text has them, without branching on the length (text
  // mixing ASCII and Chinese would mispredict it).
  static uint32_t Key(std::string_view text, size_t pos, size_t length) {
    const auto* b = reinterpret_cast<const unsigned char*>(text.data() + pos);
    // Written so that pos + 4 cannot wrap: GCC's bounds analysis otherwise
    // warns about b[pos] for a pos near SIZE_MAX.
    if (text.size() >= 4 && pos <= text.size() - 4) {
      const uint32_t four = uint32_t{b[0]} << 24 | uint32_t{b[1]} << 16 |
                            uint32_t{b[2]} << 8 | b[3];
      return four >> (32 - 8 * length);
    }
    uint32_t key = 0;
    for (size_t i = 0; i < length; ++i) key = key << 8 | b[i];
    return key;
  }

  // Whether a word's first character is one of the 64 three-byte
  // characters that start with bytes `lead` (0xE0-0xEF) and `second`.
  bool ThreeByteBlockStartsWord(unsigned char lead,
                                unsigned char second) const {
    const unsigned block = (lead & 0x0Fu) << 6 | (second & 0x3Fu);
    return (three_byte_blocks_[block / 64] >> (block % 64)) & 1;
  }

  // The words whose first character is the one at `pos`, whose bytes it
  // sets `*length` to.
  absl::Span<const Candidate> CandidatesAt(std::string_view text, size_t pos,
                                           size_t* length) const {
    if (pos >= text.size()) return {};
    const unsigned char lead = static_cast<unsigned char>(text[pos]);
    if ((step_[lead] & ~kThreeByteLead) != 0) return {};
    *length = Utf8SequenceLength(lead);
    if (pos + *length > text.size()) return {};
    if (*length == 3 && !ThreeByteBlockStartsWord(
                            lead, static_cast<unsigned char>(text[pos + 1]))) {
      return {};
    }
    return by_first_.Find(Key(text, pos, *length));
  }

  // What a word is filed under: its first or its last character.
  enum class Filing { kFirst, kLast };
  static Buckets BucketsOf(absl::Span<const std::string_view> words,
                           Filing filing);

  absl::Span<const std::string_view> words_;
  // Per byte: when a word starts with it, kThreeByteLead for a lead of
  // three-byte characters (E0-EF: ThreeByteBlockStartsWord tells more),
  // else 0; when none does, the length of the character it leads
  // (Utf8SequenceLength), so that scans step over characters no word
  // starts with at one table load each.
  static constexpr uint8_t kThreeByteLead = 0x80;
  std::array<uint8_t, 256> step_{};
  // One bit per block of three-byte characters (see
  // ThreeByteBlockStartsWord) holding the first character of a word.
  std::array<uint64_t, 16> three_byte_blocks_{};
  Buckets by_first_;
  Buckets by_last_;
};

// A rule table whose entries are words with their meanings (units,
// comparators, numerals: structs with a `word` field), looked up through a
// WordSet of the words.
template <typename Entry>
class WordTable final {
 public:
  // `entries` must outlive the table.
  explicit WordTable(absl::Span<const Entry> entries)
      : entries_(entries), words_(WordsOf(entries)), set_(words_) {}

  // The entry of the longest word at `pos`, or nullptr (see WordSet).
  const Entry* LongestAt(std::string_view text, size_t pos) const {
    int i = set_.LongestAt(text, pos);
    return i < 0 ? nullptr : &entries_[i];
  }

  // See WordSet::SkipToPossibleStart.
  size_t SkipToPossibleStart(std::string_view text, size_t from,
                             size_t to) const {
    return set_.SkipToPossibleStart(text, from, to);
  }

  // The entry of the longest word ending at `end`, or nullptr.
  const Entry* LongestBefore(std::string_view text, size_t end) const {
    int i = set_.LongestBefore(text, end);
    return i < 0 ? nullptr : &entries_[i];
  }

 private:
  static std::vector<std::string_view> WordsOf(
      absl::Span<const Entry> entries) {
    std::vector<std::string_view> words;
    for (const Entry& e : entries) words.push_back(e.word);
    return words;
  }

  absl::Span<const Entry> entries_;
  std::vector<std::string_view> words_;
  WordSet set_;
};

}  // namespace govreport

#endif  // GOVREPORT_COMMON_WORD_SET_H_
