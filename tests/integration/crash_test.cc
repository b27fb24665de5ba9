// Durability under SIGKILL: a client streams 1,000 reports, in pairs of two
// versions under one client id, while the ingest server is killed at random
// moments and restarted; every acknowledged report must be present and
// complete, none partial, none duplicated, each id holding its later
// version once that is acknowledged, and the query service must keep
// answering.

#include <atomic>
#include <fstream>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <sstream>
#include <thread>

#include "govreport/v1/ingest.grpc.pb.h"
#include "govreport/v1/query.grpc.pb.h"
#include "gtest/gtest.h"
#include "store/keys.h"
#include "store/report_reader.h"
#include "tests/integration/server_process.h"
#include "tests/store/stored_reports.h"
#include "tests/store/test_db_dir.h"
#include "tests/test_util.h"

namespace govreport {
namespace {

constexpr int kReports = 1000;
constexpr int kMinKills = 10;

using ::govreport::testing::ReadSample;

// Report i: a sample with a line of its own, under a client id of its own,
// or with `pairs` under the id of its pair (reports 2k and 2k+1 share
// "crash-k": the second replaces the first). Its file name names i.
v1::RawReport MakeReport(int i, const std::vector<std::string>& samples,
                         bool pairs = false) {
  v1::RawReport raw;
  raw.set_client_id("crash-" + std::to_string(pairs ? i / 2 : i));
  raw.set_content(samples[i % samples.size()] + "\n第" + std::to_string(i) +
                  "号。\n");
  raw.set_year_hint(2000 + i % 25);
  raw.set_file_name("crash-" + std::to_string(i) + ".txt");
  return raw;
}

TEST(CrashTest, AcknowledgedReportsAndReplacementsSurviveSigkill) {
  testing::TestDbDir dir;
  const std::string db = dir.Sub("db");
  testing::ServerProcess ingest(
      std::string(GOVREPORT_BIN_DIR) + "/ingest_server", {"--db=" + db});
  testing::ServerProcess query(
      std::string(GOVREPORT_BIN_DIR) + "/query_server",
      {"--db=" + db, "--secondary_dir=" + dir.Sub("secondary")});
  ingest.Start();
  ASSERT_TRUE(ingest.WaitServing());
  query.Start();
  ASSERT_TRUE(query.WaitServing());

  std::vector<std::string> samples;
  for (const char* name :
       {"jinniu.txt", "licang.txt", "qingyang.txt", "shinan.txt"}) {
    samples.push_back(ReadSample(name));
  }

  // Queries run throughout; every one must succeed.
  std::atomic<bool> done{false};
  std::atomic<int> query_failures{0}, queries{0};
  std::thread querier([&] {
    auto stub = v1::QueryService::NewStub(query.Channel());
    while (!done) {
      grpc::ClientContext context;
      context.set_deadline(std::chrono::system_clock::now() +
                           std::chrono::seconds(5));
      v1::ListDistrictsResponse response;
      if (!stub->ListDistricts(&context, {}, &response).ok()) ++query_failures;
      ++queries;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  });

  // The killer strikes at random moments while the stream runs.
  std::atomic<int> kills{0};
  std::mutex server_mu;
  std::thread killer([&] {
    std::mt19937 random(42);
    while (!done) {
      std::this_thread::sleep_for(
          std::chrono::milliseconds(100 + random() % 300));
      if (done) break;
      std::lock_guard<std::mutex> lock(server_mu);
      ingest.Stop(SIGKILL);
      ++kills;
      ingest.Start();
      ASSERT_TRUE(ingest.WaitServing());
    }
  });

  std::set<int> acknowledged;
  int next = 0;
  int attempts = 0;
  while (next < kReports && attempts++ < 1000) {
    std::shared_ptr<grpc::Channel> channel;
    {
      std::lock_guard<std::mutex> lock(server_mu);
      channel = ingest.Channel();
    }
    auto stub = v1::IngestService::NewStub(channel);
    grpc::ClientContext context;
    auto stream = stub->StreamIngest(&context);
    const int first = next;
    std::thread writer([&] {
      for (int i = first; i < kReports; ++i) {
        v1::StreamIngestRequest request;
        *request.mutable_report() = MakeReport(i, samples, /*pairs=*/true);
        if (!stream->Write(request)) break;
      }
      stream->WritesDone();
    });
    v1::StreamIngestResponse response;
    while (stream->Read(&response)) {
      ASSERT_TRUE(response.has_result()) << response.error().message();
      const int i = first + static_cast<int>(response.index());
      // The second version of an id whose first is acknowledged replaced
      // it (in this stream or one before a kill), or was stored already
      // when a kill lost its answer and is sent again.
      if (i % 2 == 1 && acknowledged.count(i - 1)) {
        EXPECT_TRUE(response.result().replaced() ||
                    response.result().unchanged())
            << i;
      }
      acknowledged.insert(i);
      next = i + 1;
    }
    context.TryCancel();
    writer.join();
    stream->Finish();
    // Once there were enough kills, let the rest of the stream through.
    if (kills >= kMinKills) done = true;
  }
  done = true;
  killer.join();
  EXPECT_GE(kills.load(), kMinKills);
  ASSERT_EQ(next, kReports) << "the stream never got through";
  EXPECT_EQ(static_cast<int>(acknowledged.size()), kReports);

  // The query service answered throughout.
  querier.join();
  EXPECT_GT(queries.load(), 0);
  EXPECT_EQ(query_failures.load(), 0);

  // Every acknowledged report is present and complete; nothing else is.
  EXPECT_EQ(ingest.Stop(SIGTERM), 0);
  auto reader = ReportReader::Open({db, dir.Sub("check")});
  ASSERT_TRUE(reader.ok()) << reader.status();
  const std::set<std::string> stored = testing::StoredReportIds(**reader);
  EXPECT_EQ(static_cast<int>(stored.size()), kReports / 2);
  // Each family is read once; every index entry of every stored commitment
  // must be among its keys.
  std::map<keys::ColumnFamily, std::set<std::string>> index_keys;
  for (keys::ColumnFamily cf : keys::AllColumnFamilies()) {
    ASSERT_TRUE((*reader)
                    ->Scan(cf, "", "",
                           [&](std::string_view key, std::string_view) {
                             index_keys[cf].insert(std::string(key));
                             return true;
                           })
                    .ok());
  }
  for (int k = 0; k < kReports / 2; ++k) {
    std::string id = "crash-" + std::to_string(k);
    auto report = (*reader)->GetReport(id, false);
    ASSERT_TRUE(report.ok()) << id << ": " << report.status();
    // Both versions were acknowledged: the later one is stored.
    EXPECT_EQ(report->source_file(),
              "crash-" + std::to_string(2 * k + 1) + ".txt")
        << id;
    int commitments = 0;
    ASSERT_TRUE((*reader)
                    ->Scan(keys::ColumnFamily::kCommitments,
                           keys::CommitmentPrefix(id),
                           keys::CommitmentKey(id, UINT32_MAX),
                           [&](std::string_view key, std::string_view value) {
                             v1::Commitment c;
                             EXPECT_TRUE(c.ParseFromArray(
                                 value.data(), static_cast<int>(value.size())));
                             for (const keys::IndexEntry& e :
                                  keys::IndexEntries(c, key, value)) {
                               EXPECT_TRUE(index_keys[e.cf].count(e.key))
                                   << id << " " << keys::ColumnFamilyName(e.cf);
                             }
                             ++commitments;
                             return true;
                           })
                    .ok());
    EXPECT_EQ(commitments, report->commitment_count()) << id;
  }
  EXPECT_EQ(query.Stop(SIGTERM), 0);
}

}  // namespace
}  // namespace govreport

namespace govreport {
namespace {

// SIGTERM while a stream is running: in-flight reports are finished or
// refused cleanly, the server exits 0, and every acknowledged report is
// stored.
TEST(CrashTest, SigtermDuringAStreamLosesNothingAcknowledged) {
  testing::TestDbDir dir;
  const std::string db = dir.Sub("db");
  testing::ServerProcess ingest(
      std::string(GOVREPORT_BIN_DIR) + "/ingest_server", {"--db=" + db});
  ingest.Start();
  ASSERT_TRUE(ingest.WaitServing());
  std::vector<std::string> samples = {ReadSample("licang.txt"),
                                      ReadSample("shinan.txt")};
  auto stub = v1::IngestService::NewStub(ingest.Channel());
  grpc::ClientContext context;
  auto stream = stub->StreamIngest(&context);
  std::thread writer([&] {
    for (int i = 0; i < 5000; ++i) {
      v1::StreamIngestRequest request;
      *request.mutable_report() = MakeReport(i, samples);
      if (!stream->Write(request)) break;
    }
    stream->WritesDone();
  });
  std::set<std::string> acknowledged;
  v1::StreamIngestResponse response;
  int exit_status = -1;
  std::thread stopper;
  while (stream->Read(&response)) {
    if (response.has_result())
      acknowledged.insert(response.result().report_id());
    if (acknowledged.size() == 50 && !stopper.joinable()) {
      stopper = std::thread([&] { exit_status = ingest.Stop(SIGTERM); });
    }
  }
  context.TryCancel();  // the writer may be blocked on flow control
  writer.join();
  grpc::Status finished = stream->Finish();
  EXPECT_FALSE(finished.ok());
  ASSERT_TRUE(stopper.joinable());
  stopper.join();
  EXPECT_EQ(exit_status, 0);
  EXPECT_GE(acknowledged.size(), 50u);
  auto reader = ReportReader::Open({db, dir.Sub("check")});
  ASSERT_TRUE(reader.ok()) << reader.status();
  for (const std::string& id : acknowledged) {
    EXPECT_TRUE((*reader)->GetReport(id, false).ok()) << id;
  }
}

}  // namespace
}  // namespace govreport
