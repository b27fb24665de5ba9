// query_server: typed, read-only queries over the report database, from a
// RocksDB secondary instance that follows the ingest service's primary.

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "cluster/cluster_flags.h"
#include "cluster/nats_log.h"
#include "cluster/replica_applier.h"
#include "query_service/follower.h"
#include "query_service/query_engine.h"
#include "query_service/query_service.h"
#include "server/db_metrics.h"
#include "server/log.h"
#include "server/memory_limit.h"
#include "server/observability.h"
#include "server/server_flags.h"
#include "server/server_runner.h"

ABSL_FLAG(std::string, listen, "127.0.0.1:50052",
          "address to serve on: HOST:PORT or unix:PATH");
ABSL_FLAG(std::string, db, "var/db",
          "the ingest service's database folder (read as a secondary); in "
          "cluster mode (--nats) this replica's own database, which it "
          "applies the replicated log to");
ABSL_FLAG(std::string, secondary_dir, "",
          "this replica's own folder for its secondary instance's files; "
          "default: a folder under the system's temp folder, per process");
ABSL_FLAG(int, block_cache_mib, 0,
          "RocksDB block cache for the replica's reads, in MiB: queries "
          "served from it skip reading and decompressing table blocks, and "
          "run on gRPC's threads. 0: a quarter of the memory this process "
          "may use (its container's limit, else the machine's), at least "
          "256; the cache fills only with what queries read");
ABSL_FLAG(int, catch_up_interval_ms, 100,
          "how often to catch up with the primary, in milliseconds");
ABSL_FLAG(int, max_sequence_wait_ms, 30000,
          "longest a call waits for its min_sequence_number, whatever its "
          "deadline, in milliseconds (1-600000)");
ABSL_FLAG(std::string, page_token_key_file, "",
          "file holding the secret (16 bytes or more) page tokens are signed "
          "with; replicas behind one address need the same one. Default: a "
          "random key of this process");
ABSL_FLAG(int, default_page_size, 100, "page size when a request gives 0");
ABSL_FLAG(int, max_page_size, 1000, "largest page size served");
ABSL_FLAG(int, read_threads, govreport::QueryServiceOptions().read_threads,
          "threads that run the reads that need the disk, of calls that "
          "waited for a sequence number, and of StreamCommitments (1 to "
          "256); gRPC's own threads answer the calls whose reads are all in "
          "memory");
ABSL_FLAG(int64_t, response_cache_mb,
          govreport::QueryServiceOptions().response_cache.capacity_bytes >> 20,
          "MiB of query answers (every method but StreamCommitments) kept for "
          "repeated queries until the database changes (0 to 1048576; 0 "
          "keeps none)");
ABSL_FLAG(int, shutdown_grace_ms, 5000,
          "how long in-flight calls may finish after SIGTERM/SIGINT");

namespace govreport {
namespace {

// The page token key --page_token_key_file names (its contents, without a
// final line break), or a random one, said so in the log.
absl::StatusOr<PageTokenKey> PageTokenKeyFromFlag() {
  const std::string path = absl::GetFlag(FLAGS_page_token_key_file);
  if (path.empty()) {
    Log(LogLevel::kInfo,
        "page tokens are signed with a random key of this process; replicas "
        "behind one address need --page_token_key_file");
    return PageTokenKey::Random();
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return absl::NotFoundError(
        absl::StrCat("cannot read --page_token_key_file ", path));
  }
  std::stringstream secret;
  secret << in.rdbuf();
  std::string key = secret.str();
  while (!key.empty() && (key.back() == '\n' || key.back() == '\r')) {
    key.pop_back();
  }
  return PageTokenKey::FromSecret(key);
}

int Run() {
  FollowerOptions follower_options;
  ReportReaderOptions& reader_options = follower_options.reader;
  reader_options.primary_path = absl::GetFlag(FLAGS_db);
  reader_options.secondary_path = absl::GetFlag(FLAGS_secondary_dir);
  reader_options.block_cache_mib = absl::GetFlag(FLAGS_block_cache_mib);
  if (reader_options.block_cache_mib == 0) {
    constexpr uint64_t kMinMib = 256;
    constexpr uint64_t kMaxMib = 1 << 20;  // ReportReaderOptions' bound
    reader_options.block_cache_mib = static_cast<int>(
        std::clamp((UsableMemoryBytes() / 4) >> 20, kMinMib, kMaxMib));
  }
  Log(LogLevel::kInfo,
      absl::StrCat("block cache: ", reader_options.block_cache_mib, " MiB"));
  if (reader_options.secondary_path.empty()) {
    reader_options.secondary_path = (std::filesystem::temp_directory_path() /
                                     absl::StrCat("govreport-query-", getpid()))
                                        .string();
  }
  follower_options.catch_up_interval =
      std::chrono::milliseconds(absl::GetFlag(FLAGS_catch_up_interval_ms));
  follower_options.max_sequence_wait =
      std::chrono::milliseconds(absl::GetFlag(FLAGS_max_sequence_wait_ms));
  QueryLimits limits;
  limits.default_page_size = absl::GetFlag(FLAGS_default_page_size);
  limits.max_page_size = absl::GetFlag(FLAGS_max_page_size);
  QueryServiceOptions service_options;
  service_options.read_threads = absl::GetFlag(FLAGS_read_threads);
  const int64_t response_cache_mb = absl::GetFlag(FLAGS_response_cache_mb);
  if (response_cache_mb < 0 || response_cache_mb > (int64_t{1} << 20)) {
    return LogFailure(absl::InvalidArgumentError(
        absl::StrCat("--response_cache_mb: ", response_cache_mb,
                     " is out of range (0 to 1048576)")));
  }
  service_options.response_cache.capacity_bytes = response_cache_mb << 20;
  ServerRunnerOptions server_options;
  server_options.listen = absl::GetFlag(FLAGS_listen);
  server_options.service_names = {v1::QueryService::service_full_name()};
  server_options.shutdown_grace =
      std::chrono::milliseconds(absl::GetFlag(FLAGS_shutdown_grace_ms));
  ApplyTlsFlags(&server_options);
  absl::StatusOr<TokenAuthorizer> loaded_authorizer = AuthorizerFromFlags();
  if (!loaded_authorizer.ok()) return LogFailure(loaded_authorizer.status());
  const TokenAuthorizer authorizer = *std::move(loaded_authorizer);
  const bool cluster_mode = cluster::ClusterModeFromFlags();
  follower_options.log_sequence = cluster_mode;
  const cluster::NatsLogOptions log_options =
      cluster::NatsLogOptionsFromFlags("govreport-query");
  ReportStoreOptions store_options;
  store_options.path = reader_options.primary_path;
  // A replica's database is rebuilt from the log: a write lost with the
  // machine is applied again, the log sequence being in the same write.
  store_options.sync_writes = false;
  for (const absl::Status& status :
       {follower_options.Validate(), limits.Validate(),
        service_options.Validate(), server_options.Validate(),
        cluster_mode ? log_options.Validate() : absl::OkStatus()}) {
    if (!status.ok()) return LogFailure(status);
  }
  // Cluster mode: this replica's own database, written from the log.
  std::unique_ptr<cluster::NatsLog> log;
  std::unique_ptr<ReportStore> store;
  if (cluster_mode) {
    absl::StatusOr<std::unique_ptr<cluster::NatsLog>> opened_log =
        cluster::NatsLog::Open(log_options);
    if (!opened_log.ok()) return LogFailure(opened_log.status());
    log = *std::move(opened_log);
    absl::StatusOr<std::unique_ptr<ReportStore>> opened_store =
        ReportStore::Open(store_options);
    if (!opened_store.ok()) return LogFailure(opened_store.status());
    store = *std::move(opened_store);
  }

  absl::StatusOr<PageTokenKey> page_token_key = PageTokenKeyFromFlag();
  if (!page_token_key.ok()) return LogFailure(page_token_key.status());
  QueryEngine engine(limits, Gazetteer::Default(), *std::move(page_token_key));
  // The server starts first, NOT_SERVING, so that probes get an answer
  // while the database does not exist yet.
  std::unique_ptr<ServerRunner> server;
  absl::Mutex server_mu;
  // Serving once the reader is open and, in cluster mode, the log has been
  // applied up to its tail as of the start and the reader has seen that.
  bool ready = false;
  auto set_serving = [&] {
    absl::MutexLock lock(&server_mu);
    ready = true;
    if (server != nullptr) server->SetServing(true);
  };
  // Conditions not met yet: the reader open, the log applied (cluster).
  std::atomic<int> not_ready{cluster_mode ? 2 : 1};
  std::atomic<uint64_t> applied_at_start{0};
  Follower* follower_ptr = nullptr;
  auto condition_met = [&] {
    if (--not_ready > 0) return;
    if (!cluster_mode) return set_serving();
    follower_ptr->AwaitSequence(
        applied_at_start, absl::InfiniteFuture(), [] { return false; },
        [&](absl::Status seen) {
          if (seen.ok()) return set_serving();
          Log(LogLevel::kError,
              absl::StrCat("the reader did not see the applied log: ",
                           seen.message()));
        });
  };
  absl::StatusOr<std::unique_ptr<Follower>> follower =
      Follower::Start(follower_options, condition_met);
  if (!follower.ok()) return LogFailure(follower.status());
  follower_ptr = follower->get();
  std::unique_ptr<cluster::ReplicaApplier> applier;
  if (cluster_mode) {
    absl::StatusOr<std::unique_ptr<cluster::ReplicaApplier>> started =
        cluster::ReplicaApplier::Start(cluster::ReplicaApplierOptions(), *log,
                                       *store, [&](uint64_t sequence) {
                                         applied_at_start = sequence;
                                         condition_met();
                                       });
    if (!started.ok()) return LogFailure(started.status());
    applier = *std::move(started);
  }
  absl::StatusOr<std::unique_ptr<ServerMetrics>> metrics = MetricsFromFlags();
  if (!metrics.ok()) return LogFailure(metrics.status());
  const cluster::ReplicaApplier* applier_ptr = applier.get();
  (*metrics)->AddScrapeGauges([follower_ptr, applier_ptr] {
    std::vector<GaugeReading> gauges;
    absl::StatusOr<std::shared_ptr<ReportReader>> reader =
        follower_ptr->reader();
    if (reader.ok()) {
      gauges = DbGauges(**reader);
      gauges.push_back({"govreport_sequence_number",
                        "Last database sequence number this replica has seen",
                        static_cast<double>((*reader)->SequenceNumber())});
    }
    if (applier_ptr != nullptr) {
      const cluster::ReplicaLag lag = applier_ptr->lag();
      gauges.push_back({"govreport_replica_applied_log_sequence",
                        "Last sequence of the replicated log this replica's "
                        "database applied",
                        static_cast<double>(lag.applied)});
      gauges.push_back({"govreport_replica_lag_messages",
                        "Entries of the replicated log not applied yet",
                        static_cast<double>(lag.log_last - lag.applied)});
      gauges.push_back({"govreport_replica_lag_seconds",
                        "Time from the last applied entry's storing in the "
                        "log to its applying here",
                        lag.seconds});
    }
    gauges.push_back(
        {"govreport_catch_up_age_seconds",
         "Seconds since this replica last caught up with the primary",
         absl::ToDoubleSeconds(absl::Now() - follower_ptr->last_catch_up())});
    return gauges;
  });
  QueryServiceImpl service(service_options, **follower, engine, authorizer);
  (*metrics)->AddScrapeGauges([&service] {
    const ResponseCache::Stats stats = service.response_cache_stats();
    return std::vector<GaugeReading>{
        {"govreport_response_cache_hits_total",
         "Queries answered from the response cache",
         static_cast<double>(stats.hits), /*counter=*/true},
        {"govreport_response_cache_misses_total",
         "Queries the response cache had no answer for at the reader's state",
         static_cast<double>(stats.misses), /*counter=*/true},
        {"govreport_response_cache_bytes",
         "Bytes the response cache holds, with its bookkeeping",
         static_cast<double>(stats.bytes)},
        {"govreport_response_cache_entries", "Answers the response cache holds",
         static_cast<double>(stats.entries)}};
  });
  (*metrics)->AddScrapeGauges([&service] {
    const QueryServiceImpl::ReadStats stats = service.read_stats();
    return std::vector<GaugeReading>{
        {"govreport_reads_in_memory_total",
         "Unary calls read on gRPC's threads, all they read in memory",
         static_cast<double>(stats.in_memory), /*counter=*/true},
        {"govreport_reads_handed_over_total",
         "Unary calls read on the read threads: they needed the disk or "
         "waited for a sequence number",
         static_cast<double>(stats.handed_over), /*counter=*/true}};
  });
  auto interceptors = InterceptorsFromFlags(authorizer, **metrics);
  if (!interceptors.ok()) return LogFailure(interceptors.status());
  absl::StatusOr<std::unique_ptr<ServerRunner>> started =
      ServerRunner::Start(server_options, {&service}, std::move(*interceptors));
  if (!started.ok()) return LogFailure(started.status());
  {
    absl::MutexLock lock(&server_mu);
    server = *std::move(started);
    server->SetServing(ready);
  }
  Log(LogLevel::kInfo,
      absl::StrCat("serving on ", server_options.listen, " (port ",
                   server->port(), "), ",
                   cluster_mode ? "applying the log to " : "following ",
                   reader_options.primary_path));

  std::string signal = ServerRunner::WaitForShutdownSignal();
  Log(LogLevel::kInfo, absl::StrCat(signal, ": finishing in-flight calls"));
  (*follower)->RefuseWaits();
  server->Shutdown();
  metrics->reset();  // its gauges read the follower and the applier
  applier.reset();
  follower->reset();
  std::error_code ignored;
  if (absl::GetFlag(FLAGS_secondary_dir).empty()) {
    std::filesystem::remove_all(reader_options.secondary_path, ignored);
  }
  Log(LogLevel::kInfo, "stopped");
  return 0;
}

}  // namespace
}  // namespace govreport

int main(int argc, char** argv) {
  return govreport::ServerMain(
      argc, argv, "query_server",
      "query_server --listen=HOST:PORT --db=DIR: answers typed queries for "
      "commitments by district, domain and metric",
      "query_service/main.cc", govreport::Run);
}
