#include "query_service/page_request.h"

#include "absl/status/status.h"
#include "govreport/v1/query.pb.h"
#include "gtest/gtest.h"

namespace govreport {
namespace {

TEST(PageRequestTest, FingerprintIgnoresPagingAndSequenceOnly) {
  v1::ListReportsRequest request;
  request.add_districts("李沧区");
  const std::string base = PagedRequestFingerprint(request);
  v1::ListReportsRequest paged = request;
  paged.set_page_size(7);
  paged.set_page_token("token");
  paged.set_min_sequence_number(42);
  EXPECT_EQ(PagedRequestFingerprint(paged), base);
  v1::ListReportsRequest other = request;
  other.set_year_from(2023);
  EXPECT_NE(PagedRequestFingerprint(other), base);
}

TEST(PageRequestTest, NoTokenStartsAtTheBeginning) {
  const PageTokenKey key = PageTokenKey::Random();
  absl::StatusOr<PageRequest> page = ReadPageRequest(20, "", "fp", key, 3);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->size, 20);
  EXPECT_EQ(page->cursor.range, 0u);
  EXPECT_EQ(page->cursor.last_key, "");
}

TEST(PageRequestTest, NextPageTokenLeadsToTheCursor) {
  const PageTokenKey key = PageTokenKey::Random();
  absl::StatusOr<PageRequest> first = ReadPageRequest(20, "", "fp", key, 3);
  ASSERT_TRUE(first.ok());
  const std::string token = first->NextPageToken(key, PageCursor{2, "k"});
  absl::StatusOr<PageRequest> second = ReadPageRequest(20, token, "fp", key, 3);
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(second->cursor.range, 2u);
  EXPECT_EQ(second->cursor.last_key, "k");
}

TEST(PageRequestTest, RefusesTokensOfOtherRequestsAndPlans) {
  const PageTokenKey key = PageTokenKey::Random();
  const std::string token =
      PageRequest{10, "fp", {}}.NextPageToken(key, PageCursor{2, "k"});
  EXPECT_EQ(ReadPageRequest(10, token, "other", key, 3).status().code(),
            absl::StatusCode::kInvalidArgument);
  // The plan has fewer ranges than when the token was made.
  absl::Status shrunk = ReadPageRequest(10, token, "fp", key, 2).status();
  EXPECT_EQ(shrunk.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(shrunk.message().find("start again without a token"),
            std::string::npos);
  EXPECT_EQ(ReadPageRequest(10, "garbage", "fp", key).status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace govreport
