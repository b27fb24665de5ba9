#include "tools/flag_values.h"

#include <limits>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tools/exit_code.h"

namespace govreport::tools {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

// A rejected value: a usage error whose message names the flag.
void ExpectUsageError(const absl::Status& status, const std::string& flag) {
  EXPECT_TRUE(IsUsageError(status)) << status;
  EXPECT_THAT(std::string(status.message()), HasSubstr(flag));
}

TEST(ParseFormatFlagTest, TableOrJsonlOnly) {
  EXPECT_EQ(*ParseFormatFlag("table"), OutputFormat::kTable);
  EXPECT_EQ(*ParseFormatFlag("jsonl"), OutputFormat::kJsonl);
  for (const char* bad : {"xml", "", "JSONL", "json"}) {
    SCOPED_TRACE(bad);
    ExpectUsageError(ParseFormatFlag(bad).status(), "--format");
  }
}

TEST(ParseYearRangeFlagTest, Forms) {
  const struct {
    const char* text;
    int from;
    int to;
  } kGood[] = {
      {"", 0, 0},            // all years
      {"2024", 2024, 2024},  // one year
      {"2020-2024", 2020, 2024},
      {"2020-", 2020, 0},  // open end
      {"-2024", 0, 2024},  // open start
      {"2024-2024", 2024, 2024},
  };
  for (const auto& c : kGood) {
    SCOPED_TRACE(c.text);
    absl::StatusOr<YearRange> range = ParseYearRangeFlag(c.text);
    ASSERT_TRUE(range.ok()) << range.status();
    EXPECT_EQ(range->from, c.from);
    EXPECT_EQ(range->to, c.to);
  }
  // Not a year, not a range, zero, too long, reversed.
  for (const char* bad : {"abc", "20x4", "2020-2022-2024", "-", "0", "2020-abc",
                          "12345", "2024-2020"}) {
    SCOPED_TRACE(bad);
    ExpectUsageError(ParseYearRangeFlag(bad).status(), "--year");
  }
}

TEST(ParseYearFlagTest, OneYearOrNone) {
  EXPECT_EQ(*ParseYearFlag(""), 0);
  EXPECT_EQ(*ParseYearFlag("2024"), 2024);
  // Today's bug: these were silently a year hint of 0.
  for (const char* bad : {"abc", "2020-2024", "0", "-1"}) {
    SCOPED_TRACE(bad);
    ExpectUsageError(ParseYearFlag(bad).status(), "--year");
  }
}

TEST(ParseLevelsFlagTest, CommaSeparatedAnyCase) {
  EXPECT_THAT(*ParseLevelsFlag(""), IsEmpty());
  EXPECT_THAT(*ParseLevelsFlag("county,City, PROVINCE"),
              ElementsAre(v1::REPORT_LEVEL_COUNTY, v1::REPORT_LEVEL_CITY,
                          v1::REPORT_LEVEL_PROVINCE));
  ExpectUsageError(ParseLevelsFlag("county,town").status(), "'town'");
}

TEST(ParseOneLevelFlagTest, AtMostOneCountyByDefault) {
  EXPECT_EQ(*ParseOneLevelFlag(""), v1::REPORT_LEVEL_COUNTY);
  EXPECT_EQ(*ParseOneLevelFlag("city"), v1::REPORT_LEVEL_CITY);
  ExpectUsageError(ParseOneLevelFlag("county,city").status(), "one --level");
  ExpectUsageError(ParseOneLevelFlag("town").status(), "--level");
}

TEST(ParseDomainsFlagTest, Ids) {
  EXPECT_THAT(*ParseDomainsFlag(""), IsEmpty());
  EXPECT_THAT(*ParseDomainsFlag("employment,childcare"),
              ElementsAre(v1::DOMAIN_EMPLOYMENT, v1::DOMAIN_CHILDCARE));
  ExpectUsageError(ParseDomainsFlag("employment,nope").status(), "'nope'");
}

TEST(ParseKindFlagTest, TargetAchievementOrAny) {
  EXPECT_EQ(*ParseKindFlag(""), std::nullopt);
  EXPECT_EQ(*ParseKindFlag("target"), v1::KIND_TARGET);
  EXPECT_EQ(*ParseKindFlag("achievement"), v1::KIND_ACHIEVEMENT);
  ExpectUsageError(ParseKindFlag("maybe").status(), "--kind");
}

TEST(ParseListFlagTest, TrimsAndDropsEmptyItems) {
  EXPECT_THAT(ParseListFlag(""), IsEmpty());
  EXPECT_THAT(ParseListFlag("李沧, 市南区,,370213 "),
              ElementsAre("李沧", "市南区", "370213"));
}

TEST(ParseLimitAndTimeoutFlagTest, Ranges) {
  EXPECT_EQ(*ParseLimitFlag(0), 0);
  EXPECT_EQ(*ParseLimitFlag(5), 5);
  ExpectUsageError(ParseLimitFlag(-1).status(), "--limit");
  EXPECT_EQ(*ParseTimeoutFlag(1.5), absl::Milliseconds(1500));
  for (double bad : {0.0, -1.0, std::numeric_limits<double>::infinity(),
                     std::numeric_limits<double>::quiet_NaN()}) {
    SCOPED_TRACE(bad);
    ExpectUsageError(ParseTimeoutFlag(bad).status(), "--timeout");
  }
}

}  // namespace
}  // namespace govreport::tools
