#include "common/normalize.h"

#include <fstream>
#include <sstream>

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
  const std::string clean = "新增城镇就业2.2万人，建成4所学校。\n推进“无废城市”建设；完成100%。";
  NormalizedText out = Run(clean);
  EXPECT_EQ(out.text, clean);
  EXPECT_TRUE(out.warnings.empty());
  EXPECT_FALSE(out.converted_from_traditional);
}

TEST_F(NormalizeTest, TraditionalIsConvertedWithExceptions) {
  NormalizedText out = Run("積極推進產業發展，著力建設區域經濟。乾隆年間的瞭望塔，開展巡察工作。");
  EXPECT_TRUE(out.converted_from_traditional);
  EXPECT_TRUE(HasWarning(out, v1::WARNING_KIND_TRADITIONAL_CONVERTED));
  EXPECT_NE(out.text.find("积极推进产业发展"), std::string::npos) << out.text;
  EXPECT_NE(out.text.find("着力建设区域经济"), std::string::npos) << out.text;
  EXPECT_NE(out.text.find("乾隆"), std::string::npos) << out.text;
  EXPECT_NE(out.text.find("瞭望"), std::string::npos) << out.text;
  EXPECT_NE(out.text.find("巡察"), std::string::npos) << out.text;
}

TEST_F(NormalizeTest, PinyinAnnotationsAfterCharactersGo) {
  NormalizedText out = Run("萊山區(qū)人民政府推進產(chǎn)業(yè)發展，提高質(zhì)量。（一）建设(山东省)示范(间)");
  EXPECT_TRUE(HasWarning(out, v1::WARNING_KIND_PINYIN_REMOVED));
  EXPECT_NE(out.text.find("莱山区人民政府推进产业发展"), std::string::npos) << out.text;
  EXPECT_NE(out.text.find("提高质量"), std::string::npos) << out.text;
  EXPECT_NE(out.text.find("（一）"), std::string::npos);
  EXPECT_NE(out.text.find("(山东省)"), std::string::npos);
  EXPECT_NE(out.text.find("(间)"), std::string::npos);
}

TEST_F(NormalizeTest, FullWidthFormsFoldButChinesePunctuationStays) {
  NormalizedText out = Run("完成１００％，建设ＡＢＣ园区；加强“管理”：推进（一）。");
  EXPECT_EQ(out.text, "完成100%，建设ABC园区；加强“管理”：推进（一）。");
}

TEST_F(NormalizeTest, PdfDebrisIsRepaired) {
  NormalizedText out = Run(
      "\u3000\u3000全面执行绿色建筑 标准,建成绿色建筑 109.4 万平米。鼓励企业开展技术改造和绿\n"
      "色低碳技术创新,打造“K- 15”品牌,引进 Open Source 项目。\n"
      "一、坚定不移增进民生福祉\n"
      "新增就业1.6万人。");
  EXPECT_TRUE(HasWarning(out, v1::WARNING_KIND_PDF_DEBRIS_REPAIRED));
  EXPECT_EQ(out.text,
            "全面执行绿色建筑标准,建成绿色建筑109.4万平米。鼓励企业开展技术改造和"
            "绿色低碳技术创新,打造“K-15”品牌,引进 Open Source 项目。\n"
            "一、坚定不移增进民生福祉\n"
            "新增就业1.6万人。");
}

TEST_F(NormalizeTest, MojibakeSpansAreFlaggedNotRewritten) {
  const std::string damaged = "一里見山?!憋L光，被國家發改委??茝V，更智能?!绑w衛融合。你好吗?\n";
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

}  // namespace
}  // namespace govreport
