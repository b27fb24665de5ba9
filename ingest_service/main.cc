// ingest_server: the only writer of the report database.

#include <iostream>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "cluster/cluster_flags.h"
#include "cluster/nats_log.h"
#include "common/pipeline.h"
#include "ingest_service/ingest_service.h"
#include "ingest_service/ingester.h"
#include "server/db_metrics.h"
#include "server/log.h"
#include "server/observability.h"
#include "server/server_flags.h"
#include "server/server_runner.h"
#include "server/thread_pool.h"
#include "store/report_store.h"

ABSL_FLAG(std::string, listen, "127.0.0.1:50051",
          "address to serve on: HOST:PORT or unix:PATH");
ABSL_FLAG(std::string, db, "var/db",
          "database folder (created when missing); the query service reads "
          "the same folder");
ABSL_FLAG(int64_t, max_analyze_response_bytes, 4000000,
          "largest Analyze answer in bytes (64 KiB-1 GiB); the commitments "
          "past it are left for the next call (next_commitment_offset); at "
          "most the message limit (--max_report_bytes + 1 MiB). The default "
          "stays under a default gRPC client's 4 MiB receive limit");
ABSL_FLAG(int64_t, max_report_bytes, 32 << 20,
          "largest report content accepted; larger is RESOURCE_EXHAUSTED");
ABSL_FLAG(int, write_buffer_mib, 16, "RocksDB memtable size per column family");
ABSL_FLAG(int, flush_when_idle_ms, 2000,
          "flush the memtables once no report was written for this long "
          "(0 = never), so that query replicas read sorted files");
ABSL_FLAG(bool, compact_when_idle, true,
          "after that flush, merge the level-0 files of the families queries "
          "scan into level 1 (stopping should writes resume): each level-0 "
          "file is a sorted run every scan of a replica seeks in");
ABSL_FLAG(int, workers, 32,
          "threads running the pipeline, each then waiting for its report's "
          "write group; more threads make larger groups (one synced write "
          "and one text-index key per bigram for all reports of a group)");
ABSL_FLAG(int, stream_window, 32,
          "reports of one StreamIngest call in flight at once (read ahead, "
          "stored concurrently so that they share write groups)");
ABSL_FLAG(int, max_streams, 64,
          "StreamIngest calls served at once; one more is refused with "
          "RESOURCE_EXHAUSTED");
ABSL_FLAG(int64_t, max_inflight_bytes, 48 << 20,
          "bytes of reports read at once across all calls (memory: the "
          "pipeline holds some twenty times a report's size); a unary "
          "report beyond is RESOURCE_EXHAUSTED, a stream's waits for room");
ABSL_FLAG(int, nats_publish_timeout_ms, 10000,
          "cluster mode: longest a change waits for JetStream's ack, resends "
          "included; past it the call fails UNAVAILABLE");
ABSL_FLAG(int, nats_max_pending_acks, 256,
          "cluster mode: changes published and waiting for their ack at "
          "once, across all calls");
ABSL_FLAG(int, shutdown_grace_ms, 10000,
          "how long in-flight calls may finish after SIGTERM/SIGINT");

namespace govreport {
namespace {

int Run() {
  ReportStoreOptions store_options;
  store_options.path = absl::GetFlag(FLAGS_db);
  store_options.write_buffer_mib = absl::GetFlag(FLAGS_write_buffer_mib);
  store_options.flush_when_idle_ms = absl::GetFlag(FLAGS_flush_when_idle_ms);
  store_options.compact_when_idle = absl::GetFlag(FLAGS_compact_when_idle);
  IngesterOptions ingester_options;
  ingester_options.max_content_bytes = absl::GetFlag(FLAGS_max_report_bytes);
  ingester_options.max_analyze_response_bytes =
      absl::GetFlag(FLAGS_max_analyze_response_bytes);
  ServerRunnerOptions server_options;
  server_options.listen = absl::GetFlag(FLAGS_listen);
  server_options.service_names = {v1::IngestService::service_full_name()};
  // Room for the content plus the request's other fields.
  server_options.max_receive_message_bytes = static_cast<int>(std::min<int64_t>(
      ingester_options.max_content_bytes + (1 << 20), 1 << 30));
  // The server sends no message over its receive limit either.
  ingester_options.max_analyze_response_bytes =
      std::min<int64_t>(ingester_options.max_analyze_response_bytes,
                        server_options.max_receive_message_bytes);
  server_options.shutdown_grace =
      std::chrono::milliseconds(absl::GetFlag(FLAGS_shutdown_grace_ms));
  ApplyTlsFlags(&server_options);
  absl::StatusOr<TokenAuthorizer> loaded_authorizer = AuthorizerFromFlags();
  if (!loaded_authorizer.ok()) return LogFailure(loaded_authorizer.status());
  const TokenAuthorizer authorizer = *std::move(loaded_authorizer);
  IngestServiceOptions service_options;
  service_options.stream_window = absl::GetFlag(FLAGS_stream_window);
  service_options.max_streams = absl::GetFlag(FLAGS_max_streams);
  service_options.max_inflight_bytes = absl::GetFlag(FLAGS_max_inflight_bytes);
  const bool cluster_mode = cluster::ClusterModeFromFlags();
  cluster::NatsLogOptions log_options =
      cluster::NatsLogOptionsFromFlags("govreport-ingest");
  log_options.publish_timeout =
      std::chrono::milliseconds(absl::GetFlag(FLAGS_nats_publish_timeout_ms));
  log_options.max_pending_acks = absl::GetFlag(FLAGS_nats_max_pending_acks);
  for (const absl::Status& status :
       {store_options.Validate(), ingester_options.Validate(),
        service_options.Validate(), server_options.Validate(),
        cluster_mode ? log_options.Validate() : absl::OkStatus()}) {
    if (!status.ok()) return LogFailure(status);
  }
  const int workers = absl::GetFlag(FLAGS_workers);
  if (workers < 1 || workers > 256) {
    return LogFailure(absl::InvalidArgumentError("--workers must be 1-256"));
  }

  absl::StatusOr<std::unique_ptr<Pipeline>> pipeline = Pipeline::Create();
  if (!pipeline.ok()) return LogFailure(pipeline.status());
  absl::StatusOr<std::unique_ptr<ServerMetrics>> metrics = MetricsFromFlags();
  if (!metrics.ok()) return LogFailure(metrics.status());
  // Single-machine mode stores in the local database; cluster mode
  // publishes to the replicated log and keeps no database.
  std::unique_ptr<ReportStore> store;
  std::unique_ptr<cluster::NatsLog> log;
  std::unique_ptr<Ingester> ingester;
  if (cluster_mode) {
    absl::StatusOr<std::unique_ptr<cluster::NatsLog>> opened =
        cluster::NatsLog::Open(log_options, &(*metrics)->registry());
    if (!opened.ok()) return LogFailure(opened.status());
    log = *std::move(opened);
    cluster::NatsLog* log_ptr = log.get();
    (*metrics)->AddScrapeGauges([log_ptr] {
      return std::vector<GaugeReading>{
          {"govreport_nats_pending_acks",
           "Changes published to NATS JetStream and waiting for their ack",
           static_cast<double>(log_ptr->pending_acks())}};
    });
    ingester = std::make_unique<Ingester>(ingester_options, **pipeline, *log);
  } else {
    absl::StatusOr<std::unique_ptr<ReportStore>> opened =
        ReportStore::Open(store_options);
    if (!opened.ok()) return LogFailure(opened.status());
    store = *std::move(opened);
    ReportStore* store_ptr = store.get();
    (*metrics)->AddScrapeGauges([store_ptr] { return DbGauges(*store_ptr); });
    ingester = std::make_unique<Ingester>(ingester_options, **pipeline, *store);
  }
  IngestMetrics ingest_metrics((*metrics)->registry());
  ThreadPool pool(workers);
  IngestServiceImpl service(service_options, *ingester, pool, authorizer,
                            ingest_metrics);
  auto interceptors = InterceptorsFromFlags(authorizer, **metrics);
  if (!interceptors.ok()) return LogFailure(interceptors.status());
  absl::StatusOr<std::unique_ptr<ServerRunner>> server =
      ServerRunner::Start(server_options, {&service}, std::move(*interceptors));
  if (!server.ok()) return LogFailure(server.status());
  (*server)->SetServing(true);
  Log(LogLevel::kInfo,
      absl::StrCat(
          "serving on ", server_options.listen, " (port ", (*server)->port(),
          "), ",
          cluster_mode
              ? absl::StrCat("publishing to NATS stream ", log_options.stream,
                             " at ", log_options.servers)
              : absl::StrCat("database ", store_options.path)));

  std::string signal = ServerRunner::WaitForShutdownSignal();
  Log(LogLevel::kInfo, absl::StrCat(signal, ": finishing in-flight calls"));
  service.BeginShutdown();
  (*server)->Shutdown();
  if (store != nullptr) {
    absl::Status flushed = store->Flush();
    if (!flushed.ok()) Log(LogLevel::kWarning, flushed.ToString());
  }
  metrics->reset();  // its gauges read the store or the log
  Log(LogLevel::kInfo, "stopped");
  return 0;
}

}  // namespace
}  // namespace govreport

int main(int argc, char** argv) {
  return govreport::ServerMain(
      argc, argv, "ingest_server",
      "ingest_server --listen=HOST:PORT --db=DIR: decodes, extracts and "
      "stores Chinese district work reports",
      "ingest_service/main.cc", govreport::Run);
}
