#include "common/word_set.h"

#include <algorithm>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/escaping.h"
#include "common/utf8.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace govreport {
namespace {

using ::testing::ElementsAre;

constexpr std::string_view kWords[] = {"建成", "建成投用", "建", "投用",
                                       "%",    "μg/m³",    "😀",  "建成"};

TEST(WordSetTest, FindsTheLongestWordAtAPosition) {
  WordSet set(kWords);
  EXPECT_EQ(set.LongestAt("建成投用3所", 0), 1);
  EXPECT_EQ(set.LongestAt("建成3所", 0), 0);  // the first of two "建成"
  EXPECT_EQ(set.LongestAt("建设", 0), 2);
  EXPECT_EQ(set.LongestAt("建成投用", 6), 3);
  EXPECT_EQ(set.LengthAt("建成投用3所", 0), 12u);
}

TEST(WordSetTest, FindsNothingWhereNoWordStands) {
  WordSet set(kWords);
  EXPECT_EQ(set.LongestAt("新建", 0), -1);
  EXPECT_EQ(set.LongestAt("建成", 1), -1);  // inside a character
  EXPECT_EQ(set.LongestAt("建成", 6), -1);  // at the end
  EXPECT_EQ(set.LongestAt("", 0), -1);
  EXPECT_EQ(set.LengthAt("投", 0), 0u);         // a word cut by the text's end
  EXPECT_EQ(set.LongestAt("\xE5\xBB", 0), -1);  // a truncated character
}

TEST(WordSetTest, ReadsCharactersOfEveryLength) {
  WordSet set(kWords);
  EXPECT_EQ(set.LongestAt("5%", 1), 4);
  EXPECT_EQ(set.LongestAt("35μg/m³", 2), 5);
  EXPECT_EQ(set.LongestAt("a😀", 1), 6);
  // Near the end of the text, where fewer than four bytes are left.
  EXPECT_EQ(set.LongestAt("%", 0), 4);
  EXPECT_EQ(set.LongestAt("x建", 1), 2);
}

TEST(WordSetTest, FindsTheLongestWordEndingAtAPosition) {
  WordSet set(kWords);
  EXPECT_EQ(set.LongestBefore("新建成", 9), 0);
  EXPECT_EQ(set.LongestBefore("已建成投用", 15), 1);
  EXPECT_EQ(set.LongestBefore("已投用", 9), 3);
  EXPECT_EQ(set.LongestBefore("35μg/m³", 9), 5);
  EXPECT_EQ(set.LongestBefore("建成", 0), -1);
  EXPECT_EQ(set.LongestBefore("成", 3), -1);
  EXPECT_EQ(set.LengthBefore("已建成", 9), 6u);
}

TEST(WordSetTest, ListsEveryWordAtAPositionLongestFirst) {
  WordSet set(kWords);
  std::vector<int> found;
  set.ForEachAt("建成投用", 0, [&found](int i) { found.push_back(i); });
  EXPECT_THAT(found, ElementsAre(1, 0, 7, 2));
}

TEST(WordSetTest, FindsTheFirstPositionOfAnyWord) {
  WordSet set(kWords);
  EXPECT_EQ(set.Find("全年新建成"), 9u);
  EXPECT_EQ(set.Find("建成投用", 3), 6u);
  EXPECT_EQ(set.Find("没有"), std::string_view::npos);
}

TEST(WordSetTest, FindStopsBeforeItsEndButLetsAWordRunPastIt) {
  WordSet set(kWords);
  EXPECT_EQ(set.Find("全年新建成", 0, 9), std::string_view::npos);
  EXPECT_EQ(set.Find("全年新建成", 0, 10), 9u);  // "建成" ends past 10
  EXPECT_EQ(set.Find("建成", 3, 1), std::string_view::npos);
}

// Find and SkipToPossibleStart against the plain walk they shortcut (every
// character, LongestAt at each), on `rounds` random texts of up to
// `max_pieces` of `pieces`: the words' characters, their neighbours in the
// same blocks of 64, other scripts and ill-formed bytes; `words` are the
// set's.
void ExpectScansAsAWalk(absl::Span<const std::string_view> words,
                        const std::vector<std::string_view>& pieces,
                        int max_pieces, int rounds) {
  WordSet set(words);
  std::mt19937 random(17);
  for (int round = 0; round < rounds; ++round) {
    std::string text;
    const int length = static_cast<int>(random() % (max_pieces + 1));
    for (int i = 0; i < length; ++i) {
      text += pieces[random() % pieces.size()];
    }
    const size_t from = random() % (text.size() + 1);
    const size_t to = random() % (text.size() + 2);
    size_t walked = from;
    while (walked < std::min(to, text.size()) &&
           set.LongestAt(text, walked) < 0) {
      walked += Utf8SequenceLength(text[walked]);
    }
    const size_t want =
        walked < std::min(to, text.size()) ? walked : std::string_view::npos;
    ASSERT_EQ(set.Find(text, from, to), want)
        << "text " << absl::CHexEscape(text) << " from " << from << " to "
        << to;
    const size_t end = std::min(to, text.size());
    const size_t skipped = set.SkipToPossibleStart(text, from, end);
    // Never past the walk's answer, at a character position.
    ASSERT_LE(skipped, walked)
        << absl::CHexEscape(text) << " from " << from << " to " << end;
    size_t step = from;
    while (step < skipped) step += Utf8SequenceLength(text[step]);
    ASSERT_EQ(step, skipped) << "not a character position in "
                             << absl::CHexEscape(text) << " from " << from;
    for (size_t i = from; i < skipped; i += Utf8SequenceLength(text[i])) {
      ASSERT_LT(set.LongestAt(text, i), 0) << "stepped over a word";
    }
    // It stops at a character that some word's first byte leads.
    if (skipped < end) {
      ASSERT_TRUE(std::any_of(words.begin(), words.end(),
                              [&](std::string_view w) {
                                return !w.empty() && w[0] == text[skipped];
                              }))
          << absl::CHexEscape(text) << " from " << from << " to " << end;
    }
  }
}

TEST(WordSetTest, ScansFindWhatAWalkOverEveryCharacterFinds) {
  ExpectScansAsAWalk(
      kWords, {"建",   "成", "投",   "用",   "延",       "廷",       "弋",
               "建成", "%",  "μ",    "g/m³", "😀",        "😁",        "a",
               "3",    "，", "\xE5", "\xBB", "\xE5\xBB", "\xF0\x9F", "\x80"},
      12, 20000);
}

// Punctuation as SentenceEnd looks for it: long texts of mostly other
// characters, with marks cut short, misplaced or at the text's end.
constexpr std::string_view kMarks[] = {"。", "；", "！", "；", ";", "!",
                                       "，", ",",  "“",  "”",  "」"};

TEST(WordSetTest, ScansForMarksAsAWalkOverEveryCharacter) {
  ExpectScansAsAWalk(
      kMarks,
      {"县",       "长",   "人",       "大",       "国",       "a",
       "3",        " ",    "。",       "，",       "、",       "！",
       ";",        ",",    "“",        "”",        "」",       "【",
       "\xC3\xA9", "😀",    "\xE3",     "\xE3\x80", "\xEF",     "\xEF\xBC",
       "\xE2\x80", "\xE5", "\xE5\xBB", "\x80",     "\xF0\x9F", "\xFF"},
      60, 40000);
}

struct Unit {
  std::string_view word;
  double factor;
};
constexpr Unit kUnits[] = {{"元", 1}, {"万元", 1e4}, {"亿元", 1e8}};

TEST(WordTableTest, FindsEntriesByTheirWords) {
  WordTable<Unit> table(kUnits);
  ASSERT_NE(table.LongestAt("3万元", 1), nullptr);
  EXPECT_EQ(table.LongestAt("3万元", 1)->factor, 1e4);
  EXPECT_EQ(table.LongestAt("3万人", 1), nullptr);
  ASSERT_NE(table.LongestBefore("3亿元", 7), nullptr);
  EXPECT_EQ(table.LongestBefore("3亿元", 7)->factor, 1e8);
}

}  // namespace
}  // namespace govreport
