#include "common/segment.h"

#include <string>
#include <vector>

#include "common/lexicon.h"
#include "gtest/gtest.h"

namespace govreport {
namespace {

std::string SentenceText(std::string_view text, const Sentence& s) {
  return std::string(text.substr(s.begin, s.end - s.begin));
}

// The kinds of the sentences that are not headings, in order.
std::vector<v1::Kind> ContentKinds(const SegmentedText& segmented) {
  std::vector<v1::Kind> kinds;
  for (const Sentence& s : segmented.sentences) {
    if (!s.is_heading) kinds.push_back(s.kind);
  }
  return kinds;
}

TEST(SegmentTest, SentencesEndAtStopsOutsideQuotes) {
  std::string text = "实现“登录一张网。办成所有事”。推进建设；加强管理!完成";
  SegmentedText out = Segment(text);
  ASSERT_EQ(out.sentences.size(), 4u);
  EXPECT_EQ(SentenceText(text, out.sentences[0]),
            "实现“登录一张网。办成所有事”。");
  EXPECT_EQ(SentenceText(text, out.sentences[1]), "推进建设；");
  EXPECT_EQ(SentenceText(text, out.sentences[2]), "加强管理!");
  EXPECT_EQ(SentenceText(text, out.sentences[3]), "完成");
}

TEST(SegmentTest, HeadingLevelsBuildATree) {
  std::string text =
      "一、聚力发展\n（一）做强产业\n推进项目建设。\n1.招商引资\n引进企业。\n"
      "(1)外资\n利用外资。\n二、改善民生\n新增就业。";
  SegmentedText out = Segment(text);
  ASSERT_EQ(out.sections.size(), 2u);
  EXPECT_EQ(out.sections[0].title(), "聚力发展");
  EXPECT_EQ(out.sections[0].marker(), "一、");
  ASSERT_EQ(out.sections[0].children_size(), 1);
  const v1::Section& second = out.sections[0].children(0);
  EXPECT_EQ(second.title(), "做强产业");
  EXPECT_EQ(second.level(), 2);
  ASSERT_EQ(second.children_size(), 1);
  EXPECT_EQ(second.children(0).title(), "招商引资");
  EXPECT_EQ(second.children(0).children(0).title(), "外资");
  EXPECT_EQ(out.sections[1].title(), "改善民生");
  const Sentence& last = out.sentences.back();
  EXPECT_EQ(SentenceText(text, last), "新增就业。");
  EXPECT_EQ(out.PathOf(last), std::vector<std::string>{"改善民生"});
}

TEST(SegmentTest, SentencesUnderOneSectionShareItsPathEntry) {
  const SegmentedText out = Segment(
      "一、改善民生\n新增城镇就业1万人。改造老旧小区10个。\n二、发展经济\n"
      "地区生产总值增长5%。");
  ASSERT_EQ(out.sentences.size(), 5u);
  EXPECT_EQ(out.sentences[1].section_path_index,
            out.sentences[2].section_path_index);
  EXPECT_NE(out.sentences[2].section_path_index,
            out.sentences[4].section_path_index);
  EXPECT_EQ(out.PathOf(out.sentences[2]), std::vector<std::string>{"改善民生"});
  EXPECT_EQ(out.PathOf(out.sentences[4]), std::vector<std::string>{"发展经济"});
  // One entry per run of sentences under one path, and the empty one.
  EXPECT_LE(out.section_paths.size(), 5u);
}

TEST(SegmentTest, LeadSentenceTitlesItsParagraph) {
  std::string text = "强化智慧城市建设。系统推进城市数字化转型,建设数字李沧。";
  SegmentedText out = Segment(text);
  ASSERT_EQ(out.sentences.size(), 2u);
  EXPECT_TRUE(out.sentences[0].is_heading);
  EXPECT_FALSE(out.sentences[1].is_heading);
  EXPECT_EQ(out.PathOf(out.sentences[1]),
            std::vector<std::string>{"强化智慧城市建设"});
}

TEST(SegmentTest, NumbersAreNoMarkers) {
  SegmentedText out = Segment("2.2万人实现就业。");
  EXPECT_TRUE(out.sections.empty());
  EXPECT_FALSE(out.sentences[0].is_heading);
}

TEST(SegmentTest, ReviewPartsAreAchievementsAndPlansTargets) {
  std::string text =
      "一、2023年工作回顾\n新增就业1万人。\n二、2024年重点工作\n新增就业2万人"
      "。";
  SegmentedText out = Segment(text);
  EXPECT_EQ(ContentKinds(out),
            (std::vector<v1::Kind>{v1::KIND_ACHIEVEMENT, v1::KIND_TARGET}));
  EXPECT_EQ(Segment("一年来，新增就业1万人。").sentences[0].kind,
            v1::KIND_ACHIEVEMENT);
  EXPECT_EQ(Segment("刚刚过去的2024年，新增就业1万人。").sentences[0].kind,
            v1::KIND_ACHIEVEMENT);
  EXPECT_EQ(Segment("新增就业1万人。").sentences[0].kind, v1::KIND_TARGET);
}

// Every row of data/lexicon/section_cues.tsv turns what follows into a
// review or a plan, where the row says it counts.
TEST(SegmentTest, EverySectionCue) {
  const std::string review = "一、工作回顾\n新增就业1万人。\n";
  for (const auto& row : Lexicon("section_cues").rows) {
    ASSERT_EQ(row.size(), 3u);
    const std::string cue(row[0]);
    std::string text;
    if (row[2] == "heading") {
      text = review + "二、" + cue + "\n新增就业2万人。";
    } else if (row[2] == "sentence") {
      text = review + "全面完成" + cue + "各项任务。新增就业2万人。";
    } else {
      ASSERT_EQ(row[2], "opening");
      text = review + cue + "新增就业2万人。";
    }
    SCOPED_TRACE(text);
    const v1::Kind want =
        row[1] == "plan" ? v1::KIND_TARGET : v1::KIND_ACHIEVEMENT;
    ASSERT_TRUE(row[1] == "plan" || row[1] == "review");
    // Reviews are checked after a plan, so that the cue is what turns it.
    const std::string plan = "二、今年工作安排\n新增就业3万人。\n";
    const SegmentedText out =
        Segment(row[1] == "plan" ? text : plan + text.substr(review.size()));
    EXPECT_EQ(ContentKinds(out).back(), want);
  }
}

// The non-heading sentences' is_note flags, in order.
std::vector<bool> ContentNotes(const SegmentedText& segmented) {
  std::vector<bool> notes;
  for (const Sentence& s : segmented.sentences) {
    if (!s.is_heading) notes.push_back(s.is_note);
  }
  return notes;
}

// Every "notes" row of data/lexicon/appendix_headings.tsv opens a glossary
// whose entries are notes; every "annex" row ends it. A sentence holding
// the word is no heading.
TEST(SegmentTest, EveryAppendixHeading) {
  const std::string speech = "二、今年工作安排\n新建学校3所。\n";
  const std::string entry = "[1]“三个100%”：即道路100%硬化、路灯100%覆盖。\n";
  for (const auto& row : Lexicon("appendix_headings").rows) {
    ASSERT_EQ(row.size(), 2u);
    const std::string word(row[0]);
    SCOPED_TRACE(word);
    if (row[1] == "notes") {
      const std::string text =
          speech + "《政府工作报告》" + word + "\n" + entry;
      EXPECT_EQ(ContentNotes(Segment(text)), (std::vector<bool>{false, true}));
      const std::string sentence = speech + "文件" + word + "已全面完成。\n";
      EXPECT_EQ(ContentNotes(Segment(sentence)),
                (std::vector<bool>{false, false}));
    } else {
      ASSERT_EQ(row[1], "annex");
      const std::string text =
          speech + "名词解释\n" + entry + word + "2\n新建公园4个。\n";
      EXPECT_EQ(ContentNotes(Segment(text)),
                (std::vector<bool>{false, true, false}));
    }
  }
}

TEST(SegmentTest, PlanExecutionReportsReviewThenPlan) {
  std::string text =
      "一、2023年国民经济和社会发展计划执行情况\n"
      "预计地区生产总值增长5%。\n"
      "二、2024年国民经济和社会发展计划草案\n"
      "地区生产总值增长6%。\n"
      "三、2023年上半年计划执行情况\n(一)主要目标完成情况\n"
      "地区生产总值增长3.2%。";
  EXPECT_EQ(ContentKinds(Segment(text)),
            (std::vector<v1::Kind>{v1::KIND_ACHIEVEMENT, v1::KIND_TARGET,
                                   v1::KIND_ACHIEVEMENT}));
}

TEST(SegmentTest, PlansOpenedInsideAParagraph) {
  std::string text =
      "一、攻坚克难谱新篇\n一年来，新增就业1万人。\n"
      "二、奋力开创新局面\n"
      "今年经济社会发展的主要预期目标是：地区生产总值增长6%。新增就业2万人。";
  EXPECT_EQ(ContentKinds(Segment(text)),
            (std::vector<v1::Kind>{v1::KIND_ACHIEVEMENT, v1::KIND_TARGET,
                                   v1::KIND_TARGET}));
}

TEST(SegmentTest, AStandaloneReviewSentenceNamingTargetsStillReviews) {
  std::string text =
      "一、2023年工作回顾\n一年来，我们圆满完成了全年目标任务。\n新增就业1万人"
      "。";
  SegmentedText out = Segment(text);
  EXPECT_EQ(out.sentences.back().kind, v1::KIND_ACHIEVEMENT);
}

TEST(SegmentTest, NumberedItemsStatingFiguresAreContent) {
  std::string text =
      "1.经济发展稳中向好，全年实现地区生产总值120亿元。\n"
      "一是加快建设现代产业体系，推动制造业高端化智能化绿色化发展；二是扩大内需"
      "。\n"
      "第一，坚持创新驱动\n新增就业1万人。";
  SegmentedText out = Segment(text);
  ASSERT_GE(out.sentences.size(), 5u);
  EXPECT_FALSE(out.sentences[0].is_heading);
  EXPECT_EQ(SentenceText(text, out.sentences[0]),
            "经济发展稳中向好，全年实现地区生产总值120亿元。");
  EXPECT_EQ(out.PathOf(out.sentences[0]),
            std::vector<std::string>{"经济发展稳中向好"});
  EXPECT_FALSE(out.sentences[1].is_heading);
  const Sentence& last = out.sentences.back();
  EXPECT_EQ(out.PathOf(last).back(), "坚持创新驱动");
  EXPECT_TRUE(out.sentences[out.sentences.size() - 2].is_heading);
}

TEST(SegmentTest, ShortLeadSentencesWithFiguresAreNoTitles) {
  std::string text = "新增就业1万人。开展培训3000人次。";
  SegmentedText out = Segment(text);
  ASSERT_EQ(out.sentences.size(), 2u);
  EXPECT_FALSE(out.sentences[0].is_heading);
}

TEST(SegmentTest, TitleOfTheReport) {
  EXPECT_EQ(Segment("李沧区2024年政府工作报告\n一、回顾").title,
            "李沧区2024年政府工作报告");
}

}  // namespace
}  // namespace govreport

namespace govreport {
namespace {

TEST(SegmentTest, OverlongLinesAreCutAtCommas) {
  std::string text;
  for (int i = 0; i < 500; ++i) text += "推进城市更新建设，";
  SegmentedText out = Segment(text);
  ASSERT_GT(out.sentences.size(), 1u);
  size_t covered = 0;
  for (const Sentence& s : out.sentences) {
    EXPECT_LE(s.end - s.begin, 3000);
    EXPECT_EQ(text.substr(s.end - 3, 3), "，");
    covered += s.end - s.begin;
  }
  EXPECT_EQ(covered, text.size());
}

TEST(SegmentTest, OverlongLinesWithoutCommasAreCutBetweenCharacters) {
  // One ASCII letter first, so that the 3,000th byte is inside a character.
  std::string text = "a";
  for (int i = 0; i < 1500; ++i) text += "建";
  SegmentedText out = Segment(text);
  ASSERT_EQ(out.sentences.size(), 2u);
  EXPECT_EQ(out.sentences[0].end, 3001);
  EXPECT_EQ(out.sentences[1].begin, 3001);
  EXPECT_EQ(out.sentences[1].end, static_cast<int>(text.size()));
}

// A plan phrase counts in a sentence it stands in whole: one cut at the
// 3,000th byte of an overlong line is in neither part.
TEST(SegmentTest, PlanPhrasesCutWithAnOverlongLineCountNowhere) {
  for (const size_t at : {2900, 2990}) {
    const std::string text = "过去一年，新增就业1万人。\n" +
                             std::string(at, 'a') + "今年经济社会发展" +
                             std::string(100, 'a');
    const SegmentedText out = Segment(text);
    ASSERT_EQ(out.sentences.size(), 3u) << at;
    const v1::Kind cut_kind =
        at == 2900 ? v1::KIND_TARGET : v1::KIND_ACHIEVEMENT;
    EXPECT_EQ(ContentKinds(out),
              (std::vector<v1::Kind>{v1::KIND_ACHIEVEMENT, cut_kind, cut_kind}))
        << at;
  }
}

}  // namespace
}  // namespace govreport

namespace govreport {
namespace {

// Found by segment_extract_fuzzer: a line that is only a leading space and
// a sentence end.
TEST(SegmentTest, LeadingSpaceBeforeASentenceEnd) {
  for (std::string text : {std::string(" !z"), std::string("  。"),
                           std::string(" \n!"), std::string("\u3000？x")}) {
    SegmentedText out = Segment(text);
    for (const Sentence& s : out.sentences) {
      EXPECT_LE(0, s.begin) << text;
      EXPECT_LE(s.begin, s.end) << text;
      EXPECT_LE(static_cast<size_t>(s.end), text.size()) << text;
    }
  }
}

}  // namespace
}  // namespace govreport
