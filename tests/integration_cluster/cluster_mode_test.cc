// Cluster mode end to end, with real processes on loopback: NATS JetStream
// servers started here (file stores in temporary folders), an ingest
// server publishing to them and query replicas applying the log to
// databases of their own.

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>

#include "govreport/v1/ingest.grpc.pb.h"
#include "govreport/v1/query.grpc.pb.h"
#include "gtest/gtest.h"
#include "store/keys.h"
#include "store/report_reader.h"
#include "tests/integration/server_process.h"
#include "tests/integration_cluster/nats_server_process.h"
#include "tests/store/stored_reports.h"
#include "tests/store/test_db_dir.h"
#include "tests/test_util.h"

namespace govreport {
namespace {

using ::govreport::testing::ReadSample;
using ::govreport::testing::ServerProcess;

const std::string kIngestServer =
    std::string(GOVREPORT_BIN_DIR) + "/ingest_server";
const std::string kQueryServer =
    std::string(GOVREPORT_BIN_DIR) + "/query_server";

// Report i: a sample with a line of its own, under a client id of its own.
v1::RawReport MakeReport(int i, const std::vector<std::string>& samples) {
  v1::RawReport raw;
  raw.set_client_id("cluster-" + std::to_string(i));
  raw.set_content(samples[i % samples.size()] + "\n第" + std::to_string(i) +
                  "号。\n");
  raw.set_year_hint(2000 + i % 25);
  raw.set_file_name("cluster-" + std::to_string(i) + ".txt");
  return raw;
}

std::vector<std::string> Samples() {
  std::vector<std::string> samples;
  for (const char* name :
       {"jinniu.txt", "licang.txt", "qingyang.txt", "shinan.txt"}) {
    samples.push_back(ReadSample(name));
  }
  return samples;
}

// Sends reports `indexes` over one StreamIngest call; fills `acked` (index
// to result) and returns the error codes of those refused, and under -1
// the call's own when it failed.
std::map<int, int> StreamOnce(ServerProcess& ingest,
                              const std::vector<int>& indexes,
                              const std::vector<std::string>& samples,
                              std::map<int, v1::IngestResult>* acked,
                              std::atomic<int>* acked_count = nullptr) {
  std::map<int, int> refused;
  auto stub = v1::IngestService::NewStub(ingest.Channel());
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(120));
  auto stream = stub->StreamIngest(&context);
  std::thread writer([&] {
    for (int i : indexes) {
      v1::StreamIngestRequest request;
      *request.mutable_report() = MakeReport(i, samples);
      if (!stream->Write(request)) break;
    }
    stream->WritesDone();
  });
  v1::StreamIngestResponse response;
  while (stream->Read(&response)) {
    const int i = indexes[response.index()];
    if (response.has_result()) {
      (*acked)[i] = response.result();
      if (acked_count != nullptr) ++*acked_count;
    } else {
      refused[i] = response.error().code();
    }
  }
  writer.join();
  const grpc::Status finished = stream->Finish();
  if (!finished.ok()) refused[-1] = finished.error_code();
  return refused;
}

// Sends every report of [0, n) not acknowledged yet, stream after stream,
// until all are or `patience` has passed (a client retrying through an
// outage); then says what the last stream's refusals were.
void StreamUntilAcked(ServerProcess& ingest, int n,
                      const std::vector<std::string>& samples,
                      std::map<int, v1::IngestResult>* acked,
                      std::atomic<int>* acked_count,
                      std::chrono::seconds patience) {
  const auto give_up = std::chrono::steady_clock::now() + patience;
  std::map<int, int> refused;
  int streams = 0;
  while (std::chrono::steady_clock::now() < give_up) {
    std::vector<int> missing;
    for (int i = 0; i < n; ++i) {
      if (!acked->count(i)) missing.push_back(i);
    }
    if (missing.empty()) return;
    if (streams++ > 0) {
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    refused = StreamOnce(ingest, missing, samples, acked, acked_count);
  }
  std::map<int, int> reports_by_code;
  for (const auto& [i, code] : refused) ++reports_by_code[code];
  std::string codes;
  for (const auto& [code, count] : reports_by_code) {
    codes += " code " + std::to_string(code) + ": " + std::to_string(count);
  }
  ADD_FAILURE() << acked->size() << " of " << n << " acknowledged after "
                << streams << " streams; the last one's refusals (-1: the "
                << "call's own status):" << codes;
}

// Reads a replica's own database (a secondary instance next to the
// replica's primary) and checks that it holds exactly the acknowledged
// reports, each whole: its commitments and their count as acknowledged.
void ExpectReplicaHolds(const std::string& db, const std::string& check_dir,
                        const std::map<int, v1::IngestResult>& acked) {
  auto reader = ReportReader::Open({db, check_dir});
  ASSERT_TRUE(reader.ok()) << reader.status();
  const std::set<std::string> stored = testing::StoredReportIds(**reader);
  EXPECT_EQ(stored.size(), acked.size()) << db;
  int expected_commitments = 0;
  for (const auto& [i, result] : acked) {
    expected_commitments += result.commitment_count();
    auto report = (*reader)->GetReport(result.report_id(), false);
    ASSERT_TRUE(report.ok())
        << db << " " << result.report_id() << ": " << report.status();
    EXPECT_EQ(report->commitment_count(), result.commitment_count());
    int commitments = 0;
    ASSERT_TRUE((*reader)
                    ->Scan(keys::ColumnFamily::kCommitments,
                           keys::CommitmentPrefix(result.report_id()),
                           keys::CommitmentKey(result.report_id(), UINT32_MAX),
                           [&](std::string_view, std::string_view) {
                             ++commitments;
                             return true;
                           })
                    .ok());
    EXPECT_EQ(commitments, result.commitment_count()) << result.report_id();
  }
  int all_commitments = 0;
  ASSERT_TRUE((*reader)
                  ->Scan(keys::ColumnFamily::kCommitments, "", "",
                         [&](std::string_view, std::string_view) {
                           ++all_commitments;
                           return true;
                         })
                  .ok());
  EXPECT_EQ(all_commitments, expected_commitments) << db;
}

// GetReport of `report_id` with `min_sequence`: OK once the replica
// applied the log that far.
grpc::Status GetReportAt(ServerProcess& query, const std::string& report_id,
                         uint64_t min_sequence) {
  auto stub = v1::QueryService::NewStub(query.Channel());
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(30));
  v1::GetReportRequest request;
  request.set_report_id(report_id);
  request.set_min_sequence_number(min_sequence);
  v1::Report report;
  return stub->GetReport(&context, request, &report);
}

// Prints the servers' logs when the test failed, before their folder goes.
class LogsOnFailure final {
 public:
  explicit LogsOnFailure(std::vector<std::string> paths)
      : paths_(std::move(paths)) {}
  ~LogsOnFailure() {
    if (!::testing::Test::HasFailure()) return;
    for (const std::string& path : paths_) {
      std::ifstream in(path);
      std::stringstream text;
      text << in.rdbuf();
      std::string log = text.str();
      if (log.size() > 6000) log = log.substr(log.size() - 6000);
      std::cerr << "---- " << path << "\n" << log << "\n";
    }
  }

 private:
  const std::vector<std::string> paths_;
};

std::vector<std::string> ReplicaFlags(const testing::NatsCluster& nats,
                                      const testing::TestDbDir& dir,
                                      const std::string& name) {
  return {"--nats=" + nats.urls(), "--db=" + dir.Sub(name),
          "--secondary_dir=" + dir.Sub(name + "-secondary")};
}

// 1,000 reports streamed while one NATS server is stopped and restarted on
// its store, another killed with SIGKILL and restarted empty (a crashed
// server restarted on its store may rejoin with another history of the
// stream: README "A crashed NATS server comes back empty"), and one replica
// killed with SIGKILL and restarted: every acknowledged report is in both
// replicas exactly once and whole; a replica started afterwards catches
// up; the sequence an ack carries is a min_sequence_number either replica
// answers.
TEST(ClusterModeTest, AcknowledgedReportsReachEveryReplicaThroughKills) {
  constexpr int kReports = 1000;
  testing::TestDbDir dir;
  testing::NatsCluster nats(dir.Sub("nats"));
  ASSERT_NO_FATAL_FAILURE(nats.Start());
  ServerProcess ingest(kIngestServer, {"--nats=" + nats.urls()});
  ingest.set_log_file(dir.Sub("ingest.log"));
  ServerProcess replica_a(kQueryServer, ReplicaFlags(nats, dir, "a"));
  replica_a.set_log_file(dir.Sub("a.log"));
  ServerProcess replica_b(kQueryServer, ReplicaFlags(nats, dir, "b"));
  replica_b.set_log_file(dir.Sub("b.log"));
  // The NATS servers' logs too: a loss of acknowledged reports shows
  // there which server led the stream and what it dropped.
  LogsOnFailure logs({dir.Sub("ingest.log"), dir.Sub("a.log"), dir.Sub("b.log"),
                      dir.Sub("c.log"), dir.Sub("nats") + "/n0/nats.log",
                      dir.Sub("nats") + "/n1/nats.log",
                      dir.Sub("nats") + "/n2/nats.log"});
  ingest.Start();
  ASSERT_TRUE(ingest.WaitServing(std::chrono::seconds(60)));
  replica_a.Start();
  replica_b.Start();
  ASSERT_TRUE(replica_a.WaitServing());
  ASSERT_TRUE(replica_b.WaitServing());

  const std::vector<std::string> samples = Samples();
  std::map<int, v1::IngestResult> acked;
  std::atomic<int> acked_count{0};
  std::atomic<bool> done{false};
  std::thread killer([&] {
    auto wait_for = [&](int count) {
      while (!done && acked_count < count) {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
      }
    };
    // One NATS server stopped (SIGTERM: it writes its store out) and
    // restarted on its store, as in a rolling restart.
    wait_for(150);
    nats.Stop(0, SIGTERM);
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    nats.Restart(0);
    ASSERT_TRUE(nats.WaitStreamCurrent("GOVREPORT", std::chrono::seconds(60)));
    // Another killed (SIGKILL: a crash) and replaced by a server with an
    // empty store, which copies the stream from the other two.
    wait_for(400);
    nats.Stop(1, SIGKILL);
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    nats.RestartEmpty(1);
    ASSERT_TRUE(nats.WaitStreamCurrent("GOVREPORT", std::chrono::seconds(60)));
    // Then a replica killed and restarted.
    wait_for(650);
    replica_a.Stop(SIGKILL);
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    replica_a.Start();
  });
  StreamUntilAcked(ingest, kReports, samples, &acked, &acked_count,
                   std::chrono::seconds(180));
  done = true;
  killer.join();
  ASSERT_EQ(acked.size(), static_cast<size_t>(kReports));

  uint64_t last_sequence = 0;
  std::string last_id;
  for (const auto& [i, result] : acked) {
    if (result.sequence_number() > last_sequence) {
      last_sequence = result.sequence_number();
      last_id = result.report_id();
    }
  }
  EXPECT_GE(last_sequence, static_cast<uint64_t>(kReports));

  // A replica started after the load catches up before it serves.
  ServerProcess replica_c(kQueryServer, ReplicaFlags(nats, dir, "c"));
  replica_c.set_log_file(dir.Sub("c.log"));
  replica_c.Start();
  // Catching up replays up to the whole log: seconds in a Release build,
  // minutes in the sanitizer build on a busy machine.
  constexpr std::chrono::seconds kCatchUp(240);
  ASSERT_TRUE(replica_a.WaitServing(kCatchUp));
  ASSERT_TRUE(replica_c.WaitServing(kCatchUp));
  for (ServerProcess* replica : {&replica_a, &replica_b, &replica_c}) {
    grpc::Status answered = GetReportAt(*replica, last_id, last_sequence);
    EXPECT_TRUE(answered.ok()) << answered.error_message();
  }
  for (const char* name : {"a", "b", "c"}) {
    ExpectReplicaHolds(dir.Sub(name), dir.Sub(std::string(name) + "-check"),
                       acked);
  }
  EXPECT_EQ(replica_a.Stop(SIGTERM), 0);
  EXPECT_EQ(replica_b.Stop(SIGTERM), 0);
  EXPECT_EQ(replica_c.Stop(SIGTERM), 0);
  EXPECT_EQ(ingest.Stop(SIGTERM), 0);
}

// The exit status and standard error of a server run to its end.
std::pair<int, std::string> RunToExit(const std::string& command,
                                      const std::string& log) {
  const int status = std::system((command + " 2>" + log).c_str());
  std::ifstream in(log);
  std::stringstream text;
  text << in.rdbuf();
  return {status, text.str()};
}

TEST(ClusterModeTest, NatsUnreachableAtStartIsAClearErrorAndExit) {
  testing::TestDbDir dir;
  const std::string nats =
      "--nats=nats://127.0.0.1:" + std::to_string(testing::FreePort());
  for (const std::string& binary : {kIngestServer, kQueryServer}) {
    auto [status, log] = RunToExit(
        binary + " --listen=127.0.0.1:0 --db=" + dir.Sub("db") + " " + nats,
        dir.Sub("log"));
    EXPECT_NE(status, 0) << binary;
    EXPECT_NE(log.find("cannot connect to NATS at nats://127.0.0.1:"),
              std::string::npos)
        << log;
  }
}

// The only NATS server lost mid-stream: the reports of the stream are
// refused UNAVAILABLE, not acknowledged; once it is back, they are. (And a
// server wanting other stream settings than the stream's stops at start.)
TEST(ClusterModeTest, NatsLostMidStreamRefusesThenRecovers) {
  testing::TestDbDir dir;
  testing::NatsServerProcess nats("solo", dir.Sub("nats"));
  ASSERT_NO_FATAL_FAILURE(nats.Start({}));
  ASSERT_TRUE(nats.WaitListening());
  ServerProcess ingest(kIngestServer,
                       {"--nats=" + nats.url(), "--nats_replicas=1",
                        "--nats_publish_timeout_ms=1500"});
  ingest.set_log_file(dir.Sub("ingest.log"));
  ingest.Start();
  ASSERT_TRUE(ingest.WaitServing(std::chrono::seconds(30)));
  auto [status, log] =
      RunToExit(kQueryServer + " --listen=127.0.0.1:0 --nats=" + nats.url() +
                    " --nats_replicas=3 --db=" + dir.Sub("replica"),
                dir.Sub("conflict.log"));
  EXPECT_NE(status, 0);
  EXPECT_NE(log.find("FAILED_PRECONDITION: the JetStream stream GOVREPORT "
                     "exists with subjects [govreport.log], file storage, "
                     "replicas=1, but this server needs"),
            std::string::npos)
      << log;

  const std::vector<std::string> samples = Samples();
  std::map<int, v1::IngestResult> acked;
  EXPECT_TRUE(StreamOnce(ingest, {0, 1, 2}, samples, &acked).empty());
  EXPECT_EQ(acked.size(), 3u);

  nats.Kill();
  std::map<int, int> refused = StreamOnce(ingest, {3, 4, 5}, samples, &acked);
  EXPECT_EQ(acked.size(), 3u) << "nothing is acknowledged without NATS";
  EXPECT_EQ(refused, (std::map<int, int>{{3, grpc::StatusCode::UNAVAILABLE},
                                         {4, grpc::StatusCode::UNAVAILABLE},
                                         {5, grpc::StatusCode::UNAVAILABLE}}));

  ASSERT_NO_FATAL_FAILURE(nats.Start({}));
  std::atomic<int> count{0};
  for (int attempt = 0; attempt < 20 && acked.size() < 6; ++attempt) {
    std::vector<int> missing;
    for (int i = 3; i < 6; ++i) {
      if (!acked.count(i)) missing.push_back(i);
    }
    StreamOnce(ingest, missing, samples, &acked, &count);
    if (acked.size() < 6) std::this_thread::sleep_for(std::chrono::seconds(1));
  }
  EXPECT_EQ(acked.size(), 6u);
  EXPECT_GT(acked[5].sequence_number(), acked[2].sequence_number());
  EXPECT_EQ(ingest.Stop(SIGTERM), 0);
}

}  // namespace
}  // namespace govreport
