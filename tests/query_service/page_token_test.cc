#include "query_service/page_token.h"

#include "govreport/v1/query.pb.h"
#include "gtest/gtest.h"

namespace govreport {
namespace {

// One key for the whole test, as one server has.
const PageTokenKey& Key() {
  static const PageTokenKey* key = new PageTokenKey(PageTokenKey::Random());
  return *key;
}

std::string Fingerprint(const std::string& district) {
  v1::CommitmentFilter filter;
  filter.add_districts(district);
  return RequestFingerprint(filter);
}

TEST(PageTokenTest, RoundTrips) {
  PageCursor cursor{3, std::string("key\0with\xff"
                                   "bytes",
                                   14)};
  std::string token = EncodePageToken(Key(), Fingerprint("李沧"), cursor);
  absl::StatusOr<PageCursor> decoded =
      DecodePageToken(Key(), token, Fingerprint("李沧"));
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(decoded->range, 3u);
  EXPECT_EQ(decoded->last_key, cursor.last_key);
}

TEST(PageTokenTest, IsUrlSafe) {
  std::string token =
      EncodePageToken(Key(), Fingerprint("a"), {1, "\xff\xfe\xfd"});
  EXPECT_EQ(token.find_first_of("+/= "), std::string::npos) << token;
}

TEST(PageTokenTest, RejectsAnotherFilter) {
  std::string token = EncodePageToken(Key(), Fingerprint("李沧"), {0, "k"});
  absl::StatusOr<PageCursor> decoded =
      DecodePageToken(Key(), token, Fingerprint("市南"));
  EXPECT_EQ(decoded.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(decoded.status().message().find("different filter"),
            absl::string_view::npos);
}

TEST(PageTokenTest, RejectsMalformedTruncatedAndAlteredTokens) {
  const std::string fp = Fingerprint("李沧");
  std::string token = EncodePageToken(Key(), fp, {2, "some-key"});
  EXPECT_FALSE(DecodePageToken(Key(), "", fp).ok());
  EXPECT_FALSE(DecodePageToken(Key(), "!!!", fp).ok());
  EXPECT_FALSE(
      DecodePageToken(Key(), token.substr(0, token.size() - 4), fp).ok());
  for (size_t i = 0; i < token.size(); ++i) {
    std::string altered = token;
    altered[i] = altered[i] == 'A' ? 'B' : 'A';
    EXPECT_FALSE(DecodePageToken(Key(), altered, fp).ok()) << "position " << i;
  }
}

TEST(PageTokenTest, FingerprintIgnoresNothingOfTheFilter) {
  v1::CommitmentFilter a, b;
  a.set_year_from(2023);
  b.set_year_from(2024);
  EXPECT_NE(RequestFingerprint(a), RequestFingerprint(b));
  EXPECT_EQ(RequestFingerprint(a), RequestFingerprint(a));
}

// A token signed with another key is refused: one made by an attacker who
// knows the format (and the filter's fingerprint) but not the secret,
// or one from a replica with another key.
TEST(PageTokenTest, OnlyTheSigningKeyDecodes) {
  const std::string fp = Fingerprint("李沧");
  const PageTokenKey other = PageTokenKey::Random();
  std::string forged = EncodePageToken(other, fp, {0, "370202"});
  EXPECT_EQ(DecodePageToken(Key(), forged, fp).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(DecodePageToken(other, forged, fp).ok());
  // A shared secret makes the same key in every replica.
  absl::StatusOr<PageTokenKey> a = PageTokenKey::FromSecret("0123456789abcdef");
  absl::StatusOr<PageTokenKey> b = PageTokenKey::FromSecret("0123456789abcdef");
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_TRUE(DecodePageToken(*b, EncodePageToken(*a, fp, {1, "k"}), fp).ok());
  EXPECT_EQ(PageTokenKey::FromSecret("short").status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace govreport
