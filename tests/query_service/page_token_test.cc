#include "query_service/page_token.h"

#include "govreport/v1/query.pb.h"
#include "gtest/gtest.h"

namespace govreport {
namespace {

std::string Fingerprint(const std::string& district) {
  v1::CommitmentFilter filter;
  filter.add_districts(district);
  return RequestFingerprint(filter);
}

TEST(PageTokenTest, RoundTrips) {
  PageCursor cursor{3, std::string("key\0with\xff"
                                   "bytes",
                                   14)};
  std::string token = EncodePageToken(Fingerprint("李沧"), cursor);
  absl::StatusOr<PageCursor> decoded =
      DecodePageToken(token, Fingerprint("李沧"));
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(decoded->range, 3u);
  EXPECT_EQ(decoded->last_key, cursor.last_key);
}

TEST(PageTokenTest, IsUrlSafe) {
  std::string token = EncodePageToken(Fingerprint("a"), {1, "\xff\xfe\xfd"});
  EXPECT_EQ(token.find_first_of("+/= "), std::string::npos) << token;
}

TEST(PageTokenTest, RejectsAnotherFilter) {
  std::string token = EncodePageToken(Fingerprint("李沧"), {0, "k"});
  absl::StatusOr<PageCursor> decoded =
      DecodePageToken(token, Fingerprint("市南"));
  EXPECT_EQ(decoded.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(decoded.status().message().find("different filter"),
            absl::string_view::npos);
}

TEST(PageTokenTest, RejectsMalformedTruncatedAndAlteredTokens) {
  const std::string fp = Fingerprint("李沧");
  std::string token = EncodePageToken(fp, {2, "some-key"});
  EXPECT_FALSE(DecodePageToken("", fp).ok());
  EXPECT_FALSE(DecodePageToken("!!!", fp).ok());
  EXPECT_FALSE(DecodePageToken(token.substr(0, token.size() - 4), fp).ok());
  for (size_t i = 0; i < token.size(); ++i) {
    std::string altered = token;
    altered[i] = altered[i] == 'A' ? 'B' : 'A';
    EXPECT_FALSE(DecodePageToken(altered, fp).ok()) << "position " << i;
  }
}

TEST(PageTokenTest, FingerprintIgnoresNothingOfTheFilter) {
  v1::CommitmentFilter a, b;
  a.set_year_from(2023);
  b.set_year_from(2024);
  EXPECT_NE(RequestFingerprint(a), RequestFingerprint(b));
  EXPECT_EQ(RequestFingerprint(a), RequestFingerprint(a));
}

}  // namespace
}  // namespace govreport
