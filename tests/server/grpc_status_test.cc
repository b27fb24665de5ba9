#include "server/grpc_status.h"

#include <string>

#include "gtest/gtest.h"

namespace govreport {
namespace {

TEST(GrpcStatusTest, SameCodeAndMessage) {
  EXPECT_TRUE(ToGrpcStatus(absl::OkStatus()).ok());
  grpc::Status s = ToGrpcStatus(absl::NotFoundError("no report has id \"x\""));
  EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(s.error_message(), "no report has id \"x\"");
}

// A message quoting a huge input is cut at a character boundary and says
// so, so that it fits a client's metadata limit.
TEST(GrpcStatusTest, LongMessagesAreCut) {
  for (const std::string& filler :
       {std::string(20000, 'a'), std::string("区") + std::string(5000, 'b'),
        [] {
          std::string chinese;
          for (int i = 0; i < 3000; ++i) chinese += "李沧";
          return chinese;
        }()}) {
    const std::string message = "unknown district \"" + filler + "\"";
    grpc::Status s = ToGrpcStatus(absl::InvalidArgumentError(message));
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_LE(s.error_message().size(), kMaxStatusMessageBytes + 64);
    const size_t marker = s.error_message().find("… (");
    ASSERT_NE(marker, std::string::npos);
    EXPECT_NE(s.error_message().find("more bytes cut)"), std::string::npos);
    // A prefix of the message ending at a character boundary.
    EXPECT_EQ(message.substr(0, marker), s.error_message().substr(0, marker));
    EXPECT_NE(static_cast<unsigned char>(message[marker]) & 0xC0, 0x80);
  }
  const std::string exact(kMaxStatusMessageBytes, 'x');
  EXPECT_EQ(ToGrpcStatus(absl::InternalError(exact)).error_message(), exact);
}

}  // namespace
}  // namespace govreport
