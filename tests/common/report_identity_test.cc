#include "common/report_identity.h"

#include <map>
#include <string>

#include "gtest/gtest.h"

namespace govreport {
namespace {

using v1::IdentityEvidence;

struct YearCase {
  const char* text;
  int year;
  // The cue that decides, as IdentityEvidence.cue says.
  const char* cue;
};

// Each year cue, and the order of trust among them.
TEST(DetectReportYearTest, EachCueAndItsOrderOfTrust) {
  const YearCase kCases[] = {
      // The session line: the congress meets in the delivery year.
      {"——2025年1月8日在区第十八届人民代表大会第五次会议上", 2025, "session"},
      {"（2023年2月12日在米易县第十九届人民代表大会第三次会议上）", 2023,
       "session"},
      // The date on its own line beside the session line.
      {"政府工作报告\n——在阜平县第十七届人民代表大会第一次会议上\n（ 2017年2"
       "月26日）\n各位代表：",
       2017, "session"},
      {"政府工作报告\n2013年3月19日\n各位代表：\n现在，我代表县政府向大会作工"
       "作报告。\n一、2012年工作回顾",
       2013, "session"},
      // The session line wins over a title that says otherwise.
      {"米易县2024年政府工作报告\n2022年1月24日在米易县第十八届人民代表大会第"
       "一次会议上",
       2022, "session"},
      // Titles.
      {"2022年政府工作报告", 2022, "title"},
      {"title: 兰州市人民政府工作报告（2016）\n各位代表：", 2016, "title"},
      {"大鹏新区管委会2014年工作报告\n各位代表：\n一、2013年工作回顾", 2014,
       "title"},
      // A title wins over the headings.
      {"2020年涞源县政府工作报告\n一、2018年工作回顾", 2020, "title"},
      // Headings: a review is the previous year's.
      {"一、2023年工作回顾\n二、2024年重点工作", 2024, "heading"},
      {"一、2023年国民经济和社会发展计划执行情况", 2024, "heading"},
      {"二、2024年国民经济和社会发展计划草案", 2024, "heading"},
      {"2025年全区经济社会发展的主要预期目标是", 2025, "heading"},
      {"一、过去五年和2021年工作回顾\n各位代表", 2022, "heading"},
      {"**一、回顾2023年，我们树牢雄心壮志**", 2024, "heading"},
      {"2016 年工作回顾", 2017, "heading"},
      // A half-year review is given in that year.
      {"一、2021年上半年工作总结", 2021, "heading"},
      // "主要工作" heads a plan as often as a review: no cue.
      {"一、2018年工作回顾\n二、2019年主要工作任务", 2019, "heading"},
      // Cues inside sentences, then the years review sentences open with.
      {"报告指出，2018年发展主要预期目标是：", 2018, "sentence"},
      {"刚刚过去的2016年，是易县发展史上不平凡的一年。", 2017, "sentence"},
      // A cue past a comma is none; the review's opening year counts.
      {"2023年，全区工作回顾", 2024, "review_year"},
      {"一、过去五年工作回顾\n五年来成绩显著。2 016 年，全县生产总值完成119.8"
       "亿元。\n2016年，新增就业1万人。",
       2017, "review_year"},
  };
  for (const YearCase& c : kCases) {
    SCOPED_TRACE(c.text);
    IdentityEvidence evidence;
    EXPECT_EQ(DetectReportYear(c.text, &evidence), c.year);
    EXPECT_EQ(evidence.field(), "year");
    EXPECT_EQ(evidence.cue(), c.cue);
  }
}

TEST(DetectReportYearTest, NoCueNoYear) {
  for (const char* text : {
           "回顾过去",
           "新增就业12345人，2020年以来累计完成",
           // Portal furniture is removed before; a stamp is no cue anyway.
           "时间：2022-12-01 作者：中国县域",
           "到2025年6月底完成改造。",
           // A date in a paragraph of the opening is an event's, not the
           // session's.
           "各位代表：\n过去一年，我们认真贯彻2019年3月5日全国人民代表大会精"
           "神，落实各项部署，推动经济社会持续健康发展，全县人民生活水平不断"
           "提高，社会大局和谐稳定。",
       }) {
    SCOPED_TRACE(text);
    EXPECT_EQ(DetectReportYear(text), 0);
  }
}

TEST(DetectReportYearTest, EvidencePointsIntoTheText) {
  const std::string text = "各位代表：\n一、2019年工作回顾\n发展稳中有进。";
  IdentityEvidence evidence;
  ASSERT_EQ(DetectReportYear(text, &evidence), 2020);
  EXPECT_EQ(text.substr(evidence.begin(), evidence.end() - evidence.begin()),
            "一、2019年工作回顾");
  EXPECT_EQ(evidence.text(), "一、2019年工作回顾");
}

struct UnitCase {
  const char* text;
  v1::ReportLevel level;
  // The expected district's name, city and province ("" for none).
  const char* name;
  const char* city;
  const char* province;
  const char* name_as_written;
};

// Levels, renames, namesakes, non-statutory units and cities whose names
// hold a county's.
TEST(IdentifyReportTest, LevelsAndUnits) {
  const UnitCase kCases[] = {
      // County level from the session line, byline, address or title.
      {"2020年1月13日在县十六届人民代表大会第四次会议上\n涞源县人民政府县长周"
       "峰\n各位代表：",
       v1::REPORT_LEVEL_COUNTY, "涞源县", "保定市", "河北省", ""},
      {"2025年1月13日在保定市清苑区第三届人民代表大会第五次会议上",
       v1::REPORT_LEVEL_COUNTY, "清苑区", "保定市", "河北省", "保定市清苑区"},
      {"高唐县县长 杨曙光\n各位代表：", v1::REPORT_LEVEL_COUNTY, "高唐县",
       "聊城市", "山东省", ""},
      {"2020年涞源县政府工作报告\n各位代表：", v1::REPORT_LEVEL_COUNTY,
       "涞源县", "保定市", "河北省", ""},
      // A county-level city says 市长 and 市人民政府 too.
      {"安国市人民政府市长 张壮田\n各位代表：\n现在，我代表市人民政府向大会报"
       "告工作。",
       v1::REPORT_LEVEL_COUNTY, "安国市", "保定市", "河北省", ""},
      // A former name: today's division, the name as written kept.
      {"2013年2月在徐水县第十五届人民代表大会第二次会议上\n徐水县人民政府县长",
       v1::REPORT_LEVEL_COUNTY, "徐水区", "保定市", "河北省", "徐水县"},
      {"——在坪山新区第一届人民代表大会上", v1::REPORT_LEVEL_COUNTY, "坪山区",
       "深圳市", "广东省", "坪山新区"},
      // Only "县政府": the county the text names (by its former name here).
      {"各位代表：\n现在，我代表县政府向大会作政府工作报告。\n一、2007年工作回"
       "顾\n建设保定市清苑新兴工业卫星城，清苑县域经济发展，清苑人民。",
       v1::REPORT_LEVEL_COUNTY, "清苑区", "保定市", "河北省", ""},
      // Namesakes: 南山区 of 深圳, not of 鹤岗.
      {"现在，我代表南山区人民政府向大会作政府工作报告。\n深圳湾，深圳南山。",
       v1::REPORT_LEVEL_COUNTY, "南山区", "深圳市", "广东省", ""},
      // Non-statutory units: their own name and city, no code.
      {"大鹏新区管委会2014年工作报告\n深圳市大鹏新区", v1::REPORT_LEVEL_COUNTY,
       "大鹏新区", "深圳市", "广东省", ""},
      {"各位代表：\n现在，我代表深圳市大鹏新区管委会向大会报告工作。",
       v1::REPORT_LEVEL_COUNTY, "大鹏新区", "深圳市", "广东省",
       "深圳市大鹏新区"},
      // Cities, a prefecture, a province, autonomous ones; names that hold a
      // county's (海南区, 河北区, 吉林 county names) file no county.
      {"三亚市政府工作报告\n2023年1月7日在三亚市第八届人民代表大会第四次会议"
       "上\n海南自贸港，海南，海南。",
       v1::REPORT_LEVEL_CITY, "", "三亚市", "海南省", ""},
      {"——2023年1月11日在河北省第十四届人民代表大会第一次会议上\n河北省人民"
       "政府省长 王正谱\n河北，河北。",
       v1::REPORT_LEVEL_PROVINCE, "", "", "河北省", ""},
      {"——2024年1月在吉林市第十七届人民代表大会第三次会议上\n吉林市市长",
       v1::REPORT_LEVEL_CITY, "", "吉林市", "吉林省", ""},
      {"2023年1月3日在凉山彝族自治州第十二届人民代表大会第二次会议上\n凉山彝"
       "族自治州人民政府州长",
       v1::REPORT_LEVEL_CITY, "", "凉山彝族自治州", "四川省", ""},
      {"——2018年1月26日在宁夏回族自治区第十二届人民代表大会第一次会上\n自治"
       "区主席 咸 辉",
       v1::REPORT_LEVEL_PROVINCE, "", "", "宁夏回族自治区", ""},
      {"title: 2020年政府工作报告\n省长 阮成发\n各位代表：\n现在，我代表省人民"
       "政府向大会报告工作。\n云南，云南，昆明。",
       v1::REPORT_LEVEL_PROVINCE, "", "", "云南省", ""},
      {"各位代表：\n现在，我代表州人民政府，向大会报告工作。\n凉山，凉山，西昌"
       "。",
       v1::REPORT_LEVEL_CITY, "", "凉山彝族自治州", "四川省", ""},
      // A municipality is a province-level unit.
      {"——2024年1月在北京市第十六届人民代表大会第二次会议上",
       v1::REPORT_LEVEL_PROVINCE, "", "", "北京市", ""},
  };
  const Gazetteer& g = Gazetteer::Default();
  for (const UnitCase& c : kCases) {
    SCOPED_TRACE(c.text);
    ReportIdentity id = IdentifyReport(c.text, g);
    EXPECT_EQ(id.level, c.level);
    ASSERT_TRUE(id.district.has_value());
    EXPECT_EQ(id.district->name(), c.name);
    EXPECT_EQ(id.district->city(), c.city);
    EXPECT_EQ(id.district->province(), c.province);
    EXPECT_EQ(id.name_as_written, c.name_as_written);
    // Every unit has its code but the non-statutory one; a city's or a
    // province's is its own (460200, 130000).
    EXPECT_EQ(id.district->code().empty(), std::string(c.name) == "大鹏新区");
    if (!id.district->code().empty()) {
      EXPECT_EQ(Gazetteer::LevelOfCode(id.district->code()), c.level);
    }
  }
}

TEST(IdentifyReportTest, EvidenceNamesTheCueAndWhere) {
  const std::string text =
      "2020年涞源县政府工作报告\n2020年1月13日在县十六届人民代表大会第四次会议"
      "上\n涞源县人民政府县长周峰\n";
  ReportIdentity id = IdentifyReport(text, Gazetteer::Default());
  ASSERT_TRUE(id.district.has_value());
  EXPECT_EQ(id.year, 2020);
  int fields = 0;
  for (const IdentityEvidence& e : id.evidence) {
    SCOPED_TRACE(e.field());
    ++fields;
    ASSERT_LE(e.end(), static_cast<int>(text.size()));
    EXPECT_EQ(text.substr(e.begin(), e.end() - e.begin()), e.text());
    if (e.field() == "year") {
      EXPECT_EQ(e.cue(), "session");
    }
    // The session line names only "县"; the byline names the county.
    if (e.field() == "district") {
      EXPECT_EQ(e.cue(), "byline");
    }
  }
  EXPECT_EQ(fields, 3);
}

// A level word alone ("县政府") gives the level; the evidence says the
// mentions chose the county.
TEST(IdentifyReportTest, ALevelWordLeavesTheUnitToTheMentions) {
  ReportIdentity id = IdentifyReport(
      "各位代表：\n现在，我代表县政府向大会作政府工作报告。\n容城县域经济，容"
      "城，容城。",
      Gazetteer::Default());
  ASSERT_TRUE(id.district.has_value());
  EXPECT_EQ(id.district->name(), "容城县");
  std::map<std::string, std::string> cues;
  for (const IdentityEvidence& e : id.evidence) cues[e.field()] = e.cue();
  EXPECT_EQ(cues["district"], "address+mentions");
  EXPECT_EQ(cues["level"], "address");
}

TEST(IdentifyReportTest, WithoutSelfNameTheMentionsDecide) {
  ReportIdentity id =
      IdentifyReport("一、2014年工作回顾\n容城县域经济发展，容城，容城。",
                     Gazetteer::Default());
  ASSERT_TRUE(id.district.has_value());
  EXPECT_EQ(id.district->name(), "容城县");
  EXPECT_EQ(id.level, v1::REPORT_LEVEL_COUNTY);
  EXPECT_EQ(id.year, 2015);
  EXPECT_FALSE(IdentifyReport("推进学校建设。", Gazetteer::Default())
                   .district.has_value());
}

}  // namespace
}  // namespace govreport
