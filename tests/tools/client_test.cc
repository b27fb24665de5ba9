#include "tools/client.h"

#include <stdlib.h>

#include <algorithm>
#include <fstream>
#include <functional>
#include <memory>
#include <set>
#include <string>

#include "gmock/gmock.h"
#include "govreport/v1/ingest.grpc.pb.h"
#include "govreport/v1/query.grpc.pb.h"
#include "gtest/gtest.h"
#include "tests/store/test_db_dir.h"
#include "tests/test_util.h"
#include "tests/tools/server_pair.h"
#include "tools/exit_code.h"

namespace govreport::tools {
namespace {

using ::govreport::testing::ReadSample;
using ::testing::HasSubstr;
using IngestStub = v1::IngestService::Stub;
using QueryStub = v1::QueryService::Stub;

// Sets an environment variable for one scope; restores "unset" after.
// Options for `target`.
ClientOptions To(const std::string& target) {
  ClientOptions options;
  options.target = target;
  return options;
}

class ScopedEnv final {
 public:
  ScopedEnv(const char* name, const std::string& value) : name_(name) {
    setenv(name, value.c_str(), 1);
  }
  ~ScopedEnv() { unsetenv(name_); }

 private:
  const char* name_;
};

// Options that cannot work are usage errors naming the flag, before any
// call.
TEST(ClientCreateTest, BadOptionsAreUsageErrors) {
  testing::TestDbDir dir;
  const struct {
    const char* rule;
    std::function<void(ClientOptions&)> set;
    const char* message;
  } kCases[] = {
      {"certificate without key",
       [](ClientOptions& o) { o.tls_cert_file = "c.pem"; }, "go together"},
      {"key without certificate",
       [](ClientOptions& o) { o.tls_key_file = "k.pem"; }, "go together"},
      {"client certificate without CA",
       [](ClientOptions& o) {
         o.tls_cert_file = "c.pem";
         o.tls_key_file = "k.pem";
       },
       "need --tls_ca"},
      {"unreadable CA",
       [](ClientOptions& o) { o.tls_ca_file = "/no/such/ca.pem"; },
       "--tls_ca: "},
      {"unreadable token",
       [](ClientOptions& o) { o.token_file = "/no/such/token"; },
       "--token_file: "},
      {"no timeout", [](ClientOptions& o) { o.timeout = absl::ZeroDuration(); },
       "timeout"},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.rule);
    ClientOptions options;
    c.set(options);
    absl::StatusOr<Client> client = Client::Create(options);
    ASSERT_FALSE(client.ok());
    EXPECT_TRUE(IsUsageError(client.status())) << client.status();
    EXPECT_THAT(std::string(client.status().message()), HasSubstr(c.message));
  }
}

// --target, else GOVREPORT_TARGET, else the command's default.
TEST(ClientCreateTest, TargetRules) {
  ClientOptions options;
  options.default_target = "127.0.0.1:7";
  EXPECT_EQ(Client::Create(options)->target(), "127.0.0.1:7");
  ScopedEnv env("GOVREPORT_TARGET", "127.0.0.1:8");
  EXPECT_EQ(Client::Create(options)->target(), "127.0.0.1:8");
  options.target = "127.0.0.1:9";
  EXPECT_EQ(Client::Create(options)->target(), "127.0.0.1:9");
}

TEST(CallErrorTest, NamesTheMethodAndCodeAndIsNoUsageError) {
  EXPECT_TRUE(CallError("GetReport", grpc::Status::OK).ok());
  absl::Status status = CallError(
      "GetReport", grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "bad id"));
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(), "GetReport failed: INVALID_ARGUMENT: bad id");
  EXPECT_FALSE(IsUsageError(status));
}

// Calls through a Client against the real servers: the token it sends
// and the pages it follows.
class ClientTest : public ::testing::Test {
 protected:
  // Tokens for the servers; the read token in a file of its own, with the
  // whitespace a text editor leaves.
  static std::string TokenFiles(const testing::TestDbDir& dir) {
    std::ofstream(dir.Sub("tokens")) << "write w-secret\nread r-secret\n";
    std::ofstream(dir.Sub("read_token")) << "  r-secret\n";
    return dir.Sub("tokens");
  }

  void SetUp() override { ASSERT_TRUE(servers_.Start()); }

  // Ingests the four samples through a Client with the write token (from
  // GOVREPORT_TOKEN); returns the last sequence number.
  uint64_t IngestSamples() {
    ScopedEnv token("GOVREPORT_TOKEN", "w-secret");
    absl::StatusOr<Client> client =
        Client::Create(To(servers_.ingest().address()));
    EXPECT_TRUE(client.ok()) << client.status();
    auto stub = v1::IngestService::NewStub(client->channel());
    uint64_t sequence = 0;
    for (const char* name :
         {"licang.txt", "shinan.txt", "jinniu.txt", "qingyang.txt"}) {
      v1::IngestReportRequest request;
      request.mutable_report()->set_file_name(name);
      request.mutable_report()->set_content(ReadSample(name));
      v1::IngestReportResponse response;
      absl::Status status =
          client->Call("IngestReport", stub.get(), &IngestStub::IngestReport,
                       request, &response);
      EXPECT_TRUE(status.ok()) << status;
      sequence = std::max(sequence, response.result().sequence_number());
    }
    return sequence;
  }

  testing::TestDbDir dir_;
  testing::ServerPair servers_{
      dir_, {"--token_file=" + TokenFiles(dir_), "--open_reads=false"}};
};

TEST_F(ClientTest, SendsTheTokenOfItsFile) {
  const uint64_t sequence = IngestSamples();
  v1::ListReportsRequest request;
  request.set_min_sequence_number(sequence);
  v1::ListReportsResponse response;

  absl::StatusOr<Client> without =
      Client::Create(To(servers_.query().address()));
  ASSERT_TRUE(without.ok());
  auto stub = v1::QueryService::NewStub(without->channel());
  absl::Status status = without->Call(
      "ListReports", stub.get(), &QueryStub::ListReports, request, &response);
  EXPECT_EQ(status.code(), absl::StatusCode::kUnauthenticated) << status;
  EXPECT_THAT(std::string(status.message()),
              HasSubstr("ListReports failed: UNAUTHENTICATED: "));
  EXPECT_EQ(ExitCode(status), kExitFailed);

  ClientOptions options = To(servers_.query().address());
  options.token_file = dir_.Sub("read_token");
  absl::StatusOr<Client> with = Client::Create(options);
  ASSERT_TRUE(with.ok()) << with.status();
  stub = v1::QueryService::NewStub(with->channel());
  status = with->Call("ListReports", stub.get(), &QueryStub::ListReports,
                      request, &response);
  EXPECT_TRUE(status.ok()) << status;
  EXPECT_EQ(response.reports_size(), 4);
}

TEST_F(ClientTest, ForEachPageFollowsTokensUntilTheLastPageOrStop) {
  const uint64_t sequence = IngestSamples();
  ScopedEnv token("GOVREPORT_TOKEN", "r-secret");
  absl::StatusOr<Client> client =
      Client::Create(To(servers_.query().address()));
  ASSERT_TRUE(client.ok()) << client.status();
  auto stub = v1::QueryService::NewStub(client->channel());
  v1::ListReportsRequest request;
  request.set_min_sequence_number(sequence);
  request.set_page_size(1);

  std::set<std::string> ids;
  int pages = 0;
  absl::Status status = ForEachPage(
      *client, "ListReports", stub.get(), &QueryStub::ListReports, request,
      [&](v1::ListReportsResponse& page, v1::ListReportsRequest& next) {
        ++pages;
        EXPECT_EQ(next.page_size(), pages == 1 ? 1 : 2);
        for (const v1::Report& r : page.reports()) ids.insert(r.id());
        next.set_page_size(2);  // the next request may change
        return true;
      });
  EXPECT_TRUE(status.ok()) << status;
  EXPECT_EQ(ids.size(), 4u);
  EXPECT_EQ(pages, 3);  // 1 + 2 + 1

  pages = 0;
  status = ForEachPage(*client, "ListReports", stub.get(),
                       &QueryStub::ListReports, request,
                       [&](v1::ListReportsResponse&, v1::ListReportsRequest&) {
                         return ++pages < 2;
                       });
  EXPECT_TRUE(status.ok()) << status;
  EXPECT_EQ(pages, 2);

  // A failed page ends the loop with its CallError.
  request.set_page_token("not a token");
  status = ForEachPage(*client, "ListReports", stub.get(),
                       &QueryStub::ListReports, request,
                       [&](v1::ListReportsResponse&, v1::ListReportsRequest&) {
                         ADD_FAILURE() << "no page expected";
                         return true;
                       });
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status;
  EXPECT_THAT(std::string(status.message()),
              HasSubstr("ListReports failed: INVALID_ARGUMENT"));
}

// The deadline comes from ClientOptions::timeout: a call that waits longer
// (for a sequence number never reached) ends DEADLINE_EXCEEDED.
TEST_F(ClientTest, UnaryCallsHaveTheDeadline) {
  ScopedEnv token("GOVREPORT_TOKEN", "r-secret");
  ClientOptions options = To(servers_.query().address());
  options.timeout = absl::Milliseconds(300);
  absl::StatusOr<Client> client = Client::Create(options);
  ASSERT_TRUE(client.ok()) << client.status();
  auto stub = v1::QueryService::NewStub(client->channel());
  v1::ListReportsRequest request;
  request.set_min_sequence_number(1000000000);
  v1::ListReportsResponse response;
  absl::Status status = client->Call(
      "ListReports", stub.get(), &QueryStub::ListReports, request, &response);
  EXPECT_EQ(status.code(), absl::StatusCode::kDeadlineExceeded) << status;
}

}  // namespace
}  // namespace govreport::tools
