#include "common/utf8.h"

namespace govreport {

bool IsValidUtf8(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    const unsigned char lead = static_cast<unsigned char>(text[i]);
    if (lead < 0x80) {
      ++i;
      continue;
    }
    // Fast path for the bulk of Chinese text: after a lead byte E1-EC or
    // EE-EF two continuation bytes make a character, never an overlong
    // form or a surrogate (those need E0 or ED).
    if (lead >= 0xE1 && lead != 0xED && lead <= 0xEF && i + 3 <= text.size() &&
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
    if (i + length > text.size()) return false;
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
  return true;
}

}  // namespace govreport
