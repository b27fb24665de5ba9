#include "common/extract.h"

#include <dirent.h>

#include <fstream>
#include <sstream>

#include "common/lexicon.h"
#include "gtest/gtest.h"

namespace govreport {
namespace {

google::protobuf::RepeatedPtrField<v1::Commitment> Extract(
    const std::string& text) {
  google::protobuf::RepeatedPtrField<v1::Commitment> commitments;
  ExtractCommitments(text, Segment(text), &commitments);
  return commitments;
}

TEST(ExtractTest, ClausesWithVerbsAreCommitmentsQuantifiedOrNot) {
  auto commitments = Extract(
      "改善生态环境质量。深入打好蓝天保卫战,争创国家生态文明建设示范区,"
      "新增城镇就业2.2万人。");
  ASSERT_EQ(commitments.size(), 3);
  EXPECT_EQ(commitments[0].text(), "深入打好蓝天保卫战");
  EXPECT_EQ(commitments[1].text(), "争创国家生态文明建设示范区");
  EXPECT_TRUE(commitments[1].quantities().empty());
  ASSERT_EQ(commitments[2].quantities_size(), 1);
  EXPECT_EQ(commitments[2].domain(), v1::DOMAIN_EMPLOYMENT);
  for (const auto& c : commitments) {
    EXPECT_EQ(c.section_path(0), "改善生态环境质量");
    EXPECT_EQ(c.sentence().back(), "。"[2]);
  }
}

TEST(ExtractTest, TitleBylineMenuAndWrappedHeadingLinesAreNoCommitments) {
  auto commitments = Extract(
      "李沧区2024年政府工作报告\n"
      "——2024年1月10日在青岛市李沧区第十八届人民代表大会第三次会议上\n"
      "政务公开\n"
      "三、聚力民生改善、增进民生福祉，\n"
      "在提升幸福指数上实现新突破\n"
      "推进城市更新建设，新增城镇就业2.2万人。\n"
      "新建幼儿园5所\n");
  ASSERT_EQ(commitments.size(), 3);
  EXPECT_EQ(commitments[0].text(), "推进城市更新建设");
  EXPECT_EQ(commitments[1].text(), "新增城镇就业2.2万人");
  // A standalone line stating a figure stays a commitment, end mark or not.
  EXPECT_EQ(commitments[2].text(), "新建幼儿园5所");
  ASSERT_EQ(commitments[2].quantities_size(), 1);
}

// A glossary's entries define the report's terms: none is a commitment,
// whatever figures it holds; an annex after it is read again.
TEST(ExtractTest, TheGlossaryIsNoCommitment) {
  auto commitments = Extract(
      "新建幼儿园5所。\n"
      "附：名词解释\n"
      "[1]“双百工程”：指新建公园100个、改造道路100条。\n"
      "〔2〕一网通办：群众办事只需登录一个平台。\n"
      "附件2\n"
      "2024年民生实事\n"
      "1.新增公共停车位3000个。\n");
  ASSERT_EQ(commitments.size(), 2);
  EXPECT_EQ(commitments[0].text(), "新建幼儿园5所");
  EXPECT_EQ(commitments[1].text(), "新增公共停车位3000个");
}

TEST(ExtractTest, TheAddressToTheCongressIsNoCommitment) {
  auto commitments = Extract(
      "各位代表：\n"
      "现在，我代表区人民政府向大会报告工作，请予审议，并请区政协委员提出意见。"
      "\n"
      "推进城市更新建设，新增城镇就业2.2万人。\n");
  ASSERT_EQ(commitments.size(), 2);
  EXPECT_EQ(commitments[0].text(), "推进城市更新建设");
}

// Every phrase of data/lexicon/not_commitments.tsv, in a sentence with no
// figure, makes it no commitment; with a figure the sentence stays.
TEST(ExtractTest, ProblemsThanksAndProcedureAreNoCommitments) {
  for (const auto& row : Lexicon("not_commitments").rows) {
    const std::string phrase(row[0]);
    auto commitments = Extract("推进城市更新建设，提升" + phrase +
                               "工作。\n"
                               "推进城市更新建设，新增城镇就业2.2万人。\n");
    ASSERT_EQ(commitments.size(), 2) << phrase;
    EXPECT_EQ(commitments[0].text(), "推进城市更新建设") << phrase;
    ASSERT_EQ(commitments[1].quantities_size(), 1) << phrase;
    // A figure keeps its sentence whatever it holds.
    const auto with_figure = Extract("补齐" + phrase + "，新增学位2000个。\n");
    ASSERT_FALSE(with_figure.empty()) << phrase;
    EXPECT_EQ(with_figure[with_figure.size() - 1].quantities_size(), 1)
        << phrase;
  }
  auto commitments = Extract(
      "在肯定成绩的同时，我们也清醒认识到，经济社会发展还存在一些不容忽视的"
      "问题和不足：一是经济持续回升向好的基础还不牢固。\n");
  EXPECT_TRUE(commitments.empty());
}

// A sentence of marks alone states nothing: the lost character an invalid
// byte leaves at a report's end, a stray bracket.
TEST(ExtractTest, SentencesOfMarksAloneAreNoCommitments) {
  for (const char* tail :
       {"\xEF\xBF\xBD", "）。", "……", "\xEF\xBF\xBD\xEF\xBF\xBD；"}) {
    auto commitments =
        Extract(std::string("推进城市更新建设，新增城镇就业2.2万人。") + tail);
    ASSERT_EQ(commitments.size(), 2) << tail;
    EXPECT_EQ(commitments[1].text(), "新增城镇就业2.2万人");
  }
  // A letter or a digit of any script is a word.
  EXPECT_EQ(Extract("推进城市更新建设，新增城镇就业2.2万人。建设5G。").size(),
            3u);
}

TEST(ExtractTest, ClausesWithoutVerbsContinueThePreviousCommitment) {
  auto commitments = Extract("系统推进城市数字化转型,让居民生活更便捷。");
  ASSERT_EQ(commitments.size(), 1);
  EXPECT_EQ(commitments[0].text(), "系统推进城市数字化转型,让居民生活更便捷");
}

// A short clause without verb or figure before the first commitment is its
// time or link, not a commitment of its own; a longer one states
// something and stays one.
TEST(ExtractTest, ALeadingTimeOrLinkJoinsTheFirstCommitment) {
  auto dated =
      Extract("2021年，全区新增城镇就业1.2万人，失业率控制在3.5%以内。");
  ASSERT_EQ(dated.size(), 2);
  EXPECT_EQ(dated[0].text(), "2021年，全区新增城镇就业1.2万人");
  EXPECT_EQ(dated[1].text(), "失业率控制在3.5%以内");
  auto linked = Extract("与此同时，此外，系统推进城市数字化转型。");
  ASSERT_EQ(linked.size(), 1);
  EXPECT_EQ(linked[0].text(), "与此同时，此外，系统推进城市数字化转型");
  auto stated = Extract("园区基础设施日臻完善，新建标准厂房12万平方米。");
  ASSERT_EQ(stated.size(), 2);
  EXPECT_EQ(stated[0].text(), "园区基础设施日臻完善");
  EXPECT_EQ(stated[1].text(), "新建标准厂房12万平方米");
}

// Every verb of data/lexicon/action_words.tsv opens a commitment of its
// own; every adverb may stand before one ("稳步推进"), where a clause
// opening with neither continues the previous one (above).
TEST(ExtractTest, EveryActionWordOpensACommitment) {
  const std::string first = "系统推进城市数字化转型,";
  for (const auto& row : Lexicon("action_words").rows) {
    SCOPED_TRACE(std::string(row[0]));
    ASSERT_EQ(row.size(), 2u);
    const std::string verb =
        row[1] == "adverb" ? std::string(row[0]) + "推进" : std::string(row[0]);
    auto commitments = Extract(first + verb + "公共服务体系建设。");
    ASSERT_EQ(commitments.size(), 2);
    EXPECT_EQ(commitments[1].text(), verb + "公共服务体系建设");
  }
}

// Every "sentence" mark of data/lexicon/clause_breaks.tsv splits a
// sentence's clauses; "phrase" marks do not.
TEST(ExtractTest, ClauseBreaksSplitCommitments) {
  for (const auto& row : Lexicon("clause_breaks").rows) {
    SCOPED_TRACE(std::string(row[0]));
    ASSERT_EQ(row.size(), 2u);
    if (row[1] != "sentence") continue;
    auto commitments = Extract("推进城市更新建设" + std::string(row[0]) +
                               "新增城镇就业2.2万人。");
    ASSERT_EQ(commitments.size(), 2);
    EXPECT_EQ(commitments[0].text(), "推进城市更新建设");
  }
}

TEST(ExtractTest, ListsOfDifferentThingsSplitWithTheirOwnDomains) {
  auto commitments =
      Extract("建设8处创新创业孵化载体、2处中小企业公共服务示范平台。");
  ASSERT_EQ(commitments.size(), 2);
  EXPECT_EQ(commitments[0].domain(), v1::DOMAIN_EMPLOYMENT);
  EXPECT_EQ(commitments[1].domain(), v1::DOMAIN_INDUSTRY);
}

// Things paired with figures by 分别 are pledges of their own, each with
// its own domain, and each keeps the clause that names them all.
TEST(ExtractTest, RespectiveThingsSplitAndKeepTheirClause) {
  auto commitments = Extract("固定资产投资、城镇新增就业分别增长8%、5%。");
  ASSERT_EQ(commitments.size(), 2);
  EXPECT_EQ(commitments[0].domain(), v1::DOMAIN_ECONOMY);
  EXPECT_EQ(commitments[1].domain(), v1::DOMAIN_EMPLOYMENT);
  for (const auto& c : commitments) {
    EXPECT_EQ(c.text(), "固定资产投资、城镇新增就业分别增长8%、5%");
    ASSERT_EQ(c.quantities_size(), 1);
  }
}

// A domain cue (data/lexicon/domain_cues.tsv) reads an investment's whole
// metric, the project's name with it: a project signed or brought in is
// investment_trade, one merely built is not.
TEST(ExtractTest, ACueReadsTheProjectAnInvestmentNames) {
  for (const char* text : {"总投资8亿元的新能源装备项目成功签约。",
                           "引进投资5亿元的智能家居项目。"}) {
    auto commitments = Extract(text);
    ASSERT_EQ(commitments.size(), 1) << text;
    ASSERT_EQ(commitments[0].quantities_size(), 1) << text;
    EXPECT_NE(commitments[0].quantities(0).metric().find("项目"),
              std::string::npos)
        << text;
    EXPECT_EQ(commitments[0].domain(), v1::DOMAIN_INVESTMENT_TRADE) << text;
  }
  auto built = Extract("总投资8亿元的新能源装备项目开工建设。");
  ASSERT_EQ(built.size(), 1);
  EXPECT_NE(built[0].domain(), v1::DOMAIN_INVESTMENT_TRADE);
}

// A range's two ends (a floor and a cap over one span) stay in one piece
// of a split list.
TEST(ExtractTest, ARangeInAListStaysOnePiece) {
  auto commitments = Extract("今年将新建1-2所学校、3个公园。");
  ASSERT_EQ(commitments.size(), 2);
  ASSERT_EQ(commitments[0].quantities_size(), 2);
  EXPECT_EQ(commitments[0].quantities(0).value(), 1);
  EXPECT_EQ(commitments[0].quantities(1).value(), 2);
  EXPECT_EQ(commitments[0].text(), "今年将新建1-2所学校");
  ASSERT_EQ(commitments[1].quantities_size(), 1);
  EXPECT_EQ(commitments[1].text(), "3个公园");
}

TEST(ExtractTest, KindsFollowReviewAndPlan) {
  auto commitments = Extract(
      "一、2023年工作回顾\n新增就业1万人。\n二、今年工作安排\n新增就业2万人。");
  ASSERT_EQ(commitments.size(), 2);
  EXPECT_EQ(commitments[0].kind(), v1::KIND_ACHIEVEMENT);
  EXPECT_EQ(commitments[1].kind(), v1::KIND_TARGET);
}

// Invariants on every annotated report (the samples, the extra excerpts
// and the wild ones): offsets hold what they claim, nothing is a year, and
// sentences hold their commitments. On the samples every figure also names
// its metric; in the wild excerpts five name none (a figure opening its
// sentence before a one-character noun, "1个镇、8个村入选…").
struct AnnotatedSet {
  const char* dir;  // under tests/data
  int reports;
  bool metrics_named;
};

class ExtractInvariantsTest : public ::testing::TestWithParam<AnnotatedSet> {};

TEST_P(ExtractInvariantsTest, HoldOnEveryReport) {
  const std::string dir =
      std::string(GOVREPORT_TEST_DATA_DIR) + "/" + GetParam().dir;
  DIR* d = opendir(dir.c_str());
  ASSERT_NE(d, nullptr);
  int reports = 0;
  while (dirent* entry = readdir(d)) {
    std::string name = entry->d_name;
    if (name.size() < 4 || name.substr(name.size() - 4) != ".txt") continue;
    std::ifstream in(dir + "/" + name);
    std::stringstream buffer;
    buffer << in.rdbuf();
    const std::string text = buffer.str();
    ++reports;
    int quantities = 0;
    for (const v1::Commitment& c : Extract(text)) {
      ASSERT_LE(c.end(), static_cast<int>(text.size())) << name;
      EXPECT_FALSE(c.text().empty()) << name;
      EXPECT_NE(c.sentence().find(c.text()), std::string::npos) << name;
      EXPECT_NE(c.domain(), v1::DOMAIN_UNSPECIFIED);
      for (const v1::Quantity& q : c.quantities()) {
        ++quantities;
        EXPECT_EQ(text.substr(q.begin(), q.end() - q.begin()), q.raw()) << name;
        EXPECT_GE(q.begin(), c.begin());
        EXPECT_LE(q.end(), c.end() + 12) << q.raw();
        EXPECT_FALSE(q.unit() == "年") << name;
        if (GetParam().metrics_named) {
          EXPECT_FALSE(q.metric().empty()) << name << " " << q.raw();
        }
      }
    }
    EXPECT_GT(quantities, 0) << name;
  }
  closedir(d);
  EXPECT_EQ(reports, GetParam().reports);
}

INSTANTIATE_TEST_SUITE_P(
    AnnotatedSets, ExtractInvariantsTest,
    ::testing::Values(AnnotatedSet{"reports", 4, true},
                      AnnotatedSet{"extra/reports", 3, true},
                      AnnotatedSet{"wild-excerpts/reports", 6, false}),
    [](const ::testing::TestParamInfo<AnnotatedSet>& info) {
      const std::string dir = info.param.dir;
      return dir == "reports"         ? std::string("Samples")
             : dir == "extra/reports" ? std::string("Extra")
                                      : std::string("WildExcerpts");
    });

}  // namespace
}  // namespace govreport

namespace govreport {
namespace {

// Short clauses around list separators must not underflow when trimmed.
TEST(ExtractTest, TinyListPiecesAreSafe) {
  for (std::string text :
       {std::string("建设1所学校、2个。"), std::string("a、1个b、2所。"),
        std::string(" !z"), std::string("1个、2所")}) {
    for (const v1::Commitment& c : Extract(text)) {
      EXPECT_LE(static_cast<size_t>(c.end()), text.size()) << text;
    }
  }
}

}  // namespace
}  // namespace govreport
