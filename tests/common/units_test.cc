#include "common/units.h"

#include <string>
#include <utility>

#include "absl/strings/numbers.h"
#include "common/lexicon.h"
#include "common/string_view.h"
#include "gtest/gtest.h"

namespace govreport {
namespace {

TEST(UnitsTest, LongestUnitWins) {
  auto unit = ReadUnit("人次,", 0);
  ASSERT_TRUE(unit);
  EXPECT_EQ(unit->unit, "人次");
  EXPECT_TRUE(unit->counts);
  EXPECT_EQ(ReadUnit("个百分点", 0)->unit, "个百分点");
  EXPECT_EQ(ReadUnit("个学校", 0)->unit, "个");
}

TEST(UnitsTest, SynonymsAndMagnitudesFold) {
  EXPECT_EQ(ReadUnit("平米", 0)->unit, "平方米");
  auto area = ReadUnit("万平方米", 0);
  EXPECT_EQ(area->unit, "平方米");
  EXPECT_EQ(area->factor, 1e4);
  EXPECT_EQ(ReadUnit("亿元", 0)->factor, 1e8);
  EXPECT_EQ(ReadUnit("千米", 0)->unit, "公里");
  EXPECT_EQ(ReadUnit("％", 0)->unit, "%");
}

TEST(UnitsTest, DatesAndAgesAreNoUnits) {
  EXPECT_FALSE(ReadUnit("年", 0));
  EXPECT_FALSE(ReadUnit("月", 0));
  EXPECT_FALSE(ReadUnit("岁以下", 0));
  EXPECT_FALSE(ReadUnit("KV", 0));
  EXPECT_FALSE(ReadUnit("g基站", 0));
}

TEST(UnitsTest, Comparators) {
  EXPECT_EQ(ComparatorAfter("以上。", 0)->comparator, v1::COMPARATOR_AT_LEAST);
  EXPECT_EQ(ComparatorAfter("以内", 0)->comparator, v1::COMPARATOR_AT_MOST);
  EXPECT_EQ(ComparatorAfter("左右", 0)->comparator, v1::COMPARATOR_APPROX);
  EXPECT_FALSE(ComparatorAfter("建设", 0));
  std::string_view text = "不少于";
  EXPECT_EQ(ComparatorBefore(text, text.size())->comparator,
            v1::COMPARATOR_AT_LEAST);
  text = "控制在";
  EXPECT_EQ(ComparatorBefore(text, text.size())->comparator,
            v1::COMPARATOR_AT_MOST);
  text = "不超过";
  EXPECT_EQ(ComparatorBefore(text, text.size())->comparator,
            v1::COMPARATOR_AT_MOST);
  text = "约";
  EXPECT_EQ(ComparatorBefore(text, text.size())->comparator,
            v1::COMPARATOR_APPROX);
  // The longest word: 不超过 is not 超.
  for (std::string_view more : {"超", "逾", "超过"}) {
    EXPECT_EQ(ComparatorBefore(more, more.size())->comparator,
              v1::COMPARATOR_AT_LEAST)
        << more;
  }
}

// Every row of data/lexicon/units.tsv reads back as written.
TEST(UnitsTest, EveryRowOfTheUnitTable) {
  for (const auto& row : Lexicon("units").rows) {
    SCOPED_TRACE(std::string(row[0]));
    ASSERT_EQ(row.size(), row[3] == "tally" ? 5u : 4u);
    const std::string text = std::string(row[0]) + "，";
    auto unit = ReadUnit(text, 0);
    ASSERT_TRUE(unit);
    EXPECT_EQ(unit->unit, row[1]);
    double factor = 0;
    ASSERT_TRUE(absl::SimpleAtod(AsAbsl(row[2]), &factor));
    EXPECT_EQ(unit->factor, factor);
    EXPECT_EQ(unit->length, row[0].size());
    EXPECT_EQ(unit->counts, row[3] == "count" || row[3] == "tally");
    EXPECT_EQ(unit->duration, row[3] == "duration");
    EXPECT_EQ(unit->tally_noun, row[3] == "tally" ? row[4] : "");
  }
}

// Every row of data/lexicon/comparators.tsv, on its side of a figure.
TEST(UnitsTest, EveryRowOfTheComparatorTable) {
  const std::pair<std::string_view, v1::Comparator> names[] = {
      {"at_least", v1::COMPARATOR_AT_LEAST},
      {"at_most", v1::COMPARATOR_AT_MOST},
      {"approx", v1::COMPARATOR_APPROX}};
  for (const auto& row : Lexicon("comparators").rows) {
    SCOPED_TRACE(std::string(row[0]));
    ASSERT_EQ(row.size(), 3u);
    if (row[2] == "none") {
      // It masks the comparator it ends with.
      const std::string text = "增长" + std::string(row[0]);
      EXPECT_FALSE(ComparatorBefore(text, text.size()).has_value());
      EXPECT_FALSE(ComparatorAfter(std::string(row[0]) + "。", 0).has_value());
      continue;
    }
    v1::Comparator want = v1::COMPARATOR_EXACT;
    for (const auto& name : names) {
      if (name.first == row[2]) want = name.second;
    }
    ASSERT_NE(want, v1::COMPARATOR_EXACT);
    if (row[1] == "before") {
      const std::string text = "增长" + std::string(row[0]);
      auto found = ComparatorBefore(text, text.size());
      ASSERT_TRUE(found);
      EXPECT_EQ(found->comparator, want);
      EXPECT_EQ(found->length, row[0].size());
    } else {
      ASSERT_EQ(row[1], "after");
      const std::string text = std::string(row[0]) + "。";
      auto found = ComparatorAfter(text, 0);
      ASSERT_TRUE(found);
      EXPECT_EQ(found->comparator, want);
      EXPECT_EQ(found->length, row[0].size());
    }
  }
}

}  // namespace
}  // namespace govreport
