#include "common/domain_classifier.h"

#include <string>
#include <string_view>
#include <vector>

#include "common/utf8.h"
#include "gtest/gtest.h"

namespace govreport {
namespace {

v1::Domain Classify(std::string_view metric, std::string_view clause,
                    std::string_view sentence = "",
                    std::vector<std::string> path = {}) {
  return ClassifyDomain({metric}, clause, sentence, path);
}

TEST(DomainClassifierTest, MetricKeywordsDecide) {
  EXPECT_EQ(Classify("婴幼儿托位", "新增婴幼儿托位440个"),
            v1::DOMAIN_CHILDCARE);
  EXPECT_EQ(Classify("养老床位", "新增养老床位500张"), v1::DOMAIN_ELDERLY_CARE);
  EXPECT_EQ(Classify("认知障碍照护床位", "改建认知障碍照护床位150张"),
            v1::DOMAIN_ELDERLY_CARE);
  EXPECT_EQ(Classify("城市书房", "新改建城市书房2家"),
            v1::DOMAIN_CULTURE_SPORTS_TOURISM);
  EXPECT_EQ(Classify("电信诈骗案件", "电信诈骗案件下降21.4%"),
            v1::DOMAIN_PUBLIC_SAFETY);
  EXPECT_EQ(Classify("保交楼", "完成保交楼1588套"), v1::DOMAIN_HOUSING);
  EXPECT_EQ(Classify("公交线路", "新开通公交线路3条"),
            v1::DOMAIN_URBAN_DEVELOPMENT);
  EXPECT_EQ(Classify("脱贫人口人均纯收入", "脱贫人口人均纯收入增长10%"),
            v1::DOMAIN_RURAL);
  // A list of practical projects (实事项目) is no governance of its own.
  EXPECT_EQ(Classify("大肠癌筛查", "完成大肠癌筛查1.25万人", "", {"实事项目"}),
            v1::DOMAIN_HEALTH);
  EXPECT_EQ(
      Classify("乡村长者照护之家", "3家乡村长者照护之家", "", {"实事项目"}),
      v1::DOMAIN_ELDERLY_CARE);
  EXPECT_EQ(Classify("社区就业服务站点", "建成20个社区就业服务站点", "",
                     {"实事项目"}),
            v1::DOMAIN_EMPLOYMENT);
}

TEST(DomainClassifierTest, TheHeadOfTheMetricOutweighsItsModifiers) {
  // Sports grounds of schools are about sports, not schools.
  EXPECT_EQ(Classify("校园体育场地开放率", "校园体育场地开放率达100%"),
            v1::DOMAIN_CULTURE_SPORTS_TOURISM);
  EXPECT_EQ(Classify("城乡居民基础养老金", "城乡居民基础养老金提高到180元"),
            v1::DOMAIN_SOCIAL_SECURITY);
}

TEST(DomainClassifierTest, SentenceAndSectionsGiveContext) {
  EXPECT_EQ(Classify("互办实事", "互办实事不少于200件",
                     "深化军地双拥共建，互办实事不少于200件；"),
            v1::DOMAIN_SOCIAL_SECURITY);
  EXPECT_EQ(Classify("", "完成任务20项", "", {"强化智慧城市建设"}),
            v1::DOMAIN_DIGITAL_GOVERNMENT);
  // Nothing to go on: the catch-all.
  EXPECT_EQ(Classify("", "完成任务"), v1::DOMAIN_ECONOMY);
}

TEST(DomainClassifierTest, KeywordsFoundOnceScoreAsTheTextsDo) {
  const std::string_view sentence =
      "深化军地双拥共建，互办实事不少于200件；新建口袋公园3个，改造老旧小区。";
  const std::vector<std::string> path = {"强化智慧城市建设", "民生实事"};
  const SentenceKeywords keywords(sentence);
  const DomainScores sections = SectionScores(path);
  for (size_t begin : {size_t{0}, sentence.find("互办"), sentence.find("新建"),
                       sentence.find("改造")}) {
    // Every clause from `begin`, one character longer each time.
    for (size_t end = begin; end < sentence.size();) {
      end += Utf8SequenceLength(sentence[end]);
      const std::string_view clause = sentence.substr(begin, end - begin);
      for (std::string_view metric : {"", "口袋公园", "互办实事"}) {
        EXPECT_EQ(ClassifyDomain({metric}, clause, keywords, sections),
                  ClassifyDomain({metric}, clause, sentence, path))
            << clause << " / " << metric;
      }
    }
  }
}

}  // namespace
}  // namespace govreport
