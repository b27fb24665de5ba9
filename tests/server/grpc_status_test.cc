#include "server/grpc_status.h"

#include <string>

#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
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

google::rpc::Status DetailsOf(const grpc::Status& status) {
  google::rpc::Status details;
  EXPECT_TRUE(details.ParseFromString(status.error_details()));
  EXPECT_EQ(details.code(), static_cast<int>(status.error_code()));
  EXPECT_EQ(details.message(), status.error_message());
  return details;
}

// Every error carries google.rpc.Status details: ErrorInfo always, a
// BadRequest naming the field when the message does, RetryInfo when a
// retry may succeed.
TEST(GrpcStatusTest, ErrorsCarryRichDetails) {
  google::rpc::Status details = DetailsOf(ToGrpcStatus(
      absl::InvalidArgumentError("filter.levels: 7 is not a level")));
  ASSERT_EQ(details.details_size(), 2);
  google::rpc::ErrorInfo info;
  ASSERT_TRUE(details.details(0).UnpackTo(&info));
  EXPECT_EQ(info.reason(), "FIELD_INVALID");
  EXPECT_EQ(info.domain(), kErrorDomain);
  EXPECT_EQ(info.metadata().at("field"), "filter.levels");
  google::rpc::BadRequest bad_request;
  ASSERT_TRUE(details.details(1).UnpackTo(&bad_request));
  ASSERT_EQ(bad_request.field_violations_size(), 1);
  EXPECT_EQ(bad_request.field_violations(0).field(), "filter.levels");
  EXPECT_EQ(bad_request.field_violations(0).description(), "7 is not a level");

  // No field named: ErrorInfo alone.
  for (const char* message :
       {"metric is required", "Unknown: x", "a.: b", ".a: b", "9a: b"}) {
    details = DetailsOf(ToGrpcStatus(absl::InvalidArgumentError(message)));
    EXPECT_EQ(details.details_size(), 1) << message;
  }

  for (const absl::Status& status :
       {absl::UnavailableError("the database is not there yet"),
        absl::ResourceExhaustedError("64 streams are open")}) {
    details = DetailsOf(ToGrpcStatus(status));
    ASSERT_EQ(details.details_size(), 2);
    google::rpc::RetryInfo retry;
    ASSERT_TRUE(details.details(1).UnpackTo(&retry));
    EXPECT_EQ(retry.retry_delay().seconds(), kRetryDelaySeconds);
  }
  EXPECT_TRUE(ToGrpcStatus(absl::OkStatus()).error_details().empty());
}

// Without a reason of its own an error's reason is its code's name.
TEST(GrpcStatusTest, DefaultReasonIsTheCodeName) {
  google::rpc::ErrorInfo info;
  ASSERT_TRUE(DetailsOf(ToGrpcStatus(absl::NotFoundError("no report")))
                  .details(0)
                  .UnpackTo(&info));
  EXPECT_EQ(info.reason(), "NOT_FOUND");
  EXPECT_TRUE(info.metadata().empty());
}

// A reason set where the error arises wins over the default, also for a
// message naming a field.
TEST(GrpcStatusTest, MarkedReasonsWin) {
  const absl::Status marked =
      WithErrorReason(absl::InvalidArgumentError("report: not valid"),
                      error_reason::kMessageInvalid);
  EXPECT_EQ(marked.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(marked.message(), "report: not valid");
  google::rpc::Status details = DetailsOf(ToGrpcStatus(marked));
  google::rpc::ErrorInfo info;
  ASSERT_TRUE(details.details(0).UnpackTo(&info));
  EXPECT_EQ(info.reason(), "MESSAGE_INVALID");
  EXPECT_EQ(info.metadata().at("field"), "report");
  EXPECT_TRUE(WithErrorReason(absl::OkStatus(), "X").ok());
}

// A limit hit: QuotaFailure on the limit, ErrorInfo naming it, RetryInfo.
TEST(GrpcStatusTest, QuotaFailureNamesTheLimit) {
  const absl::Status hit =
      WithQuotaFailure(absl::ResourceExhaustedError("4 streams are open"),
                       error_reason::kStreamsExhausted, "--max_streams");
  const google::rpc::Status details = ToRpcStatus(hit);
  EXPECT_EQ(details.code(),
            static_cast<int>(absl::StatusCode::kResourceExhausted));
  EXPECT_EQ(details.message(), "4 streams are open");
  ASSERT_EQ(details.details_size(), 3);
  google::rpc::ErrorInfo info;
  google::rpc::QuotaFailure quota;
  google::rpc::RetryInfo retry;
  ASSERT_TRUE(details.details(0).UnpackTo(&info));
  ASSERT_TRUE(details.details(1).UnpackTo(&quota));
  ASSERT_TRUE(details.details(2).UnpackTo(&retry));
  EXPECT_EQ(info.reason(), "STREAMS_EXHAUSTED");
  EXPECT_EQ(info.metadata().at("limit"), "--max_streams");
  ASSERT_EQ(quota.violations_size(), 1);
  EXPECT_EQ(quota.violations(0).subject(), "--max_streams");
  EXPECT_EQ(quota.violations(0).description(), "4 streams are open");
  // ToGrpcStatus carries the same.
  EXPECT_EQ(DetailsOf(ToGrpcStatus(hit)).SerializeAsString(),
            details.SerializeAsString());
}

}  // namespace
}  // namespace govreport
