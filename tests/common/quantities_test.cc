#include "common/quantities.h"

#include <string>

#include "common/lexicon.h"
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
// counts; elsewhere it names ("中央八项规定").
TEST(QuantitiesTest, ChineseNumeralsCountAfterCountingVerbs) {
  EXPECT_TRUE(FindQuantities("落实中央八项规定。", 0).empty());
  for (std::string_view verb : Lexicon("counting_verbs").FirstColumn()) {
    const std::string sentence = "今年" + std::string(verb) + "三所学校。";
    SCOPED_TRACE(sentence);
    std::vector<v1::Quantity> found = FindQuantities(sentence, 0);
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].value(), 3);
    EXPECT_EQ(found[0].unit(), "所");
  }
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
}

TEST(QuantitiesTest, ComparatorsAroundTheFigure) {
  ExpectQuantities("扶持创业2800人以上。",
                   {{2800, "人", v1::COMPARATOR_AT_LEAST, "创业"}});
  ExpectQuantities("培训不少于500人次。",
                   {{500, "人次", v1::COMPARATOR_AT_LEAST, ""}});
  ExpectQuantities("引进企业10余家。",
                   {{10, "家", v1::COMPARATOR_AT_LEAST, ""}});
  ExpectQuantities("能耗控制在3%以内。",
                   {{3, "%", v1::COMPARATOR_AT_MOST, "能耗"}});
  ExpectQuantities("惠及群众约5万人。",
                   {{50000, "人", v1::COMPARATOR_APPROX, ""}});
  ExpectQuantities("新增1-2项。", {{2, "项", v1::COMPARATOR_AT_MOST, ""}});
}

TEST(QuantitiesTest, ChineseNumeralsAfterCountingVerbs) {
  ExpectQuantities("新建三所学校。", {{3, "所", v1::COMPARATOR_EXACT, "学校"}});
  ExpectQuantities("参保率达到百分之九十五。",
                   {{95, "%", v1::COMPARATOR_EXACT, "参保率"}});
}

TEST(QuantitiesTest, NamesSlogansQualifiersDatesAreNoQuantities) {
  for (std::string_view sentence :
       {"持续推进5g基站深度覆盖。", "实施十大工程。", "深化“1246”集团化办学。",
        "新增3岁以下婴幼儿托位。", "开展第五次全国经济普查。",
        "开展“八五”普法。", "加快营商环境6.0政策落地。",
        "加快220KV输变电工程建设。", "打造“K-15”品牌。", "2024年1月29日召开。",
        "坚决做到“两个维护”。", "严格落实中央八项规定精神。",
        "登录一张网、办成所有事。", "坚持“1米高度看城市”。"}) {
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

}  // namespace
}  // namespace govreport
