#include "common/numbers.h"

#include <random>
#include <string>
#include <vector>

#include "common/utf8.h"
#include "gtest/gtest.h"

namespace govreport {
namespace {

double Arabic(std::string_view text) {
  auto match = ReadArabicNumber(text, 0);
  return match ? match->value : -1;
}

double Chinese(std::string_view text) {
  auto match = ReadChineseNumber(text, 0);
  return match ? match->value : -1;
}

TEST(NumbersTest, ArabicWithDecimalsSeparatorsAndMagnitudes) {
  EXPECT_EQ(Arabic("440个"), 440);
  EXPECT_DOUBLE_EQ(Arabic("629.4亩"), 629.4);
  EXPECT_EQ(Arabic("12,930个"), 12930);
  EXPECT_EQ(Arabic("2.2万人"), 22000);
  EXPECT_EQ(Arabic("200亿元"), 2e10);
  EXPECT_DOUBLE_EQ(Arabic("109.4万平米"), 1094000);
  EXPECT_EQ(Arabic("3万亿"), 3e12);
  // Magnitudes scale the digits before the decimal point is placed.
  EXPECT_EQ(Arabic("622.08亿元"), 62208000000.0);
  EXPECT_EQ(Arabic("2846.03亿元"), 284603000000.0);
  EXPECT_EQ(ReadArabicNumber("2.2万人", 0)->digits_length, 3u);
  EXPECT_EQ(ReadArabicNumber("2.2万人", 0)->length, 6u);
}

TEST(NumbersTest, ArabicStopsWhereTheNumberEnds) {
  EXPECT_EQ(ReadArabicNumber("6.0政策", 0)->length, 3u);
  EXPECT_EQ(Arabic("5."), 5);    // a full stop is no decimal point
  EXPECT_EQ(Arabic("1,20"), 1);  // not a thousands separator
  EXPECT_FALSE(ReadArabicNumber("万人", 0));
  EXPECT_FALSE(ReadArabicNumber(std::string(100000, '9'), 0));
}

TEST(NumbersTest, MagnitudeWords) {
  EXPECT_EQ(ReadMagnitude("万人次", 0)->factor, 1e4);
  EXPECT_EQ(ReadMagnitude("万人次", 0)->length, 3u);
  EXPECT_EQ(ReadMagnitude("万亿元", 0)->factor, 1e12);
  EXPECT_EQ(ReadMagnitude("亿", 0)->factor, 1e8);
  EXPECT_FALSE(ReadMagnitude("人次", 0));
}

TEST(NumbersTest, ChineseNumerals) {
  EXPECT_EQ(Chinese("两所"), 2);
  EXPECT_EQ(Chinese("十二个"), 12);
  EXPECT_EQ(Chinese("三千人"), 3000);
  EXPECT_EQ(Chinese("一百二十项"), 120);
  EXPECT_EQ(Chinese("三千二百零五"), 3205);
  EXPECT_EQ(Chinese("两万"), 20000);
  EXPECT_EQ(Chinese("三亿二千万"), 320000000);
  EXPECT_FALSE(ReadChineseNumber("学校", 0));
}

TEST(NumbersTest, PercentWords) {
  auto match = ReadChineseNumber("百分之八十以上", 0);
  ASSERT_TRUE(match);
  EXPECT_EQ(match->value, 80);
  EXPECT_TRUE(match->percent_words);
  EXPECT_EQ(match->length, std::string_view("百分之八十").size());
  EXPECT_EQ(Chinese("百分之95"), 95);
}

// NextNumberStart against its definition: walking the characters from
// `from`, the first that is an ASCII digit or starts with a numeral's
// bytes. Random texts of digits, numerals, characters sharing a numeral's
// first two bytes (不, 与, 丁), other characters, and ill-formed sequences
// (cut characters, stray continuation bytes, a numeral's lead byte with
// ASCII after it), and four-byte characters, whole and cut.
TEST(NextNumberStartTest, FindsWhatAWalkOverEveryCharacterFinds) {
  const std::vector<std::string> numerals = {"零", "〇", "一", "二", "两",
                                             "三", "四", "五", "六", "七",
                                             "八", "九", "十", "百", "千"};
  const std::vector<std::string> pieces = {
      "0", "7", "9", "a", "/", ":", " ", "一", "十", "零", "〇", "千", "不",
      "与", "丁", "万", "亿", "的", "，", "％", "é", "😀",
      // Four bytes whose first three, read as a three-byte character,
      // would be 〇; and the three alone.
      "\xF3\x80\x87\x80", "\xF3\x80\x87", "\xE4", "\xE4\xB8", "\xB8\x80",
      "\x80",
      "\xE4"
      "8"
      "\x80",
      "\xE4\xB8"
      "0",
      "\xFF"};
  auto plain = [&](std::string_view text, size_t from) {
    for (size_t i = from; i < text.size(); i += Utf8SequenceLength(text[i])) {
      if (text[i] >= '0' && text[i] <= '9') return i;
      for (const std::string& n : numerals) {
        if (text.substr(i, n.size()) == n) return i;
      }
    }
    return text.size();
  };
  std::mt19937 random(29);
  for (int round = 0; round < 20000; ++round) {
    std::string text;
    const int length = static_cast<int>(random() % 12);
    for (int k = 0; k < length; ++k) text += pieces[random() % pieces.size()];
    // Any byte offset: the walk's steps decide where characters start.
    const size_t from = random() % (text.size() + 1);
    ASSERT_EQ(NextNumberStart(text, from), plain(text, from))
        << "text of " << text.size() << " bytes from " << from;
  }
}

}  // namespace
}  // namespace govreport
