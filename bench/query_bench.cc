// Google Benchmark of the query engine without gRPC: the three queries of
// the side-by-side script (../shared/peers/postgres_side_by_side.sh) called
// on QueryEngine over a RocksDB secondary, as the query server's read pool
// calls them, with no response cache. What a call costs here is the read
// path's share of the server's CPU per call; the rest is gRPC's.
//
// The database is the generated corpus (bench/corpus.h, the corpus flags),
// analysed and stored in-process, without synced writes, into --db when it
// holds none, else read as it is (so a database an ingest_load run built can
// be measured too).
//
// Example:
//   build/bin/query_bench --db=/tmp/qb --count=3000
//   build/bin/query_bench --db=/tmp/qb --benchmark_filter=BM_CompareMetric

#include <benchmark/benchmark.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "bench/corpus.h"
#include "bench/corpus_flags.h"
#include "bench/query_world.h"
#include "bench/random.h"
#include "common/gazetteer.h"
#include "common/pipeline.h"
#include "govreport/v1/query.pb.h"
#include "query_service/commitment_page.h"
#include "query_service/query_engine.h"
#include "store/report_reader.h"
#include "store/report_store.h"

ABSL_FLAG(std::string, db, "",
          "database folder: built there from the generated corpus when it "
          "holds no database, else read as it is; empty for a temporary "
          "folder removed at exit");
ABSL_FLAG(int, block_cache_mib, 256,
          "the reader's block cache, as the query server's --block_cache_mb");

namespace govreport::bench {
namespace {

// Queries per benchmark iteration: the same ones in every iteration and
// every run, so that instruction counts (callgrind) compare between builds.
constexpr int kQueriesPerIteration = 64;

// The reader, the engine and the queries of each benchmark, drawn as
// query_load draws them (bench/random.h, seed 1).
struct Setup {
  std::unique_ptr<ReportReader> reader;
  std::unique_ptr<QueryEngine> engine;
  // query_load --mix=district=1 --page_size=20.
  std::vector<v1::ListCommitmentsRequest> district_pages;
  // query_load --mix=compare=1 (the top 50).
  std::vector<v1::CompareMetricRequest> comparisons;
  // query_load --mix=metric=1 --page_size=50.
  std::vector<v1::ListCommitmentsRequest> metric_pages;
};

const Setup* setup = nullptr;
// Set when a benchmark's query failed: the program then exits with 1.
bool any_query_failed = false;

// Analyses and stores the generated corpus into `path`.
absl::Status BuildDatabase(const std::string& path) {
  absl::StatusOr<std::vector<GeneratedReport>> corpus =
      GenerateCorpus(CorpusOptionsFromFlags());
  if (!corpus.ok()) return corpus.status();
  absl::StatusOr<std::unique_ptr<Pipeline>> pipeline = Pipeline::Create();
  if (!pipeline.ok()) return pipeline.status();
  ReportStoreOptions options;
  options.path = path;
  options.sync_writes = false;
  options.flush_when_idle_ms = 0;
  absl::StatusOr<std::unique_ptr<ReportStore>> store =
      ReportStore::Open(options);
  if (!store.ok()) return store.status();
  for (const GeneratedReport& generated : *corpus) {
    v1::RawReport raw;
    raw.set_content(generated.content);
    raw.set_file_name(generated.file_name);
    absl::StatusOr<Analysis> analysis = (*pipeline)->Analyze(raw);
    if (!analysis.ok()) return analysis.status();
    absl::StatusOr<StoreResult> stored =
        (*store)->Put(*analysis, raw.content(), /*ingest_time_micros=*/0);
    if (!stored.ok()) return stored.status();
  }
  // Queries read sorted files, as a server's do once its writer is idle.
  return (*store)->Flush();
}

// The queries of the side-by-side script, drawn as query_load draws them.
void DrawQueries(const World& world, Setup* s) {
  Random random(1);
  for (int i = 0; i < kQueriesPerIteration; ++i) {
    s->district_pages.push_back(DrawDistrictPage(world, random, 20));
  }
  for (int i = 0; i < kQueriesPerIteration; ++i) {
    s->comparisons.push_back(DrawComparison(world, random, 50));
  }
  for (int i = 0; i < kQueriesPerIteration; ++i) {
    s->metric_pages.push_back(DrawMetricPage(world, random, 50));
  }
}

absl::StatusOr<std::string> Answer(const Setup& s,
                                   const v1::ListCommitmentsRequest& request) {
  absl::StatusOr<CommitmentPage> page =
      s.engine->ListCommitments(*s.reader, request);
  if (!page.ok()) return page.status();
  return EncodeListCommitmentsResponse(*page);
}

absl::StatusOr<std::string> Answer(const Setup& s,
                                   const v1::CompareMetricRequest& request) {
  return s.engine->EncodedCompareMetric(*s.reader, request);
}

// Answers every request of `requests`; the bytes of the answers.
template <typename Request>
absl::StatusOr<int64_t> AnswerAll(const Setup& s,
                                  const std::vector<Request>& requests) {
  int64_t bytes = 0;
  for (const Request& request : requests) {
    absl::StatusOr<std::string> answer = Answer(s, request);
    if (!answer.ok()) return answer.status();
    bytes += answer->size();
  }
  return bytes;
}

absl::StatusOr<Setup> Prepare(const std::string& db) {
  if (!std::filesystem::exists(std::filesystem::path(db) / "CURRENT")) {
    std::cerr << "query_bench: building the database in " << db << "\n";
    if (absl::Status built = BuildDatabase(db); !built.ok()) return built;
  }
  ReportReaderOptions options;
  options.primary_path = db;
  options.secondary_path = absl::StrCat(db, ".bench-secondary");
  options.block_cache_mib = absl::GetFlag(FLAGS_block_cache_mib);
  absl::StatusOr<std::unique_ptr<ReportReader>> reader =
      ReportReader::Open(options);
  if (!reader.ok()) return reader.status();
  Setup s;
  s.reader = *std::move(reader);
  s.engine = std::make_unique<QueryEngine>(QueryLimits(), Gazetteer::Default());
  absl::StatusOr<World> world = DiscoverWorld(
      [&s](const v1::ListDistrictsRequest& request) {
        return s.engine->ListDistricts(*s.reader, request);
      },
      [&s](const v1::ListMetricsRequest& request) {
        return s.engine->ListMetrics(*s.reader, request);
      });
  if (!world.ok()) return world.status();
  DrawQueries(*world, &s);
  // One pass warms the block cache, outside the benchmarks (and outside
  // callgrind's --toggle-collect of one).
  for (absl::StatusOr<int64_t> warm :
       {AnswerAll(s, s.district_pages), AnswerAll(s, s.comparisons),
        AnswerAll(s, s.metric_pages)}) {
    if (!warm.ok()) return warm.status();
  }
  return s;
}

// Answers all of `requests` per iteration; a failed call ends the
// benchmark. Items are queries.
template <typename Request>
void RunQueries(benchmark::State& state, const std::vector<Request>& requests) {
  int64_t bytes = 0;
  for (auto _ : state) {
    absl::StatusOr<int64_t> answered = AnswerAll(*setup, requests);
    if (!answered.ok()) {
      any_query_failed = true;
      state.SkipWithError(answered.status().ToString().c_str());
      return;
    }
    bytes += *answered;
  }
  state.SetBytesProcessed(bytes);
  state.SetItemsProcessed(state.iterations() * requests.size());
}

void BM_DistrictPage(benchmark::State& state) {
  RunQueries(state, setup->district_pages);
}
BENCHMARK(BM_DistrictPage);

void BM_CompareMetric(benchmark::State& state) {
  RunQueries(state, setup->comparisons);
}
BENCHMARK(BM_CompareMetric);

void BM_MetricPage(benchmark::State& state) {
  RunQueries(state, setup->metric_pages);
}
BENCHMARK(BM_MetricPage);

}  // namespace
}  // namespace govreport::bench

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  absl::ParseCommandLine(argc, argv);
  // As in the query server (Debian's abseil checks every lock order).
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  std::string db = absl::GetFlag(FLAGS_db);
  const bool temporary = db.empty();
  if (temporary) {
    db = (std::filesystem::temp_directory_path() /
          absl::StrCat("query_bench.", getpid()))
             .string();
  }
  int exit_code = 0;
  {
    absl::StatusOr<govreport::bench::Setup> setup =
        govreport::bench::Prepare(db);
    if (!setup.ok()) {
      std::cerr << "query_bench: " << setup.status() << "\n";
      exit_code = 1;
    } else {
      govreport::bench::setup = &*setup;
      benchmark::RunSpecifiedBenchmarks();
      benchmark::Shutdown();
      if (govreport::bench::any_query_failed) exit_code = 1;
    }
  }
  std::filesystem::remove_all(db + ".bench-secondary");
  if (temporary) std::filesystem::remove_all(db);
  return exit_code;
}
