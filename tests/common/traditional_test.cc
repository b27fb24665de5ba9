#include "common/traditional.h"

#include <unicode/translit.h>
#include <unicode/uniset.h>
#include <unicode/unistr.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <memory>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "common/utf8.h"
#include "gtest/gtest.h"

namespace govreport {
namespace {

// ICU's transliterator, the reference the table must equal, and ICU's
// Simplified-Traditional for making traditional test text.
class TraditionalTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    UErrorCode status = U_ZERO_ERROR;
    to_simplified_ = icu::Transliterator::createInstance(
        "Traditional-Simplified", UTRANS_FORWARD, status);
    ASSERT_TRUE(U_SUCCESS(status)) << u_errorName(status);
    to_traditional_ = icu::Transliterator::createInstance(
        "Simplified-Traditional", UTRANS_FORWARD, status);
    ASSERT_TRUE(U_SUCCESS(status)) << u_errorName(status);
    absl::StatusOr<std::unique_ptr<TraditionalConverter>> converter =
        TraditionalConverter::Create();
    ASSERT_TRUE(converter.ok()) << converter.status();
    converter_ = converter->release();
  }

  static std::string Icu(const icu::Transliterator& transliterator,
                         std::string_view utf8) {
    icu::UnicodeString text = icu::UnicodeString::fromUTF8(
        icu::StringPiece(utf8.data(), utf8.size()));
    transliterator.transliterate(text);
    std::string out;
    text.toUTF8String(out);
    return out;
  }
  static std::string IcuSimplified(std::string_view utf8) {
    return Icu(*to_simplified_, utf8);
  }
  static std::string IcuTraditional(std::string_view utf8) {
    return Icu(*to_traditional_, utf8);
  }
  static std::string Table(std::string_view utf8) {
    std::string out;
    converter_->AppendSimplified(utf8, &out);
    return out;
  }

  // Expects the table and ICU to agree on `text`, naming `what` if not.
  static void ExpectSame(std::string_view text, const std::string& what) {
    const std::string expected = IcuSimplified(text);
    const std::string actual = Table(text);
    if (expected == actual) return;
    size_t at = 0;
    while (at < expected.size() && at < actual.size() &&
           expected[at] == actual[at]) {
      ++at;
    }
    ADD_FAILURE() << what << ": first difference at byte " << at << ": ICU \""
                  << expected.substr(at, 30) << "\", table \""
                  << actual.substr(at, 30) << "\"";
  }

  // The characters ICU's rules convert, as UTF-8 strings.
  static std::vector<std::string> RuleCharacters() {
    icu::UnicodeSet set;
    to_simplified_->getSourceSet(set);
    std::vector<std::string> characters;
    for (int32_t i = 0; i < set.size(); ++i) {
      std::string c;
      AppendUtf8(static_cast<uint32_t>(set.charAt(i)), &c);
      characters.push_back(c);
    }
    return characters;
  }

  static icu::Transliterator* to_simplified_;
  static icu::Transliterator* to_traditional_;
  static TraditionalConverter* converter_;
};

icu::Transliterator* TraditionalTest::to_simplified_ = nullptr;
icu::Transliterator* TraditionalTest::to_traditional_ = nullptr;
TraditionalConverter* TraditionalTest::converter_ = nullptr;

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

TEST_F(TraditionalTest, EveryCodePointAloneAsIcu) {
  int differences = 0;
  for (uint32_t c = 0; c <= 0x10FFFF && differences < 10; ++c) {
    if (c >= 0xD800 && c <= 0xDFFF) continue;
    std::string text;
    AppendUtf8(c, &text);
    const std::string expected = IcuSimplified(text);
    if (Table(text) != expected) {
      ++differences;
      ADD_FAILURE() << "U+" << std::hex << c << ": ICU \"" << expected
                    << "\", table \"" << Table(text) << "\"";
    }
    EXPECT_EQ(converter_->Changes(c), expected != text)
        << "U+" << std::hex << c;
  }
}

TEST_F(TraditionalTest, BlocksOfCodePointsInARowAsIcu) {
  // Every BMP and CJK extension character next to its neighbours, so that
  // the rules of two and more characters meet every character after them.
  for (uint32_t block = 0; block < 0x40000; block += 0x400) {
    std::string text;
    for (uint32_t c = block; c < block + 0x400; ++c) {
      if (c < 0xD800 || c > 0xDFFF) AppendUtf8(c, &text);
    }
    ExpectSame(text, "block at U+" + std::to_string(block));
  }
}

TEST_F(TraditionalTest, RandomTextsOfRuleCharactersAsIcu) {
  // Characters the rules convert, strung together at random: every
  // multi-character rule has its characters here, overlapping runs too.
  const std::vector<std::string> characters = RuleCharacters();
  ASSERT_GT(characters.size(), 3000u);
  std::mt19937 random(17);
  std::uniform_int_distribution<size_t> pick(0, characters.size() - 1);
  // A small alphabet makes multi-character keys occur by chance.
  std::vector<std::string> few;
  for (int i = 0; i < 40; ++i) few.push_back(characters[pick(random)]);
  for (std::string_view k : {"於", "乾", "餘", "著", "瞭", "隆", "是", "坤"}) {
    few.emplace_back(k);
  }
  std::uniform_int_distribution<size_t> pick_few(0, few.size() - 1);
  for (int n = 0; n < 300; ++n) {
    std::string text;
    for (int i = 0; i < 500; ++i) {
      text += n % 2 == 0 ? characters[pick(random)] : few[pick_few(random)];
      if (i % 37 == 0) text += "，a1";
    }
    ExpectSame(text, "random text " + std::to_string(n));
  }
}

TEST_F(TraditionalTest, EveryTwoCharacterKeyAndItsNeighboursAsIcu) {
  // Each rule character followed by each of a few hundred others: every
  // two-character key whose second character is among them, at text start,
  // end and middle.
  const std::vector<std::string> characters = RuleCharacters();
  std::string seconds;
  for (size_t i = 0; i < characters.size(); i += 9) seconds += characters[i];
  for (std::string_view common : {"于", "是", "隆", "坤", "地", "年", "生"}) {
    seconds += common;
  }
  for (const std::string& first : characters) {
    std::string text;
    for (size_t i = 0; i < seconds.size();) {
      const size_t length = Utf8SequenceLength(seconds[i]);
      text += first;
      text.append(seconds, i, length);
      i += length;
    }
    ExpectSame(text, "pairs after " + first);
  }
}

TEST_F(TraditionalTest, ReportsConvertedToTraditionalAsIcu) {
  const std::filesystem::path data(GOVREPORT_TEST_DATA_DIR);
  int reports = 0;
  for (const char* dir : {"reports", "wild/reports", "extra/reports"}) {
    for (const auto& entry : std::filesystem::directory_iterator(data / dir)) {
      if (!entry.is_regular_file()) continue;
      const std::string text = ReadFile(entry.path());
      const std::string name = entry.path().string();
      ExpectSame(text, name);
      ExpectSame(IcuTraditional(text), name + " in traditional characters");
      ++reports;
    }
  }
  EXPECT_GT(reports, 100);
}

TEST_F(TraditionalTest, DamagedFilesAsIcu) {
  // Traditional and broken text as it comes: one of them is a traditional
  // report, others hold ill-formed UTF-8.
  const std::filesystem::path dir =
      std::filesystem::path(GOVREPORT_TEST_DATA_DIR) / "damaged";
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    ExpectSame(ReadFile(entry.path()), entry.path().string());
    ++files;
  }
  EXPECT_GT(files, 0);
}

TEST_F(TraditionalTest, IllFormedUtf8AsIcu) {
  std::mt19937 random(17);
  std::uniform_int_distribution<int> byte(0, 255);
  const std::string traditional = "國務院發展於是";
  for (int n = 0; n < 2000; ++n) {
    std::string text = traditional;
    for (int i = 0; i < 12; ++i) {
      text.push_back(static_cast<char>(byte(random)));
      if (i % 4 == 0) text += traditional.substr(0, 3 * (n % 7));
    }
    ExpectSame(text, "random bytes " + std::to_string(n));
  }
  // Surrogates, overlongs and truncated sequences.
  for (std::string_view text :
       {std::string_view("\xED\xA0\x80國"), std::string_view("\xC0\xAF於是"),
        std::string_view("於\xE5\x9C"), std::string_view("\xF4\x90\x80\x80")}) {
    ExpectSame(text, "ill-formed");
  }
}

TEST_F(TraditionalTest, AppendsToWhatIsThere) {
  std::string out = "前";
  converter_->AppendSimplified("國務院", &out);
  EXPECT_EQ(out, "前国务院");
}

}  // namespace
}  // namespace govreport
