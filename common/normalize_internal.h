#ifndef GOVREPORT_COMMON_NORMALIZE_INTERNAL_H_
#define GOVREPORT_COMMON_NORMALIZE_INTERNAL_H_

// The stages of Normalizer::Normalize (common/normalize.h), in the order it
// runs them, declared here so that each has unit tests of its own. Not for
// use outside common/normalize.cc and its tests: call Normalize.
//
//   RemoveWebDebris     markup and site furniture (web_debris.h)
//   FoldUnlessTraditional  FoldCharacters, unless the text is traditional:
//                       then Normalizer::Impl (it holds the converter)
//                       converts it to simplified and FoldCharacters folds
//                       that
//   FoldCharacters      invisible characters, full-width forms, pinyin
//   RemoveStraySpaces   spaces PDF extraction left inside Chinese text
//   ClassifyLines       text lines, page furniture and romanized lines
//   JoinParagraphs      broken lines joined, furniture left out
//   AddRepairWarnings   what the three stages above repaired
//   FlagDoubtfulSpans   replaced bytes and mojibake in the final text
//
// All take and return well-formed UTF-8 and walk it as bytes: a stage
// decodes a character only where a rule may apply to it (most of a report
// is Chinese characters no rule touches, which are copied in runs). On
// ill-formed input they stay within bounds but their output is
// unspecified. All are pure functions of their arguments, and thread-safe.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "govreport/v1/records.pb.h"

namespace govreport {
namespace normalize_internal {

// How many repairs of each kind the stages made, for the warnings.
struct RepairCounts {
  // Parenthesised pinyin after a Chinese character ("区(qū)").
  int pinyin_annotations = 0;
  // Spaces removed inside Chinese text, spaced-out text and at line ends.
  int spaces_removed = 0;
  // Lines joined to the line before them.
  int lines_joined = 0;
  // Page breaks, page numbers, running headers and Latin lines removed.
  int furniture_lines = 0;
  // Lines of pinyin removed.
  int pinyin_lines = 0;
};

// Returns `utf8` without web page markup and site furniture; when any was
// removed, appends a WARNING_KIND_MARKUP_REMOVED counting it to `warnings`.
std::string RemoveWebDebris(std::string_view utf8,
                            std::vector<govreport::v1::Warning>* warnings);

// `text` with zero-width characters, byte order marks and '\r' removed,
// no-break spaces and tabs made ' ', full-width forms folded to ASCII
// (FoldFullWidth) but for the Chinese punctuation that carries sentence
// structure (，；：（）！？), and parenthesised toned pinyin after a Chinese
// character removed (counted in counts->pinyin_annotations).
std::string FoldCharacters(std::string_view text, RepairCounts* counts);

// Characters only traditional Chinese text uses, for FoldUnlessTraditional
// to count: a table looked up by a character's bytes, so that no character
// is decoded for it. Immutable once filled, so thread-safe.
class TraditionalCharacters final {
 public:
  // Adds `c`, a character of three bytes in UTF-8 (U+0800-U+FFFF).
  void Add(uint32_t c);

  // Whether the three bytes at `bytes`, the first of them 0xE0-0xEF, are
  // the well-formed UTF-8 of a character added.
  bool At(const unsigned char* bytes) const {
    return (masks_[bytes[1] << 8 | bytes[2]] >> (bytes[0] & 0x0F)) & 1;
  }

 private:
  // Bit n of masks_[b1 << 8 | b2] is set when the character of the bytes
  // 0xE0 + n, b1, b2 was added: entries for bytes that are no continuation
  // bytes stay 0.
  std::vector<uint16_t> masks_ = std::vector<uint16_t>(0x10000, 0);
};

// What FoldUnlessTraditional counts.
struct TraditionalCheck {
  // The characters to count.
  const TraditionalCharacters* characters = nullptr;
  // How many of them make a text traditional.
  int enough = 0;
};

// FoldCharacters that counts the characters of `check` in `text` as it
// walks it (a walk of their own cost a third of Normalize): returns false,
// `*folded` unspecified, as soon as it has found check.enough of them (the
// text is then to be converted to simplified before it is folded), else
// true with `*folded` what FoldCharacters returns.
bool FoldUnlessTraditional(std::string_view text, const TraditionalCheck& check,
                           RepairCounts* counts, std::string* folded);

// `text` without the spaces PDF extraction leaves: spaces next to Chinese
// characters or punctuation, inside numbers ("109 . 4", "3 %"), around
// dashes, between the characters of spaced-out text ("活 动 1 0 0 场"),
// and at line ends. Spaces between Latin words stay. Counted in
// counts->spaces_removed.
std::string RemoveStraySpaces(std::string text, RepairCounts* counts);

// What a line of text turned out to be. All but kText and kBlank are
// removed; kPinyin and kLatin are romanized debris, the rest page furniture.
enum class LineKind {
  kText,
  kBlank,
  // Where a form feed was: a page break.
  kFormFeed,
  kPageNumber,
  // A short line repeated at page breaks (the report's title, the issuing
  // office).
  kRunningHeader,
  // Hanyu pinyin with tone marks: ruby text extracted as a line of its own.
  kPinyin,
  // Other text without Chinese: an English page header, a URL.
  kLatin,
};

// Lines of text and what each is; `kinds` is as long as `lines`.
struct ClassifiedLines {
  // Views into the text given to ClassifyLines, which must outlive them.
  std::vector<std::string_view> lines;
  std::vector<LineKind> kinds;
};

// `text` split at '\n' and '\f' (a form feed also makes a kFormFeed line of
// its own), each line classified.
ClassifiedLines ClassifyLines(std::string_view text);

// The kText lines of `lines` as UTF-8 paragraphs, one a line: a line
// continues the paragraph before when that one has no final punctuation,
// is kMinBrokenLineChars or longer and opens with no enumeration marker,
// the line opens with none, and no blank line stands between them
// (page furniture and its blank lines do not count). Counted in
// counts->lines_joined, ->furniture_lines and ->pinyin_lines.
std::string JoinParagraphs(const ClassifiedLines& lines, RepairCounts* counts);

// Appends a WARNING_KIND_PDF_DEBRIS_REPAIRED and a
// WARNING_KIND_PINYIN_REMOVED to `warnings` for the repairs counted, each
// only when it counts some.
void AddRepairWarnings(const RepairCounts& counts,
                       std::vector<govreport::v1::Warning>* warnings);

// Appends to `warnings` a WARNING_KIND_INVALID_BYTES for each run of
// U+FFFD in `text`, and a WARNING_KIND_MOJIBAKE for each run of '?' between
// Chinese characters (bytes an earlier conversion lost); each spans the run
// and a character either side, in bytes of `text`.
void FlagDoubtfulSpans(std::string_view text,
                       std::vector<govreport::v1::Warning>* warnings);

}  // namespace normalize_internal
}  // namespace govreport

#endif  // GOVREPORT_COMMON_NORMALIZE_INTERNAL_H_
