// The pipeline on damaged copies of a sample report, committed under
// tests/data/damaged/ (tests/data/damaged/make_fixtures.py records how they
// were made; the test reads the committed bytes, so they never drift). A
// copy in another charset, script or wrapping must give what the clean UTF-8
// sample gives, and no commitment may carry the damage (page numbers, form
// feeds, pinyin); content that is no report must fail with a clear status,
// and never crash.

#include <algorithm>
#include <fstream>
#include <ostream>
#include <regex>
#include <sstream>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "common/pipeline.h"
#include "common/utf8.h"
#include "gtest/gtest.h"
#include "tests/test_util.h"

namespace govreport {
namespace {

using ::govreport::testing::ReadSample;

// What make_fixtures.py puts before tests/data/reports/licang.txt (keep the
// two in step): the sample is an excerpt without a title, and the title and
// occasion line give every fixture a year to find.
constexpr char kTitleBlock[] =
    "李沧区2024年政府工作报告\n"
    "——2024年1月10日在青岛市李沧区第十八届人民代表大会第三次会议上\n"
    "\n";
constexpr char kSample[] = "licang.txt";
constexpr char kDistrict[] = "李沧区";
constexpr int kYear = 2024;

enum class Expect {
  // District, year and every quantity (metric phrase, value, unit, in text
  // order) exactly as in the clean sample.
  kSameQuantities,
  // Refused with InvalidArgument and a message.
  kInvalidArgument,
};

struct Fixture {
  // Test name suffix.
  const char* name;
  // File under tests/data/damaged/.
  const char* file;
  Expect expect;
  // Report.charset after decoding; empty to not check.
  const char* charset = "";
  bool converted_from_traditional = false;
  // A warning the repair must leave; UNSPECIFIED for none.
  v1::WarningKind warning = v1::WARNING_KIND_UNSPECIFIED;
  // Text the normalized report (for kInvalidArgument: the status message)
  // must hold, and text the report must not hold; empty to skip.
  const char* present = "";
  const char* absent = "";
};

const Fixture kFixtures[] = {
    // The byline has 王㛃, outside GBK (four bytes in GB18030): it survives
    // only if the file is decoded as GB18030 proper.
    {"Gb18030", "licang.gb18030.txt", Expect::kSameQuantities, "GB18030", false,
     v1::WARNING_KIND_UNSPECIFIED, "王㛃"},
    // GBK as Windows Notepad saves it, CRLF line ends. GBK is a subset of
    // GB18030, so the decoder names it GB18030.
    {"GbkCrlf", "licang.gbk_crlf.txt", Expect::kSameQuantities, "GB18030",
     false, v1::WARNING_KIND_UNSPECIFIED, "", "\r"},
    {"Utf8Bom", "licang.utf8_bom.txt", Expect::kSameQuantities, "UTF-8", false,
     v1::WARNING_KIND_UNSPECIFIED, "", "\xEF\xBB\xBF"},
    {"Utf16LeBom", "licang.utf16le_bom.txt", Expect::kSameQuantities,
     "UTF-16LE", false, v1::WARNING_KIND_UNSPECIFIED, "", "\xEF\xBB\xBF"},
    {"Utf16BeBom", "licang.utf16be_bom.txt", Expect::kSameQuantities,
     "UTF-16BE", false, v1::WARNING_KIND_UNSPECIFIED, "", "\xEF\xBB\xBF"},
    // Traditional as Taiwan writes it (OpenCC s2tw), the only kind Big5
    // can hold.
    {"TraditionalBig5", "licang.traditional.big5.txt", Expect::kSameQuantities,
     "Big5", true, v1::WARNING_KIND_TRADITIONAL_CONVERTED, "数字李沧", "滄"},
    // OpenCC's own traditional standard (羣衆, 啓, 爲): variants ICU must
    // also map back.
    {"TraditionalUtf8", "licang.traditional.utf8.txt", Expect::kSameQuantities,
     "UTF-8", true, v1::WARNING_KIND_TRADITIONAL_CONVERTED, "群众", "羣"},
    // Parenthesised pinyin inside metric phrases ("婴(yīng)幼儿托位"), pinyin
    // lines and Latin page headers between paragraphs. The annotations must
    // go for the metric phrases to match, and the lines must go rather than
    // be glued to the next paragraph's first clause.
    {"Pinyin", "licang.pinyin.txt", Expect::kSameQuantities, "UTF-8", false,
     v1::WARNING_KIND_PINYIN_REMOVED, "婴幼儿托位440个", "Qiánghuà"},
    // pdftotext-like output: lines hard-broken every 38 characters (inside
    // numbers too: "２." / "２万人", "４" / "４０个"), full-width digits, a
    // space between every character in some paragraphs, and at each page
    // break a page number ("— 3 —", "- 12 -"), a form feed and the running
    // header, also mid-sentence: "开展“体" / page furniture / "育大篷车进
    // 社区”…100场次" must be one sentence again.
    {"PdfDebris", "licang.pdf_debris.txt", Expect::kSameQuantities, "UTF-8",
     false, v1::WARNING_KIND_PDF_DEBRIS_REPAIRED, "开展“体育大篷车进社区”",
     "\f"},
    // A saved web page: navigation, breadcrumb, script and style, &nbsp;
    // indents, &ldquo; quotes, share bar, pager, links to other districts
    // and the footer. The script's text must not reach the report.
    {"WebPage", "licang.web.html", Expect::kSameQuantities, "UTF-8", false,
     v1::WARNING_KIND_MARKUP_REMOVED, "“创业有李”", "新增访问量"},
    // Title, running headers and page numbers, no report text: once the
    // page furniture is gone only the title is left, which is refused.
    {"FurnitureOnly", "furniture_only.txt", Expect::kInvalidArgument, "", false,
     v1::WARNING_KIND_UNSPECIFIED, "besides its title"},
    // 4 KiB of seeded random bytes: not text in any charset.
    {"RandomBytes", "random.bin", Expect::kInvalidArgument},
};

// Names a failing row by its file rather than gtest's byte dump.
void PrintTo(const Fixture& f, std::ostream* os) { *os << f.file; }

std::string ReadDamaged(const std::string& name) {
  std::ifstream in(std::string(GOVREPORT_TEST_DATA_DIR) + "/damaged/" + name,
                   std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// A quantity as the brief compares it: metric phrase, value, unit.
using Figure = std::tuple<std::string, double, std::string>;

std::vector<Figure> Figures(const Analysis& analysis) {
  std::vector<Figure> out;
  for (const v1::Commitment& c : analysis.commitments()) {
    for (const v1::Quantity& q : c.quantities()) {
      out.emplace_back(q.metric(), q.value(), q.unit());
    }
  }
  return out;
}

// What debris of a damaged copy `text` holds, e.g. "a page number"; empty
// when none. The clean sample holds no four-letter Latin word, no number
// between dashes and no fraction.
std::string DebrisIn(const std::string& text) {
  static const std::regex kPageNumber(
      "(—|-|第) ?[0-9]+ ?(—|-|页)|[0-9]+ ?/ ?[0-9]+|[Pp]age");
  static const std::regex kLatinWord("[A-Za-z]{4,}");
  if (text.find('\f') != std::string::npos) return "a form feed";
  if (std::regex_search(text, kPageNumber)) return "a page number";
  if (std::regex_search(text, kLatinWord)) return "a Latin word";
  for (size_t i = 0; i < text.size();) {
    size_t length = 0;
    uint32_t c = DecodeUtf8At(text, i, &length);
    if (c >= 0xC0 && c <= 0x24F) return "a pinyin letter";
    i += length;
  }
  // A running header glued to report text stands after some of it.
  const std::string title(kTitleBlock,
                          std::string_view(kTitleBlock).find('\n'));
  const size_t header = text.find(title);
  if (header != std::string::npos && header > 0) return "the running header";
  return "";
}

class DamagedFixturesTest : public ::testing::TestWithParam<Fixture> {
 protected:
  static void SetUpTestSuite() {
    auto pipeline = Pipeline::Create();
    ASSERT_TRUE(pipeline.ok()) << pipeline.status();
    pipeline_ = std::move(pipeline).value().release();
    v1::RawReport raw;
    raw.set_content(kTitleBlock + ReadSample(kSample));
    auto clean = pipeline_->Analyze(raw);
    ASSERT_TRUE(clean.ok()) << clean.status();
    clean_ = new Analysis(*std::move(clean));
  }

  static void TearDownTestSuite() {
    delete clean_;
    delete pipeline_;
  }

  static const Pipeline* pipeline_;
  // The clean UTF-8 sample with the same title block: the reference.
  static const Analysis* clean_;
};

const Pipeline* DamagedFixturesTest::pipeline_ = nullptr;
const Analysis* DamagedFixturesTest::clean_ = nullptr;

TEST_P(DamagedFixturesTest, GivesWhatTheCleanSampleGives) {
  const Fixture& f = GetParam();
  ASSERT_NE(clean_, nullptr);
  // The reference itself must be worth comparing against.
  ASSERT_EQ(clean_->report().district().name(), kDistrict);
  ASSERT_EQ(clean_->report().year(), kYear);
  const std::vector<Figure> clean_figures = Figures(*clean_);
  ASSERT_GE(clean_figures.size(), 15u);
  for (const v1::Commitment& c : clean_->commitments()) {
    ASSERT_EQ(DebrisIn(c.text()), "") << c.text();
  }

  v1::RawReport raw;
  raw.set_content(ReadDamaged(f.file));
  raw.set_file_name(f.file);
  ASSERT_FALSE(raw.content().empty()) << "missing fixture " << f.file;
  absl::StatusOr<Analysis> a = pipeline_->Analyze(raw);

  if (f.expect == Expect::kInvalidArgument) {
    EXPECT_EQ(a.status().code(), absl::StatusCode::kInvalidArgument)
        << a.status();
    EXPECT_FALSE(a.status().message().empty());
    EXPECT_NE(a.status().message().find(f.present), std::string::npos)
        << a.status();
    return;
  }
  ASSERT_TRUE(a.ok()) << a.status();
  const v1::Report& report = a->report();
  EXPECT_EQ(report.district().name(), clean_->report().district().name());
  EXPECT_EQ(report.district().code(), clean_->report().district().code());
  EXPECT_EQ(report.year(), clean_->report().year());
  EXPECT_EQ(Figures(*a), clean_figures);
  for (const v1::Commitment& c : a->commitments()) {
    EXPECT_EQ(DebrisIn(c.text()), "") << c.text();
  }

  if (*f.charset != '\0') {
    EXPECT_EQ(report.charset(), f.charset);
  }
  EXPECT_EQ(report.converted_from_traditional(), f.converted_from_traditional);
  std::vector<v1::WarningKind> kinds;
  for (const v1::Warning& w : report.warnings()) kinds.push_back(w.kind());
  if (f.warning != v1::WARNING_KIND_UNSPECIFIED) {
    EXPECT_NE(std::find(kinds.begin(), kinds.end(), f.warning), kinds.end())
        << v1::WarningKind_Name(f.warning);
  }
  // Charset detection was sure and no byte was lost on the way.
  for (v1::WarningKind doubt :
       {v1::WARNING_KIND_INVALID_BYTES, v1::WARNING_KIND_MOJIBAKE,
        v1::WARNING_KIND_CHARSET_UNCERTAIN}) {
    EXPECT_EQ(std::find(kinds.begin(), kinds.end(), doubt), kinds.end())
        << v1::WarningKind_Name(doubt);
  }
  if (*f.present != '\0') {
    EXPECT_NE(report.text().find(f.present), std::string::npos) << f.present;
  }
  if (*f.absent != '\0') {
    EXPECT_EQ(report.text().find(f.absent), std::string::npos) << f.absent;
  }
  for (const v1::Commitment& c : a->commitments()) {
    EXPECT_FALSE(c.low_confidence()) << c.text();
  }
}

INSTANTIATE_TEST_SUITE_P(Fixtures, DamagedFixturesTest,
                         ::testing::ValuesIn(kFixtures),
                         [](const ::testing::TestParamInfo<Fixture>& info) {
                           return std::string(info.param.name);
                         });

}  // namespace
}  // namespace govreport
