#include "query_service/commitment_page.h"

#include <string>

#include "govreport/v1/query.pb.h"
#include "gtest/gtest.h"

namespace govreport {
namespace {

v1::Commitment MakeCommitment(const std::string& id, const std::string& text) {
  v1::Commitment c;
  c.set_id(id);
  c.set_sentence(text);
  c.set_year(2024);
  c.mutable_district()->set_code("370213");
  c.add_quantities()->set_value(2.2e4);
  return c;
}

TEST(CommitmentPageTest, EncodesAListCommitmentsResponse) {
  CommitmentPage page;
  v1::ListCommitmentsResponse expected;
  // Sizes on both sides of one- and two-byte length varints.
  for (int i = 0; i < 3; ++i) {
    v1::Commitment c =
        MakeCommitment("r1/" + std::to_string(i), std::string(60 * i, 'x'));
    page.commitments.push_back(c.SerializeAsString());
    *expected.add_commitments() = c;
  }
  page.commitments.push_back("");  // an empty commitment
  expected.add_commitments();
  page.next_page_token = std::string(300, 't');
  expected.set_next_page_token(page.next_page_token);

  const std::string wire = EncodeListCommitmentsResponse(page);
  v1::ListCommitmentsResponse parsed;
  ASSERT_TRUE(parsed.ParseFromString(wire));
  EXPECT_EQ(parsed.SerializeAsString(), expected.SerializeAsString());
  EXPECT_EQ(wire, expected.SerializeAsString());
}

TEST(CommitmentPageTest, LastPageAndEmptyPageLeaveTheTokenOut) {
  EXPECT_EQ(EncodeListCommitmentsResponse(CommitmentPage()), "");
  CommitmentPage page;
  page.commitments.push_back(
      MakeCommitment("r1/0", "新增就业").SerializeAsString());
  v1::ListCommitmentsResponse parsed;
  ASSERT_TRUE(parsed.ParseFromString(EncodeListCommitmentsResponse(page)));
  EXPECT_EQ(parsed.commitments_size(), 1);
  EXPECT_EQ(parsed.commitments(0).sentence(), "新增就业");
  EXPECT_TRUE(parsed.next_page_token().empty());
}

TEST(CommitmentPageTest, EncodesAStreamCommitmentsResponse) {
  const v1::Commitment c = MakeCommitment("r2/7", std::string(1 << 16, 'y'));
  v1::StreamCommitmentsResponse expected;
  *expected.mutable_commitment() = c;
  const std::string wire =
      EncodeStreamCommitmentsResponse(c.SerializeAsString());
  EXPECT_EQ(wire, expected.SerializeAsString());
  v1::StreamCommitmentsResponse parsed;
  ASSERT_TRUE(parsed.ParseFromString(wire));
  EXPECT_EQ(parsed.commitment().id(), "r2/7");
}

}  // namespace
}  // namespace govreport
