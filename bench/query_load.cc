// query_load: a closed-loop load generator for a running query server.
// Threads send a weighted mix of typed queries, with districts, metrics
// and years drawn from what the server holds, for a fixed duration; prints
// QPS and latency percentiles per query kind and overall.

#include <atomic>
#include <chrono>
#include <iostream>
#include <map>
#include <random>
#include <set>
#include <thread>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "bench/latency.h"
#include "govreport/v1/query.grpc.pb.h"
#include "grpcpp/grpcpp.h"

ABSL_FLAG(std::string, target, "127.0.0.1:50052", "query server HOST:PORT");
ABSL_FLAG(int, concurrency, 4, "client threads, each with its own channel");
ABSL_FLAG(int, duration_s, 20, "seconds to run");
ABSL_FLAG(std::string, mix,
          "district=40,metric=20,domain=10,compare=10,track=5,search=10,"
          "summary=5",
          "query kinds and their weights");

namespace {

using govreport::v1::QueryService;
using Clock = std::chrono::steady_clock;

struct World {
  std::vector<std::string> districts;
  std::vector<std::string> metrics;
  std::vector<int> years;
};

World Discover(QueryService::Stub& stub) {
  World world;
  std::set<int> years;
  govreport::v1::ListDistrictsRequest districts;
  districts.set_page_size(1000);
  do {
    grpc::ClientContext context;
    govreport::v1::ListDistrictsResponse response;
    if (!stub.ListDistricts(&context, districts, &response).ok()) break;
    for (const auto& d : response.districts()) {
      world.districts.push_back(d.district().code());
      years.insert(d.years().begin(), d.years().end());
    }
    districts.set_page_token(response.next_page_token());
  } while (!districts.page_token().empty());
  govreport::v1::ListMetricsRequest metrics;
  metrics.set_page_size(200);
  grpc::ClientContext context;
  govreport::v1::ListMetricsResponse response;
  if (stub.ListMetrics(&context, metrics, &response).ok()) {
    for (const auto& m : response.metrics()) {
      world.metrics.push_back(m.metric_id().empty() ? m.name() : m.metric_id());
    }
  }
  world.years.assign(years.begin(), years.end());
  return world;
}

// Sends one query of `kind`; returns its status.
grpc::Status Query(QueryService::Stub& stub, const std::string& kind,
                   const World& w, std::mt19937_64& random) {
  auto pick = [&random](const auto& v) { return v[random() % v.size()]; };
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  const int year = pick(w.years);
  if (kind == "district") {
    govreport::v1::ListCommitmentsRequest r;
    r.mutable_filter()->add_districts(pick(w.districts));
    r.set_page_size(100);
    govreport::v1::ListCommitmentsResponse out;
    return stub.ListCommitments(&context, r, &out);
  }
  if (kind == "metric") {
    govreport::v1::ListCommitmentsRequest r;
    r.mutable_filter()->set_metric(pick(w.metrics));
    r.mutable_filter()->set_year_from(year);
    r.mutable_filter()->set_year_to(year);
    r.set_page_size(100);
    govreport::v1::ListCommitmentsResponse out;
    return stub.ListCommitments(&context, r, &out);
  }
  if (kind == "domain") {
    govreport::v1::ListCommitmentsRequest r;
    r.mutable_filter()->add_domains(
        static_cast<govreport::v1::Domain>(1 + random() % 17));
    r.mutable_filter()->set_year_from(year);
    r.mutable_filter()->set_year_to(year);
    r.set_page_size(100);
    govreport::v1::ListCommitmentsResponse out;
    return stub.ListCommitments(&context, r, &out);
  }
  if (kind == "compare") {
    govreport::v1::CompareMetricRequest r;
    r.set_metric(pick(w.metrics));
    r.set_year_from(year);
    r.set_year_to(year);
    govreport::v1::CompareMetricResponse out;
    return stub.CompareMetric(&context, r, &out);
  }
  if (kind == "track") {
    govreport::v1::TrackMetricRequest r;
    r.set_district(pick(w.districts));
    r.set_metric(pick(w.metrics));
    govreport::v1::TrackMetricResponse out;
    return stub.TrackMetric(&context, r, &out);
  }
  if (kind == "search") {
    static const char* const kPhrases[] = {"托位", "学校", "养老", "就业",
                                           "公园", "智慧社区", "空气"};
    govreport::v1::SearchCommitmentsRequest r;
    r.set_text(kPhrases[random() % 7]);
    r.mutable_filter()->set_year_from(year);
    r.mutable_filter()->set_year_to(year);
    r.set_page_size(50);
    govreport::v1::SearchCommitmentsResponse out;
    return stub.SearchCommitments(&context, r, &out);
  }
  govreport::v1::SummarizeCommitmentsRequest r;
  r.set_district(pick(w.districts));
  govreport::v1::SummarizeCommitmentsResponse out;
  return stub.SummarizeCommitments(&context, r, &out);
}

}  // namespace

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  std::vector<std::pair<std::string, int>> mix;
  int total_weight = 0;
  for (absl::string_view part : absl::StrSplit(absl::GetFlag(FLAGS_mix), ',')) {
    std::pair<std::string, std::string> kv = absl::StrSplit(part, '=');
    int weight = 0;
    if (!absl::SimpleAtoi(kv.second, &weight) || weight <= 0) continue;
    mix.emplace_back(kv.first, weight);
    total_weight += weight;
  }
  auto discover_stub = QueryService::NewStub(grpc::CreateChannel(
      absl::GetFlag(FLAGS_target), grpc::InsecureChannelCredentials()));
  const World world = Discover(*discover_stub);
  if (world.districts.empty() || world.metrics.empty() || world.years.empty()) {
    std::cerr << "the query server holds no data to query\n";
    return 2;
  }
  const int threads_count = std::max(1, absl::GetFlag(FLAGS_concurrency));
  const auto deadline =
      Clock::now() + std::chrono::seconds(absl::GetFlag(FLAGS_duration_s));
  std::vector<std::map<std::string, govreport::bench::LatencyRecorder>> per_thread(
      threads_count);
  std::atomic<int> errors{0};
  const Clock::time_point start = Clock::now();
  std::vector<std::thread> threads;
  for (int t = 0; t < threads_count; ++t) {
    threads.emplace_back([&, t] {
      grpc::ChannelArguments args;
      args.SetInt("grpc.channel_id", t);  // one connection per thread
      auto stub = QueryService::NewStub(grpc::CreateCustomChannel(
          absl::GetFlag(FLAGS_target), grpc::InsecureChannelCredentials(), args));
      std::mt19937_64 random(1000 + t);
      while (Clock::now() < deadline) {
        int roll = static_cast<int>(random() % total_weight);
        std::string kind = mix.back().first;
        for (const auto& [k, w] : mix) {
          if (roll < w) {
            kind = k;
            break;
          }
          roll -= w;
        }
        const Clock::time_point sent = Clock::now();
        grpc::Status status = Query(*stub, kind, world, random);
        per_thread[t][kind].Add(
            std::chrono::duration<double, std::micro>(Clock::now() - sent).count());
        if (!status.ok() && errors++ < 5) {
          std::cerr << kind << ": " << status.error_message() << "\n";
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  std::map<std::string, govreport::bench::LatencyRecorder> merged;
  govreport::bench::LatencyRecorder overall;
  for (auto& m : per_thread) {
    for (auto& [kind, recorder] : m) {
      merged[kind].Merge(recorder);
      overall.Merge(recorder);
    }
  }
  std::cout << "query_load: concurrency " << threads_count << ", " << seconds
            << " s, " << overall.count() / seconds << " QPS, errors "
            << errors.load() << "\n  all      " << overall.Summary() << "\n";
  for (auto& [kind, recorder] : merged) {
    std::cout << "  " << kind << std::string(9 - std::min<size_t>(8, kind.size()), ' ')
              << recorder.Summary() << "\n";
  }
  return errors == 0 ? 0 : 1;
}
