#include "tools/flag_values.h"

#include <limits>

#include "absl/flags/flag.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tools/exit_code.h"

ABSL_FLAG(int, flag_values_test_number, 7, "a flag for this test");
ABSL_FLAG(bool, flag_values_test_switch, false, "a flag for this test");

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

// What absl::ParseCommandLine would refuse (and exit 1 for) is a usage
// error; what it accepts passes.
TEST(CheckFlagSyntaxTest, UnknownFlagsAndValuesOfTheWrongType) {
  const std::vector<std::vector<std::string>> kGood = {
      {"query", "--flag_values_test_number=3"},
      {"-flag_values_test_number", "4", "query"},  // one dash, separate value
      {"--flag_values_test_switch"},
      {"--noflag_values_test_switch"},
      {"--flag_values_test_switch=false"},
      {"--helpfull"},
      {"--help=limit"},
      {"extract", "--", "--not-a-flag"},  // a file name after "--"
      {"extract", "-"},
  };
  for (const auto& args : kGood) {
    SCOPED_TRACE(args.front());
    EXPECT_TRUE(CheckFlagSyntax(args).ok()) << CheckFlagSyntax(args);
  }
  const struct {
    std::vector<std::string> args;
    const char* message;
  } kBad[] = {
      {{"--flag_values_test_numbr=3"}, "unknown flag --flag_values_test_numbr"},
      {{"query", "--flag_values_test_number=abc"},
       "--flag_values_test_number=abc: "},
      {{"--flag_values_test_number"},
       "--flag_values_test_number needs a value"},
      {{"--flag_values_test_switch=maybe"}, "--flag_values_test_switch=maybe"},
      {{"--noflag_values_test_number"}, "unknown flag"},  // not a bool
  };
  for (const auto& c : kBad) {
    SCOPED_TRACE(c.args.front());
    ExpectUsageError(CheckFlagSyntax(c.args), c.message);
  }
}

}  // namespace
}  // namespace govreport::tools
