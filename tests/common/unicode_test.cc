#include "common/unicode.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <cstdint>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "gtest/gtest.h"

namespace govreport {
namespace {

constexpr uint32_t kMaxCodePoint = 0x10FFFF;

std::string Hex(uint32_t c) { return absl::StrFormat("U+%04X", c); }

TEST(UnicodeTest, HanIdeographs) {
  struct Case {
    uint32_t c;
    bool han;
    const char* why;
  };
  const Case kCases[] = {
      {0x4E00, true, "一, first of the CJK Unified Ideographs"},
      {0x9FFF, true, "last of the block"},
      {0x3400, true, "Extension A"},
      {0x20000, true, "Extension B"},
      {0x30000, true, "Extension G"},
      {0xFA0E, true, "a unified ideograph in the compatibility block"},
      {0xF900, false, "a compatibility ideograph (NFC makes it 豈)"},
      {0x3007, false, "〇 is a number, no ideograph"},
      {0x3005, false, "々 is an iteration mark"},
      {0x2E80, false, "a radical"},
      {0x3002, false, "。"},
      {'A', false, "ASCII"},
      {0x110000, false, "no code point"},
  };
  for (const Case& k : kCases) {
    SCOPED_TRACE(absl::StrCat(Hex(k.c), ": ", k.why));
    EXPECT_EQ(IsHanIdeograph(k.c), k.han);
  }
}

// The inline fast path agrees with ICU everywhere.
TEST(UnicodeTest, HanIdeographIsIcusUnifiedIdeographEverywhere) {
  for (uint32_t c = 0; c <= kMaxCodePoint; ++c) {
    ASSERT_EQ(IsHanIdeograph(c),
              u_hasBinaryProperty(static_cast<UChar32>(c),
                                  UCHAR_UNIFIED_IDEOGRAPH) != 0)
        << Hex(c);
  }
}

TEST(UnicodeTest, FullWidthFormsFoldToAscii) {
  struct Case {
    uint32_t c;
    uint32_t folded;
    const char* why;
  };
  const Case kCases[] = {
      {0xFF11, '1', "full-width digit"},
      {0xFF21, 'A', "full-width capital"},
      {0xFF41, 'a', "full-width small letter"},
      {0xFF05, '%', "full-width percent"},
      {0xFF0C, ',', "full-width comma (Normalize keeps it)"},
      {0xFF01, '!', "first of the ASCII forms"},
      {0xFF5E, '~', "last of the ASCII forms"},
      {0x3000, ' ', "ideographic space"},
      {0xFF5F, 0xFF5F, "⦅ folds to no ASCII character"},
      {0xFFE5, 0xFFE5, "￥ folds to ¥, no ASCII character"},
      {0xFF71, 0xFF71, "half-width katakana stay"},
      {0x4E00, 0x4E00, "Han"},
      {0x3002, 0x3002, "。 has no full-width form"},
      {'1', '1', "ASCII"},
  };
  for (const Case& k : kCases) {
    SCOPED_TRACE(absl::StrCat(Hex(k.c), ": ", k.why));
    EXPECT_EQ(FoldFullWidth(k.c), k.folded) << Hex(FoldFullWidth(k.c));
  }
}

// The fold is NFKC's wherever NFKC turns a <wide> character into one ASCII
// character, and the identity elsewhere.
TEST(UnicodeTest, FullWidthFoldIsNfkcEverywhere) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(status);
  ASSERT_TRUE(U_SUCCESS(status));
  for (uint32_t c = 0; c <= kMaxCodePoint; ++c) {
    uint32_t expected = c;
    if (u_getIntPropertyValue(static_cast<UChar32>(c),
                              UCHAR_DECOMPOSITION_TYPE) == U_DT_WIDE) {
      const icu::UnicodeString folded =
          nfkc->normalize(icu::UnicodeString(static_cast<UChar32>(c)), status);
      ASSERT_TRUE(U_SUCCESS(status)) << Hex(c);
      if (folded.length() == 1 && folded.charAt(0) < 0x80) {
        expected = folded.charAt(0);
      }
    }
    ASSERT_EQ(FoldFullWidth(c), expected) << Hex(c);
  }
}

}  // namespace
}  // namespace govreport
