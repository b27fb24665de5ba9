// TLS, mutual TLS and bearer tokens on the real servers, with certificates
// made by openssl at test time.

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "govreport/v1/ingest.grpc.pb.h"
#include "govreport/v1/query.grpc.pb.h"
#include "gtest/gtest.h"
#include "tests/integration/raw_stream.h"
#include "tests/integration/server_process.h"
#include "tests/store/test_db_dir.h"

namespace govreport {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// A CA, server and client certificates signed by it (valid for localhost),
// and a self-signed certificate of a stranger.
void MakeCertificates(const std::string& dir) {
  const std::string script =
      "set -e; cd '" + dir +
      "'; "
      "openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem "
      "-days 1 -subj /CN=govreport-test-ca 2>/dev/null; "
      "printf 'subjectAltName=DNS:localhost,IP:127.0.0.1' > san.ext; "
      "for who in server client; do "
      "openssl req -newkey rsa:2048 -nodes -keyout $who.key -out $who.csr "
      "-subj /CN=$who 2>/dev/null; "
      "openssl x509 -req -in $who.csr -CA ca.pem -CAkey ca.key "
      "-CAcreateserial -out $who.pem -days 1 -extfile san.ext 2>/dev/null; "
      "done; "
      "openssl req -x509 -newkey rsa:2048 -nodes -keyout other.key "
      "-out other.pem -days 1 -subj /CN=stranger 2>/dev/null";
  std::ofstream(dir + "/make.sh") << script;
  ASSERT_EQ(std::system(("bash '" + dir + "/make.sh'").c_str()), 0);
  ASSERT_FALSE(ReadFile(dir + "/client.pem").empty());
}

class SecurityTest : public ::testing::Test {
 protected:
  void SetUp() override {
    certs_ = dir_.Sub("certs");
    std::filesystem::create_directories(certs_);
    MakeCertificates(certs_);
    std::ofstream(certs_ + "/tokens")
        << "# tokens\nwrite w-secret\nread r-secret\n";
  }

  std::shared_ptr<grpc::ChannelCredentials> Tls(
      bool with_client_cert, const std::string& who = "client") {
    grpc::SslCredentialsOptions ssl;
    ssl.pem_root_certs = ReadFile(certs_ + "/ca.pem");
    if (with_client_cert) {
      ssl.pem_cert_chain = ReadFile(certs_ + "/" + who + ".pem");
      ssl.pem_private_key = ReadFile(certs_ + "/" + who + ".key");
    }
    return grpc::SslCredentials(ssl);
  }

  grpc::StatusCode Ingest(const std::shared_ptr<grpc::Channel>& channel,
                          const std::string& token) {
    auto stub = v1::IngestService::NewStub(channel);
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(5));
    if (!token.empty()) context.AddMetadata("authorization", "Bearer " + token);
    v1::IngestReportRequest request;
    request.mutable_report()->set_content(
        ReadFile(std::string(GOVREPORT_TEST_DATA_DIR) + "/reports/licang.txt"));
    v1::IngestReportResponse response;
    return stub->IngestReport(&context, request, &response).error_code();
  }

  grpc::StatusCode Query(const std::shared_ptr<grpc::Channel>& channel,
                         const std::string& token) {
    auto stub = v1::QueryService::NewStub(channel);
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(5));
    if (!token.empty()) context.AddMetadata("authorization", "Bearer " + token);
    v1::ListDistrictsResponse response;
    return stub->ListDistricts(&context, {}, &response).error_code();
  }

  // Reflection `reflection` (the method's full name) is open by default;
  // with --reflection_requires_token it needs a token.
  void CheckReflectionGuard(const std::string& reflection);

  testing::TestDbDir dir_;
  std::string certs_;
};

TEST_F(SecurityTest, MutualTlsAndTokensOnTheIngestService) {
  testing::ServerProcess ingest(
      std::string(GOVREPORT_BIN_DIR) + "/ingest_server",
      {"--db=" + dir_.Sub("db"), "--tls_cert=" + certs_ + "/server.pem",
       "--tls_key=" + certs_ + "/server.key",
       "--tls_client_ca=" + certs_ + "/ca.pem",
       "--token_file=" + certs_ + "/tokens"});
  ingest.set_credentials(Tls(true));
  ingest.Start();
  ASSERT_TRUE(ingest.WaitServing());

  EXPECT_EQ(Ingest(ingest.ChannelWith(grpc::InsecureChannelCredentials()),
                   "w-secret"),
            grpc::StatusCode::UNAVAILABLE)
      << "plaintext must be refused";
  EXPECT_EQ(Ingest(ingest.ChannelWith(Tls(false)), "w-secret"),
            grpc::StatusCode::UNAVAILABLE)
      << "TLS without a client certificate must be refused";
  EXPECT_EQ(Ingest(ingest.ChannelWith(Tls(true, "other")), "w-secret"),
            grpc::StatusCode::UNAVAILABLE)
      << "a certificate from another CA must be refused";
  EXPECT_EQ(Ingest(ingest.Channel(), ""), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(Ingest(ingest.Channel(), "wrong"),
            grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(Ingest(ingest.Channel(), "r-secret"),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Ingest(ingest.Channel(), "w-secret"), grpc::StatusCode::OK);
}

TEST_F(SecurityTest, ClosedReadsOnTheQueryService) {
  testing::ServerProcess ingest(
      std::string(GOVREPORT_BIN_DIR) + "/ingest_server",
      {"--db=" + dir_.Sub("db")});
  testing::ServerProcess query(
      std::string(GOVREPORT_BIN_DIR) + "/query_server",
      {"--db=" + dir_.Sub("db"), "--secondary_dir=" + dir_.Sub("sec"),
       "--tls_cert=" + certs_ + "/server.pem",
       "--tls_key=" + certs_ + "/server.key",
       "--token_file=" + certs_ + "/tokens", "--open_reads=false"});
  query.set_credentials(Tls(false));
  ingest.Start();
  ASSERT_TRUE(ingest.WaitServing());
  query.Start();
  ASSERT_TRUE(query.WaitServing());
  EXPECT_EQ(Query(query.Channel(), ""), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(Query(query.Channel(), "bad"), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(Query(query.Channel(), "r-secret"), grpc::StatusCode::OK);
  EXPECT_EQ(Query(query.Channel(), "w-secret"), grpc::StatusCode::OK);
}

TEST_F(SecurityTest, TokensFromTheEnvironment) {
  setenv("GOVREPORT_TOKENS", "write env-secret\n", 1);
  testing::ServerProcess ingest(
      std::string(GOVREPORT_BIN_DIR) + "/ingest_server",
      {"--db=" + dir_.Sub("db")});
  ingest.Start();
  unsetenv("GOVREPORT_TOKENS");
  ASSERT_TRUE(ingest.WaitServing());
  EXPECT_EQ(Ingest(ingest.Channel(), ""), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(Ingest(ingest.Channel(), "env-secret"), grpc::StatusCode::OK);
}

// Each refusal of a token says why as a stable ErrorInfo reason, so that a
// client can tell a missing token from a wrong or a read-only one.
TEST_F(SecurityTest, TokenRefusalsNameTheirReason) {
  testing::ServerProcess ingest(
      std::string(GOVREPORT_BIN_DIR) + "/ingest_server",
      {"--db=" + dir_.Sub("db"), "--token_file=" + certs_ + "/tokens"});
  ingest.Start();
  ASSERT_TRUE(ingest.WaitServing());
  auto stub = v1::IngestService::NewStub(ingest.Channel());
  const struct {
    const char* authorization;
    grpc::StatusCode code;
    const char* reason;
  } kCases[] = {
      {"", grpc::StatusCode::UNAUTHENTICATED, "TOKEN_MISSING"},
      {"Basic dzp3", grpc::StatusCode::UNAUTHENTICATED, "TOKEN_MALFORMED"},
      {"Bearer wrong", grpc::StatusCode::UNAUTHENTICATED, "TOKEN_INVALID"},
      {"Bearer r-secret", grpc::StatusCode::PERMISSION_DENIED,
       "TOKEN_READ_ONLY"},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.authorization);
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(5));
    if (*c.authorization != '\0') {
      context.AddMetadata("authorization", c.authorization);
    }
    v1::DeleteReportRequest request;
    request.set_report_id("x");
    v1::DeleteReportResponse response;
    const grpc::Status status =
        stub->DeleteReport(&context, request, &response);
    EXPECT_EQ(status.error_code(), c.code) << status.error_message();
    google::rpc::Status details;
    google::rpc::ErrorInfo info;
    ASSERT_TRUE(details.ParseFromString(status.error_details()));
    ASSERT_TRUE(details.details_size() > 0 &&
                details.details(0).UnpackTo(&info));
    EXPECT_EQ(info.reason(), c.reason);
  }
}

// Server reflection asks: list_services, then file_containing_symbol
// (fields 7 and 4 of grpc.reflection.v1alpha.ServerReflectionRequest,
// encoded by hand: gRPC installs no header of the reflection messages).
std::vector<std::string> ReflectionRequests() {
  const std::string symbol = "govreport.v1.IngestService";
  return {std::string("\x3a\x00", 2),
          "\x22" + std::string(1, static_cast<char>(symbol.size())) + symbol};
}

// Reflection is open by default, like health; with
// --reflection_requires_token it needs a token while health stays open.
TEST_F(SecurityTest, ReflectionCanRequireAToken) {
  for (const char* version : {"v1alpha", "v1"}) {
    SCOPED_TRACE(version);
    CheckReflectionGuard(std::string("/grpc.reflection.") + version +
                         ".ServerReflection/ServerReflectionInfo");
  }
}

void SecurityTest::CheckReflectionGuard(const std::string& reflection) {
  auto joined = [](const std::vector<std::string>& answers) {
    std::string all;
    for (const std::string& a : answers) all += a;
    return all;
  };
  testing::ServerProcess open(
      std::string(GOVREPORT_BIN_DIR) + "/ingest_server",
      {"--db=" + dir_.Sub("open-db"), "--token_file=" + certs_ + "/tokens"});
  testing::ServerProcess guarded(
      std::string(GOVREPORT_BIN_DIR) + "/ingest_server",
      {"--db=" + dir_.Sub("guarded-db"), "--token_file=" + certs_ + "/tokens",
       "--reflection_requires_token"});
  open.Start();
  guarded.Start();
  ASSERT_TRUE(open.WaitServing());
  ASSERT_TRUE(guarded.WaitServing());  // readiness needs no token

  testing::RawBidiCall open_call(open.Channel(), reflection,
                                 ReflectionRequests());
  EXPECT_TRUE(open_call.Await().ok());
  EXPECT_NE(joined(open_call.answers()).find("govreport.v1.IngestService"),
            std::string::npos);

  for (const std::string& token : {std::string(), std::string("wrong")}) {
    SCOPED_TRACE("token \"" + token + "\"");
    std::vector<std::pair<std::string, std::string>> metadata;
    if (!token.empty())
      metadata.push_back({"authorization", "Bearer " + token});
    testing::RawBidiCall refused(guarded.Channel(), reflection,
                                 ReflectionRequests(), metadata);
    grpc::Status status = refused.Await();
    EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED)
        << status.error_message();
    // One error answer per request, and nothing of the schema.
    EXPECT_EQ(refused.answers().size(), 2u);
    const std::string answers = joined(refused.answers());
    EXPECT_EQ(answers.find("govreport"), std::string::npos);
    EXPECT_NE(answers.find("token"), std::string::npos) << answers;
  }
  for (const char* token : {"r-secret", "w-secret"}) {
    testing::RawBidiCall allowed(
        guarded.Channel(), reflection, ReflectionRequests(),
        {{"authorization", std::string("Bearer ") + token}});
    EXPECT_TRUE(allowed.Await().ok()) << token;
    EXPECT_NE(joined(allowed.answers()).find("govreport.v1.IngestService"),
              std::string::npos)
        << token;
  }
  // The service's own methods are not touched by the guard.
  EXPECT_EQ(Ingest(guarded.Channel(), ""), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(Ingest(guarded.Channel(), "w-secret"), grpc::StatusCode::OK);

  // Without tokens the flag cannot be kept: a startup error.
  testing::ServerProcess no_tokens(
      std::string(GOVREPORT_BIN_DIR) + "/query_server",
      {"--db=" + dir_.Sub("no-tokens-db"), "--reflection_requires_token"});
  no_tokens.Start();
  EXPECT_NE(no_tokens.Stop(0), 0);
}

// The database holds reports as received: its files and folders are the
// server user's alone.
TEST_F(SecurityTest, DatabaseFilesArePrivate) {
  const std::string db = dir_.Sub("private-db");
  testing::ServerProcess ingest(
      std::string(GOVREPORT_BIN_DIR) + "/ingest_server", {"--db=" + db});
  ingest.Start();
  ASSERT_TRUE(ingest.WaitServing());
  EXPECT_EQ(ingest.Stop(), 0);
  int checked = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(db)) {
    const auto permissions = entry.status().permissions();
    EXPECT_EQ(permissions & (std::filesystem::perms::group_all |
                             std::filesystem::perms::others_all),
              std::filesystem::perms::none)
        << entry.path();
    ++checked;
  }
  EXPECT_GT(checked, 3);
  EXPECT_EQ(std::filesystem::status(db).permissions() &
                std::filesystem::perms::others_all,
            std::filesystem::perms::none);
}

// A port in use is an error at start, never a port shared with another
// server (gRPC's default SO_REUSEPORT would split calls between them).
TEST_F(SecurityTest, APortInUseStopsTheSecondServer) {
  testing::ServerProcess first(
      std::string(GOVREPORT_BIN_DIR) + "/ingest_server",
      {"--db=" + dir_.Sub("port-a")});
  first.Start();
  ASSERT_TRUE(first.WaitServing());
  const std::string port =
      first.address().substr(first.address().rfind(':') + 1);
  for (const char* binary : {"/ingest_server", "/query_server"}) {
    testing::ServerProcess second(
        std::string(GOVREPORT_BIN_DIR) + binary,
        {"--db=" + dir_.Sub(std::string("port-b") + binary),
         "--listen=127.0.0.1:" + port});
    second.Start();
    EXPECT_NE(second.Stop(0), 0) << binary;
  }
  EXPECT_EQ(first.Stop(), 0);
}

// A TLS key pair that cannot serve stops the server with a log line that
// says what is wrong with it, not that the address is in use.
TEST_F(SecurityTest, MismatchedTlsKeyIsReportedAsSuch) {
  struct Case {
    std::string cert, key, expected;
  };
  for (const Case& c : std::vector<Case>{
           {"server.pem", "other.key", "does not match the certificate"},
           // A key given as the certificate, and the reverse.
           {"server.key", "server.key", "holds no PEM certificate"},
           {"server.pem", "server.pem", "holds no PEM private key"}}) {
    for (const char* binary : {"/ingest_server", "/query_server"}) {
      SCOPED_TRACE(c.cert + " " + c.key + " " + binary);
      const std::string log = dir_.Sub("tls.log");
      testing::ServerProcess server(
          std::string(GOVREPORT_BIN_DIR) + binary,
          {"--db=" + dir_.Sub("tls-db"), "--tls_cert=" + certs_ + "/" + c.cert,
           "--tls_key=" + certs_ + "/" + c.key});
      server.set_log_file(log);
      server.Start();
      EXPECT_NE(server.Stop(0), 0);
      const std::string text = ReadFile(log);
      EXPECT_NE(text.find(c.expected), std::string::npos) << text;
      EXPECT_EQ(text.find("in use"), std::string::npos) << text;
    }
  }
}

TEST_F(SecurityTest, BadTlsOrTokenFilesStopTheServer) {
  testing::ServerProcess half_tls(
      std::string(GOVREPORT_BIN_DIR) + "/ingest_server",
      {"--db=" + dir_.Sub("db1"), "--tls_cert=" + certs_ + "/server.pem"});
  half_tls.Start();
  EXPECT_NE(half_tls.Stop(0), 0);
  std::ofstream(certs_ + "/bad_tokens") << "admin everything\n";
  testing::ServerProcess bad_tokens(
      std::string(GOVREPORT_BIN_DIR) + "/ingest_server",
      {"--db=" + dir_.Sub("db2"), "--token_file=" + certs_ + "/bad_tokens"});
  bad_tokens.Start();
  EXPECT_NE(bad_tokens.Stop(0), 0);
  // No token at all is no open server: an empty or comments-only file, or
  // closed reads without tokens, stop it at start.
  std::ofstream(certs_ + "/empty_tokens") << "# tokens go here\n\n";
  int n = 3;
  for (const std::vector<std::string>& flags :
       {std::vector<std::string>{"--token_file=" + certs_ + "/empty_tokens"},
        std::vector<std::string>{"--token_file=" + certs_ + "/empty_tokens",
                                 "--open_reads=false"},
        std::vector<std::string>{"--open_reads=false"}}) {
    for (const char* binary : {"/ingest_server", "/query_server"}) {
      std::vector<std::string> args = flags;
      args.push_back("--db=" + dir_.Sub("db" + std::to_string(n++)));
      testing::ServerProcess refused(std::string(GOVREPORT_BIN_DIR) + binary,
                                     args);
      refused.Start();
      EXPECT_NE(refused.Stop(0), 0) << binary << " " << flags.front();
    }
  }
}

}  // namespace
}  // namespace govreport
