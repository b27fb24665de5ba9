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

// Issue 15: a text overwhelmingly valid in one charset stays in it; its
// bad bytes become U+FFFD (the normalizer warns there).
TEST(DecodeTest, OneBadByteLeavesTheCharset) {
  const std::string text = ReadSample("licang.txt");
  const size_t middle = text.find('\n', text.size() / 2) + 1;
  struct Case {
    std::string name;
    std::string bytes;
    std::string charset;
  };
  const std::string gbk = Encode(text, "GBK");
  const std::string big5 = Encode(ToTraditional(text), "Big5");
  const Case kCases[] = {
      {"UTF-8, a truncated sequence appended", text + "\xE4\xB8", "UTF-8"},
      {"UTF-8, 0xFF in the middle",
       text.substr(0, middle) + "\xFF" + text.substr(middle), "UTF-8"},
      {"UTF-8, 0xFF inside a character",
       text.substr(0, middle + 1) + "\xFF" + text.substr(middle + 1), "UTF-8"},
      {"GB18030, 0xFF in the middle",
       gbk.substr(0, gbk.size() / 2) + "\xFF" + gbk.substr(gbk.size() / 2),
       "GB18030"},
      {"Big5, 0xFF in the middle",
       big5.substr(0, big5.size() / 2) + "\xFF" + big5.substr(big5.size() / 2),
       "Big5"},
      {"UTF-8, ten stray bytes",
       [&] {
         std::string damaged = text;
         for (int i = 1; i <= 10; ++i) {
           damaged.insert(damaged.find('\n', damaged.size() * i / 11) + 1,
                          "\x80");
         }
         return damaged;
       }(),
       "UTF-8"},
  };
  for (const Case& c : kCases) {
    SCOPED_TRACE(c.name);
    auto decoded = Decode(c.bytes, {});
    ASSERT_TRUE(decoded.ok()) << decoded.status();
    EXPECT_EQ(decoded->charset, c.charset);
    EXPECT_GE(decoded->replaced_sequences, 1);
    EXPECT_LE(decoded->replaced_sequences, 10);
    EXPECT_FALSE(decoded->charset_uncertain);
    EXPECT_NE(decoded->text.find("\xEF\xBF\xBD"), std::string::npos);
  }
  // The UTF-8 cases keep every character but the damaged one.
  auto appended = Decode(text + "\xE4\xB8", {});
  ASSERT_TRUE(appended.ok());
  EXPECT_EQ(appended->text, text + "\xEF\xBF\xBD");
}

// ASCII with one bad byte reads as well in every charset: UTF-8, marked
// uncertain.
TEST(DecodeTest, AsciiWithOneBadByteIsUncertainUtf8) {
  auto decoded = Decode("plain ascii text\xFF with one bad byte\n", {});
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(decoded->charset, "UTF-8");
  EXPECT_TRUE(decoded->charset_uncertain);
  EXPECT_EQ(decoded->replaced_sequences, 1);
}

// A refusal names a charset the client did not choose only with how it was
// chosen.
TEST(DecodeTest, RefusalExplainsTheCharset) {
  std::string random;
  uint32_t x = 99;
  for (int i = 0; i < 5000; ++i) {
    x = x * 1664525 + 1013904223;
    random.push_back(static_cast<char>(x >> 24));
  }
  auto detected = Decode(random, {});
  ASSERT_FALSE(detected.ok());
  EXPECT_NE(detected.status().message().find("detected"),
            absl::string_view::npos)
      << detected.status().message();
  auto hinted = Decode(random, {"big5"});
  ASSERT_FALSE(hinted.ok());
  EXPECT_NE(hinted.status().message().find("charset_hint"),
            absl::string_view::npos)
      << hinted.status().message();
}

// Characters are counted in blocks of bytes: a share of control
// characters spread over a long text counts as it does in a short one.
TEST(DecodeTest, ControlCharactersAreCountedOverLongTexts) {
  const auto text = [](int chinese, int control, int nuls) {
    std::string text;
    for (int i = 0; i < chinese; ++i) {
      text += "中";
      if (control > 0 && i % 37 == 0) {
        text += '\x01';
        --control;
      }
      if (nuls > 0 && i % 101 == 0) {
        text += '\0';
        --nuls;
      }
    }
    return text;
  };
  // 20 of 1020 characters (2%) are control characters: still text.
  absl::StatusOr<DecodedText> decoded = Decode(text(1000, 20, 0), {});
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  // 25 of 1025 are too many.
  decoded = Decode(text(1000, 25, 0), {});
  EXPECT_EQ(decoded.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(decoded.status().message().find("control characters"),
            absl::string_view::npos)
      << decoded.status().message();
  // Two NULs go, and count neither as characters nor as control ones.
  decoded = Decode(text(1000, 20, 2), {});
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(decoded->text, text(1000, 20, 0));
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
