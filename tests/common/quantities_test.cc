#include "common/quantities.h"

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/lexicon.h"
#include "common/numbers.h"
#include "common/quantities_internal.h"
#include "gtest/gtest.h"

namespace govreport {
namespace {

struct Expected {
  double value;
  std::string unit;
  v1::Comparator comparator;
  std::string metric_contains;
};

void ExpectQuantities(std::string_view sentence,
                      const std::vector<Expected>& expected) {
  SCOPED_TRACE(std::string(sentence));
  std::vector<v1::Quantity> found = FindQuantities(sentence, 0);
  ASSERT_EQ(found.size(), expected.size());
  for (size_t i = 0; i < found.size(); ++i) {
    EXPECT_DOUBLE_EQ(found[i].value(), expected[i].value) << i;
    EXPECT_EQ(found[i].unit(), expected[i].unit) << i;
    EXPECT_EQ(found[i].comparator(), expected[i].comparator) << i;
    EXPECT_NE(found[i].metric().find(expected[i].metric_contains),
              std::string::npos)
        << i << " metric " << found[i].metric();
    EXPECT_EQ(
        sentence.substr(found[i].begin(), found[i].end() - found[i].begin()),
        found[i].raw());
  }
}

// No metric phrase reaches across a mark of data/lexicon/clause_breaks.tsv
// (either scope): without the mark, it would.
TEST(QuantitiesTest, MetricPhrasesEndAtClauseBreaks) {
  auto metric = [](const std::string& sentence) {
    std::vector<v1::Quantity> found = FindQuantities(sentence, 0);
    return found.size() == 1 ? found[0].metric() : "(" + sentence + ")";
  };
  ASSERT_NE(metric("全区学校共有教师2000名").find("学校"), std::string::npos);
  for (const auto& row : Lexicon("clause_breaks").rows) {
    SCOPED_TRACE(std::string(row[0]));
    const std::string m =
        metric("全区学校" + std::string(row[0]) + "共有教师2000名");
    EXPECT_EQ(m.find("学校"), std::string::npos) << m;
    EXPECT_NE(m.find("教师"), std::string::npos) << m;
  }
}

// After every word of data/lexicon/counting_verbs.tsv a Chinese numeral
// counts; elsewhere it names ("中央八项规定", "三个公园" alone).
TEST(QuantitiesTest, ChineseNumeralsCountAfterCountingVerbs) {
  EXPECT_TRUE(FindQuantities("落实中央八项规定。", 0).empty());
  EXPECT_TRUE(FindQuantities("今年三个公园。", 0).empty());
  for (std::string_view verb : Lexicon("counting_verbs").FirstColumn()) {
    const std::string sentence = "今年" + std::string(verb) + "三个公园。";
    SCOPED_TRACE(sentence);
    std::vector<v1::Quantity> found = FindQuantities(sentence, 0);
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].value(), 3);
    EXPECT_EQ(found[0].unit(), "个");
  }
}

// A Chinese numeral before every measure word of concrete things in
// data/lexicon/numeral_counts.tsv counts the noun after it without a
// counting verb; a rule noun of the table near it makes it a policy's
// name; 个 and 项 still need a verb.
TEST(QuantitiesTest, ChineseNumeralsCountConcreteThings) {
  const auto rows = Lexicon("numeral_counts").rows;
  for (const auto& row : rows) {
    ASSERT_EQ(row.size(), 2u);
    const std::string word(row[0]);
    if (row[1] == "unit") {
      const std::string sentence = "园区内两" + word + "厂房全部投用。";
      SCOPED_TRACE(sentence);
      std::vector<v1::Quantity> found = FindQuantities(sentence, 0);
      ASSERT_EQ(found.size(), 1u);
      EXPECT_EQ(found[0].value(), 2);
      EXPECT_EQ(found[0].unit(), word);
      // A numeral before the unit alone, or before a mark, counts nothing.
      EXPECT_TRUE(FindQuantities("园区内两" + word + "。", 0).empty());
    } else {
      ASSERT_EQ(row[1], "rule");
      for (const std::string& gap : {std::string(), std::string("硬性")}) {
        const std::string sentence = "严格落实十五条" + gap + word + "。";
        SCOPED_TRACE(sentence);
        EXPECT_TRUE(FindQuantities(sentence, 0).empty());
      }
    }
  }
  EXPECT_TRUE(FindQuantities("落实四个方面十项任务。", 0).empty());
  // Three characters after the unit, a rule noun is no longer its noun.
  EXPECT_EQ(FindQuantities("园区内三条城区骨干道路措施配套。", 0).size(), 1u);
}

TEST(QuantitiesTest, PhraseBeforeTheNumber) {
  ExpectQuantities("新增城镇就业2.2万人。",
                   {{22000, "人", v1::COMPARATOR_EXACT, "城镇就业"}});
  ExpectQuantities("确保空气优良率稳定在80%以上。",
                   {{80, "%", v1::COMPARATOR_AT_LEAST, "空气优良率"}});
  ExpectQuantities("外贸进出口总额突破200亿元。",
                   {{2e10, "元", v1::COMPARATOR_AT_LEAST, "外贸进出口总额"}});
  // Hedges and adverbs around the phrase are not what is counted.
  ExpectQuantities("预计全市地区生产总值增长4%左右。",
                   {{4, "%", v1::COMPARATOR_APPROX, "地区生产总值"}});
  ExpectQuantities("产业园产值首次突破300亿元。",
                   {{3e10, "元", v1::COMPARATOR_AT_LEAST, "产业园产值"}});
  ExpectQuantities("固定资产投资同比增长6%。",
                   {{6, "%", v1::COMPARATOR_EXACT, "固定资产投资"}});
  ExpectQuantities("建成200公里的农村通畅公路、500公里的农村公路安防工程。",
                   {{200, "公里", v1::COMPARATOR_EXACT, "农村通畅公路"},
                    {500, "公里", v1::COMPARATOR_EXACT, "农村公路安防工程"}});
  ExpectQuantities("新开发城乡公益性岗位325个。",
                   {{325, "个", v1::COMPARATOR_EXACT, "城乡公益性岗位"}});
  ExpectQuantities("全区备案托育机构增至58家。",
                   {{58, "家", v1::COMPARATOR_EXACT, "备案托育机构"}});
  // A figure at a line's end takes no noun from the next line.
  ExpectQuantities("新建健身场地29处\n十区两县",
                   {{29, "处", v1::COMPARATOR_EXACT, "健身场地"}});
  // A list's starred items ("*" marks a new project).
  ExpectQuantities("*改建认知障碍照护床位220张",
                   {{220, "张", v1::COMPARATOR_EXACT, "认知障碍照护床位"}});
  // An overlong phrase keeps whole items of a list: all of a list of
  // things, the items of examples before 等 that fit.
  for (const auto& [sentence, metric] :
       std::vector<std::pair<std::string_view, std::string_view>>{
           {"规模以上工业增加值、固定资产投资、社会消费品零售总额增长5%。",
            "规模以上工业增加值、固定资产投资、社会消费品零售总额"},
           {"配合人大完成大气污染防治、白洋淀上游生态环境保护、工业遗产保护"
            "等地方立法12部。",
            "白洋淀上游生态环境保护、工业遗产保护等地方立法"}}) {
    const std::vector<v1::Quantity> found = FindQuantities(sentence, 0);
    ASSERT_EQ(found.size(), 1) << sentence;
    EXPECT_EQ(found[0].metric(), metric);
  }
}

TEST(QuantitiesTest, NounAfterACountingUnitAndLists) {
  ExpectQuantities("建成启用重庆中路学校等4所学校、2所幼儿园。",
                   {{4, "所", v1::COMPARATOR_EXACT, "学校"},
                    {2, "所", v1::COMPARATOR_EXACT, "幼儿园"}});
  ExpectQuantities("建成2个“示范型”、15个“精品型”退役军人服务站。",
                   {{2, "个", v1::COMPARATOR_EXACT, "退役军人服务站"},
                    {15, "个", v1::COMPARATOR_EXACT, "退役军人服务站"}});
}

TEST(QuantitiesTest, RespectivelyAndFromTo) {
  ExpectQuantities("城乡低保标准分别提高5%和7.4%。",
                   {{5, "%", v1::COMPARATOR_EXACT, "低保标准"},
                    {7.4, "%", v1::COMPARATOR_EXACT, "低保标准"}});
  ExpectQuantities(
      "在职、退休职工年度最高支付限额由2300元分别提高到5000元、6000元。",
      {{5000, "元", v1::COMPARATOR_EXACT, "最高支付限额"},
       {6000, "元", v1::COMPARATOR_EXACT, "最高支付限额"}});
  // The starting values of a list are all skipped.
  ExpectQuantities("城乡低保补差标准由160元和55元分别提高到253元和150元。",
                   {{253, "元", v1::COMPARATOR_EXACT, "低保补差标准"},
                    {150, "元", v1::COMPARATOR_EXACT, "低保补差标准"}});
  // Bare numbers take the unit of their list's last figure, its magnitude,
  // and the comparator before the list.
  ExpectQuantities("两个产业集群产值分别突破70和50亿元。",
                   {{7e9, "元", v1::COMPARATOR_AT_LEAST, "产值"},
                    {5e9, "元", v1::COMPARATOR_AT_LEAST, "产值"}});
  ExpectQuantities("审批时限分别由45、38、35个工作日压缩至39、33、31个工作日。",
                   {{39, "个工作日", v1::COMPARATOR_EXACT, "审批时限"},
                    {33, "个工作日", v1::COMPARATOR_EXACT, "审批时限"},
                    {31, "个工作日", v1::COMPARATOR_EXACT, "审批时限"}});
}

// A word naming two things (data/lexicon/metric_paired_words.tsv, every
// row) pairs them with two figures of its phrase, in order, after 分别 or
// a joiner alone; one figure keeps the word.
TEST(QuantitiesTest, PairedWordsNameTwoFigures) {
  for (const auto& row : Lexicon("metric_paired_words").rows) {
    ASSERT_EQ(row.size(), 3u);
    const std::string phrase = std::string(row[0]) + "人均收入";
    for (const char* link : {"分别增长8%、9%。", "增长8%和9%。"}) {
      const std::string sentence = phrase + link;
      SCOPED_TRACE(sentence);
      const std::vector<v1::Quantity> found = FindQuantities(sentence, 0);
      ASSERT_EQ(found.size(), 2u);
      EXPECT_EQ(found[0].metric(), std::string(row[1]) + "人均收入");
      EXPECT_EQ(found[1].metric(), std::string(row[2]) + "人均收入");
    }
    const std::vector<v1::Quantity> one =
        FindQuantities(phrase + "增长8%。", 0);
    ASSERT_EQ(one.size(), 1u);
    EXPECT_EQ(one[0].metric(), phrase);
  }
  // The catalogue then files them apart.
  const std::vector<v1::Quantity> found =
      FindQuantities("城乡居民人均可支配收入分别达到28090元、9113元。", 0);
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].metric_id(), "urban_disposable_income_value");
  EXPECT_EQ(found[1].metric_id(), "rural_disposable_income_value");
}

// A sum named by an investment word alone, in a clause of its own right
// after the clause a count ends, is what the things counted cost; a sum
// whose clause goes on, or that follows no count, keeps the word alone.
TEST(QuantitiesTest, ASumAfterACountIsWhatTheThingsCost) {
  const struct {
    std::string_view sentence;
    std::vector<std::string_view> metrics;
  } kCases[] = {
      {"实施省市重点项目25个，总投资111.8亿元。",
       {"省市重点项目", "省市重点项目总投资"}},
      {"新上企业8家，总投资356.8亿元；", {"新上企业", "新上企业总投资"}},
      {"实施重点项目12项，完成投资14.3亿元，超额完成任务。",
       {"重点项目", "重点项目投资"}},
      // A clause stands between the count and the sum.
      {"新开工项目77个，加快建设，力争完成投资110亿元以上。",
       {"新开工项目", "投资"}},
      // The sum's clause goes on: it pays for something else.
      {"实施62个村自来水改造工程，投资5.67亿元新建改造农村公路。",
       {"村自来水改造工程", "投资"}},
      {"地区生产总值增长8%，完成投资6亿元。", {"地区生产总值", "投资"}},
  };
  for (const auto& k : kCases) {
    SCOPED_TRACE(std::string(k.sentence));
    const std::vector<v1::Quantity> found = FindQuantities(k.sentence, 0);
    ASSERT_EQ(found.size(), k.metrics.size());
    for (size_t i = 0; i < found.size(); ++i) {
      EXPECT_EQ(found[i].metric(), k.metrics[i]) << i;
    }
  }
}

// An amount after a verb of change (data/lexicon/metric_change_verbs.tsv)
// is the change of its thing, not the level the catalogue counts: no
// canonical id, when compared with a base, when the thing is named before
// the verb, or always for 增收. A verb before what it counts adds such
// things; rates keep their id.
TEST(QuantitiesTest, ChangesCarryNoLevelId) {
  const struct {
    std::string_view sentence;
    std::vector<std::string_view> metric_ids;
  } kCases[] = {
      {"优良天数245天，同比增加40天。", {"good_air_days", ""}},
      {"优良天数增加77天。", {""}},
      {"一般预算收入增收5636万元。", {""}},
      {"城镇居民人均可支配收入15837元，比2006年增长6116元。",
       {"urban_disposable_income_value", ""}},
      {"力争增加1500个公办学位。", {"school_places"}},
      {"地区生产总值比上年增长8%。", {"gdp_growth"}},
  };
  for (const auto& k : kCases) {
    SCOPED_TRACE(std::string(k.sentence));
    const std::vector<v1::Quantity> found = FindQuantities(k.sentence, 0);
    ASSERT_EQ(found.size(), k.metric_ids.size());
    for (size_t i = 0; i < found.size(); ++i) {
      EXPECT_EQ(found[i].metric_id(), k.metric_ids[i]) << i;
    }
  }
  for (std::string_view verb : Lexicon("metric_change_verbs").FirstColumn()) {
    const std::string sentence =
        "优良天数245天，比上年" + std::string(verb) + "40天。";
    SCOPED_TRACE(sentence);
    const std::vector<v1::Quantity> found = FindQuantities(sentence, 0);
    ASSERT_EQ(found.size(), 2u);
    EXPECT_EQ(found[1].metric_id(), "");
  }
}

// 分别 pairs the things named before it with the figures after it, in
// order, and the canonical metric follows each thing.
TEST(QuantitiesTest, RespectivelyPairsThingsWithFigures) {
  struct Case {
    std::string_view sentence;
    std::vector<std::string_view> metrics;
    std::vector<std::string_view> metric_ids;
  };
  const Case kCases[] = {
      // The list's own items.
      {"工业投资、技改投资分别增长25.2%、18.6%。",
       {"工业投资", "技改投资"},
       {"industrial_investment", "tech_renovation_investment"}},
      // A list too long for one phrase keeps whole items.
      {"规模以上工业增加值、固定资产投资、社会消费品零售总额分别增长7.6%、"
       "5.9%、10.4%。",
       {"规模以上工业增加值", "固定资产投资", "社会消费品零售总额"},
       {"industrial_value_added", "fixed_asset_investment", "retail_sales"}},
      // A short modifier takes the head it shares (of two items, one the
      // catalogue knows), unless the last item's modifier is longer; a
      // quoted name takes the head after the quotes.
      {"城镇和农村居民人均可支配收入分别增长6%、7%。",
       {"城镇居民人均可支配收入", "农村居民人均可支配收入"},
       {"urban_disposable_income", "rural_disposable_income"}},
      {"教育、医疗支出分别增长11%和13%。", {"教育", "医疗支出"}, {"", ""}},
      {"工业、服务业增加值分别增长8%和6%。",
       {"工业", "服务业增加值"},
       {"", "service_industry_value"}},
      {"索具、汽车零部件和石油物探装备年产值分别达到32亿元、9亿元和13亿元。",
       {"索具", "汽车零部件", "石油物探装备年产值"},
       {"", "", ""}},
      // A bare verb after 分别 is no part of the things; a verb with its
      // object keeps the phrase whole.
      {"出口通关、外商登记备案时间分别压缩69%、60%。",
       {"出口通关", "外商登记备案时间"},
       {"", ""}},
      {"生猪、肉牛分别出栏29万头、2.7万头。", {"生猪", "肉牛"}, {"", ""}},
      {"巨力、风帆分别实现税收2.1亿元、1.3亿元。",
       {"巨力、风帆分别实现税收", "巨力、风帆分别实现税收"},
       {"tax_revenue", "tax_revenue"}},
      {"肉、蛋、奶产量分别达到2.8万吨、5.5万吨、3万吨。",
       {"肉产量", "蛋产量", "奶产量"},
       {"", "", ""}},
      {"“十强产业”、“四新”经济增加值分别增长14.3%、9.3%。",
       {"“十强产业”经济增加值", "“四新”经济增加值"},
       {"", ""}},
      // The things of the figures before, over a clause break.
      {"全年接待游客800万人次，实现旅游综合收入90亿元，分别较2019年增长"
       "16.9%、33.3%。",
       {"接待游客", "旅游综合收入", "接待游客", "旅游综合收入"},
       {"tourists", "tourism_revenue", "", ""}},
      // One thing for both figures: nothing to pair.
      {"居民人均可支配收入分别达到28090元、29113元。",
       {"居民人均可支配收入", "居民人均可支配收入"},
       {"disposable_income_value", "disposable_income_value"}},
      // Things named after the break are the list's own.
      {"开办时间缩短至4天，进出口额分别增长9%、6%。",
       {"开办时间", "进出口额", "进出口额"},
       {"", "exports", "exports"}},
  };
  for (const Case& k : kCases) {
    SCOPED_TRACE(k.sentence);
    const std::vector<v1::Quantity> found = FindQuantities(k.sentence, 0);
    ASSERT_EQ(found.size(), k.metrics.size());
    for (size_t i = 0; i < found.size(); ++i) {
      EXPECT_EQ(found[i].metric(), k.metrics[i]) << i;
      EXPECT_EQ(found[i].metric_id(), k.metric_ids[i]) << i;
    }
  }
}

// A figure with a magnitude word and no unit, before a noun of people
// (data/lexicon/people_nouns.tsv), counts 人; the noun stays out of raw.
TEST(QuantitiesTest, PeopleNounsImplyPersonsAfterAMagnitude) {
  for (const auto& row : Lexicon("people_nouns").rows) {
    const std::string noun(row[0]);
    ExpectQuantities("全县3.3万" + noun + "实现增收。",
                     {{33000, "人", v1::COMPARATOR_EXACT, noun}});
  }
  const std::vector<v1::Quantity> found =
      FindQuantities("吸引50多万游客打卡体验。", 0);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].raw(), "50多万");
  EXPECT_EQ(found[0].metric(), "游客");
  EXPECT_DOUBLE_EQ(found[0].value(), 500000);
  EXPECT_EQ(found[0].comparator(), v1::COMPARATOR_AT_LEAST);
  // Without a magnitude word, or in Chinese numerals (a slogan's
  // "十万群众大走访"), it is no figure, even after a counting verb.
  ExpectQuantities("吸引500游客。", {});
  ExpectQuantities("新增十万群众。", {});
  // A unit of its own wins.
  ExpectQuantities("培训群众3万人次。",
                   {{30000, "人次", v1::COMPARATOR_EXACT, "群众"}});
}

// The domain rules read an investment in a named project as an
// investment: the project's name is read with the sentence.
TEST(QuantitiesTest, AnInvestmentsKindIsItsInvestmentWord) {
  struct Case {
    std::string sentence;
    std::vector<std::string> kinds;
  };
  const Case kCases[] = {
      {"投资1.87亿元的新垃圾综合处理厂一期投入使用。", {"投资"}},
      {"投入资金4071.8万元实施危房改造。", {"资金"}},
      {"实施总投资35.6亿元的24个城建重点项目。", {"总投资", "城建重点项目"}},
      {"固定资产投资完成55.8亿元。", {"固定资产投资"}},
      {"新建200公里的农村通畅公路。", {"农村通畅公路"}},
  };
  for (const Case& k : kCases) {
    SCOPED_TRACE(k.sentence);
    // Offsets shifted by a base, as the extract stage passes them.
    constexpr int kBase = 1000;
    std::vector<std::string> kinds;
    for (const v1::Quantity& q : FindQuantities(k.sentence, kBase)) {
      kinds.emplace_back(MetricKind(q, k.sentence, kBase));
    }
    EXPECT_EQ(kinds, k.kinds);
  }
}

TEST(QuantitiesTest, ComparatorsAroundTheFigure) {
  ExpectQuantities("扶持创业2800人以上。",
                   {{2800, "人", v1::COMPARATOR_AT_LEAST, "创业"}});
  ExpectQuantities("培训不少于500人次。",
                   {{500, "人次", v1::COMPARATOR_AT_LEAST, ""}});
  ExpectQuantities("引进企业10余家。",
                   {{10, "家", v1::COMPARATOR_AT_LEAST, ""}});
  // The magnitude word after 多 or 余 multiplies, before any unit.
  ExpectQuantities("接待游客50多万人次。",
                   {{500000, "人次", v1::COMPARATOR_AT_LEAST, "接待游客"}});
  ExpectQuantities("受益师生80余万人。",
                   {{800000, "人", v1::COMPARATOR_AT_LEAST, "受益师生"}});
  ExpectQuantities("投入1100多万元。",
                   {{1.1e7, "元", v1::COMPARATOR_AT_LEAST, "投入"}});
  // A word ending like a comparator is none ("签约", no "约").
  ExpectQuantities("完成签约8260户。",
                   {{8260, "户", v1::COMPARATOR_EXACT, "签约"}});
  // A word beginning like one is none too ("多功能", no "多").
  ExpectQuantities("建成3400根多功能智能杆。",
                   {{3400, "根", v1::COMPARATOR_EXACT, "多功能智能杆"}});
  ExpectQuantities("新装路灯3400根多。",
                   {{3400, "根", v1::COMPARATOR_AT_LEAST, "路灯"}});
  ExpectQuantities("能耗控制在3%以内。",
                   {{3, "%", v1::COMPARATOR_AT_MOST, "能耗"}});
  ExpectQuantities("惠及群众约5万人。",
                   {{50000, "人", v1::COMPARATOR_APPROX, ""}});
  ExpectQuantities("新增1-2项。", {{1, "项", v1::COMPARATOR_AT_LEAST, ""},
                                   {2, "项", v1::COMPARATOR_AT_MOST, ""}});
}

TEST(QuantitiesTest, ChineseNumeralsAfterCountingVerbs) {
  ExpectQuantities("新建三所学校。", {{3, "所", v1::COMPARATOR_EXACT, "学校"}});
  ExpectQuantities("参保率达到百分之九十五。",
                   {{95, "%", v1::COMPARATOR_EXACT, "参保率"}});
}

// A medal tally counts each colour's medals after Arabic digits; after a
// Chinese numeral the character makes a word (五金, hardware).
TEST(QuantitiesTest, TalliesAfterDigitsOnly) {
  ExpectQuantities("体育健儿在全运会上斩获4金5银6铜。",
                   {{4, "金", v1::COMPARATOR_EXACT, "金牌"},
                    {5, "银", v1::COMPARATOR_EXACT, "银牌"},
                    {6, "铜", v1::COMPARATOR_EXACT, "铜牌"}});
  ExpectQuantities("共举办五金商品交易会等展会12场次。",
                   {{12, "场次", v1::COMPARATOR_EXACT, "展会"}});
  ExpectQuantities("获得金牌13枚。",
                   {{13, "枚", v1::COMPARATOR_EXACT, "金牌"}});
}

// Measure words of public-safety, water and welfare reviews: cases (起),
// wells (眼), machine shifts (台次), cubic metres (方) and money per month.
// A figure read there also ends the metric phrase of the next one.
TEST(QuantitiesTest, CasesWellsCubicMetresAndMonthlyRates) {
  ExpectQuantities("全年侦破电信诈骗案件120起，追回损失款300万元。",
                   {{120, "起", v1::COMPARATOR_EXACT, "电信诈骗案件"},
                    {3e6, "元", v1::COMPARATOR_EXACT, "追回损失款"}});
  EXPECT_EQ(FindQuantities("全年侦破电信诈骗案件120起，追回损失款300万元。", 0)
                .at(1)
                .metric(),
            "追回损失款");
  ExpectQuantities("关停城区自备井36眼。",
                   {{36, "眼", v1::COMPARATOR_EXACT, "自备井"}});
  ExpectQuantities("出动清淤机械900台次，清运淤泥8.5万方。",
                   {{900, "台次", v1::COMPARATOR_EXACT, "清淤机械"},
                    {85000, "方", v1::COMPARATOR_EXACT, "清运淤泥"}});
  ExpectQuantities("特困人员基本生活标准提高到960元/月。",
                   {{960, "元/月", v1::COMPARATOR_EXACT, "基本生活标准"}});
  // Tenths after a comparator: 六成 is 60 %.
  ExpectQuantities("本科上线率突破六成。",
                   {{60, "%", v1::COMPARATOR_AT_LEAST, "上线率"}});
  // "一起" is "together", not one case.
  EXPECT_TRUE(FindQuantities("各部门一起抓好落实。", 0).empty());
}

// An amount bounded by 以上 or 以下 right before a count of what it
// qualifies is a threshold, not a quantity; a count or share so bounded,
// or an amount in a clause or list item of its own, is one.
TEST(QuantitiesTest, ThresholdsOfCountedThingsAreNoQuantities) {
  ExpectQuantities("全年引进5亿元以上项目12个。",
                   {{12, "个", v1::COMPARATOR_EXACT, "项目"}});
  ExpectQuantities("培育年营业收入1000万元及以上的企业8家。",
                   {{8, "家", v1::COMPARATOR_EXACT, "企业"}});
  ExpectQuantities("筹集资金3亿元以上，新建学校2所。",
                   {{3e8, "元", v1::COMPARATOR_AT_LEAST, "资金"},
                    {2, "所", v1::COMPARATOR_EXACT, "学校"}});
  ExpectQuantities("粮食播种面积稳定在30万亩以上、新建粮仓5座。",
                   {{3e5, "亩", v1::COMPARATOR_AT_LEAST, "播种面积"},
                    {5, "座", v1::COMPARATOR_EXACT, "粮仓"}});
  ExpectQuantities("创建10个以上省级卫生村。",
                   {{10, "个", v1::COMPARATOR_AT_LEAST, "卫生村"}});
  // A bounded sum joined by 的 qualifies its noun, counted or not; a
  // bounded share so joined is a quantity.
  ExpectQuantities("推动50万元以上的经济强村数量实现稳步增长。", {});
  ExpectQuantities("村集体收入10万元以上的村达到50%以上。",
                   {{50, "%", v1::COMPARATOR_AT_LEAST, "村"}});
  ExpectQuantities("全县55%以上的村经营性收入达到10万元以上。",
                   {{55, "%", v1::COMPARATOR_AT_LEAST, ""},
                    {1e5, "元", v1::COMPARATOR_AT_LEAST, "经营性收入"}});
}

// A bracketed aside of words right before the figure is part of its
// phrase; an editorial one after no phrase, or a note's number, is not.
TEST(QuantitiesTest, BracketedAsidesBeforeTheFigure) {
  ExpectQuantities("创建省级平安村（社区）6个。",
                   {{6, "个", v1::COMPARATOR_EXACT, "平安村（社区）"}});
  ExpectQuantities("建设小型水库(池)12座。",
                   {{12, "座", v1::COMPARATOR_EXACT, "小型水库(池)"}});
  ExpectQuantities("全区生产总值120亿元，同比增长（下同）8.5%。",
                   {{1.2e10, "元", v1::COMPARATOR_EXACT, "生产总值"},
                    {8.5, "%", v1::COMPARATOR_EXACT, "生产总值"}});
  const std::vector<v1::Quantity> noted =
      FindQuantities("整治河湖“四乱”（3）25处。", 0);
  ASSERT_EQ(noted.size(), 1u);
  EXPECT_EQ(noted[0].metric().find("（3）"), std::string::npos)
      << noted[0].metric();
}

// A range states two quantities, as the annotation guide counts them: its
// low end as a floor, then its high end as a cap, both with the range as
// written.
TEST(QuantitiesTest, ARangeIsAFloorAndACap) {
  for (std::string_view dash : {"-", "—", "～", "至"}) {
    const std::string sentence = "新建社区医院1" + std::string(dash) + "2家。";
    ExpectQuantities(sentence, {{1, "家", v1::COMPARATOR_AT_LEAST, "社区医院"},
                                {2, "家", v1::COMPARATOR_AT_MOST, "社区医院"}});
    const std::vector<v1::Quantity> found = FindQuantities(sentence, 0);
    ASSERT_EQ(found.size(), 2u);
    EXPECT_EQ(found[0].raw(), found[1].raw());
  }
}

TEST(QuantitiesTest, NamesSlogansQualifiersDatesAreNoQuantities) {
  for (std::string_view sentence :
       {"持续推进5g基站深度覆盖。", "实施十大工程。", "深化“1246”集团化办学。",
        "新增3岁以下婴幼儿托位。", "开展第五次全国经济普查。",
        "开展“八五”普法。", "加快营商环境6.0政策落地。",
        "加快220KV输变电工程建设。", "打造“K-15”品牌。", "2024年1月29日召开。",
        "坚决做到“两个维护”。", "严格落实中央八项规定精神。",
        "登录一张网、办成所有事。", "坚持“1米高度看城市”。",
        "服务业增速居全省第2位。", "承办第31届省运会。",
        "严格落实工地“六个100%”要求。", "深入实施“土十条”。",
        "居全国百强县第 48 名。"}) {
    EXPECT_TRUE(FindQuantities(sentence, 0).empty()) << sentence;
  }
}

TEST(QuantitiesTest, GrowthAfterAnAmountKeepsItsMetric) {
  ExpectQuantities("实现地区生产总值856亿元，同比增长6.2%。",
                   {{8.56e10, "元", v1::COMPARATOR_EXACT, "地区生产总值"},
                    {6.2, "%", v1::COMPARATOR_EXACT, "地区生产总值"}});
  ExpectQuantities("税收收入622.08亿元，比上年增长3%。",
                   {{62208000000, "元", v1::COMPARATOR_EXACT, "税收收入"},
                    {3, "%", v1::COMPARATOR_EXACT, "税收收入"}});
  ExpectQuantities(
      "规上企业新增24家，总数达到159家；地区生产总值逼近300亿元大关。",
      {{24, "家", v1::COMPARATOR_EXACT, "规上企业"},
       {159, "家", v1::COMPARATOR_EXACT, "规上企业"},
       {3e10, "元", v1::COMPARATOR_APPROX, "地区生产总值"}});
}

TEST(QuantitiesTest, RateQualifiersAndFromToAroundThem) {
  ExpectQuantities("城乡低保标准提高至每人每月1114元。",
                   {{1114, "元", v1::COMPARATOR_EXACT, "城乡低保标准"}});
  std::vector<v1::Quantity> found =
      FindQuantities("将基础养老金最低标准由每人每月150元提高到180元。", 0);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].value(), 180);
  EXPECT_EQ(found[0].metric(), "基础养老金最低标准");
}

TEST(QuantitiesTest, ConcentrationsAndQuotedNamesAfterTheUnit) {
  ExpectQuantities(
      "PM2.5平均浓度下降至32微克/立方米。",
      {{32, "微克/立方米", v1::COMPARATOR_EXACT, "PM2.5平均浓度"}});
  std::vector<v1::Quantity> found = FindQuantities(
      "新建4个“15分钟生活圈”，完成13个“15分钟生活圈”攻坚任务。", 0);
  ASSERT_EQ(found.size(), 2u);
  // The first figure's quoted name is its own, not the next clause's noun.
  EXPECT_EQ(found[0].metric(), "“15分钟生活圈”");
}

TEST(QuantitiesTest, DurationsBeforeNounsAndSessionsAreNoQuantities) {
  for (std::string_view sentence :
       {"建设24小时城市书房。", "打造“15分钟健身圈”。", "推行7天无理由退货。",
        "完成区十八届人大三次会议确定的目标任务。", "打造千亩花海。",
        "培育百亿级产业集群。", "加快突破千亿级产业集群。"}) {
    EXPECT_TRUE(FindQuantities(sentence, 0).empty()) << sentence;
  }
  // After a comparator a bare magnitude is a figure.
  ExpectQuantities("投资总额突破千亿元。",
                   {{1e11, "元", v1::COMPARATOR_AT_LEAST, "投资总额"}});
  ExpectQuantities("全年接待游客超过百万人次。",
                   {{1e6, "人次", v1::COMPARATOR_AT_LEAST, "接待游客"}});
  ExpectQuantities("举办社区运动会超百场。",
                   {{100, "场", v1::COMPARATOR_AT_LEAST, "社区运动会"}});
  ExpectQuantities("审批时限压缩至3天以内。",
                   {{3, "天", v1::COMPARATOR_AT_MOST, "审批时限"}});
}

TEST(QuantitiesTest, OffsetsAreShiftedByTheBase) {
  std::vector<v1::Quantity> found = FindQuantities("新增就业100人。", 1000);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].begin(),
            1000 + static_cast<int>(std::string_view("新增就业").size()));
  EXPECT_EQ(found[0].raw(), "100人");
}

TEST(QuantitiesTest, CanonicalMetricIds) {
  std::vector<v1::Quantity> found = FindQuantities("新增城镇就业1.6万人。", 0);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].metric_id(), "urban_new_jobs");
  // The amount in 元 and the growth rate are two indicators: comparisons
  // must not mix them.
  found = FindQuantities("地区生产总值突破1700亿元，增长6%。", 0);
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].metric(), "地区生产总值");
  EXPECT_EQ(found[0].metric_id(), "gdp_value");
  EXPECT_EQ(found[1].metric_id(), "gdp_growth");
  // A unit no indicator of the phrase counts in names none.
  found = FindQuantities("新增城镇就业12个。", 0);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].metric_id(), "");
}

// The stages of FindQuantities (common/quantities_internal.h), each alone.
// A "^" in a sentence marks the position a stage is asked about; it is
// removed before the stage runs.

using quantities_internal::Figure;
using quantities_internal::MetricContext;

// `marked` without its "^", and the byte offset the mark stood at.
std::pair<std::string, size_t> Unmark(std::string_view marked) {
  const size_t at = marked.find('^');
  std::string text(marked.substr(0, at));
  text += marked.substr(at + 1);
  return {text, at};
}

// The figure at the mark, through the stages that precede FindMetric.
std::optional<Figure> FigureAt(std::string_view text, size_t at) {
  std::optional<NumberMatch> number =
      quantities_internal::ReadCandidateNumber(text, at);
  if (!number) return std::nullopt;
  std::optional<Figure> figure =
      quantities_internal::ReadFigure(text, at, *number);
  if (figure) quantities_internal::ExtendFigure(text, &*figure);
  return figure;
}

TEST(QuantitiesStagesTest, ReadCandidateNumber) {
  struct Case {
    const char* marked;
    std::optional<double> value;
    const char* rule;
  };
  const Case kCases[] = {
      {"新增^2.2万人", 22000, "an Arabic number with its magnitude"},
      {"K-^15", std::nullopt, "after a dash: part of a name"},
      {"5^0", std::nullopt, "inside a number"},
      {"V^8", std::nullopt, "after a letter"},
      {"新建^三所学校", 3, "a numeral after a counting verb"},
      {"中央^八项规定", std::nullopt, "a numeral with no counting verb"},
      {"第^五次", std::nullopt, "an ordinal"},
      {"新建^一所学校", std::nullopt, "一 is a word, no figure"},
      {"新增^千亩花海", std::nullopt, "a bare magnitude is an idiom"},
      {"突破^千亿元", 1000e8, "but not after a comparator"},
      {"达到^百分之九十五", 95, "a percentage in words"},
  };
  for (const Case& k : kCases) {
    SCOPED_TRACE(absl::StrCat(k.rule, ": ", k.marked));
    const auto [text, at] = Unmark(k.marked);
    std::optional<NumberMatch> number =
        quantities_internal::ReadCandidateNumber(text, at);
    ASSERT_EQ(number.has_value(), k.value.has_value());
    if (number) {
      EXPECT_DOUBLE_EQ(number->value, *k.value);
    }
  }
}

TEST(QuantitiesStagesTest, ReadFigure) {
  struct Case {
    const char* marked;
    std::string_view unit;  // empty: no figure
    double value;
    double range_low;  // 0: no range
    bool approximate;
    const char* rule;
    bool bare = false;  // a bare number taking its list's unit
  };
  const Case kCases[] = {
      {"建成^4所学校", "所", 4, 0, false, "a unit after the number"},
      {"^2800多人", "人", 2800, 0, true, "an approximate suffix"},
      {"新增^1-2项", "项", 2, 1, false, "a range: both ends"},
      {"^3～5个", "个", 5, 3, false, "a range with a full-width tilde"},
      {"支持^1—2家", "家", 2, 1, false, "a range with an em dash"},
      {"营商环境^6.0", "", 0, 0, false, "no unit"},
      {"突破^70和50亿元", "元", 7e9, 0, false, "the list's unit and magnitude",
       true},
      {"由^45、38、35个工作日", "个工作日", 45, 0, false, "a longer list",
       true},
      {"^70万和50万人", "人", 7e5, 0, false, "a magnitude of its own", true},
      {"^3和4号线", "", 0, 0, false, "a list of no unit"},
  };
  for (const Case& k : kCases) {
    SCOPED_TRACE(absl::StrCat(k.rule, ": ", k.marked));
    const auto [text, at] = Unmark(k.marked);
    std::optional<NumberMatch> number = ReadArabicNumber(text, at);
    ASSERT_TRUE(number.has_value());
    std::optional<Figure> figure =
        quantities_internal::ReadFigure(text, at, *number);
    ASSERT_EQ(figure.has_value(), !k.unit.empty());
    if (!figure) continue;
    EXPECT_EQ(figure->unit.unit, k.unit);
    EXPECT_DOUBLE_EQ(figure->number.value, k.value);
    EXPECT_EQ(figure->range_low.has_value(), k.range_low != 0);
    if (figure->range_low) {
      EXPECT_DOUBLE_EQ(figure->range_low->value, k.range_low);
    }
    EXPECT_EQ(figure->comparator.has_value(), k.approximate);
    EXPECT_EQ(figure->bare_number_end, k.bare ? at + number->length : 0);
    EXPECT_EQ(text.substr(figure->unit_end - figure->unit.length,
                          figure->unit.length),
              figure->unit.unit == "元" ? "元" : k.unit);
  }
}

TEST(QuantitiesStagesTest, IsNameOrQualifier) {
  struct Case {
    const char* marked;
    bool name;
    const char* rule;
  };
  const Case kCases[] = {
      {"a^10个", true, "a Latin letter right before it"},
      {"新增^3个A级景区", false,
       "a Latin letter after the unit opens the noun"},
      {"K-^15米", true, "a dash before it"},
      {"“^100个”", true, "in quotes"},
      {"建设^10万吨级泊位", true, "a grade (级) after the unit"},
      {"推进^200兆瓦光伏发电项目", true, "the size that names a project"},
      {"建成^5万吨有机肥厂", true, "the size that names a plant"},
      {"推动宏达^8万吨铜箔、恒通3万吨铝材等项目开工", true,
       "the size in a list of projects its clause names"},
      {"新增产能^5万吨，", false, "a capacity added"},
      {"完成^120万千瓦燃煤机组超低排放改造，新建光伏项目", false,
       "a capacity of work done, a project named after the clause"},
      {"建成^5万吨的冷库", false, "a capacity joined by 的"},
      {"落实“八抓^20项”要求", true, "in a short quoted name"},
      {"提出“到2030年建成^5所学校及配套的道路、公园和停车场”", false,
       "in a long quoted passage"},
      {"打造^15分钟健身圈", true, "a duration before a noun"},
      {"用时^3天以内", false, "a duration before a comparator"},
      {"连续^18个月保持全省第一", true,
       "months, a duration, not a count of 个"},
      {"召开^三次会议", true, "a Chinese ordinal before a noun"},
      {"建成^4所学校", false, "a count"},
  };
  for (const Case& k : kCases) {
    SCOPED_TRACE(absl::StrCat(k.rule, ": ", k.marked));
    const auto [text, at] = Unmark(k.marked);
    const bool arabic = text[at] >= '0' && text[at] <= '9';
    std::optional<NumberMatch> number =
        arabic ? ReadArabicNumber(text, at) : ReadChineseNumber(text, at);
    ASSERT_TRUE(number.has_value());
    std::optional<Figure> figure =
        quantities_internal::ReadFigure(text, at, *number);
    ASSERT_TRUE(figure.has_value());
    EXPECT_EQ(quantities_internal::IsNameOrQualifier(text, *figure), k.name);
  }
}

TEST(QuantitiesStagesTest, FromWordStart) {
  struct Case {
    const char* marked;
    std::optional<std::string_view> from;  // the text from 由 or 从
    const char* rule;
  };
  const Case kCases[] = {
      {"限额由^2300元提高到5000元", "由2300元提高到5000元", "由…到"},
      {"从^150元增加至180元", "从150元增加至180元", "从…至"},
      {"由每人每月^150元提高到180元", "由每人每月150元提高到180元",
       "a rate qualifier between"},
      {"由^2300元组成", std::nullopt, "no 到 or 至 after"},
      {"提高^2300元", std::nullopt, "no 由 or 从"},
  };
  for (const Case& k : kCases) {
    SCOPED_TRACE(absl::StrCat(k.rule, ": ", k.marked));
    const auto [text, at] = Unmark(k.marked);
    std::optional<Figure> figure = FigureAt(text, at);
    ASSERT_TRUE(figure.has_value());
    std::optional<size_t> from =
        quantities_internal::FromWordStart(text, at, figure->unit_end);
    ASSERT_EQ(from.has_value(), k.from.has_value());
    if (from) {
      EXPECT_EQ(std::string_view(text).substr(*from), *k.from);
    }
  }
}

TEST(QuantitiesStagesTest, ExtendFigure) {
  struct Case {
    const char* marked;
    std::string_view words;  // from number_begin to end
    v1::Comparator comparator;
    const char* rule;
  };
  const Case kCases[] = {
      {"建成^3200套(间)住房", "3200套(间)", v1::COMPARATOR_EXACT,
       "an alternative unit in brackets"},
      {"扶持^2800人以上", "2800人以上", v1::COMPARATOR_AT_LEAST,
       "a comparator after"},
      {"超过^100家", "超过100家", v1::COMPARATOR_AT_LEAST,
       "a comparator before"},
      {"不少于^2800多人以内", "不少于2800多人以内", v1::COMPARATOR_AT_MOST,
       "the one after wins"},
      {"^10余家企业", "10余家", v1::COMPARATOR_AT_LEAST,
       "an approximate suffix"},
      {"新增^1-2项", "1-2项", v1::COMPARATOR_AT_MOST, "a range"},
  };
  for (const Case& k : kCases) {
    SCOPED_TRACE(absl::StrCat(k.rule, ": ", k.marked));
    const auto [text, at] = Unmark(k.marked);
    std::optional<Figure> figure = FigureAt(text, at);
    ASSERT_TRUE(figure.has_value());
    EXPECT_EQ(std::string_view(text).substr(figure->number_begin,
                                            figure->end - figure->number_begin),
              k.words);
    EXPECT_EQ(figure->comparator.value_or(v1::COMPARATOR_EXACT), k.comparator);
  }
}

TEST(QuantitiesStagesTest, FindMetric) {
  struct Case {
    const char* marked;
    MetricContext context;
    std::string_view metric;
    const char* rule;
  };
  const Case kCases[] = {
      {"建成^4所学校", {}, "学校", "the noun after a counting unit"},
      {"新增城镇就业^2.2万人", {}, "城镇就业", "the phrase before"},
      {"建成^200公里的农村通畅公路", {}, "农村通畅公路", "the noun after 的"},
      {"完成^100%的行政村", {}, "", "a rate scopes its noun after 的"},
      {"全区^100%网格达到示范标准",
       {},
       "网格达到示范标准",
       "the words after any unit"},
      {"较年初分别增长^15.8%",
       {{"存款余额"}, 0, std::nullopt},
       "存款余额",
       "a comparison base names nothing: the previous metric"},
      {"全区学校，新增教师^2000名",
       {},
       "教师",
       "the phrase before stops at a clause break"},
  };
  for (const Case& k : kCases) {
    SCOPED_TRACE(absl::StrCat(k.rule, ": ", k.marked));
    const auto [text, at] = Unmark(k.marked);
    std::optional<Figure> figure = FigureAt(text, at);
    ASSERT_TRUE(figure.has_value());
    EXPECT_EQ(quantities_internal::FindMetric(text, *figure, k.context).Text(),
              k.metric);
  }
}

TEST(QuantitiesStagesTest, MetricContextBoundsThePhraseBefore) {
  const std::string text = "新增就业2万人，城镇就业3000人";
  const size_t at = text.find("3000");
  std::optional<Figure> figure = FigureAt(text, at);
  ASSERT_TRUE(figure.has_value());
  EXPECT_EQ(quantities_internal::FindMetric(text, *figure, {}).Text(),
            "城镇就业");
  // A from-value skipped: the phrase ends at its 由.
  MetricContext from;
  from.phrase_end = text.find("2万");
  EXPECT_EQ(quantities_internal::FindMetric(text, *figure, from).Text(),
            "就业");
}

TEST(QuantitiesStagesTest, SharedNouns) {
  struct Case {
    std::string_view sentence;
    std::vector<std::string> before;  // metrics FindMetric gives
    std::vector<std::string> after;   // once nouns are shared
  };
  const Case kCases[] = {
      {"建成2个“示范型”、15个“精品型”退役军人服务站",
       {"“示范型”", "“精品型”退役军人服务站"},
       {"退役军人服务站", "“精品型”退役军人服务站"}},
      {"建成4个省级、12个市级美丽乡村示范村",
       {"省级", "市级美丽乡村示范村"},
       {"市级美丽乡村示范村", "市级美丽乡村示范村"}},
      {"新增国家级专精特新企业2家、省级8家",
       {"国家级专精特新企业", "省级"},
       {"国家级专精特新企业", "国家级专精特新企业"}},
  };
  for (const Case& k : kCases) {
    SCOPED_TRACE(k.sentence);
    std::vector<v1::Quantity> found = FindQuantities(k.sentence, 0);
    ASSERT_EQ(found.size(), k.before.size());
    for (size_t i = 0; i < found.size(); ++i) {
      found[i].set_metric(k.before[i]);
    }
    quantities_internal::ShareHeadNouns(k.sentence, 0, &found);
    quantities_internal::ShareQualifiedNouns(k.sentence, 0, &found);
    for (size_t i = 0; i < found.size(); ++i) {
      EXPECT_EQ(found[i].metric(), k.after[i]) << i;
    }
  }
}

TEST(QuantitiesStagesTest, ShareListComparators) {
  struct Case {
    std::string_view sentence;
    std::vector<v1::Comparator> after;  // once shared
  };
  using C = v1::Comparator;
  constexpr C kExact = v1::COMPARATOR_EXACT;
  constexpr C kAtLeast = v1::COMPARATOR_AT_LEAST;
  constexpr C kAtMost = v1::COMPARATOR_AT_MOST;
  constexpr C kApprox = v1::COMPARATOR_APPROX;
  const Case kCases[] = {
      // A word before the list bounds every figure after it.
      {"营收分别突破30亿元、40亿元和50亿元", {kAtLeast, kAtLeast, kAtLeast}},
      {"占比分别不超过5%、8%", {kAtMost, kAtMost}},
      {"比例不低于60%、55%", {kAtLeast, kAtLeast}},
      // A word after the list's last unit bounds every figure before it.
      {"收入分别增长7.5%、8.5%以上", {kAtLeast, kAtLeast}},
      {"分别下降3%、3%、2%左右", {kApprox, kApprox, kApprox}},
      // A figure with its own comparator keeps it and ends the sharing.
      {"分别超过30%、不低于42%", {kAtLeast, kAtLeast}},
      {"分别超过30%、42%左右、50%", {kAtLeast, kApprox, kExact}},
      // A word inside a figure ("30多家") bounds that figure alone.
      {"新增企业20家、30多家", {kExact, kAtLeast}},
      // Words other than joiners between figures: each its own.
      {"建成超过5700个基站、3400根智能杆", {kAtLeast, kExact}},
      {"分别突破30亿元，利润增长8%", {kAtLeast, kExact}},
      {"增长6%，收入增长8%以上", {kExact, kAtLeast}},
  };
  for (const Case& k : kCases) {
    SCOPED_TRACE(k.sentence);
    std::vector<v1::Quantity> found = FindQuantities(k.sentence, 0);
    ASSERT_EQ(found.size(), k.after.size());
    for (size_t i = 0; i < found.size(); ++i) {
      EXPECT_EQ(found[i].comparator(), k.after[i]) << i;
    }
  }
}

}  // namespace
}  // namespace govreport
