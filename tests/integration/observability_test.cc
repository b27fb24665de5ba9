// The metrics endpoint and the liveness/readiness split of the real servers.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "govreport/v1/ingest.grpc.pb.h"
#include "gtest/gtest.h"
#include "tests/integration/server_process.h"
#include "tests/store/test_db_dir.h"
#include "tests/test_util.h"

namespace govreport {
namespace {

// GET /metrics over a plain socket; the whole response.
std::string Scrape(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  std::string response;
  for (int attempt = 0; attempt < 50; ++attempt) {
    if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0) {
      const std::string request =
          "GET /metrics HTTP/1.0\r\nHost: localhost\r\n\r\n";
      if (write(fd, request.data(), request.size()) < 0) break;
      char buffer[4096];
      ssize_t n;
      while ((n = read(fd, buffer, sizeof(buffer))) > 0)
        response.append(buffer, n);
      break;
    }
    usleep(100000);
  }
  close(fd);
  return response;
}

using ::govreport::testing::ReadSample;

TEST(ObservabilityTest, MetricsCountCallsReportsAndRejections) {
  testing::TestDbDir dir;
  const int metrics_port = testing::FreePort();
  testing::ServerProcess ingest(
      std::string(GOVREPORT_BIN_DIR) + "/ingest_server",
      {"--db=" + dir.Sub("db"),
       "--metrics_listen=127.0.0.1:" + std::to_string(metrics_port)});
  ingest.Start();
  ASSERT_TRUE(ingest.WaitServing());
  auto stub = v1::IngestService::NewStub(ingest.Channel());
  for (const std::string& content : {ReadSample("licang.txt"), std::string()}) {
    v1::IngestReportRequest request;
    request.mutable_report()->set_content(content);
    v1::IngestReportResponse response;
    grpc::ClientContext context;
    stub->IngestReport(&context, request, &response);
  }
  std::string metrics = Scrape(metrics_port);
  EXPECT_NE(metrics.find("govreport_reports_ingested_total{outcome=\"new\"} 1"),
            std::string::npos)
      << metrics;
  EXPECT_NE(
      metrics.find(
          "govreport_reports_rejected_total{code=\"INVALID_ARGUMENT\"} 1"),
      std::string::npos);
  EXPECT_NE(metrics.find("govreport_grpc_calls_total{code=\"OK\",method="
                         "\"/govreport.v1.IngestService/IngestReport\"} 1"),
            std::string::npos);
  EXPECT_NE(metrics.find("govreport_db_sst_bytes"), std::string::npos);
  // The one report stored went through one write group.
  EXPECT_NE(metrics.find("govreport_db_write_groups 1\n"), std::string::npos);
  EXPECT_NE(metrics.find("govreport_db_grouped_writes 1\n"), std::string::npos);
}

TEST(ObservabilityTest, LivenessIsServingBeforeReadiness) {
  testing::TestDbDir dir;
  testing::ServerProcess query(
      std::string(GOVREPORT_BIN_DIR) + "/query_server",
      {"--db=" + dir.Sub("db"), "--secondary_dir=" + dir.Sub("sec")});
  query.Start();
  // Liveness: the "liveness" service; readiness: the server as a whole.
  absl::StatusOr<bool> ready = absl::UnavailableError("not asked yet");
  for (int i = 0; i < 100 && !ready.ok(); ++i) {
    ready = CheckServing(query.Channel(), std::chrono::seconds(1));
    if (!ready.ok()) usleep(50000);
  }
  ASSERT_TRUE(ready.ok()) << ready.status();
  EXPECT_FALSE(*ready);
  absl::StatusOr<bool> alive =
      CheckServing(query.Channel(), std::chrono::seconds(1), "liveness");
  ASSERT_TRUE(alive.ok()) << alive.status();
  EXPECT_TRUE(*alive);
}

}  // namespace
}  // namespace govreport
