#include "common/domain_classifier.h"

#include <algorithm>
#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/domains.h"
#include "common/lexicon.h"
#include "common/utf8.h"
#include "gtest/gtest.h"
#include "tests/test_util.h"

namespace govreport {
namespace {

using ::govreport::testing::ReadSample;

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
  const ContextScores sections = SectionScores(path);
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

namespace govreport {
namespace {

// Every keyword of data/lexicon/domain_keywords.tsv that carries weight,
// as a metric phrase alone, names its own domain: a row that another row
// outweighs inside its own word is a table defect.
TEST(DomainKeywordsTableTest, EveryWeightedKeywordAloneNamesItsDomain) {
  for (const auto& row : Lexicon("domain_keywords").rows) {
    if (row.size() >= 3 && row[2] == "0") continue;
    EXPECT_EQ(DomainId(Classify(row[0], row[0])), row[1]) << row[0];
  }
}

// Every row of data/lexicon/domain_cues.tsv settles its domain when its cue
// stands in its scope, and only then.
TEST(DomainCuesTableTest, EveryCueSettlesItsDomainInItsScope) {
  for (const auto& row : Lexicon("domain_cues").rows) {
    const std::string metric = "重点" + std::string(row[0]);
    const std::string clause = std::string(row[1]) + metric + "5个";
    const std::string sentence = "加快发展，" + clause + "。";
    const std::optional<v1::Domain> in_clause =
        CueDomain(metric, clause, sentence);
    ASSERT_TRUE(in_clause.has_value()) << row[0] << " " << row[1];
    EXPECT_EQ(DomainId(*in_clause), row[2]);
    // The cue only elsewhere in the sentence.
    const std::string other_clause = metric + "5个";
    const std::string other_sentence =
        std::string(row[1]) + "工作，" + other_clause + "。";
    EXPECT_EQ(CueDomain(metric, other_clause, other_sentence).has_value(),
              row[3] == "sentence")
        << row[0] << " " << row[1];
    EXPECT_FALSE(CueDomain(metric, other_clause, other_clause).has_value());
  }
}

// The guide's precedence rules ("Deciding the domain"), with sentences of
// our own.
TEST(DomainClassifierTest, TheGuidesRulesOnSentencesOfOurOwn) {
  // 1. Energy per unit of output is environment.
  EXPECT_EQ(Classify("单位地区生产总值能耗", "单位地区生产总值能耗下降3%"),
            v1::DOMAIN_ENVIRONMENT);
  // 2. Headline aggregates are economy wherever they stand.
  EXPECT_EQ(Classify("规上工业增加值", "规上工业增加值增长8%", "",
                     {"推动工业提质增效"}),
            v1::DOMAIN_ECONOMY);
  EXPECT_EQ(Classify("工业投资", "工业投资增长12%"), v1::DOMAIN_ECONOMY);
  // 3. Market entities are investment_trade.
  EXPECT_EQ(Classify("个体工商户", "个体工商户达到1.2万家"),
            v1::DOMAIN_INVESTMENT_TRADE);
  // 5. Talent is employment.
  EXPECT_EQ(Classify("青年人才", "引进青年人才800人"), v1::DOMAIN_EMPLOYMENT);
  // 6. Resettlement housing is housing; rural roads urban_development.
  EXPECT_EQ(Classify("安置房", "建成安置房3000套"), v1::DOMAIN_HOUSING);
  EXPECT_EQ(Classify("农村公路", "新改建农村公路50公里"),
            v1::DOMAIN_URBAN_DEVELOPMENT);
  // 7. Proposals of deputies are governance.
  EXPECT_EQ(Classify("人大代表建议", "办理人大代表建议60件"),
            v1::DOMAIN_GOVERNANCE);
  // 9. Subsistence allowances are social security, in villages too.
  EXPECT_EQ(Classify("农村低保", "农村低保标准提高6%"),
            v1::DOMAIN_SOCIAL_SECURITY);
  // A sum of money counts for what it funds.
  EXPECT_EQ(Classify("总投资", "总投资3亿元的污水处理厂"),
            v1::DOMAIN_ENVIRONMENT);
}

}  // namespace
}  // namespace govreport

namespace govreport {
namespace {

// The domain the model alone gives a metric phrase (its prior, the
// phrase's n-grams and its head).
v1::Domain ModelAlone(std::string_view metric) {
  const DomainModel& model = DomainModel::Get();
  ModelScores scores = model.prior();
  model.AddText(DomainModel::Field::kMetric, metric, &scores);
  model.AddMetricEnd(metric, &scores);
  int best = v1::DOMAIN_ECONOMY;
  for (int d = v1::DOMAIN_ECONOMY; d < v1::Domain_ARRAYSIZE; ++d) {
    if (scores[d] > scores[best]) best = d;
  }
  return static_cast<v1::Domain>(best);
}

// data/lexicon/domain_model.tsv loads (a bad row aborts), weighs the
// keyword rules, and has learned what the annotated sets count most.
TEST(DomainModelTableTest, LoadsAndKnowsTheCommonMetrics) {
  EXPECT_GT(DomainModel::Get().rule_weight(), 0);
  EXPECT_EQ(ModelAlone("社会消费品零售总额"), v1::DOMAIN_ECONOMY);
  EXPECT_EQ(ModelAlone("高新技术企业"), v1::DOMAIN_INDUSTRY);
  EXPECT_EQ(ModelAlone("高标准农田"), v1::DOMAIN_RURAL);
  EXPECT_EQ(ModelAlone("森林覆盖率"), v1::DOMAIN_ENVIRONMENT);
}

// The plain definition of domain_internal::FindKeywords: every row's word
// compared at every character.
std::vector<std::pair<size_t, int>> KeywordsByDefinition(
    std::string_view text) {
  const auto& rows = Lexicon("domain_keywords").rows;
  std::vector<std::pair<size_t, int>> matches;
  for (size_t i = 0; i < text.size(); i += Utf8SequenceLength(text[i])) {
    const size_t first = matches.size();
    for (int k = 0; k < static_cast<int>(rows.size()); ++k) {
      const std::string_view word = rows[k][0];
      if (!word.empty() && text.substr(i, word.size()) == word) {
        matches.emplace_back(i, k);
      }
    }
    std::stable_sort(matches.begin() + first, matches.end(),
                     [&](const auto& a, const auto& b) {
                       return rows[a.second][0].size() >
                              rows[b.second][0].size();
                     });
  }
  return matches;
}

// The one-pass scan finds what comparing every keyword at every character
// finds, in the same order: in texts pieced together from keywords, their
// halves (split inside a character too), common characters, ASCII, NULs and
// stray bytes, so that keywords overlap, run past the end and meet broken
// UTF-8.
TEST(DomainKeywordsScanTest, FindsWhatEveryKeywordComparedFinds) {
  std::vector<std::string> pieces = {
      "。", "的", "发展", "城",   "5",    "G",    "g",
      "PM", "2",  " ",    "\xE6", "\x9D", "\xFF", std::string(1, '\0')};
  for (const auto& row : Lexicon("domain_keywords").rows) {
    const std::string word(row[0]);
    pieces.push_back(word);
    pieces.push_back(word.substr(0, word.size() / 2));
    pieces.push_back(word.substr(word.size() / 2));
  }
  std::mt19937 random(17);
  std::uniform_int_distribution<size_t> piece(0, pieces.size() - 1);
  std::uniform_int_distribution<int> count(0, 12);
  for (int t = 0; t < 20000; ++t) {
    std::string text;
    for (int n = count(random); n > 0; --n) text += pieces[piece(random)];
    std::vector<std::pair<size_t, int>> found;
    for (const auto& m : domain_internal::FindKeywords(text)) {
      found.emplace_back(m.begin, m.keyword);
    }
    ASSERT_EQ(found, KeywordsByDefinition(text)) << text;
  }
}

// The same over the sample reports, whole and cut at any byte: long runs
// of Chinese text, which the scan reads two characters at a time, with
// digits, punctuation and line breaks between them.
TEST(DomainKeywordsScanTest, FindsWhatEveryKeywordComparedFindsInReports) {
  std::mt19937 random(17);
  for (const char* file :
       {"licang.txt", "shinan.txt", "qingyang.txt", "jinniu.txt"}) {
    const std::string report = ReadSample(file);
    const auto scan = [](std::string_view text) {
      std::vector<std::pair<size_t, int>> found;
      for (const auto& m : domain_internal::FindKeywords(text)) {
        found.emplace_back(m.begin, m.keyword);
      }
      return found;
    };
    ASSERT_EQ(scan(report), KeywordsByDefinition(report)) << file;
    for (int t = 0; t < 200; ++t) {
      const size_t begin =
          std::uniform_int_distribution<size_t>(0, report.size() - 1)(random);
      const size_t length =
          std::uniform_int_distribution<size_t>(0, 64)(random);
      const std::string_view text =
          std::string_view(report).substr(begin, length);
      ASSERT_EQ(scan(text), KeywordsByDefinition(text)) << text;
    }
  }
}

// A text that finds more rows than 16-bit sums of their points hold adds
// what its n-grams add: "市" n times is n one-grams, n - 1 two-grams and
// n - 2 three-grams, whose points (floors included) the texts of one, two
// and three characters give.
TEST(DomainModelTableTest, LongTextsAddWhatTheirNgramsAdd) {
  const DomainModel& model = DomainModel::Get();
  const auto points = [&](const std::string& text) {
    ModelScores scores{};
    model.AddText(DomainModel::Field::kSentence, text, &scores);
    return scores;
  };
  const ModelScores one = points("市");
  const ModelScores two = points("市市");
  const ModelScores three = points("市市市");
  ASSERT_NE(one, ModelScores{});
  std::string text;
  constexpr int64_t kChars = 70000;
  for (int i = 0; i < kChars; ++i) text += "市";
  const ModelScores scores = points(text);
  for (int d = 0; d < v1::Domain_ARRAYSIZE; ++d) {
    const int64_t gram1 = one[d];
    const int64_t gram2 = two[d] - 2 * one[d];
    const int64_t gram3 = three[d] - 2 * two[d] + one[d];
    EXPECT_EQ(scores[d],
              kChars * gram1 + (kChars - 1) * gram2 + (kChars - 2) * gram3)
        << d;
  }
}

// A section path scores as the sum of its titles, however many other
// titles were scored in between (the latest titles' points are kept).
TEST(DomainClassifierTest, SectionPathsScoreAsTheSumOfTheirTitles) {
  std::vector<std::string> titles;
  for (int i = 0; i < 20; ++i) {
    titles.push_back("第" + std::to_string(i) + "部分：推进城市更新和教育");
  }
  titles.push_back("强化智慧城市建设");
  titles.push_back("");
  std::vector<ContextScores> alone;
  for (const std::string& title : titles) {
    alone.push_back(SectionScores({title}));
  }
  for (int round = 0; round < 2; ++round) {
    for (size_t i = 0; i < titles.size(); ++i) {
      const size_t j = (i * 7 + round) % titles.size();
      const ContextScores both = SectionScores({titles[i], titles[j]});
      for (int d = 0; d < v1::Domain_ARRAYSIZE; ++d) {
        EXPECT_EQ(both.keywords[d],
                  alone[i].keywords[d] + alone[j].keywords[d]);
        EXPECT_EQ(both.model[d], alone[i].model[d] + alone[j].model[d]);
      }
    }
  }
  EXPECT_EQ(SectionScores({}).model, ModelScores{});
}

// Only n-grams with a row count: a text of characters the annotated sets
// never held adds no points, nor does an empty metric phrase.
TEST(DomainModelTableTest, UnknownTextAddsNothing) {
  const DomainModel& model = DomainModel::Get();
  ModelScores scores{};
  model.AddText(DomainModel::Field::kSentence, "ꙮꙮꙮ", &scores);
  model.AddText(DomainModel::Field::kMetric, "", &scores);
  model.AddMetricEnd("", &scores);
  EXPECT_EQ(scores, ModelScores{});
}

}  // namespace
}  // namespace govreport
