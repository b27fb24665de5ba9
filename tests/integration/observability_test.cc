// The metrics endpoint and the liveness/readiness split of the real servers.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <future>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include "absl/strings/ascii.h"
#include "govreport/v1/ingest.grpc.pb.h"
#include "govreport/v1/query.grpc.pb.h"
#include "grpc/health/v1/health.grpc.pb.h"
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

// Whether a scrape shows `line` within about a second (a gauge set by
// another thread of the server).
bool ScrapeShowsSoon(int port, const std::string& line) {
  for (int i = 0; i < 50; ++i) {
    if (Scrape(port).find(line) != std::string::npos) return true;
    usleep(20000);
  }
  return false;
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
  EXPECT_NE(
      metrics.find("grpc_server_handled_total{grpc_code=\"OK\","
                   "grpc_method=\"IngestReport\",grpc_service="
                   "\"govreport.v1.IngestService\",grpc_type=\"unary\"} 1"),
      std::string::npos)
      << metrics;
  EXPECT_NE(metrics.find("# TYPE grpc_server_handled_total counter"),
            std::string::npos);
  EXPECT_NE(metrics.find("govreport_build_info{commit=\""), std::string::npos);
  EXPECT_NE(metrics.find("govreport_db_sst_bytes"), std::string::npos);
  // The one report stored went through one write group.
  EXPECT_NE(metrics.find("govreport_db_write_groups 1\n"), std::string::npos);
  EXPECT_NE(metrics.find("govreport_db_grouped_writes 1\n"), std::string::npos);
  // No stream is open, of the default 64.
  EXPECT_NE(metrics.find("govreport_ingest_streams 0\n"), std::string::npos);
  EXPECT_NE(metrics.find("govreport_ingest_streams_max 64\n"),
            std::string::npos);
  // The primary's sequence number, which replicas' lag is measured from.
  EXPECT_NE(metrics.find("# TYPE govreport_sequence_number gauge"),
            std::string::npos);
  EXPECT_EQ(metrics.find("govreport_sequence_number 0\n"), std::string::npos);
  // An open stream is counted while it is open.
  {
    grpc::ClientContext context;
    auto stream = stub->StreamIngest(&context);
    EXPECT_TRUE(ScrapeShowsSoon(metrics_port, "govreport_ingest_streams 1\n"));
    stream->WritesDone();
    EXPECT_TRUE(stream->Finish().ok());
  }
  EXPECT_TRUE(ScrapeShowsSoon(metrics_port, "govreport_ingest_streams 0\n"));
}

// The metric families of a Prometheus text exposition, by name, with
// their declared type; fails the test on what promtool's `check metrics`
// would reject: samples of a family without HELP and TYPE, a family
// declared twice, a counter not named _total, a value that is no number.
std::map<std::string, std::string> FamiliesOf(const std::string& response) {
  std::map<std::string, std::string> types;
  std::set<std::string> helped;
  std::istringstream lines(response.substr(response.find("\r\n\r\n") + 4));
  std::string line;
  while (std::getline(lines, line)) {
    if (line.empty()) continue;
    std::istringstream words(line);
    std::string first, keyword, name, type;
    words >> first;
    if (first == "#") {
      words >> keyword >> name;
      if (keyword == "HELP") {
        EXPECT_TRUE(helped.insert(name).second) << "HELP twice: " << name;
      } else if (keyword == "TYPE") {
        words >> type;
        EXPECT_TRUE(types.emplace(name, type).second) << "TYPE twice: " << name;
        EXPECT_TRUE(helped.count(name)) << "TYPE before HELP: " << name;
        if (type == "counter") {
          EXPECT_EQ(name.substr(name.size() - 6), "_total") << name;
        }
      }
      continue;
    }
    const std::string sample = first.substr(0, first.find('{'));
    std::string family = sample;
    if (!types.count(family)) {
      for (const char* suffix : {"_bucket", "_sum", "_count"}) {
        const std::string s(suffix);
        if (family.size() > s.size() &&
            family.compare(family.size() - s.size(), s.size(), s) == 0 &&
            types.count(family.substr(0, family.size() - s.size()))) {
          family = family.substr(0, family.size() - s.size());
        }
      }
    }
    EXPECT_TRUE(types.count(family)) << "no TYPE for " << line;
    const std::string value = line.substr(line.rfind(' ') + 1);
    char* end = nullptr;
    std::strtod(value.c_str(), &end);
    EXPECT_TRUE(!value.empty() && *end == '\0') << line;
  }
  return types;
}

// Both servers' expositions are well formed and carry the process_*
// metrics; neither exports the other's metrics, which would always be 0.
TEST(ObservabilityTest, ExpositionsAreWellFormedAndServerSpecific) {
  testing::TestDbDir dir;
  const int ingest_port = testing::FreePort();
  const int query_port = testing::FreePort();
  testing::ServerProcess ingest(
      std::string(GOVREPORT_BIN_DIR) + "/ingest_server",
      {"--db=" + dir.Sub("db"),
       "--metrics_listen=127.0.0.1:" + std::to_string(ingest_port)});
  ingest.Start();
  ASSERT_TRUE(ingest.WaitServing());
  testing::ServerProcess query(
      std::string(GOVREPORT_BIN_DIR) + "/query_server",
      {"--db=" + dir.Sub("db"), "--secondary_dir=" + dir.Sub("sec"),
       "--metrics_listen=127.0.0.1:" + std::to_string(query_port)});
  query.Start();
  ASSERT_TRUE(query.WaitServing());
  // A call on each, so that the gRPC families have samples.
  EXPECT_TRUE(*CheckServing(ingest.Channel(), std::chrono::seconds(5)));
  EXPECT_TRUE(*CheckServing(query.Channel(), std::chrono::seconds(5)));
  // The same query twice: the second is answered from the response cache
  // (nothing is written meanwhile).
  auto query_stub = v1::QueryService::NewStub(query.Channel());
  for (int i = 0; i < 2; ++i) {
    v1::ListCommitmentsRequest request;
    request.mutable_filter()->add_districts("370213");
    grpc::ClientContext context;
    v1::ListCommitmentsResponse response;
    EXPECT_TRUE(query_stub->ListCommitments(&context, request, &response).ok());
  }

  const std::map<std::string, std::string> ingest_families =
      FamiliesOf(Scrape(ingest_port));
  const std::map<std::string, std::string> query_families =
      FamiliesOf(Scrape(query_port));
  for (const auto* families : {&ingest_families, &query_families}) {
    for (const char* name :
         {"process_cpu_seconds_total", "process_resident_memory_bytes",
          "process_virtual_memory_bytes", "process_open_fds", "process_max_fds",
          "process_start_time_seconds", "process_threads",
          "govreport_build_info", "grpc_server_handled_total",
          "grpc_server_handling_seconds", "govreport_db_sst_bytes",
          "govreport_db_level0_files", "govreport_sequence_number"}) {
      EXPECT_TRUE(families->count(name)) << name;
    }
    EXPECT_EQ(families->at("process_cpu_seconds_total"), "counter");
    EXPECT_EQ(families->at("grpc_server_handling_seconds"), "histogram");
  }
  for (const char* ingest_only :
       {"govreport_ingest_streams", "govreport_ingest_streams_max",
        "govreport_db_write_groups", "govreport_db_grouped_writes",
        "govreport_db_pending_compaction_bytes", "govreport_db_writes_stopped",
        "govreport_db_delayed_write_rate"}) {
    EXPECT_TRUE(ingest_families.count(ingest_only)) << ingest_only;
    EXPECT_FALSE(query_families.count(ingest_only)) << ingest_only;
  }
  // Labelled families show once they have a sample: never on the query
  // server.
  for (const char* family :
       {"govreport_reports_ingested_total", "govreport_reports_rejected_total",
        "govreport_warnings_total"}) {
    EXPECT_FALSE(query_families.count(family)) << family;
  }
  EXPECT_TRUE(query_families.count("govreport_catch_up_age_seconds"));
  EXPECT_FALSE(ingest_families.count("govreport_catch_up_age_seconds"));
  for (const char* counter : {"govreport_response_cache_hits_total",
                              "govreport_response_cache_misses_total",
                              "govreport_reads_in_memory_total",
                              "govreport_reads_handed_over_total"}) {
    ASSERT_TRUE(query_families.count(counter)) << counter;
    EXPECT_EQ(query_families.at(counter), "counter") << counter;
    EXPECT_FALSE(ingest_families.count(counter)) << counter;
  }
  EXPECT_EQ(query_families.at("govreport_response_cache_bytes"), "gauge");
  const std::string exposition = Scrape(query_port);
  EXPECT_NE(exposition.find("govreport_response_cache_hits_total 1\n"),
            std::string::npos);
  EXPECT_NE(exposition.find("govreport_response_cache_misses_total 1\n"),
            std::string::npos);
}

// The value of an unlabelled sample in an exposition; -1 when missing.
double SampleValue(const std::string& exposition, const std::string& name) {
  const std::string line_start = "\n" + name + " ";
  const size_t at = exposition.find(line_start);
  if (at == std::string::npos) return -1;
  return std::atof(exposition.c_str() + at + line_start.size());
}

// A replica opened on flushed tables has nothing in its block cache: the
// first call needs the disk and is read on the read threads, which cache
// its blocks; the same call again is read on gRPC's thread, from memory,
// with the same answer.
TEST(ObservabilityTest, CallsAreReadFromMemoryFirstAndFromDiskWhenTheyMust) {
  testing::TestDbDir dir;
  {
    testing::ServerProcess ingest(
        std::string(GOVREPORT_BIN_DIR) + "/ingest_server",
        {"--db=" + dir.Sub("db")});
    ingest.Start();
    ASSERT_TRUE(ingest.WaitServing());
    {
      // Closed before the stop, which would otherwise wait for it.
      auto stub = v1::IngestService::NewStub(ingest.Channel());
      v1::IngestReportRequest request;
      request.mutable_report()->set_content(ReadSample("licang.txt"));
      request.mutable_report()->set_year_hint(2024);
      grpc::ClientContext context;
      v1::IngestReportResponse ack;
      ASSERT_TRUE(stub->IngestReport(&context, request, &ack).ok());
    }
    // It flushes its memtables as it stops.
    ASSERT_EQ(ingest.Stop(), 0);
  }
  const int metrics_port = testing::FreePort();
  testing::ServerProcess query(
      std::string(GOVREPORT_BIN_DIR) + "/query_server",
      {"--db=" + dir.Sub("db"), "--secondary_dir=" + dir.Sub("sec"),
       "--response_cache_mb=0",
       "--metrics_listen=127.0.0.1:" + std::to_string(metrics_port)});
  query.Start();
  ASSERT_TRUE(query.WaitServing());
  auto stub = v1::QueryService::NewStub(query.Channel());
  std::vector<std::string> answers;
  for (int call = 1; call <= 3; ++call) {
    SCOPED_TRACE(call);
    v1::ListCommitmentsRequest request;
    request.mutable_filter()->add_districts("370213");
    grpc::ClientContext context;
    v1::ListCommitmentsResponse response;
    ASSERT_TRUE(stub->ListCommitments(&context, request, &response).ok());
    ASSERT_GT(response.commitments_size(), 0);
    answers.push_back(response.SerializeAsString());
    const std::string exposition = Scrape(metrics_port);
    EXPECT_EQ(SampleValue(exposition, "govreport_reads_handed_over_total"), 1);
    EXPECT_EQ(SampleValue(exposition, "govreport_reads_in_memory_total"),
              call - 1);
  }
  EXPECT_EQ(answers[1], answers[0]);
  EXPECT_EQ(answers[2], answers[0]);
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
  // The service's own name reports readiness too.
  absl::StatusOr<bool> service_ready = CheckServing(
      query.Channel(), std::chrono::seconds(1), "govreport.v1.QueryService");
  ASSERT_TRUE(service_ready.ok()) << service_ready.status();
  EXPECT_FALSE(*service_ready);
}

// Readiness under each service's own name, once ready.
TEST(ObservabilityTest, ServiceNamesReportReadiness) {
  testing::TestDbDir dir;
  testing::ServerProcess ingest(
      std::string(GOVREPORT_BIN_DIR) + "/ingest_server",
      {"--db=" + dir.Sub("db")});
  ingest.Start();
  ASSERT_TRUE(ingest.WaitServing());
  absl::StatusOr<bool> ready = CheckServing(
      ingest.Channel(), std::chrono::seconds(2), "govreport.v1.IngestService");
  ASSERT_TRUE(ready.ok()) << ready.status();
  EXPECT_TRUE(*ready);
  EXPECT_FALSE(CheckServing(ingest.Channel(), std::chrono::seconds(2),
                            "govreport.v1.QueryService")
                   .ok());
}

// --version names the program, the project's version and the commit.
TEST(ObservabilityTest, VersionFlag) {
  for (const char* program : {"ingest_server", "query_server"}) {
    FILE* pipe = popen(
        (std::string(GOVREPORT_BIN_DIR) + "/" + program + " --version").c_str(),
        "r");
    ASSERT_NE(pipe, nullptr);
    char buffer[256] = {};
    const size_t n = fread(buffer, 1, sizeof(buffer) - 1, pipe);
    EXPECT_EQ(pclose(pipe), 0);
    const std::string output(buffer, n);
    EXPECT_EQ(output.rfind(std::string(program) + " ", 0), 0u) << output;
    EXPECT_NE(output.find(" (commit "), std::string::npos) << output;
  }
}

// --helpfull says how flags map to environment variables.
TEST(ObservabilityTest, HelpfullDocumentsTheEnvironment) {
  for (const char* program : {"ingest_server", "query_server"}) {
    FILE* pipe = popen(
        (std::string(GOVREPORT_BIN_DIR) + "/" + program + " --helpfull 2>&1")
            .c_str(),
        "r");
    ASSERT_NE(pipe, nullptr);
    std::string output;
    char buffer[4096];
    size_t n;
    while ((n = fread(buffer, 1, sizeof(buffer), pipe)) > 0) {
      output.append(buffer, n);
    }
    pclose(pipe);
    EXPECT_NE(output.find("--db: GOVREPORT_DB"), std::string::npos) << output;
    EXPECT_NE(output.find("GOVREPORT_TOKENS"), std::string::npos) << output;
  }
}

// x-request-id comes back in the response headers (the client's, or a new
// one, unique across processes); a failed call is logged with it and with
// the trace id of a W3C traceparent.
TEST(ObservabilityTest, RequestIdsAndTraceparent) {
  testing::TestDbDir dir;
  testing::ServerProcess ingest(
      std::string(GOVREPORT_BIN_DIR) + "/ingest_server",
      {"--db=" + dir.Sub("db")});
  ingest.set_log_file(dir.Sub("log"));
  ingest.Start();
  ASSERT_TRUE(ingest.WaitServing());
  auto stub = v1::IngestService::NewStub(ingest.Channel());
  auto call = [&](const std::string& request_id, const std::string& content) {
    grpc::ClientContext context;
    if (!request_id.empty()) context.AddMetadata("x-request-id", request_id);
    context.AddMetadata(
        "traceparent",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
    v1::IngestReportRequest request;
    request.mutable_report()->set_content(content);
    v1::IngestReportResponse response;
    grpc::Status status = stub->IngestReport(&context, request, &response);
    auto echoed = context.GetServerInitialMetadata().find("x-request-id");
    return std::make_pair(
        status,
        echoed == context.GetServerInitialMetadata().end()
            ? std::string()
            : std::string(echoed->second.data(), echoed->second.size()));
  };
  auto [failed, failed_id] = call("client-chosen-17", "");
  EXPECT_EQ(failed.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(failed_id, "client-chosen-17");
  auto [ok, ok_id] = call("", ReadSample("licang.txt"));
  EXPECT_TRUE(ok.ok()) << ok.error_message();
  // "r", 16 hex digits drawn per process, "-", a counter.
  ASSERT_GT(ok_id.size(), 18u) << ok_id;
  EXPECT_EQ(ok_id[0], 'r');
  EXPECT_EQ(ok_id.find_first_not_of("0123456789abcdef", 1), 17u) << ok_id;
  EXPECT_EQ(ok_id[17], '-');
  // The failed call was logged before its status was sent.

  std::ifstream log_file(dir.Sub("log"));
  std::stringstream log;
  log << log_file.rdbuf();
  EXPECT_NE(log.str().find("request_id=client-chosen-17 "
                           "trace_id=4bf92f3577b34da6a3ce929d0e0e4736"),
            std::string::npos)
      << log.str();
  // At the default level (info) calls that succeed are not logged.
  EXPECT_EQ(log.str().find("call done"), std::string::npos) << log.str();
}

// With --log_level=debug every call is logged, a success at DEBUG and a
// failure at WARN; JSON lines carry numbers as JSON numbers.
TEST(ObservabilityTest, EveryCallIsLoggedWithNumbersAsNumbers) {
  testing::TestDbDir dir;
  testing::ServerProcess ingest(
      std::string(GOVREPORT_BIN_DIR) + "/ingest_server",
      {"--db=" + dir.Sub("db"), "--log_format=json", "--log_level=debug"});
  ingest.set_log_file(dir.Sub("log"));
  ingest.Start();
  ASSERT_TRUE(ingest.WaitServing());
  auto stub = v1::IngestService::NewStub(ingest.Channel());
  for (const auto& [id, content] :
       {std::make_pair("ok-1", ReadSample("licang.txt")),
        std::make_pair("bad-1", std::string())}) {
    grpc::ClientContext context;
    context.AddMetadata("x-request-id", id);
    v1::IngestReportRequest request;
    request.mutable_report()->set_content(content);
    v1::IngestReportResponse response;
    stub->IngestReport(&context, request, &response);
  }
  std::ifstream log_file(dir.Sub("log"));
  std::string line, done, failed;
  while (std::getline(log_file, line)) {
    if (line.find("\"request_id\":\"ok-1\"") != std::string::npos) done = line;
    if (line.find("\"request_id\":\"bad-1\"") != std::string::npos) {
      failed = line;
    }
  }
  EXPECT_NE(done.find("\"level\":\"DEBUG\""), std::string::npos) << done;
  EXPECT_NE(done.find("\"msg\":\"call done\""), std::string::npos) << done;
  EXPECT_NE(done.find("\"code\":\"OK\""), std::string::npos) << done;
  EXPECT_NE(failed.find("\"level\":\"WARN\""), std::string::npos) << failed;
  EXPECT_NE(failed.find("\"code\":\"INVALID_ARGUMENT\""), std::string::npos)
      << failed;
  for (const std::string& logged : {done, failed}) {
    const size_t ms = logged.find("\"ms\":");
    ASSERT_NE(ms, std::string::npos) << logged;
    EXPECT_TRUE(absl::ascii_isdigit(logged[ms + 5])) << logged;
    EXPECT_NE(
        logged.find("\"method\":\"/govreport.v1.IngestService/IngestReport\""),
        std::string::npos)
        << logged;
  }
  // A bad level is a startup error.
  testing::ServerProcess bad_level(
      std::string(GOVREPORT_BIN_DIR) + "/ingest_server",
      {"--db=" + dir.Sub("db2"), "--log_level=verbose"});
  bad_level.Start();
  EXPECT_NE(bad_level.Stop(0), 0);
}

// One Health.Watch call on its own thread: every status it was sent, and
// how it ended.
class HealthWatch final {
 public:
  HealthWatch(const std::shared_ptr<grpc::Channel>& channel,
              const std::string& service)
      : stub_(grpc::health::v1::Health::NewStub(channel)) {
    request_.set_service(service);
    thread_ = std::thread([this] {
      auto reader = stub_->Watch(&context_, request_);
      grpc::health::v1::HealthCheckResponse response;
      while (reader->Read(&response)) {
        std::lock_guard<std::mutex> lock(mu_);
        statuses_.push_back(response.status());
      }
      done_.set_value(reader->Finish());
    });
  }
  ~HealthWatch() {
    context_.TryCancel();
    if (thread_.joinable()) thread_.join();
  }

  // Waits until `n` statuses have arrived; false after 10 s.
  bool AwaitStatuses(size_t n) {
    for (int i = 0; i < 200; ++i) {
      {
        std::lock_guard<std::mutex> lock(mu_);
        if (statuses_.size() >= n) return true;
      }
      usleep(50000);
    }
    return false;
  }

  void Cancel() { context_.TryCancel(); }

  // How the call ended, once it has.
  grpc::Status Ended() {
    if (thread_.joinable()) thread_.join();
    return ended_.get();
  }

  std::vector<int> statuses() {
    std::lock_guard<std::mutex> lock(mu_);
    return statuses_;
  }

 private:
  std::unique_ptr<grpc::health::v1::Health::Stub> stub_;
  grpc::health::v1::HealthCheckRequest request_;
  grpc::ClientContext context_;
  std::mutex mu_;
  std::vector<int> statuses_;
  std::promise<grpc::Status> done_;
  std::future<grpc::Status> ended_ = done_.get_future();
  std::thread thread_;
};

// An open Watch neither holds SIGTERM for the grace period nor, cancelled
// by its client, counts as an UNKNOWN failure; liveness stays SERVING
// while the server drains.
TEST(ObservabilityTest, HealthWatchesAndShutdown) {
  using grpc::health::v1::HealthCheckResponse;
  testing::TestDbDir dir;
  const int metrics_port = testing::FreePort();
  testing::ServerProcess ingest(
      std::string(GOVREPORT_BIN_DIR) + "/ingest_server",
      {"--db=" + dir.Sub("db"), "--shutdown_grace_ms=30000",
       "--metrics_listen=127.0.0.1:" + std::to_string(metrics_port)});
  ingest.set_log_file(dir.Sub("log"));
  ingest.Start();
  ASSERT_TRUE(ingest.WaitServing());

  {
    HealthWatch cancelled(ingest.Channel(), "");
    ASSERT_TRUE(cancelled.AwaitStatuses(1));
    cancelled.Cancel();
    EXPECT_EQ(cancelled.Ended().error_code(), grpc::StatusCode::CANCELLED);
  }
  std::string metrics;
  for (int i = 0; i < 50; ++i) {
    metrics = Scrape(metrics_port);
    if (metrics.find("grpc_method=\"Watch\"") != std::string::npos) {
      break;
    }
    usleep(100000);
  }
  EXPECT_NE(metrics.find("grpc_server_handled_total{grpc_code=\"CANCELLED\","
                         "grpc_method=\"Watch\",grpc_service="
                         "\"grpc.health.v1.Health\",grpc_type="
                         "\"server_stream\"} 1"),
            std::string::npos)
      << metrics;
  EXPECT_EQ(metrics.find("code=\"UNKNOWN\""), std::string::npos);

  HealthWatch readiness(ingest.Channel(), "");
  HealthWatch liveness(ingest.Channel(), "liveness");
  ASSERT_TRUE(readiness.AwaitStatuses(1));
  ASSERT_TRUE(liveness.AwaitStatuses(1));
  // The server waits for its clients to close their connections, and a
  // C++ client reads an idle one (the server's GOAWAY) only while some
  // thread polls: every 5 s by default. This one polls all the time, as a
  // busy client would, so that the time measured is the server's.
  grpc::CompletionQueue poll;
  std::thread poller([&poll] {
    void* tag;
    bool ok;
    while (poll.AsyncNext(&tag, &ok,
                          std::chrono::system_clock::now() +
                              std::chrono::milliseconds(50)) !=
           grpc::CompletionQueue::SHUTDOWN) {
    }
  });
  const auto start = std::chrono::steady_clock::now();
  const int exit_status = ingest.Stop(SIGTERM);
  const auto took = std::chrono::steady_clock::now() - start;
  poll.Shutdown();
  poller.join();
  EXPECT_TRUE(WIFEXITED(exit_status) && WEXITSTATUS(exit_status) == 0);
  EXPECT_LT(took, std::chrono::seconds(10));
  EXPECT_TRUE(readiness.Ended().ok());
  EXPECT_TRUE(liveness.Ended().ok());
  EXPECT_EQ(readiness.statuses(),
            (std::vector<int>{HealthCheckResponse::SERVING,
                              HealthCheckResponse::NOT_SERVING}));
  EXPECT_EQ(liveness.statuses(),
            std::vector<int>{HealthCheckResponse::SERVING});

  std::ifstream log_file(dir.Sub("log"));
  std::stringstream log;
  log << log_file.rdbuf();
  EXPECT_EQ(log.str().find("WARN"), std::string::npos) << log.str();
}

}  // namespace
}  // namespace govreport
