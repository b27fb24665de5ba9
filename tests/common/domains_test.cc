#include "common/domains.h"

#include "gtest/gtest.h"

namespace govreport {
namespace {

using govreport::v1::Domain;

TEST(DomainsTest, IdRoundTripsForEveryDomain) {
  for (int i = 1; i <= 17; ++i) {
    auto domain = static_cast<Domain>(i);
    std::string id = DomainId(domain);
    ASSERT_FALSE(id.empty()) << i;
    EXPECT_EQ(ParseDomain(id), domain) << id;
  }
}

TEST(DomainsTest, ParsesEnumNamesInAnyCase) {
  EXPECT_EQ(ParseDomain("DOMAIN_ELDERLY_CARE"), v1::DOMAIN_ELDERLY_CARE);
  EXPECT_EQ(ParseDomain("Culture_Sports_Tourism"),
            v1::DOMAIN_CULTURE_SPORTS_TOURISM);
  EXPECT_EQ(ParseKind("achievement"), v1::KIND_ACHIEVEMENT);
  EXPECT_EQ(ParseKind("KIND_TARGET"), v1::KIND_TARGET);
}

TEST(DomainsTest, RejectsUnknownAndUnspecified) {
  EXPECT_EQ(ParseDomain("weather"), std::nullopt);
  EXPECT_EQ(ParseDomain("unspecified"), std::nullopt);
  EXPECT_EQ(ParseDomain(""), std::nullopt);
  EXPECT_EQ(ParseKind("plan"), std::nullopt);
  EXPECT_EQ(DomainId(v1::DOMAIN_UNSPECIFIED), "");
  EXPECT_EQ(DomainId(static_cast<Domain>(99)), "");
}

}  // namespace
}  // namespace govreport
