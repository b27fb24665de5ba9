#include "common/utf8.h"

#include "gtest/gtest.h"

namespace govreport {
namespace {

TEST(Utf8Test, AcceptsWellFormedText) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("abc"));
  EXPECT_TRUE(IsValidUtf8("李沧区 2.2万人"));
  EXPECT_TRUE(IsValidUtf8("\xF0\x9F\x98\x80"));  // U+1F600
}

TEST(Utf8Test, RejectsMalformedText) {
  EXPECT_FALSE(IsValidUtf8("\xff"));
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xE6\x9D"));          // truncated
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));      // surrogate
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // past U+10FFFF
  EXPECT_FALSE(IsValidUtf8("a\x80z"));
}

TEST(Utf8Test, CountsAndAdvancesByCharacter) {
  EXPECT_EQ(Utf8Length("李沧a"), 3u);
  EXPECT_EQ(Utf8Advance("李沧a", 0, 2), 6u);
  EXPECT_EQ(Utf8Advance("李沧a", 0, 9), 7u);
}

}  // namespace
}  // namespace govreport
