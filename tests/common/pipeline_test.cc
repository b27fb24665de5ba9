#include "common/pipeline.h"

#include <unicode/translit.h>
#include <unicode/ucnv.h>
#include <unicode/unistr.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/hashing.h"
#include "common/report_id.h"
#include "gtest/gtest.h"
#include "tests/test_util.h"

namespace govreport {
namespace {

using ::govreport::testing::ReadSample;

std::string Transliterate(const std::string& utf8, const char* id) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::Transliterator> t(
      icu::Transliterator::createInstance(id, UTRANS_FORWARD, status));
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(utf8);
  t->transliterate(u);
  std::string out;
  u.toUTF8String(out);
  return out;
}

std::string Encode(const std::string& utf8, const char* charset) {
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(utf8);
  UErrorCode status = U_ZERO_ERROR;
  UConverter* converter = ucnv_open(charset, &status);
  std::string out(utf8.size() * 4 + 16, '\0');
  int32_t length =
      ucnv_fromUChars(converter, out.data(), static_cast<int32_t>(out.size()),
                      u.getBuffer(), u.length(), &status);
  ucnv_close(converter);
  out.resize(length);
  return out;
}

class PipelineTest : public ::testing::Test {
 protected:
  absl::StatusOr<Analysis> Analyze(const std::string& content,
                                   const std::string& file_name = "",
                                   int year_hint = 0) {
    v1::RawReport raw;
    raw.set_content(content);
    raw.set_file_name(file_name);
    raw.set_year_hint(year_hint);
    return pipeline_->Analyze(raw);
  }

  // value/unit pairs of every quantity, in order.
  static std::vector<std::pair<double, std::string>> Figures(
      const Analysis& a) {
    std::vector<std::pair<double, std::string>> out;
    for (const auto& c : a.commitments()) {
      for (const auto& q : c.quantities())
        out.emplace_back(q.value(), q.unit());
    }
    return out;
  }

  std::unique_ptr<Pipeline> pipeline_ = *Pipeline::Create();
};

TEST_F(PipelineTest, IdsDistrictYearAndCounts) {
  auto a = Analyze("李沧区2024年政府工作报告\n" + ReadSample("licang.txt"),
                   "licang-2019.txt");
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ(a->report().id().size(), 17u);
  EXPECT_EQ(a->report().id()[0], 'r');
  EXPECT_EQ(a->report().district().name(), "李沧区");
  EXPECT_EQ(a->report().year(), 2024);  // the title, never the file name
  EXPECT_EQ(a->report().commitment_count(), a->commitments().size());
  for (int i = 0; i < a->commitments().size(); ++i) {
    EXPECT_EQ(a->commitments()[i].id(),
              a->report().id() + "/" + std::to_string(i));
    EXPECT_EQ(a->commitments()[i].district().code(), "370213");
    EXPECT_EQ(a->commitments()[i].year(), 2024);
  }
}

// The digests are of the bytes received and of the normalized text, also
// when normalizing changed nothing and the text's digest is the content's
// (a clean UTF-8 report) and when it changed them (a stray space, a web
// page's markup).
TEST_F(PipelineTest, DigestsAreOfTheContentAndOfTheText) {
  const std::pair<std::string, bool> contents_and_unchanged[] = {
      {"二、重点工作\n新增城镇就业1万人。", true},
      {"二、重点工作\n新增城镇就业1万人。  \n", false},
      {"<html><body><p>二、重点工作</p><p>新增城镇就业1万人。</p></body>"
       "</html>",
       false}};
  for (const auto& [content, unchanged] : contents_and_unchanged) {
    absl::StatusOr<Analysis> a = Analyze(content, "", 2024);
    ASSERT_TRUE(a.ok()) << a.status();
    EXPECT_EQ(a->report().text() == content, unchanged) << a->report().text();
    EXPECT_EQ(a->report().content_sha256(), Sha256Hex(content));
    EXPECT_EQ(a->report().text_sha256(), Sha256Hex(a->report().text()));
  }
}

TEST_F(PipelineTest, SameFiguresWhateverTheEncodingAndScript) {
  const std::string text = ReadSample("shinan.txt");
  auto utf8 = Analyze(text);
  ASSERT_TRUE(utf8.ok());
  auto gbk = Analyze(Encode(text, "GBK"));
  ASSERT_TRUE(gbk.ok());
  EXPECT_EQ(gbk->report().charset(), "GB18030");
  EXPECT_EQ(Figures(*gbk), Figures(*utf8));
  // One report, whatever its bytes: the id follows the normalized text; the
  // raw bytes' hash stays for provenance.
  EXPECT_EQ(gbk->report().id(), utf8->report().id());
  EXPECT_EQ(gbk->report().text_sha256(), utf8->report().text_sha256());
  EXPECT_NE(gbk->report().content_sha256(), utf8->report().content_sha256());
  std::string crlf;
  for (char c : text) {
    if (c == '\n') crlf += '\r';
    crlf += c;
  }
  EXPECT_EQ(Analyze("\xEF\xBB\xBF" + crlf)->report().id(), utf8->report().id());
  auto big5 =
      Analyze(Encode(Transliterate(text, "Simplified-Traditional"), "Big5"));
  ASSERT_TRUE(big5.ok()) << big5.status();
  EXPECT_EQ(big5->report().charset(), "Big5");
  EXPECT_TRUE(big5->report().converted_from_traditional());
  EXPECT_EQ(Figures(*big5), Figures(*utf8));
  EXPECT_EQ(big5->report().district().name(), "市南区");
}

TEST_F(PipelineTest, UnknownDistrictAndYearAreWarningsNotErrors) {
  auto a = Analyze("新增就业1000人。推进学校建设。");
  ASSERT_TRUE(a.ok());
  EXPECT_TRUE(a->report().district().code().empty());
  EXPECT_EQ(a->report().year(), 0);
  std::vector<v1::WarningKind> kinds;
  for (const auto& w : a->report().warnings()) kinds.push_back(w.kind());
  EXPECT_NE(
      std::find(kinds.begin(), kinds.end(), v1::WARNING_KIND_DISTRICT_UNKNOWN),
      kinds.end());
  EXPECT_NE(
      std::find(kinds.begin(), kinds.end(), v1::WARNING_KIND_YEAR_UNKNOWN),
      kinds.end());
}

// A scanned PDF's text layer, or a cover page: nothing but the title once
// the page furniture is gone. Refused, with what to do about it.
TEST_F(PipelineTest, ATitleAloneIsRefused) {
  for (const char* content : {
           "李沧区2024年政府工作报告",
           "李沧区2024年政府工作报告\n\n— 1 —\n\f李沧区2024年政府工作报告\n\n"
           "- 2 -\n\f李沧区2024年政府工作报告\n\n第3页\n",
           "李沧区2024年政府工作报告\nLǐcāng Qū 2024 Nián Zhèngfǔ Gōngzuò "
           "Bàogào\n",
       }) {
    SCOPED_TRACE(content);
    absl::StatusOr<Analysis> a = Analyze(content);
    EXPECT_EQ(a.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_NE(a.status().message().find("besides its title"), std::string::npos)
        << a.status();
  }
  // Anything more is a report, if a short one.
  for (const char* content :
       {"李沧区2024年政府工作报告\n新增就业1000人。",
        "李沧区2024年政府工作报告：新增就业1000人。", "新增就业1000人"}) {
    SCOPED_TRACE(content);
    EXPECT_TRUE(Analyze(content).ok());
  }
}

// A city's report names its counties in passing: filed under the city,
// with no county, and its commitments carry the level.
TEST_F(PipelineTest, ACityReportIsNoCountys) {
  auto a = Analyze(
      "三亚市政府工作报告\n——2023年1月7日在三亚市第八届人民代表大会第四次会"
      "议上\n各位代表：\n现在，我代表市人民政府向大会报告工作。\n一、2022年工"
      "作回顾\n海南自贸港建设加快，崖州区、吉阳区新增就业1.2万人。");
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ(a->report().level(), v1::REPORT_LEVEL_CITY);
  EXPECT_TRUE(a->report().district().name().empty());
  EXPECT_EQ(a->report().district().city(), "三亚市");
  EXPECT_EQ(a->report().district().province(), "海南省");
  EXPECT_EQ(a->report().year(), 2023);
  ASSERT_FALSE(a->commitments().empty());
  for (const auto& c : a->commitments()) {
    EXPECT_EQ(c.level(), v1::REPORT_LEVEL_CITY);
    EXPECT_EQ(c.district().city(), "三亚市");
  }
  bool district_warning = false;
  for (const auto& w : a->report().warnings()) {
    district_warning |= w.kind() == v1::WARNING_KIND_DISTRICT_UNKNOWN;
  }
  EXPECT_FALSE(district_warning);
}

// A failed scrape: the portal's menus, a publication stamp and links, no
// report. Refused like a title alone, never two "commitments" of menu text.
TEST_F(PipelineTest, AWebPageWithoutAReportBodyIsRefused) {
  for (const char* content : {
           "首页\n新闻中心\n政务公开\n当前位置：首页 > 工作报告\n时间：2022-12-"
           "01 作者：中国县域 来源：政府官网\n2020年涞源县政府工作报告\n分享到"
           "：\n上一篇：\n2020年文安县政府工作报告\n",
           "<html><body><div>首页 | 政务公开 | "
           "工作报告</div><div>2024年李沧区政"
           "府工作报告</div><div>版权所有 © 2024</div></body></html>",
       }) {
    SCOPED_TRACE(content);
    absl::StatusOr<Analysis> a = Analyze(content);
    EXPECT_EQ(a.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_NE(a.status().message().find("without a report body"),
              std::string::npos)
        << a.status();
  }
  // A page holding a report is read.
  EXPECT_TRUE(
      Analyze("当前位置：首页 > 工作报告\n2020年涞源县政府工作报告\n新增"
              "就业1000人。\n【打印本页】\n")
          .ok());
}

TEST_F(PipelineTest, NonStatutoryUnitsKeepTheirNameWithoutACode) {
  auto a = Analyze("大鹏新区2024年政府工作报告\n新增就业1000人。");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->report().district().name(), "大鹏新区");
  EXPECT_TRUE(a->report().district().code().empty());
  EXPECT_EQ(a->report().year(), 2024);
}

TEST_F(PipelineTest, HintsWinAndBadHintsAreRefused) {
  v1::RawReport raw;
  raw.set_content(ReadSample("licang.txt"));
  raw.set_district_hint("370202");
  raw.set_year_hint(2023);
  raw.set_client_id("my-report.v2");
  auto a = pipeline_->Analyze(raw);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->report().district().name(), "市南区");
  EXPECT_EQ(a->report().year(), 2023);
  EXPECT_EQ(a->report().id(), "my-report.v2");
  // The evidence says the hints decided.
  int hinted = 0;
  for (const v1::IdentityEvidence& e : a->report().identity_evidence()) {
    EXPECT_EQ(e.cue(), "hint") << e.field();
    ++hinted;
  }
  EXPECT_EQ(hinted, 3);
  raw.set_client_id(std::string(200, 'a'));
  EXPECT_EQ(pipeline_->Analyze(raw).status().code(),
            absl::StatusCode::kInvalidArgument);
  // Content ids are no client's: another report's cannot be taken over.
  raw.set_client_id(ContentReportId(Sha256Hex("another report")));
  EXPECT_EQ(pipeline_->Analyze(raw).status().code(),
            absl::StatusCode::kInvalidArgument);
  raw.set_client_id("r0123456789abcdef0");  // one digit more: a client's
  EXPECT_TRUE(pipeline_->Analyze(raw).ok());
}

TEST_F(PipelineTest, CommitmentsTouchingMojibakeAreLowConfidence) {
  auto a =
      Analyze("新增城镇就业2.2万人,更智能?!绑w衛融合项目3个。推进学校建设5所。",
              "", 2024);
  ASSERT_TRUE(a.ok());
  bool flagged = false, clean = false;
  for (const auto& c : a->commitments()) {
    if (c.sentence().find("?") != std::string::npos)
      flagged |= c.low_confidence();
    if (c.text().find("学校") != std::string::npos)
      clean |= !c.low_confidence();
  }
  EXPECT_TRUE(flagged);
  EXPECT_TRUE(clean);
}

// Invariants over the 108 real reports of tests/data/wild, as collected
// (any charset, portal pages, truncated files): every commitment's span
// lies in the text and holds its clause, the clause lies in its sentence,
// and every figure's span holds its raw text. A range split across list
// pieces once made a clause run on to the end of the report.
TEST_F(PipelineTest, CommitmentsStayInTheirSentencesOnRealReports) {
  const std::filesystem::path dir =
      std::filesystem::path(GOVREPORT_TEST_DATA_DIR) / "wild" / "reports";
  int reports = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    absl::StatusOr<Analysis> a =
        Analyze(buffer.str(), entry.path().filename().string());
    if (!a.ok()) continue;  // a file the decoder refuses, with a reason
    ++reports;
    const std::string& text = a->report().text();
    for (const v1::Commitment& c : a->commitments()) {
      SCOPED_TRACE(entry.path().filename().string() + " " + c.id());
      ASSERT_LE(0, c.begin());
      ASSERT_LE(c.begin(), c.end());
      ASSERT_LE(c.end(), static_cast<int>(text.size()));
      EXPECT_FALSE(c.text().empty());
      EXPECT_NE(text.substr(c.begin(), c.end() - c.begin()).find(c.text()),
                std::string::npos);
      EXPECT_NE(c.sentence().find(c.text()), std::string::npos);
      for (const v1::Quantity& q : c.quantities()) {
        ASSERT_LE(q.end(), static_cast<int>(text.size()));
        EXPECT_EQ(text.substr(q.begin(), q.end() - q.begin()), q.raw());
      }
    }
  }
  EXPECT_GE(reports, 100);
}

}  // namespace
}  // namespace govreport
