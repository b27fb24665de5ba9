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
  EXPECT_EQ(
      TokenAuthorizer::FromFile("/nonexistent/tokens", true).status().code(),
      absl::StatusCode::kNotFound);
}

TEST(TokenAuthorizerTest, NoTokensMeansOpen) {
  TokenAuthorizer open;
  EXPECT_FALSE(open.enabled());
}

// A token file without tokens is a configuration error, never an open
// server: reads closed or not.
TEST(TokenAuthorizerTest, ATokenFileWithoutTokensIsRefused) {
  for (const char* text : {"", "\n\n", "# none\n", "  # write later\n\n"}) {
    for (bool open_reads : {false, true}) {
      absl::StatusOr<TokenAuthorizer> auth =
          TokenAuthorizer::FromText(text, open_reads);
      EXPECT_EQ(auth.status().code(), absl::StatusCode::kInvalidArgument)
          << "\"" << text << "\"";
      EXPECT_NE(auth.status().message().find("no token"), std::string::npos);
    }
  }
  EXPECT_TRUE(TokenAuthorizer::FromText("# ops\nread r1\n", false)->enabled());
}

}  // namespace
}  // namespace govreport
