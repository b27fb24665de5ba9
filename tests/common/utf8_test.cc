#include "common/utf8.h"

#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/escaping.h"
#include "gtest/gtest.h"

namespace govreport {
namespace {

TEST(Utf8Test, AcceptsWellFormedText) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("abc"));
  EXPECT_TRUE(IsValidUtf8("李沧区 2.2万人"));
  EXPECT_TRUE(IsValidUtf8("\xF0\x9F\x98\x80"));  // U+1F600
}

TEST(Utf8Test, RejectsMalformedText) {
  EXPECT_FALSE(IsValidUtf8("\xff"));
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xE6\x9D"));          // truncated
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));      // surrogate
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // past U+10FFFF
  EXPECT_FALSE(IsValidUtf8("a\x80z"));
}

TEST(Utf8Test, JudgesEveryThreeByteSequence) {
  // Well-formed: two continuation bytes, no overlong form (U+0800 up), no
  // surrogate.
  for (int b0 = 0xE0; b0 <= 0xEF; ++b0) {
    for (int b1 = 0; b1 <= 0xFF; ++b1) {
      for (int b2 = 0; b2 <= 0xFF; ++b2) {
        const char bytes[] = {static_cast<char>(b0), static_cast<char>(b1),
                              static_cast<char>(b2)};
        const uint32_t c = (b0 & 0x0F) << 12 | (b1 & 0x3F) << 6 | (b2 & 0x3F);
        const bool well_formed = (b1 & 0xC0) == 0x80 && (b2 & 0xC0) == 0x80 &&
                                 c >= 0x800 && (c < 0xD800 || c > 0xDFFF);
        ASSERT_EQ(IsValidUtf8(std::string_view(bytes, 3)), well_formed)
            << std::hex << b0 << " " << b1 << " " << b2;
        ASSERT_FALSE(IsValidUtf8(std::string_view(bytes, 2)));
      }
    }
  }
}

// Well-formedness by Unicode's table of well-formed byte sequences (3-7),
// one character at a time.
bool WellFormedByTable(std::string_view text) {
  for (size_t i = 0; i < text.size();) {
    const unsigned char b0 = static_cast<unsigned char>(text[i]);
    unsigned char low = 0x80, high = 0xBF;  // the second byte's range
    size_t length = 1;
    if (b0 <= 0x7F) {
    } else if (b0 >= 0xC2 && b0 <= 0xDF) {
      length = 2;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
      length = 3;
      if (b0 == 0xE0) low = 0xA0;
      if (b0 == 0xED) high = 0x9F;
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
      length = 4;
      if (b0 == 0xF0) low = 0x90;
      if (b0 == 0xF4) high = 0x8F;
    } else {
      return false;
    }
    if (text.size() - i < length) return false;
    for (size_t k = 1; k < length; ++k) {
      const unsigned char b = static_cast<unsigned char>(text[i + k]);
      if (b < (k == 1 ? low : 0x80) || b > (k == 1 ? high : 0xBF)) {
        return false;
      }
    }
    i += length;
  }
  return true;
}

// Random texts long enough for the bulk check over 16 bytes at a time, of
// ASCII, Chinese and the sequences it leaves to the check per character
// (other lengths, leads E0 and ED), with an ill-formed piece in some.
TEST(Utf8Test, AnswersAsUnicodesTableOnRandomTexts) {
  const std::vector<std::string_view> good = {"a",
                                              "7",
                                              "\n",
                                              "县",
                                              "长",
                                              "，",
                                              "。",
                                              "\xC3\xA9",
                                              "\xE0\xA4\xA4",
                                              "\xED\x9F\xBF",
                                              "\xEF\xBF\xBD",
                                              "\xF0\x9F\x98\x80",
                                              "\xF4\x8F\xBF\xBF"};
  const std::vector<std::string_view> bad = {"\x80",
                                             "\xBF",
                                             "\xE5",
                                             "\xE5\xBB",
                                             "\xC0\xAF",
                                             "\xC1\xBF",
                                             "\xE0\x9F\xBF",
                                             "\xED\xA0\x80",
                                             "\xF4\x90\x80\x80",
                                             "\xF5\x80\x80\x80",
                                             "\xFF",
                                             "\xF0\x9F\x98"};
  std::mt19937 random(17);
  for (int round = 0; round < 100000; ++round) {
    std::string text;
    const int length = static_cast<int>(random() % 40);
    for (int i = 0; i < length; ++i) text += good[random() % good.size()];
    if (random() % 2 == 0) {
      text.insert(random() % (text.size() + 1), bad[random() % bad.size()]);
    }
    ASSERT_EQ(IsValidUtf8(text), WellFormedByTable(text))
        << absl::CHexEscape(text);
    // Every start, so that blocks begin at each offset of a character.
    const size_t from = random() % (text.size() + 1);
    const std::string_view rest = std::string_view(text).substr(from);
    ASSERT_EQ(IsValidUtf8(rest), WellFormedByTable(rest))
        << absl::CHexEscape(std::string(rest));
  }
}

TEST(Utf8Test, CountsAndAdvancesByCharacter) {
  EXPECT_EQ(Utf8Length("李沧a"), 3u);
  EXPECT_EQ(Utf8Advance("李沧a", 0, 2), 6u);
  EXPECT_EQ(Utf8Advance("李沧a", 0, 9), 7u);
}

TEST(Utf8Test, FindUtf8AnswersAsFind) {
  // Texts and patterns from a small alphabet of one- to three-byte
  // characters, so that partial matches and overlaps are common; every
  // start position.
  const std::string_view alphabet[] = {"县", "长",       "人",   "大",
                                       "a",  "\xC3\xA9", "\xE5", "\x95"};
  std::mt19937 random(17);
  std::uniform_int_distribution<size_t> pick(0, std::size(alphabet) - 1);
  std::uniform_int_distribution<int> length(0, 4);
  for (int n = 0; n < 3000; ++n) {
    std::string text, pattern;
    for (int i = 0; i < 24; ++i) text += alphabet[pick(random)];
    for (int i = length(random); i >= 0; --i) pattern += alphabet[pick(random)];
    for (size_t from = 0; from <= text.size() + 1; ++from) {
      ASSERT_EQ(FindUtf8(text, pattern, from), text.find(pattern, from))
          << "\"" << text << "\" \"" << pattern << "\" from " << from;
    }
  }
  EXPECT_EQ(FindUtf8("县长县长", "县长", 1), 6u);
  EXPECT_EQ(FindUtf8("", "县长"), std::string_view::npos);
}

}  // namespace
}  // namespace govreport
