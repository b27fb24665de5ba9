#ifndef GOVREPORT_COMMON_NUMBERS_H_
#define GOVREPORT_COMMON_NUMBERS_H_

// Number readers for the quantity stage (common/quantities.h): Arabic numbers
// with magnitude words ("2.2万") and Chinese numerals ("三千", "百分之八十")
// at a byte position of normalized text.
//
// Example:
//   std::optional<NumberMatch> n = ReadArabicNumber("增长2.2万人", 6);
//   // n->value == 22000, n->length == 6 ("2.2万")

#include <cstddef>
#include <optional>
#include <string_view>

namespace govreport {

// A number read at some position of a text.
struct NumberMatch {
  // The value, magnitude words included (2.2万 -> 22000).
  double value = 0;
  // Bytes read from the position.
  size_t length = 0;
  // Bytes of the bare number before any magnitude word (2.2 of 2.2万).
  size_t digits_length = 0;
  // True for Chinese numerals (三千, 两, 百分之八十).
  bool chinese = false;
  // True for "百分之…": the value is a percentage.
  bool percent_words = false;
};

// Reads an Arabic number at `pos`: digits with an optional decimal part and
// thousands separators ("1,200.5"), full-width digits already folded, then
// an optional magnitude word (万, 亿, 千, 百, 万亿). nullopt when `pos` does
// not start with a digit. Values too large for a double come back as
// nullopt, so absurd digit strings never become infinities.
std::optional<NumberMatch> ReadArabicNumber(std::string_view text, size_t pos);

// Reads a Chinese numeral at `pos`: 一…九, 两, 零, 十, 百, 千, 万, 亿 in
// their usual combinations ("十二", "一百二十", "三千", "两万", "1.5万" is
// Arabic), and "百分之八十". nullopt when `pos` holds none.
std::optional<NumberMatch> ReadChineseNumber(std::string_view text, size_t pos);

// A magnitude word (万亿, 亿, 万, 千, 百) at `pos`: its factor and bytes.
struct Magnitude {
  double factor = 1;
  size_t length = 0;
};
// The magnitude word at `pos`, or nullopt. ReadArabicNumber reads one right
// after the digits; this reads one that comes later ("50多万人次").
std::optional<Magnitude> ReadMagnitude(std::string_view text, size_t pos);

// The first character position at or after `from` (a character boundary)
// that holds an ASCII digit or starts a Chinese numeral, or text.size():
// where the readers above may find a number. A scan for numbers skips the
// rest of a text here instead of calling a reader at every character.
size_t NextNumberStart(std::string_view text, size_t from);

}  // namespace govreport

#endif  // GOVREPORT_COMMON_NUMBERS_H_
