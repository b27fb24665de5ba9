#include "common/close_matches.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace govreport {
namespace {

using ::testing::ElementsAre;

TEST(CloseMatchesTest, TyposAndCaseAreClose) {
  const std::vector<std::string_view> names = {"urban_new_jobs", "gdp_growth",
                                               "urban_jobs_total"};
  EXPECT_THAT(CloseMatches("urban_new_job", names, 3), ElementsAre(0));
  EXPECT_THAT(CloseMatches("GDP_Growth", names, 3), ElementsAre(1));
  EXPECT_TRUE(CloseMatches("air_quality", names, 3).empty());
}

TEST(CloseMatchesTest, CountsCharactersAndTakesHeldPhrases) {
  const std::vector<std::string_view> names = {"新增城镇就业", "城镇新增就业",
                                               "空气优良率", "学校"};
  // Two characters apart in six: close; the bytes differ in six.
  EXPECT_THAT(CloseMatches("新增就业", names, 3), ElementsAre(0, 1));
  EXPECT_THAT(CloseMatches("空气质量优良率", names, 3), ElementsAre(2));
  EXPECT_THAT(CloseMatches("中小学校", names, 3), ElementsAre(3));
}

TEST(CloseMatchesTest, ClosestFirstAtMostMax) {
  const std::vector<std::string_view> names = {"abcdef", "abcdeg", "abcxyz",
                                               "abcdef"};
  EXPECT_THAT(CloseMatches("abcdef", names, 2), ElementsAre(0, 3));
  EXPECT_TRUE(CloseMatches("", names, 2).empty());
}

}  // namespace
}  // namespace govreport
