#ifndef GOVREPORT_COMMON_UTF8_H_
#define GOVREPORT_COMMON_UTF8_H_

// Byte-level UTF-8 helpers the pipeline and the key encoding use to walk text
// by characters without ICU (common/unicode.h answers character classes).
// Offsets are byte offsets; a byte that starts no sequence counts as a
// character of its own, so that scans always advance.
//
// Example:
//   for (size_t i = 0, n = 0; i < text.size(); i += n) {
//     uint32_t c = DecodeUtf8At(text, i, &n);
//   }

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "absl/base/config.h"

namespace govreport {

// Length in bytes of the UTF-8 sequence that starts with `lead`, 1 for a byte
// that cannot start one (so that scanning always advances).
inline size_t Utf8SequenceLength(unsigned char lead) {
  if (lead < 0x80) return 1;
  if ((lead & 0xE0) == 0xC0) return 2;
  if ((lead & 0xF0) == 0xE0) return 3;
  if ((lead & 0xF8) == 0xF0) return 4;
  return 1;
}

// The eight bytes at `bytes` as a little-endian number: byte-parallel scans
// read a text's next characters (lead byte lowest) from one load.
inline uint64_t LittleEndian64(const unsigned char* bytes) {
  uint64_t n;
  std::memcpy(&n, bytes, sizeof(n));
#if defined(ABSL_IS_BIG_ENDIAN)
  n = __builtin_bswap64(n);
#endif
  return n;
}

// The low `n` (0 to 8) bytes of a number, by n: a LittleEndian64 load cut
// to its first n bytes.
inline constexpr uint64_t kLowBytes[] = {
    0,           0xFF,         0xFFFF,         0xFFFFFF,
    0xFFFFFFFF,  0xFFFFFFFFFF, 0xFFFFFFFFFFFF, 0xFFFFFFFFFFFFFF,
    ~uint64_t{0}};

// Number of characters (sequences, as counted by Utf8SequenceLength).
inline size_t Utf8Length(std::string_view text) {
  size_t count = 0;
  for (size_t i = 0; i < text.size(); i += Utf8SequenceLength(text[i])) {
    ++count;
  }
  return count;
}

// The byte offset of the character after `n` characters, or text.size().
inline size_t Utf8Advance(std::string_view text, size_t offset, size_t n) {
  while (n-- > 0 && offset < text.size()) {
    offset += Utf8SequenceLength(text[offset]);
  }
  return offset < text.size() ? offset : text.size();
}

// The three functions below run at nearly every character of a report, so
// they are inline.

// Writes code point `c` as UTF-8 (at most four bytes) at `out`; returns
// the end of what it wrote.
inline char* WriteUtf8(uint32_t c, char* out) {
  if (c < 0x80) {
    *out++ = static_cast<char>(c);
  } else if (c < 0x800) {
    *out++ = static_cast<char>(0xC0 | (c >> 6));
    *out++ = static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    *out++ = static_cast<char>(0xE0 | (c >> 12));
    *out++ = static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    *out++ = static_cast<char>(0x80 | (c & 0x3F));
  } else {
    *out++ = static_cast<char>(0xF0 | (c >> 18));
    *out++ = static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    *out++ = static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    *out++ = static_cast<char>(0x80 | (c & 0x3F));
  }
  return out;
}

// Appends code point `c` to `out` as UTF-8.
inline void AppendUtf8(uint32_t c, std::string* out) {
  char bytes[4];
  out->append(bytes, WriteUtf8(c, bytes));
}

// The code point at byte `i` of `text` and, in *length, its byte length; a
// byte that starts no sequence (or a truncated one) is returned alone.
inline uint32_t DecodeUtf8At(std::string_view text, size_t i, size_t* length) {
  unsigned char lead = static_cast<unsigned char>(text[i]);
  *length = Utf8SequenceLength(lead);
  if (i + *length > text.size()) {
    *length = 1;
    return lead;
  }
  if (*length == 1) return lead;
  uint32_t c = lead & (0xFF >> (*length + 1));
  for (size_t k = 1; k < *length; ++k) c = (c << 6) | (text[i + k] & 0x3F);
  return c;
}

// The start of the character that ends at byte `pos` (> 0).
inline size_t PreviousUtf8Start(std::string_view text, size_t pos) {
  size_t i = pos - 1;
  while (i > 0 && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) --i;
  return i;
}

// text.find(pattern, from), the same answer, faster in Chinese text: it
// looks for the pattern's third byte with memchr, and a continuation byte
// stops it about once in a hundred bytes of Chinese where the lead byte of
// a common character (0xE4-0xE9) stops string_view::find every few
// characters. Patterns under three bytes go to string_view::find.
inline size_t FindUtf8(std::string_view text, std::string_view pattern,
                       size_t from = 0) {
  if (pattern.size() < 3) return text.find(pattern, from);
  if (from > text.size() || text.size() - from < pattern.size()) {
    return std::string_view::npos;
  }
  const char* const begin = text.data();
  const char* const last = begin + text.size() - pattern.size();
  for (const char* p = begin + from; p <= last; ++p) {
    p = static_cast<const char*>(
        std::memchr(p + 2, pattern[2], static_cast<size_t>(last - p) + 1));
    if (p == nullptr) break;
    p -= 2;
    if (std::memcmp(p, pattern.data(), pattern.size()) == 0) {
      return static_cast<size_t>(p - begin);
    }
  }
  return std::string_view::npos;
}

// True when `text` is well-formed UTF-8 (no overlongs, surrogates or code
// points above U+10FFFF), as protobuf requires of string fields.
bool IsValidUtf8(std::string_view text);

}  // namespace govreport

#endif  // GOVREPORT_COMMON_UTF8_H_
