#include "common/utf8.h"

#include <algorithm>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

namespace govreport {
namespace {

#ifdef __SSE2__
// How many of the 16 bytes at `p` (the start of a character) are whole
// characters of ASCII and of three bytes with lead E1-EC or EE-EF (never an
// overlong form or a surrogate, which need E0 or ED): 14 to 16, or 0 when
// the block holds any other byte or a misplaced continuation byte. Nearly
// all of a Chinese report passes, at a few instructions per 16 bytes where
// the check per character below costs about ten per character.
size_t WellFormedBlockPrefix(const char* p) {
  const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  const unsigned high = static_cast<unsigned>(_mm_movemask_epi8(bytes));
  if (high == 0) return 16;
  // As signed bytes, continuation bytes 80-BF are -128 to -65 and the
  // leads E1-EF are -31 to -17.
  const unsigned continuation = static_cast<unsigned>(_mm_movemask_epi8(
      _mm_cmplt_epi8(bytes, _mm_set1_epi8(static_cast<char>(0xC0)))));
  const __m128i e1_to_ef = _mm_and_si128(
      _mm_cmpgt_epi8(bytes, _mm_set1_epi8(static_cast<char>(0xE0))),
      _mm_cmplt_epi8(bytes, _mm_set1_epi8(static_cast<char>(0xF0))));
  const unsigned leads =
      static_cast<unsigned>(_mm_movemask_epi8(_mm_andnot_si128(
          _mm_cmpeq_epi8(bytes, _mm_set1_epi8(static_cast<char>(0xED))),
          e1_to_ef)));
  // Every byte with its high bit set is one of those, and the continuation
  // bytes are exactly the two after each lead.
  if ((continuation | leads) != high ||
      continuation != ((leads << 1 | leads << 2) & 0xFFFF)) {
    return 0;
  }
  // A character cut by the block's end is left to the next block.
  if (leads & 0x8000) return 15;
  if (leads & 0x4000) return 14;
  return 16;
}
#endif

}  // namespace

bool IsValidUtf8(std::string_view text) {
  const size_t size = text.size();
  size_t i = 0;
  while (i < size) {
    size_t stop = size;
#ifdef __SSE2__
    while (size - i >= 16) {
      const size_t whole = WellFormedBlockPrefix(text.data() + i);
      if (whole == 0) break;
      i += whole;
    }
    // The block the bulk check refused (or the text's tail) is checked
    // character by character, then the bulk check resumes.
    stop = std::min(size, i + 16);
#endif
    while (i < stop) {
      const unsigned char lead = static_cast<unsigned char>(text[i]);
      if (lead < 0x80) {
        ++i;
        continue;
      }
      // Fast path for the bulk of Chinese text: after a lead byte E1-EC or
      // EE-EF two continuation bytes make a character, never an overlong
      // form or a surrogate (those need E0 or ED).
      if (lead >= 0xE1 && lead != 0xED && lead <= 0xEF && i + 3 <= size &&
          (static_cast<unsigned char>(text[i + 1]) & 0xC0) == 0x80 &&
          (static_cast<unsigned char>(text[i + 2]) & 0xC0) == 0x80) {
        i += 3;
        continue;
      }
      size_t length;
      unsigned int code_point;
      if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
        code_point = lead & 0x1F;
      } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        code_point = lead & 0x0F;
      } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        code_point = lead & 0x07;
      } else {
        return false;
      }
      if (i + length > size) return false;
      for (size_t k = 1; k < length; ++k) {
        const unsigned char c = static_cast<unsigned char>(text[i + k]);
        if ((c & 0xC0) != 0x80) return false;
        code_point = (code_point << 6) | (c & 0x3F);
      }
      // Overlong forms, surrogates and values past Unicode's range.
      if ((length == 3 && code_point < 0x800) ||
          (length == 4 && (code_point < 0x10000 || code_point > 0x10FFFF)) ||
          (code_point >= 0xD800 && code_point <= 0xDFFF)) {
        return false;
      }
      i += length;
    }
  }
  return true;
}

}  // namespace govreport
