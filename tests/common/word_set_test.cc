#include "common/word_set.h"

#include <string_view>
#include <vector>

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
