#ifndef GOVREPORT_COMMON_UNICODE_H_
#define GOVREPORT_COMMON_UNICODE_H_

// Character classes of report text, answered by ICU's character properties
// and normalizer rather than by hand-written code point ranges.
//
// The pipeline asks these questions of nearly every character, so each
// function answers the code points of ordinary Chinese text inline (ASCII,
// the CJK Unified Ideographs block) and asks ICU for the rest: asking ICU
// at every character made BM_Normalize (bench/pipeline_bench.cc) 10-15%
// slower. The fast paths are no second definition: unicode_test compares
// every function with ICU over all code points.
//
// Example:
//   size_t length = 0;
//   uint32_t c = FoldFullWidth(DecodeUtf8At(text, i, &length));  // １ -> 1
//   if (IsHanIdeograph(c)) ...

#include <cstdint>

namespace govreport {
namespace unicode_internal {

// ICU's answers behind the inline functions below; call those instead.
bool IsUnifiedIdeograph(uint32_t c);
uint32_t FoldWideForm(uint32_t c);

}  // namespace unicode_internal

// Whether `c` is a Chinese character: ICU's Unified_Ideograph property (the
// CJK Unified Ideographs and their extensions, and the dozen such
// characters of the compatibility block). Ideographic punctuation and
// symbols (〇, 々, radicals) are none. Any `c`, valid code point or not.
inline bool IsHanIdeograph(uint32_t c) {
  // Fast path: no ideograph lies below Extension A (U+3400); the block
  // U+4E00-U+9FFF, where nearly all report text is, is all ideographs.
  if (c < 0x3400) return false;
  if (c >= 0x4E00 && c <= 0x9FFF) return true;
  return unicode_internal::IsUnifiedIdeograph(c);
}

// The ASCII character a full-width form stands for ("１" U+FF11 -> "1",
// "Ａ" -> "A", the ideographic space U+3000 -> ' '): NFKC's fold of a
// character whose compatibility decomposition is <wide> and one ASCII
// character. Every other `c` comes back unchanged: the full-width forms of
// non-ASCII characters ("￥" U+FFE5, "￠"), half-width katakana, all else.
inline uint32_t FoldFullWidth(uint32_t c) {
  // Fast path: wide forms exist only at U+3000 and in the Halfwidth and
  // Fullwidth Forms block (U+FF00-U+FFEF).
  if (c != 0x3000 && (c < 0xFF00 || c > 0xFFEF)) return c;
  return unicode_internal::FoldWideForm(c);
}

}  // namespace govreport

#endif  // GOVREPORT_COMMON_UNICODE_H_
