#include "common/numbers.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <iterator>
#include <string>
#include <vector>

#include "common/utf8.h"
#include "common/word_set.h"

namespace govreport {
namespace {

// Every Chinese numeral is three bytes long in UTF-8.
constexpr size_t kCjkBytes = 3;

// 10^n, exact: a table up to 10^22 (the largest power of ten a double
// holds exactly), std::pow beyond.
double PowerOfTen(int n) {
  static constexpr double kExact[] = {
      1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
      1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
  return n >= 0 && n < static_cast<int>(std::size(kExact)) ? kExact[n]
                                                           : std::pow(10.0, n);
}

struct Word {
  std::string_view text;
  double value;
};

// The characters a numeral below 10,000 is written with.
struct Numeral {
  std::string_view word;
  double value;
  // 十, 百, 千 multiply the digit before them.
  bool small_unit;
};
constexpr Numeral kNumerals[] = {
    {"零", 0, false}, {"〇", 0, false},  {"一", 1, false},  {"二", 2, false},
    {"两", 2, false}, {"三", 3, false},  {"四", 4, false},  {"五", 5, false},
    {"六", 6, false}, {"七", 7, false},  {"八", 8, false},  {"九", 9, false},
    {"十", 10, true}, {"百", 100, true}, {"千", 1000, true}};
constexpr Word kMagnitudes[] = {
    {"万亿", 1e12}, {"亿", 1e8}, {"万", 1e4}, {"千", 1e3}, {"百", 1e2}};

// Numerals are tried at nearly every character of a report.
const WordTable<Numeral>& Numerals() {
  static const auto* table = new WordTable<Numeral>(kNumerals);
  return *table;
}

bool At(std::string_view text, size_t pos, std::string_view word) {
  return text.substr(pos, word.size()) == word;
}

// Reads a numeral below 10,000 ("三千二百零五", "十二", "两"); 0 bytes when
// there is none.
double ReadSection(std::string_view text, size_t pos, size_t* length) {
  double total = 0;
  double pending = -1;  // a digit waiting for its unit
  size_t i = pos;
  while (i < text.size()) {
    const Numeral* n = Numerals().LongestAt(text, i);
    if (n == nullptr) break;
    if (!n->small_unit) {
      if (pending >= 0) break;  // two digits in a row: not a numeral
      // 零 only marks a skipped place ("二百零五").
      if (n->value > 0) pending = n->value;
    } else {
      // "十二" has an implied one before 十.
      total += (pending >= 0 ? pending : 1) * n->value;
      pending = -1;
    }
    i += kCjkBytes;
  }
  if (pending > 0) total += pending;
  *length = i - pos;
  return total;
}

}  // namespace

std::optional<NumberMatch> ReadArabicNumber(std::string_view text, size_t pos) {
  if (pos >= text.size() || text[pos] < '0' || text[pos] > '9') {
    return std::nullopt;
  }
  std::string digits;
  size_t i = pos;
  bool seen_point = false;
  while (i < text.size()) {
    char c = text[i];
    if (c >= '0' && c <= '9') {
      digits.push_back(c);
    } else if (c == '.' && !seen_point && i + 1 < text.size() &&
               text[i + 1] >= '0' && text[i + 1] <= '9') {
      seen_point = true;
      digits.push_back(c);
    } else if (c == ',' && !seen_point && i + 3 < text.size() &&
               text.substr(i + 1, 3).find_first_not_of("0123456789") ==
                   std::string_view::npos &&
               (i + 4 >= text.size() || text[i + 4] < '0' ||
                text[i + 4] > '9')) {
      // A thousands separator: exactly three digits follow.
    } else {
      break;
    }
    ++i;
  }
  // Beyond this many digits a value is no quantity a report states.
  if (digits.size() > 24) return std::nullopt;
  // The magnitude multiplies the digits as an integer before the decimal
  // point is placed, so that 622.08亿 is 62208000000 and not 62208000000.00001.
  int decimals = 0;
  if (size_t point = digits.find('.'); point != std::string::npos) {
    decimals = static_cast<int>(digits.size() - point - 1);
    digits.erase(point, 1);
  }
  NumberMatch match;
  // from_chars rounds correctly, as strtod does, without the locale.
  std::from_chars(digits.data(), digits.data() + digits.size(), match.value);
  match.digits_length = i - pos;
  if (std::optional<Magnitude> magnitude = ReadMagnitude(text, i)) {
    match.value *= magnitude->factor;
    i += magnitude->length;
  }
  match.value /= PowerOfTen(decimals);
  if (!std::isfinite(match.value)) return std::nullopt;
  match.length = i - pos;
  return match;
}

std::optional<Magnitude> ReadMagnitude(std::string_view text, size_t pos) {
  for (const Word& w : kMagnitudes) {
    if (At(text, pos, w.text)) return Magnitude{w.value, w.text.size()};
  }
  return std::nullopt;
}

std::optional<NumberMatch> ReadChineseNumber(std::string_view text,
                                             size_t pos) {
  // Most characters are no numeral: reject them before reading further.
  if (Numerals().LongestAt(text, pos) == nullptr) return std::nullopt;
  constexpr std::string_view kPercentWords = "百分之";
  if (At(text, pos, kPercentWords)) {
    size_t start = pos + kPercentWords.size();
    std::optional<NumberMatch> inner = ReadArabicNumber(text, start);
    if (!inner) inner = ReadChineseNumber(text, start);
    if (!inner || inner->percent_words) return std::nullopt;
    inner->length += kPercentWords.size();
    inner->digits_length = inner->length;
    inner->percent_words = true;
    inner->chinese = true;
    return inner;
  }
  double total = 0;
  size_t i = pos;
  // Sections separated by 亿 and 万: "三亿二千万".
  while (true) {
    size_t length = 0;
    double section = ReadSection(text, i, &length);
    if (length == 0) break;
    i += length;
    if (At(text, i, "亿")) {
      total += section * 1e8;
      i += kCjkBytes;
    } else if (At(text, i, "万")) {
      total += section * 1e4;
      i += kCjkBytes;
    } else {
      total += section;
      break;
    }
  }
  if (i == pos) return std::nullopt;
  NumberMatch match;
  match.value = total;
  match.length = i - pos;
  match.digits_length = match.length;
  match.chinese = true;
  return match;
}

size_t NextNumberStart(std::string_view text, size_t from) {
  // Every numeral is a character of the Basic Multilingual Plane, three
  // bytes long: one bit per such character (8 KiB) answers at each
  // character with one load. A report is scanned character by character
  // here, and most Chinese characters share their first two bytes with
  // some numeral, which cost a general word set's filters a lookup each.
  static const auto* numeral_bits = [] {
    auto* bits = new std::array<uint64_t, (1 << 16) / 64>{};
    for (const Numeral& n : kNumerals) {
      size_t length;
      const uint32_t code = DecodeUtf8At(n.word, 0, &length);
      (*bits)[code / 64] |= uint64_t{1} << (code % 64);
    }
    return bits;
  }();
  // Whether the three-byte sequence in the low bytes of `sequence` (lead
  // first) is a numeral.
  const auto is_numeral = [](uint64_t sequence) {
    const uint32_t code = static_cast<uint32_t>((sequence & 0x0F) << 12 |
                                                (sequence >> 8 & 0x3F) << 6 |
                                                (sequence >> 16 & 0x3F));
    return ((*numeral_bits)[code / 64] >> (code % 64) & 1) != 0;
  };
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  const size_t size = text.size();
  size_t i = from;
  while (i < size) {
    // Chinese text is runs of three-byte characters: two of them are
    // checked from one load, with the test below for each folded into one
    // mask of their six bytes.
    if (size - i >= 8) {
      const uint64_t eight = LittleEndian64(bytes + i);
      if ((eight & 0xC0C0F0C0C0F0u) == 0x8080E08080E0u) {
        if (is_numeral(eight)) return i;
        if (is_numeral(eight >> 24)) return i + 3;
        i += 6;
        continue;
      }
    }
    const unsigned char lead = bytes[i];
    if (lead < 0x80) {
      if (lead >= '0' && lead <= '9') return i;
      ++i;
      continue;
    }
    if ((lead & 0xF0) == 0xE0 && i + 2 < size) {
      // A lead byte and two continuation bytes: the code point's low 16
      // bits tell the sequence apart from every other such sequence of
      // its lead byte.
      const unsigned char second = bytes[i + 1];
      const unsigned char third = bytes[i + 2];
      if ((second & 0xC0) == 0x80 && (third & 0xC0) == 0x80) {
        if (is_numeral(uint64_t{lead} | uint64_t{second} << 8 |
                       uint64_t{third} << 16)) {
          return i;
        }
      }
    }
    i += Utf8SequenceLength(lead);
  }
  return size;
}

}  // namespace govreport
