#include "common/report_id.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "common/hashing.h"
#include "gtest/gtest.h"

namespace govreport {
namespace {

TEST(ReportIdTest, ContentIdIsRAndSixteenHexDigitsOfTheTextDigest) {
  const std::string digest = Sha256Hex("新增城镇就业2.2万人");
  const std::string id = ContentReportId(digest);
  EXPECT_EQ(id, "r" + digest.substr(0, 16));
  EXPECT_TRUE(IsContentReportId(id));
}

TEST(ReportIdTest, ContentIdForm) {
  struct Case {
    std::string id;
    bool content;
    const char* why;
  };
  const Case kCases[] = {
      {"r0123456789abcdef", true, "r and 16 hex digits"},
      {"r0123456789ABCDEF", true, "capital hex digits too"},
      {"r0123456789abcde", false, "15 digits"},
      {"r0123456789abcdef0", false, "17 digits"},
      {"s0123456789abcdef", false, "another letter"},
      {"r0123456789abcdeg", false, "g is no hex digit"},
      {"370213-2024", false, "a client id"},
  };
  for (const Case& k : kCases) {
    SCOPED_TRACE(absl::StrCat(k.id, ": ", k.why));
    EXPECT_EQ(IsContentReportId(k.id), k.content);
  }
}

TEST(ReportIdTest, ClientIdsAreOneTo128SafeCharacters) {
  struct Case {
    std::string id;
    bool valid;
    const char* why;
  };
  const Case kCases[] = {
      {"370213-2024", true, "digits and a dash"},
      {"licang_2024.v2", true, "letters, '_' and '.'"},
      {std::string(128, 'a'), true, "128 characters"},
      {"", false, "empty"},
      {std::string(129, 'a'), false, "129 characters"},
      {"a/b", false, "a slash"},
      {"a b", false, "a space"},
      {"李沧", false, "non-ASCII"},
      {std::string("a\0b", 3), false, "a NUL, which keys could not hold"},
  };
  for (const Case& k : kCases) {
    SCOPED_TRACE(k.why);
    const absl::Status status = ValidateReportId(k.id, "client_id");
    EXPECT_EQ(status.ok(), k.valid) << status;
    if (!status.ok()) {
      EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
      EXPECT_NE(status.message().find("client_id"), std::string::npos);
    }
  }
}

}  // namespace
}  // namespace govreport
