#include "common/normalize.h"

#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/normalize_internal.h"
#include "common/unicode.h"
#include "common/utf8.h"
#include "gtest/gtest.h"
#include "tests/test_util.h"

namespace govreport {
namespace {

using ::govreport::testing::ReadSample;

class NormalizeTest : public ::testing::Test {
 protected:
  NormalizedText Run(const std::string& text) {
    return normalizer_->Normalize(text);
  }
  bool HasWarning(const NormalizedText& out, v1::WarningKind kind) {
    for (const auto& w : out.warnings) {
      if (w.kind() == kind) return true;
    }
    return false;
  }
  std::unique_ptr<Normalizer> normalizer_ = *Normalizer::Create();
};

TEST_F(NormalizeTest, CleanSimplifiedTextPassesThrough) {
  const std::string clean =
      "新增城镇就业2.2万人，建成4所学校。\n推进“无废城市”建设；完成100%。";
  NormalizedText out = Run(clean);
  EXPECT_EQ(out.text, clean);
  EXPECT_TRUE(out.warnings.empty());
  EXPECT_FALSE(out.converted_from_traditional);
}

TEST_F(NormalizeTest, TraditionalIsConvertedWithExceptions) {
  NormalizedText out = Run(
      "積極推進產業發展，著力建設區域經濟。乾隆年間的瞭望塔，開展巡察工作。");
  EXPECT_TRUE(out.converted_from_traditional);
  EXPECT_TRUE(HasWarning(out, v1::WARNING_KIND_TRADITIONAL_CONVERTED));
  EXPECT_NE(out.text.find("积极推进产业发展"), std::string::npos) << out.text;
  EXPECT_NE(out.text.find("着力建设区域经济"), std::string::npos) << out.text;
  EXPECT_NE(out.text.find("乾隆"), std::string::npos) << out.text;
  EXPECT_NE(out.text.find("瞭望"), std::string::npos) << out.text;
  EXPECT_NE(out.text.find("巡察"), std::string::npos) << out.text;
}

TEST_F(NormalizeTest, PinyinAnnotationsAfterCharactersGo) {
  NormalizedText out =
      Run("萊山區(qū)人民政府推進產(chǎn)業(yè)發展，提高質(zhì)量。（一）建设("
          "山东省)示范(间)");
  EXPECT_TRUE(HasWarning(out, v1::WARNING_KIND_PINYIN_REMOVED));
  EXPECT_NE(out.text.find("莱山区人民政府推进产业发展"), std::string::npos)
      << out.text;
  EXPECT_NE(out.text.find("提高质量"), std::string::npos) << out.text;
  EXPECT_NE(out.text.find("（一）"), std::string::npos);
  EXPECT_NE(out.text.find("(山东省)"), std::string::npos);
  EXPECT_NE(out.text.find("(间)"), std::string::npos);
}

TEST_F(NormalizeTest, FullWidthFormsFoldButChinesePunctuationStays) {
  NormalizedText out =
      Run("完成１００％，建设ＡＢＣ园区；加强“管理”：推进（一）。");
  EXPECT_EQ(out.text, "完成100%，建设ABC园区；加强“管理”：推进（一）。");
}

TEST_F(NormalizeTest, PdfDebrisIsRepaired) {
  NormalizedText out =
      Run("\u3000\u3000全面执行绿色建筑 标准,建成绿色建筑 109.4 "
          "万平米。鼓励企业开展技术改造和绿\n"
          "色低碳技术创新,打造“K- 15”品牌,引进 Open Source 项目。\n"
          "一、坚定不移增进民生福祉\n"
          "新增就业1.6万人。");
  EXPECT_TRUE(HasWarning(out, v1::WARNING_KIND_PDF_DEBRIS_REPAIRED));
  EXPECT_EQ(
      out.text,
      "全面执行绿色建筑标准,建成绿色建筑109.4万平米。鼓励企业开展技术改造和"
      "绿色低碳技术创新,打造“K-15”品牌,引进 Open Source 项目。\n"
      "一、坚定不移增进民生福祉\n"
      "新增就业1.6万人。");
}

// A case of PDF or romanized debris: what Normalize must make of it and the
// warning it must leave.
struct DebrisCase {
  const char* name;
  std::string input;
  std::string want;
  v1::WarningKind warning;
};

void ExpectRepairs(const Normalizer& normalizer,
                   const std::vector<DebrisCase>& cases) {
  for (const DebrisCase& c : cases) {
    SCOPED_TRACE(c.name);
    NormalizedText out = normalizer.Normalize(c.input);
    EXPECT_EQ(out.text, c.want);
    bool warned = false;
    for (const auto& w : out.warnings) warned |= w.kind() == c.warning;
    EXPECT_TRUE(warned) << v1::WarningKind_Name(c.warning);
  }
}

// The two halves of a sentence a page break cut: every case puts some page
// furniture between them, and they must be one line again without it.
constexpr char kFirstHalf[] = "举办文化活动不少于800场次，深入开展“体";
constexpr char kSecondHalf[] = "育大篷车进社区”等全民健身活动100场次。";

TEST_F(NormalizeTest, PageFurnitureGoesAndCutSentencesAreJoined) {
  const std::string a = kFirstHalf, b = kSecondHalf;
  const std::vector<std::pair<const char*, std::string>> breaks = {
      {"em dashes", "\n\n— 1 —\n\n"},
      {"hyphens", "\n- 12 -\n"},
      {"en dashes", "\n– 7 –\n"},
      {"full-width hyphens", "\n－ ３ －\n"},
      {"middle dots", "\n· 4 ·\n"},
      {"第 N 页", "\n第 3 页\n"},
      {"N/M", "\n3/20\n"},
      {"N / M", "\n 3 / 20 \n"},
      {"page and count", "\n第3页 共20页\n"},
      {"page slash count", "\n第 3 页 / 共 20 页\n"},
      {"English", "\nPage 3 of 20\n"},
      {"bare number", "\n\n17\n\n"},
      {"form feed alone", "\f"},
      {"form feed in a blank line", "\n\f\n"},
      {"number then form feed", "\n\n— 2 —\n\f"},
  };
  for (const auto& [name, page_break] : breaks) {
    SCOPED_TRACE(name);
    NormalizedText out = Run("新增就业1000人。\n" + a + page_break + b);
    EXPECT_EQ(out.text, "新增就业1000人。\n" + a + b);
    EXPECT_TRUE(HasWarning(out, v1::WARNING_KIND_PDF_DEBRIS_REPAIRED));
  }
}

TEST_F(NormalizeTest, RunningHeadersGoAtPageBreaksAndTheTitleStays) {
  const std::string a = kFirstHalf, b = kSecondHalf;
  const std::string title = "李沧区2024年政府工作报告";
  ExpectRepairs(
      *normalizer_,
      {
          {"the title as the header after every form feed",
           title + "\n新增就业1000人。\n\n— 1 —\n\f" + title + "\n\n" + a +
               "\n\n- 2 -\n\f" + title + "\n\n" + b + "\n\n— 3 —\n",
           title + "\n新增就业1000人。\n" + a + b,
           v1::WARNING_KIND_PDF_DEBRIS_REPAIRED},
          // The last footer stands before no page break: it stays.
          {"a footer above the page break, page numbers at the top",
           "新增就业1000人。\n李沧区人民政府办公室\n\f- 1 -\n" + a +
               "\n李沧区人民政府办公室\n\f- 2 -\n" + b +
               "\n李沧区人民政府办公室",
           "新增就业1000人。\n" + a + b + "\n李沧区人民政府办公室",
           v1::WARNING_KIND_PDF_DEBRIS_REPAIRED},
          {"a header carrying the page number",
           "新增就业1000人。\n\f政府工作报告 1\n" + a + "\n\f政府工作报告 2\n" +
               b + "\n\f政府工作报告 3\n建设学校4所。",
           "新增就业1000人。\n" + a + b + "\n建设学校4所。",
           v1::WARNING_KIND_PDF_DEBRIS_REPAIRED},
      });
  // Furniture only: the title is left, once.
  NormalizedText out = Run(title + "\n\n" + title + "\n\n— 1 —\n\n\f" + title +
                           "\n\n- 2 -\n\n\f" + title + "\n\n— 3 —\n");
  EXPECT_EQ(out.text, title);
}

TEST_F(NormalizeTest, WhatOnlyLooksLikePageFurnitureStays) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      // A finished sentence before a page break ends its paragraph.
      {"建成学校4所。\n- 3 -\n新增就业1000人。",
       "建成学校4所。\n新增就业1000人。"},
      // Numbers that are no page numbers.
      {"完成投资\n12-15\n2.5\n(3)\n3个\n第3批\n建设学校4所。",
       "完成投资\n12-15\n2.5\n(3)\n3个\n第3批\n建设学校4所。"},
      // A heading repeated away from the page breaks is no header.
      {"工作目标\n新增就业1000人。\n\n- 1 -\n\n建设学校4所。\n工作目标\n"
       "完成投资5亿元。\n工作目标\n新增就业1000人。",
       "工作目标\n新增就业1000人。\n建设学校4所。\n工作目标\n完成投资5亿元。\n"
       "工作目标\n新增就业1000人。"},
  };
  for (const auto& [input, want] : cases) {
    SCOPED_TRACE(input);
    EXPECT_EQ(Run(input).text, want);
  }
}

TEST_F(NormalizeTest, RomanizedLinesGoAndAreNeverJoinedToChinese) {
  ExpectRepairs(
      *normalizer_,
      {
          {"a pinyin line above its paragraph",
           "新增就业1000人。\nQiánghuà zhìhuì chéngshì jiànshè\n"
           "强化智慧城市建设。系统推进城市数字化转型。",
           "新增就业1000人。\n强化智慧城市建设。系统推进城市数字化转型。",
           v1::WARNING_KIND_PINYIN_REMOVED},
          {"capitals with tone marks after the title",
           "李沧区2024年政府工作报告\nLǏCĀNG QŪ 2024 NIÁN ZHÈNGFǓ GŌNGZUÒ "
           "BÀOGÀO\n"
           "新增就业1000人。",
           "李沧区2024年政府工作报告\n新增就业1000人。",
           v1::WARNING_KIND_PINYIN_REMOVED},
          {"a pinyin line after a paragraph cut mid-sentence",
           "不断完善数字基础设施,持续推进5g基站深度覆盖,新增数字文化\n"
           "Gǎishàn shēngtài huánjìng zhìliàng\n场馆3个。",
           "不断完善数字基础设施,持续推进5g基站深度覆盖,新增数字文化场馆3个。",
           v1::WARNING_KIND_PINYIN_REMOVED},
          {"an English page header inside a cut sentence",
           "不断完善数字基础设施,持续推进5g基站深度覆盖,新增数字文化\n"
           "LICANG DISTRICT GOVERNMENT WORK REPORT  Page 2\n场馆3个。",
           "不断完善数字基础设施,持续推进5g基站深度覆盖,新增数字文化场馆3个。",
           v1::WARNING_KIND_PDF_DEBRIS_REPAIRED},
          {"a URL between paragraphs",
           "新增就业1000人。\nhttp://www.licang.gov.cn/zwgk/2024/report.html\n"
           "建设学校4所。",
           "新增就业1000人。\n建设学校4所。",
           v1::WARNING_KIND_PDF_DEBRIS_REPAIRED},
      });
  // Latin inside Chinese lines, and too short to be a romanized line, stays.
  const std::string kept = "引进 Open Source 项目。\n5G\n建设学校4所。";
  EXPECT_EQ(Run(kept).text, kept);
}

TEST_F(NormalizeTest, SpacedOutTextIsClosedUp) {
  ExpectRepairs(
      *normalizer_,
      {
          {"half-width comma", "开 展 活 动 1 0 0 场 次 , 建 设 公 园 3 处 。",
           "开展活动100场次,建设公园3处。",
           v1::WARNING_KIND_PDF_DEBRIS_REPAIRED},
          {"full-width comma", "开 展 活 动 1 0 0 场 次 ， 建 设",
           "开展活动100场次，建设", v1::WARNING_KIND_PDF_DEBRIS_REPAIRED},
          {"semicolon, colon and percent",
           "目 标 : 完 成 9 5 % ; 推 进 改 革 !", "目标:完成95%;推进改革!",
           v1::WARNING_KIND_PDF_DEBRIS_REPAIRED},
          {"parenthesised marker", "( 五 ) 聚 力 民 生 改 善",
           "(五)聚力民生改善", v1::WARNING_KIND_PDF_DEBRIS_REPAIRED},
          {"Latin letters", "打 造 城 市 文 旅 i p 。", "打造城市文旅ip。",
           v1::WARNING_KIND_PDF_DEBRIS_REPAIRED},
          {"a decimal", "新 增 就 业 2 . 2 万 人", "新增就业2.2万人",
           v1::WARNING_KIND_PDF_DEBRIS_REPAIRED},
          {"numbers kept whole", "开 展 活 动 100 场 次 , 建 设",
           "开展活动100场次,建设", v1::WARNING_KIND_PDF_DEBRIS_REPAIRED},
      });
  // Spaces between Latin words, and between numbers after a comma, stay.
  for (const char* kept :
       {"引进 Open Source, Inc 项目。", "完成 2023 2024 年度任务",
        "分别为100, 200个。", "Plan B is 方案。"}) {
    SCOPED_TRACE(kept);
    NormalizedText out = Run(kept);
    EXPECT_NE(out.text.find(' '), std::string::npos) << out.text;
  }
}

TEST_F(NormalizeTest, MojibakeSpansAreFlaggedNotRewritten) {
  const std::string damaged =
      "一里見山?!憋L光，被國家發改委??茝V，更智能?!绑w衛融合。你好吗?\n";
  NormalizedText out = Run(damaged);
  int spans = 0;
  for (const auto& w : out.warnings) {
    if (w.kind() != v1::WARNING_KIND_MOJIBAKE) continue;
    ++spans;
    ASSERT_LT(w.begin(), w.end());
    ASSERT_LE(w.end(), static_cast<int>(out.text.size()));
    EXPECT_NE(out.text.substr(w.begin(), w.end() - w.begin()).find('?'),
              std::string::npos);
  }
  EXPECT_EQ(spans, 3);
  EXPECT_NE(out.text.find("?!"), std::string::npos);
}

TEST_F(NormalizeTest, SampleReportsLoseOnlyLayout) {
  // (shinan.txt also loses its web page's chrome: see web_debris_test.cc.)
  for (const char* name : {"licang.txt", "jinniu.txt", "qingyang.txt"}) {
    const std::string text = ReadSample(name);
    NormalizedText out = Run(text);
    EXPECT_FALSE(out.converted_from_traditional) << name;
    std::string squeezed;
    for (char c : text) {
      if (c != ' ' && c != '\n') squeezed.push_back(c);
    }
    std::string normalized;
    for (char c : out.text) {
      if (c != '\n' && c != ' ') normalized.push_back(c);
    }
    // U+3000 indentation is layout too.
    for (size_t at = squeezed.find("\u3000"); at != std::string::npos;
         at = squeezed.find("\u3000")) {
      squeezed.erase(at, 3);
    }
    EXPECT_TRUE(normalized == squeezed) << name;
  }
}

// The stages of Normalize (common/normalize_internal.h), each alone.

using normalize_internal::ClassifiedLines;
using normalize_internal::ClassifyLines;
using normalize_internal::LineKind;
using normalize_internal::RepairCounts;

std::vector<v1::WarningKind> Kinds(const std::vector<v1::Warning>& warnings) {
  std::vector<v1::WarningKind> kinds;
  for (const v1::Warning& w : warnings) kinds.push_back(w.kind());
  return kinds;
}

TEST(NormalizeStagesTest, RemoveWebDebrisWarnsOnlyWhenItRemovedSome) {
  struct Case {
    std::string in;
    std::string out;
    int count;  // the warning's count; 0: no warning
  };
  const Case kCases[] = {
      {"新增就业1.6万人。", "新增就业1.6万人。", 0},
      {"新增就业&nbsp;1.6万人。", "新增就业 1.6万人。", 1},
  };
  for (const Case& k : kCases) {
    SCOPED_TRACE(k.in);
    std::vector<v1::Warning> warnings;
    EXPECT_EQ(normalize_internal::RemoveWebDebris(k.in, &warnings), k.out);
    if (k.count == 0) {
      EXPECT_TRUE(warnings.empty());
    } else {
      ASSERT_EQ(warnings.size(), 1u);
      EXPECT_EQ(warnings[0].kind(), v1::WARNING_KIND_MARKUP_REMOVED);
      EXPECT_EQ(warnings[0].count(), k.count);
    }
  }
}

TEST(NormalizeStagesTest, FoldCharacters) {
  struct Case {
    std::string in;
    std::string out;
    int pinyin_annotations;
    const char* rule;
  };
  const Case kCases[] = {
      {"完成１００％", "完成100%", 0, "full-width ASCII folds"},
      {"推进（一），加强；管理：好！吗？", "推进（一），加强；管理：好！吗？",
       0, "sentence punctuation keeps its full width"},
      {"一\u3000二\u00A0三\t四", "一 二 三 四", 0,
       "ideographic and no-break spaces and tabs become spaces"},
      {"新\u200B增\uFEFF就\r\n业", "新增就\n业", 0,
       "zero-width characters, byte order marks and \\r go"},
      {"莱山区(qū)政府", "莱山区政府", 1, "toned pinyin after Han goes"},
      {"莱山区（qū）政府", "莱山区政府", 1, "in full-width brackets too"},
      {"建设(山东省)示范(jian)", "建设(山东省)示范(jian)", 0,
       "brackets without tone marks stay"},
      {"Hello (qū)", "Hello (qū)", 0, "pinyin after no Han character stays"},
      {"￥100", "￥100", 0, "￥ folds to no ASCII character"},
  };
  for (const Case& k : kCases) {
    SCOPED_TRACE(absl::StrCat(k.rule, ": ", k.in));
    RepairCounts counts;
    EXPECT_EQ(normalize_internal::FoldCharacters(k.in, &counts), k.out);
    EXPECT_EQ(counts.pinyin_annotations, k.pinyin_annotations);
  }
}

// FoldCharacters copies most characters as bytes, stepping by a table of
// lead bytes, and decodes only the others: every code point, inside a
// text and at its end (where the last bytes take the general path), must
// fold as the rules say one character folds.
TEST(NormalizeStagesTest, FoldCharactersFoldsEveryCodePointByItsRules) {
  const auto fold = [](uint32_t c) -> std::string {
    if (c == 0x200B || c == 0x200C || c == 0x200D || c == 0xFEFF || c == '\r') {
      return "";
    }
    if (c == 0xA0 || c == '\t') c = ' ';
    const bool keeps = c == 0xFF0C || c == 0xFF1B || c == 0xFF1A ||
                       c == 0xFF08 || c == 0xFF09 || c == 0xFF01 || c == 0xFF1F;
    std::string utf8;
    AppendUtf8(keeps ? c : FoldFullWidth(c), &utf8);
    return utf8;
  };
  for (uint32_t c = 0; c <= 0x10FFFF; ++c) {
    if (c >= 0xD800 && c <= 0xDFFF) continue;
    std::string character;
    AppendUtf8(c, &character);
    RepairCounts counts;
    const std::string inside = "中" + character + "文";
    ASSERT_EQ(normalize_internal::FoldCharacters(inside, &counts),
              "中" + fold(c) + "文")
        << "U+" << std::hex << c;
    const std::string last = "中" + character;
    ASSERT_EQ(normalize_internal::FoldCharacters(last, &counts), "中" + fold(c))
        << "U+" << std::hex << c;
  }
}

// TraditionalCharacters looks characters up by their bytes undecoded: it
// must answer for every three bytes led by 0xE0-0xEF, ill-formed ones too,
// as decoding and looking the character up would.
TEST(NormalizeStagesTest, TraditionalCharactersAnswerForEveryThreeBytes) {
  const std::u32string_view added = U"\u0800國們這龍\uFFFF";
  normalize_internal::TraditionalCharacters characters;
  for (char32_t c : added) characters.Add(c);
  for (uint32_t lead = 0xE0; lead <= 0xEF; ++lead) {
    for (uint32_t b1 = 0; b1 <= 0xFF; ++b1) {
      for (uint32_t b2 = 0; b2 <= 0xFF; ++b2) {
        const unsigned char bytes[] = {static_cast<unsigned char>(lead),
                                       static_cast<unsigned char>(b1),
                                       static_cast<unsigned char>(b2)};
        const bool well_formed = (b1 & 0xC0) == 0x80 && (b2 & 0xC0) == 0x80;
        const char32_t c = (lead & 0x0F) << 12 | (b1 & 0x3F) << 6 | (b2 & 0x3F);
        ASSERT_EQ(characters.At(bytes),
                  well_formed && added.find(c) != std::u32string_view::npos)
            << std::hex << lead << " " << b1 << " " << b2;
      }
    }
  }
}

TEST(NormalizeStagesTest, FoldUnlessTraditionalCountsAsItFolds) {
  normalize_internal::TraditionalCharacters characters;
  for (char32_t c : std::u32string_view(U"國們這")) characters.Add(c);
  const normalize_internal::TraditionalCheck check{&characters, 3};
  struct Case {
    std::string in;
    bool simplified;
    const char* rule;
  };
  const Case kCases[] = {
      {"國們發展，完成１００％(qū)", true, "two are not enough"},
      {"國們發展這", false, "three are, the last among the final bytes"},
      {"國，們。這“好”", false, "between punctuation off the fast path"},
      {"國國國", false, "each occurrence counts"},
      {"国们这", true, "simplified characters count not"},
  };
  for (const Case& k : kCases) {
    SCOPED_TRACE(absl::StrCat(k.rule, ": ", k.in));
    RepairCounts counts, plain_counts;
    std::string folded;
    ASSERT_EQ(normalize_internal::FoldUnlessTraditional(k.in, check, &counts,
                                                        &folded),
              k.simplified);
    if (k.simplified) {
      EXPECT_EQ(folded,
                normalize_internal::FoldCharacters(k.in, &plain_counts));
      EXPECT_EQ(counts.pinyin_annotations, plain_counts.pinyin_annotations);
    }
  }
}

TEST(NormalizeStagesTest, RemoveStraySpaces) {
  struct Case {
    std::string in;
    std::string out;
    int removed;
    const char* rule;
  };
  const Case kCases[] = {
      {"绿色建筑 标准", "绿色建筑标准", 1, "between Han"},
      {"建成 109.4 万平米", "建成109.4万平米", 2, "between Han and a number"},
      {"109 . 4 %", "109.4%", 3, "inside a number"},
      {"( 五 )", "(五)", 2, "inside brackets"},
      {"K- 15", "K-15", 1, "after a dash"},
      {"引进 Open Source 项目", "引进 Open Source 项目", 0,
       "between Han and Latin words they stay"},
      {"100, 200", "100, 200", 0, "after a comma before a number it stays"},
      {"活 动 1 0 0 场 次", "活动100场次", 6, "spaced-out text"},
      {"  开头\n结尾  \n", "开头\n结尾\n", 4, "at line starts and ends"},
  };
  for (const Case& k : kCases) {
    SCOPED_TRACE(absl::StrCat(k.rule, ": ", k.in));
    RepairCounts counts;
    EXPECT_EQ(normalize_internal::RemoveStraySpaces(k.in, &counts), k.out);
    EXPECT_EQ(counts.spaces_removed, k.removed);
  }
}

TEST(NormalizeStagesTest, ClassifyLines) {
  struct Case {
    std::string in;
    std::vector<LineKind> kinds;
    const char* rule;
  };
  const Case kCases[] = {
      {"新增就业。\n\n一、民生",
       {LineKind::kText, LineKind::kBlank, LineKind::kText},
       "text and blank lines"},
      {"正文\f正文",
       {LineKind::kText, LineKind::kFormFeed, LineKind::kText},
       "a form feed is a line of its own"},
      {"正文\n- 3 -\n第3页共20页\nPage 3 of 20\n正文",
       {LineKind::kText, LineKind::kPageNumber, LineKind::kPageNumber,
        LineKind::kPageNumber, LineKind::kText},
       "page numbers"},
      {"正文\nzhèng fǔ gōng zuò\nGovernment Work Report\n5G",
       {LineKind::kText, LineKind::kPinyin, LineKind::kLatin, LineKind::kText},
       "romanized lines; too few letters make none"},
      {"李沧区政府工作报告\n正文一。\n- 1 -\n李沧区政府工作报告\n正文二。\n"
       "- 2 -\n李沧区政府工作报告\n正文三。",
       {LineKind::kText, LineKind::kText, LineKind::kPageNumber,
        LineKind::kRunningHeader, LineKind::kText, LineKind::kPageNumber,
        LineKind::kRunningHeader, LineKind::kText},
       "a title repeated at page breaks; the first stays"},
  };
  for (const Case& k : kCases) {
    SCOPED_TRACE(absl::StrCat(k.rule, ": ", k.in));
    const ClassifiedLines lines = ClassifyLines(k.in);
    EXPECT_EQ(lines.kinds, k.kinds);
    EXPECT_EQ(lines.lines.size(), lines.kinds.size());
  }
}

TEST(NormalizeStagesTest, JoinParagraphs) {
  struct Case {
    std::string in;
    std::string out;
    int joined;
    int furniture;
    int pinyin_lines;
    const char* rule;
  };
  const Case kCases[] = {
      {"鼓励企业开展技术改造和绿色低碳技术创新和绿\n色发展。",
       "鼓励企业开展技术改造和绿色低碳技术创新和绿色发展。", 1, 0, 0,
       "a long line without final punctuation continues"},
      {"一、坚定不移增进民生福祉\n新增就业1.6万人。",
       "一、坚定不移增进民生福祉\n新增就业1.6万人。", 0, 0, 0,
       "a heading ends its line"},
      {"全年城镇新增就业人数达到了预期目标的一百\n\n二十",
       "全年城镇新增就业人数达到了预期目标的一百\n二十", 0, 0, 0,
       "a blank line ends a paragraph"},
      {"全年城镇新增就业人数达到了预期目标的一百\n\n- 3 -\n\n二十",
       "全年城镇新增就业人数达到了预期目标的一百二十", 1, 1, 0,
       "but not one around a page number"},
      {"全年完成投资总额超过了年初预期的目标数值达4\n0亿元。",
       "全年完成投资总额超过了年初预期的目标数值达40亿元。", 1, 0, 0,
       "a number broken across lines is one again"},
      {"我们将继续推进开放源代码软件社区的建设工作Open\nSource项目。",
       "我们将继续推进开放源代码软件社区的建设工作Open Source项目。", 1, 0, 0,
       "Latin words keep a space"},
      {"正文\nzhèng fǔ\nGovernment Work Report", "正文", 0, 1, 1,
       "romanized lines go"},
  };
  for (const Case& k : kCases) {
    SCOPED_TRACE(absl::StrCat(k.rule, ": ", k.in));
    RepairCounts counts;
    EXPECT_EQ(normalize_internal::JoinParagraphs(ClassifyLines(k.in), &counts),
              k.out);
    EXPECT_EQ(counts.lines_joined, k.joined);
    EXPECT_EQ(counts.furniture_lines, k.furniture);
    EXPECT_EQ(counts.pinyin_lines, k.pinyin_lines);
  }
}

TEST(NormalizeStagesTest, AddRepairWarningsOnlyForRepairsMade) {
  struct Case {
    RepairCounts counts;
    std::vector<v1::WarningKind> kinds;
  };
  const Case kCases[] = {
      {{}, {}},
      {{0, 2, 0, 0, 0}, {v1::WARNING_KIND_PDF_DEBRIS_REPAIRED}},
      {{0, 0, 1, 0, 0}, {v1::WARNING_KIND_PDF_DEBRIS_REPAIRED}},
      {{0, 0, 0, 3, 0}, {v1::WARNING_KIND_PDF_DEBRIS_REPAIRED}},
      {{1, 0, 0, 0, 0}, {v1::WARNING_KIND_PINYIN_REMOVED}},
      {{0, 0, 0, 0, 1}, {v1::WARNING_KIND_PINYIN_REMOVED}},
      {{1, 1, 1, 1, 1},
       {v1::WARNING_KIND_PDF_DEBRIS_REPAIRED, v1::WARNING_KIND_PINYIN_REMOVED}},
  };
  for (size_t i = 0; i < std::size(kCases); ++i) {
    SCOPED_TRACE(i);
    std::vector<v1::Warning> warnings;
    normalize_internal::AddRepairWarnings(kCases[i].counts, &warnings);
    EXPECT_EQ(Kinds(warnings), kCases[i].kinds);
  }
  std::vector<v1::Warning> warnings;
  normalize_internal::AddRepairWarnings({1, 2, 3, 4, 5}, &warnings);
  ASSERT_EQ(warnings.size(), 2u);
  EXPECT_EQ(warnings[0].count(), 2 + 3 + 4);
  EXPECT_EQ(warnings[1].count(), 1 + 5);
}

TEST(NormalizeStagesTest, FlagDoubtfulSpans) {
  struct Case {
    std::string text;
    v1::WarningKind kind;  // WARNING_KIND_UNSPECIFIED: no warning
    std::string span;
    const char* rule;
  };
  const Case kCases[] = {
      {"新增\uFFFD\uFFFD就业", v1::WARNING_KIND_INVALID_BYTES,
       "增\uFFFD\uFFFD就", "replaced bytes, with a character either side"},
      {"\uFFFD开头", v1::WARNING_KIND_INVALID_BYTES, "\uFFFD开",
       "at the start"},
      {"新增??就业", v1::WARNING_KIND_MOJIBAKE, "增??就",
       "question marks between Han"},
      {"新增?!就业", v1::WARNING_KIND_MOJIBAKE, "增?!就", "with '!' mixed in"},
      {"是什么？", v1::WARNING_KIND_UNSPECIFIED, "", "a real question"},
      {"是什么?”好", v1::WARNING_KIND_UNSPECIFIED, "", "before a quote"},
      {"abc?def", v1::WARNING_KIND_UNSPECIFIED, "", "between Latin letters"},
  };
  for (const Case& k : kCases) {
    SCOPED_TRACE(absl::StrCat(k.rule, ": ", k.text));
    std::vector<v1::Warning> warnings;
    normalize_internal::FlagDoubtfulSpans(k.text, &warnings);
    if (k.kind == v1::WARNING_KIND_UNSPECIFIED) {
      EXPECT_TRUE(warnings.empty());
      continue;
    }
    ASSERT_EQ(warnings.size(), 1u);
    EXPECT_EQ(warnings[0].kind(), k.kind);
    EXPECT_EQ(k.text.substr(warnings[0].begin(),
                            warnings[0].end() - warnings[0].begin()),
              k.span);
  }
}

}  // namespace
}  // namespace govreport
