#include "common/decode.h"

#include <unicode/translit.h>
#include <unicode/ucnv.h>
#include <unicode/unistr.h>

#include <fstream>
#include <sstream>

#include "gtest/gtest.h"
#include "tests/test_util.h"

namespace govreport {
namespace {

using ::govreport::testing::ReadSample;

// `utf8` encoded in `charset` with ICU, the way other tools would write it.
std::string Encode(const std::string& utf8, const char* charset) {
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(utf8);
  UErrorCode status = U_ZERO_ERROR;
  UConverter* converter = ucnv_open(charset, &status);
  EXPECT_TRUE(U_SUCCESS(status));
  std::string out(utf8.size() * 4 + 16, '\0');
  int32_t length =
      ucnv_fromUChars(converter, out.data(), static_cast<int32_t>(out.size()),
                      u.getBuffer(), u.length(), &status);
  ucnv_close(converter);
  EXPECT_TRUE(U_SUCCESS(status)) << u_errorName(status);
  out.resize(length);
  return out;
}

std::string ToTraditional(const std::string& utf8) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::Transliterator> t(icu::Transliterator::createInstance(
      "Simplified-Traditional", UTRANS_FORWARD, status));
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(utf8);
  t->transliterate(u);
  std::string out;
  u.toUTF8String(out);
  return out;
}

TEST(DecodeTest, Utf8WithAndWithoutBom) {
  const std::string text = ReadSample("licang.txt");
  auto plain = Decode(text, {});
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(plain->text, text);
  EXPECT_EQ(plain->charset, "UTF-8");
  auto bom = Decode("\xEF\xBB\xBF" + text, {});
  ASSERT_TRUE(bom.ok());
  EXPECT_EQ(bom->text, text);
}

TEST(DecodeTest, Utf16WithBom) {
  const std::string text = ReadSample("shinan.txt");
  auto le = Decode("\xFF\xFE" + Encode(text, "UTF-16LE"), {});
  ASSERT_TRUE(le.ok()) << le.status();
  EXPECT_EQ(le->charset, "UTF-16LE");
  EXPECT_EQ(le->text, text);
  auto be = Decode("\xFE\xFF" + Encode(text, "UTF-16BE"), {});
  ASSERT_TRUE(be.ok());
  EXPECT_EQ(be->charset, "UTF-16BE");
  EXPECT_EQ(be->text, text);
}

TEST(DecodeTest, DetectsGb18030AndBig5OfRealReports) {
  for (const char* name :
       {"licang.txt", "jinniu.txt", "qingyang.txt", "shinan.txt"}) {
    const std::string text = ReadSample(name);
    auto gbk = Decode(Encode(text, "GBK"), {});
    ASSERT_TRUE(gbk.ok()) << name;
    EXPECT_EQ(gbk->charset, "GB18030") << name;
    EXPECT_EQ(gbk->text, text) << name;
    EXPECT_EQ(gbk->replaced_sequences, 0);
    const std::string traditional = ToTraditional(text);
    auto big5 = Decode(Encode(traditional, "Big5"), {});
    ASSERT_TRUE(big5.ok()) << name;
    EXPECT_EQ(big5->charset, "Big5") << name;
  }
}

TEST(DecodeTest, HintWinsAndUnknownHintIsRefused) {
  const std::string text = ReadSample("licang.txt");
  auto hinted = Decode(Encode(text, "GBK"), {"gbk"});
  ASSERT_TRUE(hinted.ok());
  EXPECT_EQ(hinted->charset, "GB18030");
  EXPECT_EQ(hinted->text, text);
  auto unknown = Decode(text, {"klingon"});
  EXPECT_EQ(unknown.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(unknown.status().message().find("klingon"),
            absl::string_view::npos);
}

TEST(DecodeTest, InvalidSequencesAreReplacedAndCounted) {
  std::string gbk =
      Encode("新增城镇就业二万人，建设学校。推进托位建设。", "GBK");
  gbk.insert(6, "\xFF");
  auto decoded = Decode(gbk, {"GB18030"});
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(decoded->replaced_sequences, 1);
  EXPECT_NE(decoded->text.find("\xEF\xBF\xBD"), std::string::npos);
}

TEST(DecodeTest, NotTextIsRefusedWithAReason) {
  struct Case {
    std::string bytes;
    std::string reason;
  };
  std::string random;
  uint32_t x = 7;
  for (int i = 0; i < 5000; ++i) {
    x = x * 1664525 + 1013904223;
    random.push_back(static_cast<char>(x >> 24));
  }
  const Case kCases[] = {
      {"%PDF-1.7\n%\xE2\xE3\xCF\xD3", "PDF"},
      {std::string("\x89PNG\r\n\x1A\n\0\0", 10), "PNG"},
      {std::string("PK\x03\x04\x14\0", 6), "ZIP"},
      {std::string("\x1F\x8B\x08\0", 4), "gzip"},
      {"\xFF\xD8\xFF\xE0", "JPEG"},
      {random, "not text"},
      {std::string(100, '\0') + "abc", "not text"},
  };
  for (const Case& c : kCases) {
    auto decoded = Decode(c.bytes, {});
    EXPECT_EQ(decoded.status().code(), absl::StatusCode::kInvalidArgument)
        << c.reason;
    EXPECT_NE(decoded.status().message().find(c.reason),
              absl::string_view::npos)
        << decoded.status().message();
  }
  EXPECT_EQ(Decode("", {}).status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace govreport
