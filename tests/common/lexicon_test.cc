#include "common/lexicon.h"

#include <string_view>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace govreport {
namespace {

using ::testing::ElementsAre;

TEST(LexiconTest, ParsesRowsOfTabSeparatedFields) {
  const LexiconTable table = ParseLexiconTable(
      "# a header comment\n"
      "\n"
      "托位\tchildcare\n"
      "就业\temployment\t9\r\n"
      "单词\t\t\n"
      "末行");
  ASSERT_EQ(table.rows.size(), 4u);
  EXPECT_THAT(table.rows[0], ElementsAre("托位", "childcare"));
  // A CRLF line reads as an LF one.
  EXPECT_THAT(table.rows[1], ElementsAre("就业", "employment", "9"));
  // Trailing empty fields are dropped.
  EXPECT_THAT(table.rows[2], ElementsAre("单词"));
  EXPECT_THAT(table.rows[3], ElementsAre("末行"));
  EXPECT_THAT(table.FirstColumn(), ElementsAre("托位", "就业", "单词", "末行"));
}

TEST(LexiconTest, EveryCompiledTableHasAHeaderAndRows) {
  const std::vector<std::string_view> names = LexiconNames();
  ASSERT_FALSE(names.empty());
  for (std::string_view name : names) {
    EXPECT_FALSE(Lexicon(name).rows.empty()) << name;
    for (const auto& row : Lexicon(name).rows) {
      for (std::string_view field : row) {
        // A stray space would make a word that never matches.
        EXPECT_EQ(field.find(' '), std::string_view::npos)
            << name << ": [" << field << "]";
      }
    }
  }
}

TEST(LexiconTest, BackslashNIsALineBreakAndColumnsSelectRows) {
  const LexiconTable table = ParseLexiconTable(
      "\\n\tphrase\n"
      "，\tsentence\n"
      "。\tphrase\n"
      "x\n");
  EXPECT_THAT(table.FirstColumn(), ElementsAre("\n", "，", "。", "x"));
  EXPECT_THAT(table.FirstColumnWhere(1, "phrase"), ElementsAre("\n", "。"));
  EXPECT_THAT(table.FirstColumnWhere(1, "sentence"), ElementsAre("，"));
  EXPECT_THAT(table.FirstColumnWhere(2, "phrase"), ElementsAre());
}

TEST(LexiconTest, ABadRowIsAProgrammingErrorNamingTheRow) {
  EXPECT_DEATH(LexiconRowError("units", {"个", "个", "zero"}, "want a factor"),
               "units.tsv: row \"个\t个\tzero\": want a factor");
}

TEST(LexiconTest, UnknownTableIsAProgrammingError) {
  EXPECT_DEATH(Lexicon("no_such_table"), "no table");
}

}  // namespace
}  // namespace govreport
