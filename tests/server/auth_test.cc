#include "server/auth.h"

#include "gtest/gtest.h"

namespace govreport {
namespace {

TEST(TokenAuthorizerTest, ParsesTokenFiles) {
  EXPECT_TRUE(TokenAuthorizer::FromText("# c\n\nwrite a\nread b\n", true).ok());
  auto bad = TokenAuthorizer::FromText("write a\nadmin b\n", true);
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(bad.status().message().find("line 2"), absl::string_view::npos);
  EXPECT_FALSE(TokenAuthorizer::FromText("write\n", true).ok());
  EXPECT_FALSE(TokenAuthorizer::FromText("write a b\n", true).ok());
  EXPECT_EQ(TokenAuthorizer::FromFile("/nonexistent/tokens", true).status().code(),
            absl::StatusCode::kNotFound);
}

TEST(TokenAuthorizerTest, NoTokensMeansOpen) {
  TokenAuthorizer open;
  EXPECT_FALSE(open.enabled());
  EXPECT_TRUE(TokenAuthorizer::FromText("# none\n", false)->enabled() == false);
}

}  // namespace
}  // namespace govreport
