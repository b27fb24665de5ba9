// The metric phrase rules of common/quantities.cc and their tables in
// data/lexicon/ (metric_*.tsv): one test per trimming rule, and every row
// of each table exercised.
#include <string>
#include <string_view>
#include <vector>

#include "common/lexicon.h"
#include "common/quantities.h"
#include "gtest/gtest.h"

namespace govreport {
namespace {

// The metric phrases of a sentence's figures, in order.
std::vector<std::string> Metrics(std::string_view sentence) {
  std::vector<std::string> metrics;
  for (const v1::Quantity& q : FindQuantities(sentence, 0)) {
    metrics.push_back(q.metric());
  }
  return metrics;
}

using Phrases = std::vector<std::string>;

TEST(MetricPhraseTest, EveryLeadingWordIsStripped) {
  for (std::string_view word : Lexicon("metric_leading_words").FirstColumn()) {
    EXPECT_EQ(Metrics(std::string(word) + "城镇就业2.2万人。"),
              Phrases{"城镇就业"})
        << word;
  }
}

// A year opening the phrase says when, not what is counted.
TEST(MetricPhraseTest, ALeadingYearIsStripped) {
  EXPECT_EQ(Metrics("2019年完成投资6亿元。"), Phrases{"投资"});
  EXPECT_EQ(Metrics("2018年度实现脱贫退出495户。"), Phrases{"脱贫退出"});
  EXPECT_EQ(Metrics("2022年底药食同源产业产值突破10亿元。"),
            Phrases{"药食同源产业产值"});
}

// A leading word that would leave one character is the first part of a
// compound noun: "招聘会", "增加值", "开工率" stay whole.
TEST(MetricPhraseTest, ALeadingWordLeavesNoSingleCharacter) {
  EXPECT_EQ(Metrics("举办各类招聘会42场。"), Phrases{"招聘会"});
  EXPECT_EQ(Metrics("完成增加值72.3亿元。"), Phrases{"增加值"});
  EXPECT_EQ(Metrics("举办各类招聘活动42场。"), Phrases{"活动"});
}

// A noun opening with a leading word keeps it (every row of
// data/lexicon/metric_protected_words.tsv): "服务业增加值" is no "业增加值".
TEST(MetricPhraseTest, EveryProtectedWordKeepsItsLeadingWord) {
  for (std::string_view word :
       Lexicon("metric_protected_words").FirstColumn()) {
    EXPECT_EQ(Metrics(std::string(word) + "达到5个。"),
              Phrases{std::string(word)})
        << word;
  }
  EXPECT_EQ(Metrics("服务业增加值完成82.9亿元。"), Phrases{"服务业增加值"});
  EXPECT_EQ(Metrics("建成区级学习型示范社区3个。"),
            Phrases{"区级学习型示范社区"});
}

TEST(MetricPhraseTest, EveryTrailingWordIsStripped) {
  for (std::string_view word :
       Lexicon("metric_trailing_words").FirstColumn()) {
    // A number after 第 is an ordinal, no figure: 第 ends a phrase read
    // after a unit ("168个排名城市第7位").
    if (word == "第") continue;
    EXPECT_EQ(Metrics("城镇就业" + std::string(word) + "2.2万人。"),
              Phrases{"城镇就业"})
        << word;
  }
  EXPECT_EQ(Metrics("空气质量列全国168个排名城市第7位。"), Phrases{"排名城市"});
}

// Link words alone between two figures name nothing: the second figure
// counts what the first does.
TEST(MetricPhraseTest, APhraseOfLinkWordsAloneNamesNothing) {
  EXPECT_EQ(Metrics("新建学校3所提升到5所。"), (Phrases{"学校", "学校"}));
}

TEST(MetricPhraseTest, EveryPhraseBreakEndsThePhraseAfterAUnit) {
  for (std::string_view word : Lexicon("metric_phrase_breaks").FirstColumn()) {
    if (word == "\\n") continue;
    EXPECT_EQ(Metrics("建成20个重点建设项目" + std::string(word) + "工程。"),
              Phrases{"重点建设项目"})
        << word;
  }
}

TEST(MetricPhraseTest, EveryPrepositionOpensAnAdverbialBeforeTheVerb) {
  for (std::string_view word : Lexicon("metric_prepositions").FirstColumn()) {
    EXPECT_EQ(Metrics(std::string(word) + "困难群众发放救助款500万元。"),
              Phrases{"救助款"})
        << word;
    // Without a verb inside, the phrase stays whole.
    EXPECT_EQ(Metrics(std::string(word) + "建项目12个。"),
              Phrases{std::string(word) + "建项目"})
        << word;
  }
}

TEST(MetricPhraseTest, ListMarkersLeadNoPhrase) {
  EXPECT_EQ(Metrics("实施县级以上重点项目80个，其中省市级重点项目26个。"),
            (Phrases{"县级以上重点项目", "省市级重点项目"}));
  EXPECT_EQ(Metrics("三是新建口袋公园5个。"), Phrases{"口袋公园"});
}

TEST(MetricPhraseTest, EveryComparisonBaseNamesNoMetric) {
  for (std::string_view word :
       Lexicon("metric_comparison_bases").FirstColumn()) {
    EXPECT_EQ(Metrics("实现旅游综合收入90亿元，" + std::string(word) +
                      "2019年增长16%。"),
              (Phrases{"旅游综合收入", "旅游综合收入"}))
        << word;
  }
  EXPECT_EQ(Metrics("金融机构存贷款余额达到370亿元，较年初增长15.8%。"),
            (Phrases{"金融机构存贷款余额", "金融机构存贷款余额"}));
  // A metric that only starts like a base is a metric.
  EXPECT_EQ(Metrics("高技术产业投资比重达10.5%。"),
            Phrases{"高技术产业投资比重"});
}

// A plan period is a base too ("比“十二五”末", "较“十三五”"), and a base
// ending a phrase ("森林覆盖率由2015年", "交易额是2011年") is cut off.
TEST(MetricPhraseTest, ABaseEndingAPhraseIsNoPartOfIt) {
  EXPECT_EQ(Metrics("实现旅游综合收入90亿元，比“十二五”末增长16%。"),
            (Phrases{"旅游综合收入", "旅游综合收入"}));
  EXPECT_EQ(Metrics("实现旅游综合收入90亿元，较“十三五”增长16%。"),
            (Phrases{"旅游综合收入", "旅游综合收入"}));
  EXPECT_EQ(Metrics("森林覆盖率由2015年提高5个百分点。"),
            Phrases{"森林覆盖率"});
  EXPECT_EQ(Metrics("两大市场年交易额是2011年的2.3倍。"),
            Phrases{"两大市场年交易额"});
}

// A sum of money joined by 的 or a verb to a noun is what its own phrase
// names; when that ends with an investment word, it is the noun's
// investment.
TEST(MetricPhraseTest, EveryInvestmentWordMakesTheNounsInvestment) {
  for (const auto& row : Lexicon("metric_investment_words").rows) {
    const std::string w(row[0]);
    SCOPED_TRACE(w);
    EXPECT_EQ(Metrics("加快推进" + w + "5亿元建设城区供水厂。"),
              Phrases{"城区供水厂" + w});
    // Only an investment proper is linked by 的.
    EXPECT_EQ(Metrics("加快推进" + w + "5亿元的城区供水厂。"),
              Phrases{row[1] == "any" ? "城区供水厂" + w : w});
  }
  EXPECT_EQ(Metrics("投资1.87亿元的新垃圾综合处理厂一期投入使用。"),
            Phrases{"新垃圾综合处理厂一期投资"});
  // A count before the project, or after it, counts it too.
  EXPECT_EQ(Metrics("大力推进总投资18.8亿元的53个集镇建设项目。"),
            (Phrases{"集镇建设项目总投资", "集镇建设项目"}));
  EXPECT_EQ(Metrics("实施总投资63亿元的工业技改项目17个。"),
            (Phrases{"工业技改项目总投资", "工业技改项目"}));
  // A long name stays whole, a measure inside it included.
  EXPECT_EQ(Metrics("总投资50亿元的华讯方舟太赫兹国际科技产业基地项目开工。"),
            Phrases{"华讯方舟太赫兹国际科技产业基地项目总投资"});
  EXPECT_EQ(Metrics("总投资83.88亿元的黄花滩1200兆瓦抽水蓄能项目列入规划。"),
            Phrases{"黄花滩1200兆瓦抽水蓄能项目总投资"});
  // A threshold after 的 names no project; other money so joined keeps its
  // phrase.
  EXPECT_EQ(Metrics("抓好总投资313.9亿元的75个千万元以上重点项目。")[0],
            "总投资");
  EXPECT_EQ(Metrics("发放救助资金497.5万元的任务。"), Phrases{"救助资金"});
  // An amount that is no money measures the noun after 的.
  EXPECT_EQ(Metrics("新建200公里的农村通畅公路。"), Phrases{"农村通畅公路"});
}

// A phrase read after a unit stops before the next figure's comparator.
TEST(MetricPhraseTest, TheNextFiguresComparatorEndsThePhraseAfterAUnit) {
  EXPECT_EQ(Metrics("助力50余家中小企业获得授信约2亿元。")[0],
            "中小企业获得授信");
  EXPECT_EQ(Metrics("建成3所学校超过2万平方米。")[0], "学校");
}

// A verb after a sum invested names what it pays for, when its object
// ends the clause whole.
TEST(MetricPhraseTest, EveryFundingVerbNamesWhatTheSumPaysFor) {
  for (std::string_view verb : Lexicon("metric_funding_verbs").FirstColumn()) {
    EXPECT_EQ(Metrics("投资5亿元" + std::string(verb) + "城区供水厂。"),
              Phrases{"城区供水厂投资"})
        << verb;
  }
  EXPECT_EQ(Metrics("投资2910万元完成了园区一期征地。"),
            Phrases{"园区一期征地投资"});
  EXPECT_EQ(Metrics("投入资金4071.8万元实施危房改造。"),
            Phrases{"危房改造资金"});
  // A figure or a list inside the object, or a second verb, leaves the
  // investment alone.
  EXPECT_EQ(Metrics("投资2100万元完成了全长25.4公里的7条农村公路建设。")[0],
            "投资");
  EXPECT_EQ(Metrics("投资8100万元完成府河、金线河水质提升。"), Phrases{"投资"});
  EXPECT_EQ(Metrics("投资5900万元启动实施幸福乡村计划。"), Phrases{"投资"});
}

// The next item of a list starts after a phrase read after a figure; a
// clause about an invested project goes on naming it.
TEST(MetricPhraseTest, APhraseReadAfterAFigureIsNotTheNextOnesBefore) {
  EXPECT_EQ(Metrics("建成2所幼儿园、投资2.5亿元的学校。"),
            (Phrases{"幼儿园", "学校投资"}));
  EXPECT_EQ(Metrics("投资2.8亿元的洲际假日、投资2.5亿元的龙昂骊谷酒店已进场"
                    "施工。"),
            (Phrases{"洲际假日投资", "龙昂骊谷酒店投资"}));
  EXPECT_EQ(Metrics("投资162亿元的长城汽车项目累计完成投资65.2亿元。"),
            (Phrases{"长城汽车项目投资", "长城汽车项目累计完成投资"}));
}

TEST(MetricPhraseTest, NamesWithLatinLettersStayWhole) {
  EXPECT_EQ(Metrics("建成超过5700个5G基站。"), Phrases{"5G基站"});
  EXPECT_EQ(Metrics("建成3个G11基地。"), Phrases{"G11基地"});
  EXPECT_EQ(Metrics("总投资538亿元的华星光电G11项目提前开工。"),
            Phrases{"华星光电G11项目总投资"});
}

TEST(MetricPhraseTest, EveryLevelAloneTakesTheNounBesideIt) {
  for (std::string_view level :
       Lexicon("metric_level_qualifiers").FirstColumn()) {
    const std::string l(level);
    // The next figure's noun, in one list.
    EXPECT_EQ(Metrics("建成4个" + l + "、12个美丽乡村示范村。"),
              (Phrases{"美丽乡村示范村", "美丽乡村示范村"}))
        << level;
    // Else the noun of the figure before.
    EXPECT_EQ(Metrics("新增专精特新企业2家、" + l + "8家。"),
              (Phrases{"专精特新企业", "专精特新企业"}))
        << level;
  }
}

}  // namespace
}  // namespace govreport
