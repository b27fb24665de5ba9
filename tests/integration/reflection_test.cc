// Server reflection on the real servers: v1 (this project's) beside v1alpha
// (gRPC's), the health service describable through both, and the protos'
// comments in what v1 serves.

#include <algorithm>
#include <string>
#include <vector>

#include "google/protobuf/descriptor.pb.h"
#include "grpc/reflection/v1/reflection.grpc.pb.h"
#include "gtest/gtest.h"
#include "tests/integration/raw_stream.h"
#include "tests/integration/server_process.h"
#include "tests/store/test_db_dir.h"

namespace govreport {
namespace {

using grpc::reflection::v1::ServerReflection;
using grpc::reflection::v1::ServerReflectionRequest;
using grpc::reflection::v1::ServerReflectionResponse;

// Sends `requests` on one v1 call; the answers, in order.
std::vector<ServerReflectionResponse> AskV1(
    const std::shared_ptr<grpc::Channel>& channel,
    const std::vector<ServerReflectionRequest>& requests) {
  auto stub = ServerReflection::NewStub(channel);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(10));
  auto stream = stub->ServerReflectionInfo(&context);
  std::vector<ServerReflectionResponse> answers;
  for (const ServerReflectionRequest& request : requests) {
    EXPECT_TRUE(stream->Write(request));
    ServerReflectionResponse answer;
    EXPECT_TRUE(stream->Read(&answer));
    answers.push_back(answer);
  }
  stream->WritesDone();
  EXPECT_TRUE(stream->Finish().ok());
  return answers;
}

ServerReflectionRequest Symbol(const std::string& symbol) {
  ServerReflectionRequest request;
  request.set_file_containing_symbol(symbol);
  return request;
}

// The files of a file_descriptor_response, parsed.
std::vector<google::protobuf::FileDescriptorProto> Files(
    const ServerReflectionResponse& answer) {
  std::vector<google::protobuf::FileDescriptorProto> files;
  for (const std::string& bytes :
       answer.file_descriptor_response().file_descriptor_proto()) {
    EXPECT_TRUE(files.emplace_back().ParseFromString(bytes));
  }
  return files;
}

// Whether any location of `file` has a leading comment containing `text`.
bool HasComment(const google::protobuf::FileDescriptorProto& file,
                const std::string& text) {
  for (const auto& location : file.source_code_info().location()) {
    if (location.leading_comments().find(text) != std::string::npos) {
      return true;
    }
  }
  return false;
}

TEST(ReflectionTest, V1BesideV1alphaWithCommentsAndHealth) {
  testing::TestDbDir dir;
  testing::ServerProcess ingest(
      std::string(GOVREPORT_BIN_DIR) + "/ingest_server",
      {"--db=" + dir.Sub("db")});
  ingest.Start();
  ASSERT_TRUE(ingest.WaitServing());

  ServerReflectionRequest list;
  list.set_list_services("");
  const std::vector<ServerReflectionResponse> answers =
      AskV1(ingest.Channel(),
            {list, Symbol("govreport.v1.IngestService"),
             Symbol("grpc.health.v1.Health"), Symbol("govreport.v1.Nothing"),
             Symbol("govreport.v1.IngestReportRequest")});
  std::vector<std::string> services;
  for (const auto& service : answers[0].list_services_response().service()) {
    services.push_back(service.name());
  }
  EXPECT_EQ(services, (std::vector<std::string>{
                          "govreport.v1.IngestService", "grpc.health.v1.Health",
                          "grpc.reflection.v1alpha.ServerReflection",
                          "grpc.reflection.v1.ServerReflection"}));

  // The service's file first, then its imports; with its comments.
  std::vector<google::protobuf::FileDescriptorProto> files = Files(answers[1]);
  ASSERT_GE(files.size(), 2u);
  EXPECT_EQ(files[0].name(), "govreport/v1/ingest.proto");
  EXPECT_EQ(files[0].service(0).name(), "IngestService");
  EXPECT_TRUE(files[0].has_source_code_info());
  EXPECT_TRUE(HasComment(files[0], "Decodes raw reports"));
  std::vector<std::string> names;
  for (const auto& file : files) names.push_back(file.name());
  for (const char* import :
       {"govreport/v1/records.proto", "google/rpc/status.proto"}) {
    EXPECT_NE(std::find(names.begin(), names.end(), import), names.end())
        << import;
  }

  // Health is described too.
  files = Files(answers[2]);
  ASSERT_EQ(files.size(), 1u);
  EXPECT_EQ(files[0].name(), "grpc/health/v1/health.proto");
  EXPECT_EQ(files[0].service(0).name(), "Health");

  EXPECT_EQ(answers[3].error_response().error_code(),
            static_cast<int>(grpc::StatusCode::NOT_FOUND));
  // Its imports were sent on this call already: ingest.proto alone.
  files = Files(answers[4]);
  ASSERT_EQ(files.size(), 1u);
  EXPECT_EQ(files[0].name(), "govreport/v1/ingest.proto");

  // gRPC's v1alpha describes Health as well (the same messages, another
  // package: field 4 is file_containing_symbol).
  const std::string symbol = "grpc.health.v1.Health";
  testing::RawBidiCall v1alpha(
      ingest.Channel(),
      "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo",
      {"\x22" + std::string(1, static_cast<char>(symbol.size())) + symbol});
  EXPECT_TRUE(v1alpha.Await().ok());
  ASSERT_EQ(v1alpha.answers().size(), 1u);
  ServerReflectionResponse alpha_answer;
  ASSERT_TRUE(alpha_answer.ParseFromString(v1alpha.answers()[0]));
  files = Files(alpha_answer);
  ASSERT_EQ(files.size(), 1u);
  EXPECT_EQ(files[0].name(), "grpc/health/v1/health.proto");
}

}  // namespace
}  // namespace govreport
