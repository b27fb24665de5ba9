// End to end: the real ingest_server and query_server binaries as separate
// processes on loopback ports over one temporary RocksDB folder.

#include <condition_variable>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>

#include "absl/strings/str_cat.h"
#include "common/domains.h"
#include "govreport/v1/ingest.grpc.pb.h"
#include "govreport/v1/query.grpc.pb.h"
#include "gtest/gtest.h"
#include "tests/integration/server_process.h"
#include "tests/store/test_db_dir.h"
#include "tests/test_util.h"

namespace govreport {
namespace {

const char* const kSamples[] = {"jinniu.txt", "licang.txt", "qingyang.txt",
                                "shinan.txt"};

using ::govreport::testing::ReadSample;

class ServicesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = dir_.Sub("db");
    ingest_ = std::make_unique<testing::ServerProcess>(
        std::string(GOVREPORT_BIN_DIR) + "/ingest_server",
        std::vector<std::string>{"--db=" + db_});
    query_ = std::make_unique<testing::ServerProcess>(
        std::string(GOVREPORT_BIN_DIR) + "/query_server",
        std::vector<std::string>{"--db=" + db_,
                                 "--secondary_dir=" + dir_.Sub("secondary")});
  }

  void StartBoth() {
    query_->Start();
    ingest_->Start();
    ASSERT_TRUE(ingest_->WaitServing());
    ASSERT_TRUE(query_->WaitServing());
    ingest_stub_ = v1::IngestService::NewStub(ingest_->Channel());
    query_stub_ = v1::QueryService::NewStub(query_->Channel());
  }

  void StopBoth() {
    // An idle client channel delays a graceful GOAWAY (the server waits for
    // its ping to be answered): close ours first.
    ingest_stub_.reset();
    query_stub_.reset();
    EXPECT_EQ(ingest_->Stop(), 0);
    EXPECT_EQ(query_->Stop(), 0);
  }

  // Streams every sample in one StreamIngest call; returns the answers.
  std::vector<v1::StreamIngestResponse> IngestSamples() {
    grpc::ClientContext context;
    auto stream = ingest_stub_->StreamIngest(&context);
    for (const char* name : kSamples) {
      v1::StreamIngestRequest request;
      request.mutable_report()->set_content(ReadSample(name));
      request.mutable_report()->set_file_name(name);
      request.mutable_report()->set_year_hint(2024);
      EXPECT_TRUE(stream->Write(request));
    }
    stream->WritesDone();
    std::vector<v1::StreamIngestResponse> answers;
    v1::StreamIngestResponse response;
    while (stream->Read(&response)) answers.push_back(response);
    EXPECT_TRUE(stream->Finish().ok());
    return answers;
  }

  // Ingests the sample `file` as report `client_id` of 2024, hinted to
  // `district_hint` unless empty; last_sequence_ becomes its sequence.
  v1::IngestReportResponse IngestAs(const std::string& client_id,
                                    const char* file,
                                    const std::string& district_hint = "") {
    v1::IngestReportRequest request;
    request.mutable_report()->set_client_id(client_id);
    request.mutable_report()->set_content(ReadSample(file));
    request.mutable_report()->set_year_hint(2024);
    request.mutable_report()->set_district_hint(district_hint);
    grpc::ClientContext context;
    v1::IngestReportResponse response;
    grpc::Status status =
        ingest_stub_->IngestReport(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    last_sequence_ = response.result().sequence_number();
    return response;
  }

  // Every page of a commitment query, following page tokens.
  std::vector<v1::Commitment> ListAll(const v1::CommitmentFilter& filter,
                                      int page_size = 0) {
    v1::ListCommitmentsRequest request;
    *request.mutable_filter() = filter;
    request.set_page_size(page_size);
    request.set_min_sequence_number(last_sequence_);
    std::vector<v1::Commitment> all;
    for (int pages = 0; pages < 10000; ++pages) {
      grpc::ClientContext context;
      context.set_deadline(std::chrono::system_clock::now() +
                           std::chrono::seconds(10));
      v1::ListCommitmentsResponse response;
      grpc::Status status =
          query_stub_->ListCommitments(&context, request, &response);
      EXPECT_TRUE(status.ok()) << status.error_message();
      if (!status.ok()) break;
      all.insert(all.end(), response.commitments().begin(),
                 response.commitments().end());
      if (response.next_page_token().empty()) break;
      request.set_page_token(response.next_page_token());
    }
    return all;
  }

  int64_t TotalCommitments() {
    v1::ListDistrictsRequest request;
    request.set_min_sequence_number(last_sequence_);
    grpc::ClientContext context;
    v1::ListDistrictsResponse response;
    EXPECT_TRUE(query_stub_->ListDistricts(&context, request, &response).ok());
    int64_t total = 0;
    for (const auto& d : response.districts()) total += d.commitment_count();
    return total;
  }

  testing::TestDbDir dir_;
  std::string db_;
  std::unique_ptr<testing::ServerProcess> ingest_;
  std::unique_ptr<testing::ServerProcess> query_;
  std::unique_ptr<v1::IngestService::Stub> ingest_stub_;
  std::unique_ptr<v1::QueryService::Stub> query_stub_;
  uint64_t last_sequence_ = 0;
};

TEST_F(ServicesTest, IngestQueryReingestRestart) {
  StartBoth();
  std::vector<v1::StreamIngestResponse> answers = IngestSamples();
  ASSERT_EQ(answers.size(), std::size(kSamples));
  std::map<std::string, int> commitments_by_district;
  for (size_t i = 0; i < answers.size(); ++i) {
    const v1::StreamIngestResponse& a = answers[i];
    EXPECT_EQ(a.index(), static_cast<int64_t>(i));
    ASSERT_TRUE(a.has_result()) << a.error().message();
    EXPECT_FALSE(a.result().district().code().empty()) << a.file_name();
    EXPECT_GT(a.result().commitment_count(), 0);
    commitments_by_district[a.result().district().name()] +=
        a.result().commitment_count();
    last_sequence_ = std::max(last_sequence_, a.result().sequence_number());
  }
  ASSERT_EQ(commitments_by_district.size(), std::size(kSamples));

  // By district: short name, every commitment of that district's report.
  v1::CommitmentFilter by_district;
  by_district.add_districts("李沧");
  std::vector<v1::Commitment> licang = ListAll(by_district);
  EXPECT_EQ(static_cast<int>(licang.size()), commitments_by_district["李沧区"]);
  for (const auto& c : licang) EXPECT_EQ(c.district().name(), "李沧区");

  // By domain: the domain of some stored commitment, and only that domain.
  const v1::Domain domain = licang.front().domain();
  v1::CommitmentFilter by_domain;
  by_domain.add_domains(domain);
  std::vector<v1::Commitment> in_domain = ListAll(by_domain);
  ASSERT_FALSE(in_domain.empty());
  for (const auto& c : in_domain) EXPECT_EQ(c.domain(), domain);

  // By metric: a metric some stored quantity states.
  std::vector<v1::Commitment> everything = ListAll({});
  EXPECT_EQ(static_cast<int64_t>(everything.size()), TotalCommitments());
  std::string metric;
  for (const auto& c : everything) {
    if (!c.quantities().empty()) {
      metric = c.quantities(0).metric();
      break;
    }
  }
  ASSERT_FALSE(metric.empty()) << "no stored commitment has a quantity";
  v1::CommitmentFilter by_metric;
  by_metric.set_metric(metric);
  std::vector<v1::Commitment> with_metric = ListAll(by_metric);
  ASSERT_FALSE(with_metric.empty());
  for (const auto& c : with_metric) {
    bool found = false;
    for (const auto& q : c.quantities()) found |= q.metric() == metric;
    EXPECT_TRUE(found) << c.text();
  }

  // Small pages return the same set, without duplicates.
  std::vector<v1::Commitment> paged = ListAll({}, 3);
  std::set<std::string> ids;
  for (const auto& c : paged) ids.insert(c.id());
  EXPECT_EQ(ids.size(), everything.size());
  EXPECT_EQ(paged.size(), everything.size());

  // Re-ingesting the same files changes nothing.
  for (const auto& a : IngestSamples()) {
    ASSERT_TRUE(a.has_result());
    EXPECT_TRUE(a.result().unchanged()) << a.file_name();
  }
  EXPECT_EQ(static_cast<int64_t>(ListAll({}).size()), TotalCommitments());
  EXPECT_EQ(ListAll({}).size(), everything.size());

  // Both restart with everything still there.
  StopBoth();
  StartBoth();
  EXPECT_EQ(ListAll({}).size(), everything.size());
  EXPECT_EQ(ListAll(by_district).size(), licang.size());
}

TEST_F(ServicesTest, ReplacedReportIsSeenAndOldCommitmentsAreGone) {
  StartBoth();
  const v1::IngestReportResponse first = IngestAs("licang-2024", "licang.txt");
  EXPECT_EQ(first.result().report_id(), "licang-2024");

  // The same id with other content: the shinan excerpt, hinted to 李沧.
  const v1::IngestReportResponse second =
      IngestAs("licang-2024", "shinan.txt", "370213");
  EXPECT_TRUE(second.result().replaced());

  v1::CommitmentFilter filter;
  filter.set_report_id("licang-2024");
  std::vector<v1::Commitment> stored = ListAll(filter);
  EXPECT_EQ(static_cast<int>(stored.size()),
            second.result().commitment_count());
  v1::CommitmentFilter by_district;
  by_district.add_districts("370213");
  EXPECT_EQ(ListAll(by_district).size(), stored.size());
  // Normalization only drops layout whitespace: the stored sentences are
  // the new content's.
  auto without_spaces = [](std::string text) {
    for (const std::string& space :
         {std::string(" "), std::string("\u3000"), std::string("\n")}) {
      for (size_t at = text.find(space); at != std::string::npos;
           at = text.find(space, at)) {
        text.erase(at, space.size());
      }
    }
    return text;
  };
  const std::string new_content = without_spaces(ReadSample("shinan.txt"));
  for (const auto& c : stored) {
    EXPECT_NE(new_content.find(without_spaces(c.sentence())), std::string::npos)
        << c.sentence();
  }

  // After a restart of the ingest service (which flushes), still the same.
  ingest_stub_.reset();
  EXPECT_EQ(ingest_->Stop(), 0);
  ingest_->Start();
  ASSERT_TRUE(ingest_->WaitServing());
  ingest_stub_ = v1::IngestService::NewStub(ingest_->Channel());
  EXPECT_EQ(ListAll(by_district).size(), stored.size());
}

// Answers kept for repeated queries are answers only while the database is
// as it was: after a report is replaced, a query that waits for no sequence
// number never gets the answer read before, once the replica has seen the
// write.
TEST_F(ServicesTest, RepeatedQueriesSeeTheDatabaseAsItIsNow) {
  StartBoth();
  IngestAs("licang-2024", "licang.txt");

  v1::CommitmentFilter by_district;
  by_district.add_districts("370213");
  const std::vector<v1::Commitment> before = ListAll(by_district);
  ASSERT_FALSE(before.empty());
  std::string metric;
  for (const v1::Commitment& c : before) {
    for (const v1::Quantity& q : c.quantities()) {
      if (metric.empty() && !q.metric_id().empty()) metric = q.metric_id();
    }
  }
  ASSERT_FALSE(metric.empty());

  v1::ListCommitmentsRequest list;
  *list.mutable_filter() = by_district;
  list.set_page_size(1000);
  v1::CompareMetricRequest compare;
  compare.set_metric(metric);
  compare.set_year_from(2024);
  compare.set_year_to(2024);
  v1::GetReportRequest get;
  get.set_report_id("licang-2024");
  // Each query's answer as bytes (one method of each kind: stored bytes,
  // value index rows, a message the engine makes), waiting for
  // `min_sequence`.
  auto answers = [&](uint64_t min_sequence) {
    list.set_min_sequence_number(min_sequence);
    compare.set_min_sequence_number(min_sequence);
    get.set_min_sequence_number(min_sequence);
    grpc::ClientContext list_context;
    v1::ListCommitmentsResponse list_response;
    EXPECT_TRUE(
        query_stub_->ListCommitments(&list_context, list, &list_response).ok());
    grpc::ClientContext compare_context;
    v1::CompareMetricResponse compare_response;
    EXPECT_TRUE(
        query_stub_->CompareMetric(&compare_context, compare, &compare_response)
            .ok());
    grpc::ClientContext get_context;
    v1::Report report;
    EXPECT_TRUE(query_stub_->GetReport(&get_context, get, &report).ok());
    return std::vector<std::string>{list_response.SerializeAsString(),
                                    compare_response.SerializeAsString(),
                                    report.SerializeAsString()};
  };
  // Compared with EXPECT_TRUE: the answers are tens of kilobytes.
  const auto old_answers = answers(last_sequence_);
  EXPECT_TRUE(answers(0) == old_answers);
  EXPECT_TRUE(answers(0) == old_answers);

  // The same id with other content: the shinan excerpt, hinted to 李沧.
  const v1::IngestReportResponse second =
      IngestAs("licang-2024", "shinan.txt", "370213");
  const auto new_answers = answers(last_sequence_);
  for (size_t i = 0; i < new_answers.size(); ++i) {
    EXPECT_TRUE(new_answers[i] != old_answers[i]) << "query " << i;
  }
  EXPECT_TRUE(answers(0) == new_answers);
  v1::ListCommitmentsResponse parsed;
  ASSERT_TRUE(parsed.ParseFromString(answers(0)[0]));
  EXPECT_EQ(parsed.commitments_size(), second.result().commitment_count());
}

// Real reports as collected: a city's (三亚市) and a county's saved from a
// portal (涞源县). Each is filed at its level with its evidence; the
// county views never list the city, and a city filter finds its own report.
TEST_F(ServicesTest, CityReportsKeepToTheirLevelOverTheWire) {
  StartBoth();
  std::map<std::string, v1::IngestReportResponse> answers;
  for (const char* file : {"0015.txt", "0002.txt"}) {
    v1::IngestReportRequest request;
    request.mutable_report()->set_content(
        ReadSample(std::string("../wild/reports/") + file));
    request.mutable_report()->set_file_name(file);
    grpc::ClientContext context;
    ASSERT_TRUE(
        ingest_stub_->IngestReport(&context, request, &answers[file]).ok());
    last_sequence_ =
        std::max(last_sequence_, answers[file].result().sequence_number());
  }
  struct Want {
    const char* file;
    v1::ReportLevel level;
    const char* code;
    const char* name;
    int year;
  };
  for (const Want& want :
       {Want{"0015.txt", v1::REPORT_LEVEL_CITY, "460200", "", 2023},
        Want{"0002.txt", v1::REPORT_LEVEL_COUNTY, "130630", "涞源县", 2020}}) {
    SCOPED_TRACE(want.file);
    v1::GetReportRequest request;
    request.set_report_id(answers[want.file].result().report_id());
    request.set_min_sequence_number(last_sequence_);
    grpc::ClientContext context;
    v1::Report report;
    ASSERT_TRUE(query_stub_->GetReport(&context, request, &report).ok());
    EXPECT_EQ(report.level(), want.level);
    EXPECT_EQ(report.district().code(), want.code);
    EXPECT_EQ(report.district().name(), want.name);
    EXPECT_EQ(report.year(), want.year);
    std::set<std::string> fields;
    for (const auto& e : report.identity_evidence()) fields.insert(e.field());
    EXPECT_EQ(fields, (std::set<std::string>{"district", "level", "year"}));
  }

  v1::ListDistrictsRequest districts;
  districts.set_min_sequence_number(last_sequence_);
  for (v1::ReportLevel level :
       {v1::REPORT_LEVEL_COUNTY, v1::REPORT_LEVEL_CITY}) {
    districts.set_level(level);
    grpc::ClientContext context;
    v1::ListDistrictsResponse response;
    ASSERT_TRUE(
        query_stub_->ListDistricts(&context, districts, &response).ok());
    ASSERT_EQ(response.districts_size(), 1);
    EXPECT_EQ(response.districts(0).district().code(),
              level == v1::REPORT_LEVEL_CITY ? "460200" : "130630");
  }
  districts.set_level(static_cast<v1::ReportLevel>(9));
  grpc::ClientContext bad_context;
  v1::ListDistrictsResponse bad;
  EXPECT_EQ(
      query_stub_->ListDistricts(&bad_context, districts, &bad).error_code(),
      grpc::StatusCode::INVALID_ARGUMENT);

  v1::CommitmentFilter city;
  city.set_city("三亚");
  std::vector<v1::Commitment> found = ListAll(city);
  ASSERT_FALSE(found.empty());
  for (const auto& c : found) {
    EXPECT_EQ(c.level(), v1::REPORT_LEVEL_CITY);
    EXPECT_EQ(c.district().city(), "三亚市");
  }
  city.add_levels(v1::REPORT_LEVEL_COUNTY);
  EXPECT_TRUE(ListAll(city).empty());
}

// Calls waiting for a sequence number hold no serving thread: 64 of them,
// without deadlines, leave other calls, health checks and SIGTERM working;
// a number never handed out is OUT_OF_RANGE at once; shutdown answers the
// waiting calls within its grace period.
TEST_F(ServicesTest, WaitsForSequenceNumbersHoldNoThread) {
  StartBoth();
  IngestSamples();
  v1::ListDistrictsRequest probe;
  grpc::ClientContext probe_context;
  v1::ListDistrictsResponse probe_response;
  ASSERT_TRUE(
      query_stub_->ListDistricts(&probe_context, probe, &probe_response).ok());

  struct Waiting {
    v1::ListDistrictsRequest request;
    grpc::ClientContext context;
    v1::ListDistrictsResponse response;
    grpc::Status status;
  };
  constexpr int kWaiting = 64;
  std::vector<std::unique_ptr<Waiting>> waiting;
  std::mutex mu;
  std::condition_variable all_done;
  int finished = 0;
  for (int i = 0; i < kWaiting; ++i) {
    auto w = std::make_unique<Waiting>();
    // Ahead of anything written, but not absurdly: a real wait.
    w->request.set_min_sequence_number(1000000000);
    Waiting* raw = w.get();
    query_stub_->async()->ListDistricts(&raw->context, &raw->request,
                                        &raw->response,
                                        [&, raw](grpc::Status status) {
                                          std::lock_guard<std::mutex> lock(mu);
                                          raw->status = std::move(status);
                                          ++finished;
                                          all_done.notify_all();
                                        });
    waiting.push_back(std::move(w));
  }
  // One waiting call the client gives up on.
  waiting.back()->context.TryCancel();

  const auto started = std::chrono::steady_clock::now();
  for (int i = 0; i < 20; ++i) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(5));
    v1::ListDistrictsResponse response;
    ASSERT_TRUE(query_stub_->ListDistricts(&context, probe, &response).ok());
  }
  EXPECT_TRUE(*CheckServing(query_->Channel(), std::chrono::seconds(2)));
  grpc::ClientContext never_context;
  never_context.set_deadline(std::chrono::system_clock::now() +
                             std::chrono::seconds(5));
  v1::ListDistrictsRequest never;
  never.set_min_sequence_number(uint64_t{1} << 63);
  v1::ListDistrictsResponse never_response;
  EXPECT_EQ(query_stub_->ListDistricts(&never_context, never, &never_response)
                .error_code(),
            grpc::StatusCode::OUT_OF_RANGE);
  EXPECT_LT(std::chrono::steady_clock::now() - started,
            std::chrono::seconds(5));

  // SIGTERM: the waiting calls are answered at once, so the server stops
  // well within its grace period (5 s by default).
  const auto stopping = std::chrono::steady_clock::now();
  StopBoth();
  EXPECT_LT(std::chrono::steady_clock::now() - stopping,
            std::chrono::seconds(3));
  std::unique_lock<std::mutex> lock(mu);
  ASSERT_TRUE(all_done.wait_for(lock, std::chrono::seconds(10),
                                [&] { return finished == kWaiting; }));
  for (const auto& w : waiting) {
    EXPECT_NE(w->status.error_code(), grpc::StatusCode::OK);
  }
}

// Within one stream, reports under one client id are stored in request
// order at the default window: the later version wins, with the higher
// sequence number, in every one of 200 pairs.
TEST_F(ServicesTest, SameClientIdInOneStreamKeepsRequestOrder) {
  StartBoth();
  constexpr int kPairs = 200;
  const std::string a = ReadSample("licang.txt");
  const std::string b = ReadSample("shinan.txt");
  grpc::ClientContext context;
  auto stream = ingest_stub_->StreamIngest(&context);
  std::thread writer([&] {
    for (int i = 0; i < kPairs; ++i) {
      for (const std::string* content : {&a, &b}) {
        v1::StreamIngestRequest request;
        request.mutable_report()->set_client_id("pair-" + std::to_string(i));
        request.mutable_report()->set_content(*content + "\n版本" +
                                              (content == &a ? "甲" : "乙") +
                                              std::to_string(i) + "。");
        request.mutable_report()->set_year_hint(2024);
        if (!stream->Write(request)) return;
      }
    }
    stream->WritesDone();
  });
  std::vector<v1::StreamIngestResponse> answers;
  v1::StreamIngestResponse response;
  while (stream->Read(&response)) answers.push_back(response);
  writer.join();
  ASSERT_TRUE(stream->Finish().ok());
  ASSERT_EQ(answers.size(), 2u * kPairs);
  for (int i = 0; i < kPairs; ++i) {
    const auto& first = answers[2 * i].result();
    const auto& second = answers[2 * i + 1].result();
    EXPECT_LT(first.sequence_number(), second.sequence_number()) << i;
    last_sequence_ = std::max(last_sequence_, second.sequence_number());
  }
  int later_won = 0;
  for (int i = 0; i < kPairs; ++i) {
    v1::GetReportRequest get;
    get.set_report_id("pair-" + std::to_string(i));
    get.set_view(v1::REPORT_VIEW_TEXT);
    get.set_min_sequence_number(last_sequence_);
    grpc::ClientContext get_context;
    v1::Report report;
    ASSERT_TRUE(query_stub_->GetReport(&get_context, get, &report).ok());
    later_won += report.text().find("版本乙" + std::to_string(i) + "。") !=
                 std::string::npos;
  }
  EXPECT_EQ(later_won, kPairs);
}

// Replicas behind one address share a page token key: a token from one
// is honoured by the other; a replica with its own key refuses it.
TEST_F(ServicesTest, ReplicasWithOneKeyHonourEachOthersPageTokens) {
  const std::string key_file = dir_.Sub("page-token-key");
  std::ofstream(key_file) << "a shared secret of 32 bytes long\n";
  auto replica = [&](const std::string& name, const std::string& key) {
    std::vector<std::string> flags = {"--db=" + db_,
                                      "--secondary_dir=" + dir_.Sub(name)};
    if (!key.empty()) flags.push_back("--page_token_key_file=" + key);
    return std::make_unique<testing::ServerProcess>(
        std::string(GOVREPORT_BIN_DIR) + "/query_server", flags);
  };
  query_ = replica("first", key_file);
  StartBoth();
  IngestSamples();
  auto second = replica("second", key_file);
  auto stranger = replica("stranger", "");
  second->Start();
  stranger->Start();
  ASSERT_TRUE(second->WaitServing());
  ASSERT_TRUE(stranger->WaitServing());

  v1::ListCommitmentsRequest request;
  request.set_page_size(3);
  request.set_min_sequence_number(last_sequence_);
  grpc::ClientContext first_context;
  v1::ListCommitmentsResponse first_page;
  ASSERT_TRUE(
      query_stub_->ListCommitments(&first_context, request, &first_page).ok());
  ASSERT_FALSE(first_page.next_page_token().empty());
  request.set_page_token(first_page.next_page_token());
  for (auto* other : {second.get(), stranger.get()}) {
    grpc::ClientContext context;
    v1::ListCommitmentsResponse page;
    grpc::Status status = v1::QueryService::NewStub(other->Channel())
                              ->ListCommitments(&context, request, &page);
    EXPECT_EQ(status.error_code(), other == second.get()
                                       ? grpc::StatusCode::OK
                                       : grpc::StatusCode::INVALID_ARGUMENT)
        << status.error_message();
  }
  EXPECT_EQ(second->Stop(), 0);
  EXPECT_EQ(stranger->Stop(), 0);
  StopBoth();
}

// The same report in another charset is the same report (unchanged, one
// id, one set of figures for CompareMetric); a new hint makes a new
// version, so that an answer never describes data not stored.
TEST_F(ServicesTest, OneReportWhateverItsBytesAndHintsApply) {
  StartBoth();
  auto ingest = [&](const std::string& file, int year_hint) {
    v1::IngestReportRequest request;
    request.mutable_report()->set_content(ReadSample(file));
    request.mutable_report()->set_year_hint(year_hint);
    grpc::ClientContext context;
    v1::IngestReportResponse response;
    EXPECT_TRUE(ingest_stub_->IngestReport(&context, request, &response).ok());
    last_sequence_ =
        std::max(last_sequence_, response.result().sequence_number());
    return response.result();
  };
  // The damaged fixtures' licang in three charsets, BOM and line ends.
  const v1::IngestResult utf8 = ingest("../damaged/licang.utf8_bom.txt", 2024);
  for (const char* other : {"../damaged/licang.gbk_crlf.txt",
                            "../damaged/licang.utf16le_bom.txt"}) {
    const v1::IngestResult again = ingest(other, 2024);
    EXPECT_EQ(again.report_id(), utf8.report_id()) << other;
    EXPECT_TRUE(again.unchanged()) << other;
  }
  // Another year hint: a new version, stored as answered.
  const v1::IngestResult rehinted =
      ingest("../damaged/licang.utf8_bom.txt", 2023);
  EXPECT_EQ(rehinted.report_id(), utf8.report_id());
  EXPECT_FALSE(rehinted.unchanged());
  EXPECT_TRUE(rehinted.replaced());
  v1::GetReportRequest get;
  get.set_report_id(utf8.report_id());
  get.set_min_sequence_number(last_sequence_);
  grpc::ClientContext get_context;
  v1::Report report;
  ASSERT_TRUE(query_stub_->GetReport(&get_context, get, &report).ok());
  EXPECT_EQ(report.year(), 2023);
  v1::ListReportsRequest list;
  list.set_min_sequence_number(last_sequence_);
  grpc::ClientContext list_context;
  v1::ListReportsResponse reports;
  ASSERT_TRUE(query_stub_->ListReports(&list_context, list, &reports).ok());
  EXPECT_EQ(reports.reports_size(), 1);
}

TEST_F(ServicesTest, ErrorsCarryTheRightStatus) {
  StartBoth();
  v1::IngestReportRequest empty;
  empty.mutable_report()->set_file_name("empty.txt");
  grpc::ClientContext c1;
  v1::IngestReportResponse r1;
  EXPECT_EQ(ingest_stub_->IngestReport(&c1, empty, &r1).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);

  v1::GetReportRequest get;
  get.set_report_id("no-such-report");
  grpc::ClientContext c2;
  v1::Report report;
  EXPECT_EQ(query_stub_->GetReport(&c2, get, &report).error_code(),
            grpc::StatusCode::NOT_FOUND);

  v1::ListCommitmentsRequest list;
  list.mutable_filter()->add_districts("不存在区");
  grpc::ClientContext c3;
  v1::ListCommitmentsResponse r3;
  grpc::Status unknown = query_stub_->ListCommitments(&c3, list, &r3);
  EXPECT_EQ(unknown.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(unknown.error_message().find("不存在区"), std::string::npos);

  v1::ListCommitmentsRequest bad_token;
  bad_token.set_page_token("not-a-token");
  grpc::ClientContext c4;
  EXPECT_EQ(query_stub_->ListCommitments(&c4, bad_token, &r3).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);

  v1::DeleteReportRequest del;
  del.set_report_id("no-such-report");
  grpc::ClientContext c5;
  v1::DeleteReportResponse r5;
  EXPECT_EQ(ingest_stub_->DeleteReport(&c5, del, &r5).error_code(),
            grpc::StatusCode::NOT_FOUND);

  // A sequence number not reached in time: the deadline is honoured.
  v1::ListCommitmentsRequest future;
  future.set_min_sequence_number(1000000);
  grpc::ClientContext c6;
  c6.set_deadline(std::chrono::system_clock::now() +
                  std::chrono::milliseconds(300));
  EXPECT_EQ(query_stub_->ListCommitments(&c6, future, &r3).error_code(),
            grpc::StatusCode::DEADLINE_EXCEEDED);
  // One never handed out is OUT_OF_RANGE at once.
  future.set_min_sequence_number(uint64_t{1} << 60);
  grpc::ClientContext c7;
  EXPECT_EQ(query_stub_->ListCommitments(&c7, future, &r3).error_code(),
            grpc::StatusCode::OUT_OF_RANGE);
}

// Calls that wait for a sequence number (all of these) are read on the
// service's read threads, as are StreamCommitments' page fetches: with one
// read thread, streams of several pages and
// unary queries in flight together all complete, whole, because a stream
// hands its next page fetch back to the queue instead of holding the thread.
TEST_F(ServicesTest, OneReadThreadServesStreamsAndQueriesTogether) {
  query_ = std::make_unique<testing::ServerProcess>(
      std::string(GOVREPORT_BIN_DIR) + "/query_server",
      std::vector<std::string>{"--db=" + db_,
                               "--secondary_dir=" + dir_.Sub("one"),
                               "--read_threads=1"});
  StartBoth();
  // Each sample three times under its own client ids: more commitments
  // than a page of the stream (1,000).
  for (int copy = 0; copy < 3; ++copy) {
    for (const char* name : kSamples) {
      v1::IngestReportRequest request;
      request.mutable_report()->set_client_id(absl::StrCat(copy, "-", name));
      request.mutable_report()->set_content(ReadSample(name));
      request.mutable_report()->set_year_hint(2024);
      grpc::ClientContext context;
      v1::IngestReportResponse ack;
      ASSERT_TRUE(ingest_stub_->IngestReport(&context, request, &ack).ok());
      last_sequence_ = std::max(last_sequence_, ack.result().sequence_number());
    }
  }
  const int64_t total = TotalCommitments();
  ASSERT_GT(total, 1000);

  constexpr int kStreams = 4;
  constexpr int kQueries = 16;
  std::vector<int64_t> streamed(kStreams, 0);
  std::vector<grpc::Status> stream_status(kStreams);
  std::vector<int64_t> listed(kQueries, 0);
  std::vector<std::thread> clients;
  for (int i = 0; i < kStreams; ++i) {
    clients.emplace_back([&, i] {
      grpc::ClientContext context;
      context.set_deadline(std::chrono::system_clock::now() +
                           std::chrono::seconds(60));
      v1::StreamCommitmentsRequest request;
      request.set_min_sequence_number(last_sequence_);
      auto reader = query_stub_->StreamCommitments(&context, request);
      v1::StreamCommitmentsResponse response;
      while (reader->Read(&response)) ++streamed[i];
      stream_status[i] = reader->Finish();
    });
  }
  for (int i = 0; i < kQueries; ++i) {
    clients.emplace_back([&, i] {
      v1::CommitmentFilter filter;  // every other query: all of them
      if (i % 2 == 1) filter.set_report_id("1-jinniu.txt");
      listed[i] = static_cast<int64_t>(ListAll(filter, 50).size());
    });
  }
  for (std::thread& client : clients) client.join();
  for (int i = 0; i < kStreams; ++i) {
    EXPECT_TRUE(stream_status[i].ok()) << stream_status[i].error_message();
    EXPECT_EQ(streamed[i], total);
  }
  for (int i = 0; i < kQueries; ++i) {
    EXPECT_EQ(listed[i], i % 2 == 0 ? total : listed[1]);
  }
  EXPECT_GT(listed[1], 0);
  EXPECT_LT(listed[1], total);
  StopBoth();
}

// With a catch-up interval far longer than the test, the replica sees a new
// report only when a query asks for its sequence number: then it catches up
// on demand, within the call, instead of answering stale.
TEST_F(ServicesTest, ReadYourWritesWithASlowCatchUp) {
  query_ = std::make_unique<testing::ServerProcess>(
      std::string(GOVREPORT_BIN_DIR) + "/query_server",
      std::vector<std::string>{"--db=" + db_,
                               "--secondary_dir=" + dir_.Sub("slow"),
                               "--catch_up_interval_ms=60000"});
  // The database exists before the replica starts: it would otherwise wait
  // a whole interval to look again.
  ingest_->Start();
  ASSERT_TRUE(ingest_->WaitServing());
  query_->Start();
  ASSERT_TRUE(query_->WaitServing());
  ingest_stub_ = v1::IngestService::NewStub(ingest_->Channel());
  query_stub_ = v1::QueryService::NewStub(query_->Channel());
  v1::IngestReportRequest ingest;
  ingest.mutable_report()->set_client_id("licang-2024");
  ingest.mutable_report()->set_content(ReadSample("licang.txt"));
  ingest.mutable_report()->set_year_hint(2024);
  v1::IngestReportResponse ack;
  grpc::ClientContext ingest_context;
  ASSERT_TRUE(ingest_stub_->IngestReport(&ingest_context, ingest, &ack).ok());
  ASSERT_GT(ack.result().commitment_count(), 0);

  auto count = [&](uint64_t min_sequence) -> int {
    v1::ListCommitmentsRequest list;
    list.mutable_filter()->set_report_id("licang-2024");
    list.set_page_size(1000);
    list.set_min_sequence_number(min_sequence);
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(10));
    v1::ListCommitmentsResponse response;
    grpc::Status status =
        query_stub_->ListCommitments(&context, list, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.commitments_size();
  };
  // The replica read the database when it opened, before the report.
  EXPECT_EQ(count(0), 0);
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(count(ack.result().sequence_number()),
            ack.result().commitment_count());
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  // Having caught up, it answers every later query from the new state.
  EXPECT_EQ(count(0), ack.result().commitment_count());
  StopBoth();
}

TEST_F(ServicesTest, QueryServiceIsNotServingUntilTheDatabaseExists) {
  query_->Start();
  auto serving = CheckServing(query_->Channel(), std::chrono::seconds(5));
  for (int i = 0; i < 100 && !serving.ok(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    serving = CheckServing(query_->Channel(), std::chrono::seconds(5));
  }
  ASSERT_TRUE(serving.ok()) << serving.status();
  EXPECT_FALSE(*serving);
  ingest_->Start();
  ASSERT_TRUE(ingest_->WaitServing());
  EXPECT_TRUE(query_->WaitServing());
}

}  // namespace
}  // namespace govreport
