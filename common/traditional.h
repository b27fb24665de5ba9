#ifndef GOVREPORT_COMMON_TRADITIONAL_H_
#define GOVREPORT_COMMON_TRADITIONAL_H_

// Traditional Chinese to simplified, exactly as ICU's
// Traditional-Simplified transliterator converts it, by table lookups.
// The normalizer (common/normalize.h) converts traditional reports with it:
// the transliterator itself ran at ~10 MB/s, behind a mutex.
//
// ICU's rules are all context-free replacements (2,976 of one character,
// 976 of two to five: "乾坤" stays, "著名" stays where "著" alone becomes
// "着"), applied left to right, the first rule in ICU's order that matches
// at a position winning (ICU refuses rules masked by an earlier one, so
// that is the longest match). Create() reads the rules from ICU's compiled
// data, so the table is ICU's, not a copy; traditional_test compares the
// two over every code point and over whole reports.
//
// Example:
//   absl::StatusOr<std::unique_ptr<TraditionalConverter>> converter =
//       TraditionalConverter::Create();  // once; share it between threads
//   std::string simplified;
//   (*converter)->AppendSimplified("國務院發展研究中心", &simplified);

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"

namespace govreport {

// ICU's Traditional-Simplified transliteration as a table. Immutable once
// created, so thread-safe.
class TraditionalConverter final {
 public:
  // Reads ICU's Traditional-Simplified rules (~5 ms). Internal when ICU's
  // data is missing, FailedPrecondition when a rule is no context-free
  // replacement (a later ICU could bring one; this table cannot run it).
  static absl::StatusOr<std::unique_ptr<TraditionalConverter>> Create();

  TraditionalConverter(const TraditionalConverter&) = delete;
  TraditionalConverter& operator=(const TraditionalConverter&) = delete;

  // Appends `utf8` converted to simplified characters to `*out`: the bytes
  // ICU's Traditional-Simplified makes of icu::UnicodeString::fromUTF8(utf8)
  // converted back with toUTF8String (so ill-formed UTF-8 comes out as
  // U+FFFD, as it does there).
  void AppendSimplified(std::string_view utf8, std::string* out) const;

  // Whether the conversion changes code point `c` (no surrogate) standing
  // alone.
  bool Changes(uint32_t c) const;

 private:
  // One rule: the characters of its key after the first, and what replaces
  // the whole key, both UTF-8.
  struct Rule {
    std::string rest;
    std::string replacement;
  };

  TraditionalConverter() = default;

  // Adds a rule of ICU's, keyed `key` (at least one code point).
  void AddRule(const std::u32string& key, const std::u32string& replacement);

  // Appends `utf8` converted when it is well-formed UTF-8 and returns true;
  // returns false, having appended part of it, when it is not.
  bool AppendIfWellFormed(std::string_view utf8, std::string* out) const;

  // The rules by the first code point of their key, in ICU's order.
  std::vector<std::vector<Rule>> groups_;
  // 1 + the index in groups_ of the rules starting with BMP code point c,
  // 0 when none does: one load tells, no hashing (the BMP is where report
  // text is, and a table of it is 128 KB, of which text touches little).
  std::vector<uint16_t> bmp_groups_;
  // The same for the code points above the BMP that start rules.
  absl::flat_hash_map<uint32_t, uint16_t> other_groups_;
  // The most bytes of replacement a rule writes per byte of its key,
  // rounded up: what a conversion may grow text by.
  size_t max_growth_ = 1;
};

}  // namespace govreport

#endif  // GOVREPORT_COMMON_TRADITIONAL_H_
