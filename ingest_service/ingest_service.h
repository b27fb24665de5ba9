#ifndef GOVREPORT_INGEST_SERVICE_INGEST_SERVICE_H_
#define GOVREPORT_INGEST_SERVICE_INGEST_SERVICE_H_

// The ingest server's gRPC service (govreport.v1.IngestService): the edge
// that authorises, admits (InflightBudget), parses and hands each report to
// the Ingester on the worker pool. client → IngestServiceImpl → Ingester →
// pipeline → ReportStore (or NatsLog in cluster mode).
//
// Example (ingest_service/main.cc):
//   IngestServiceImpl service(options, ingester, workers, authorizer, metrics);
//   ...  // register it with ServerRunner; once a signal asks to stop:
//   service.BeginShutdown();

#include <atomic>

#include "absl/status/status.h"
#include "govreport/v1/ingest.grpc.pb.h"
#include "ingest_service/inflight_budget.h"
#include "ingest_service/ingest_metrics.h"
#include "ingest_service/ingester.h"
#include "server/auth.h"
#include "server/thread_pool.h"

namespace govreport {

// Options of IngestServiceImpl.
struct IngestServiceOptions {
  // Reports of one StreamIngest call in flight at once (1-1024): their WAL
  // syncs are grouped, so a wider window writes more reports per sync.
  int stream_window = 32;
  // StreamIngest calls served at once (1-10000); one more is refused with
  // RESOURCE_EXHAUSTED, so that bulk loads cannot take every worker and
  // all the memory.
  int max_streams = 64;
  // Bytes of report requests admitted at once across all calls (1 MiB-1
  // TiB): the pipeline holds some twenty times a report's size while it
  // reads it. A unary report that does not fit is RESOURCE_EXHAUSTED at
  // once; a stream's report waits for room (the stream reads no further
  // meanwhile). A request larger than the budget is admitted alone. The
  // default lets one report of the largest default size (32 MiB) run with
  // small ones beside it, but not two: 8 such reports at once peak under
  // 1 GB (docs/BENCHMARKS.md).
  int64_t max_inflight_bytes = 48 << 20;

  // OK, or InvalidArgument naming the bad field.
  absl::Status Validate() const;
};

// The gRPC edge of the ingest service (callback API): converts requests,
// calls the Ingester, converts back and maps the status.
//
// Thread-safe. The pipeline and the synced writes run on a thread pool, not
// on gRPC's threads. StreamIngest keeps at most `stream_window` reports of a
// stream in flight: it reads ahead only while fewer are unanswered, so
// HTTP/2 flow control throttles a client that sends faster than the
// database writes, and the reports in flight are stored concurrently, so
// their WAL syncs are grouped. Answers leave in request order.
class IngestServiceImpl final
    : public govreport::v1::IngestService::WithRawCallbackMethod_IngestReport<
          govreport::v1::IngestService::WithRawCallbackMethod_StreamIngest<
              govreport::v1::IngestService::WithRawCallbackMethod_DeleteReport<
                  govreport::v1::IngestService::WithRawCallbackMethod_Analyze<
                      govreport::v1::IngestService::Service>>>> {
 public:
  // `ingester`, `workers`, `authorizer` and `metrics` are borrowed and
  // must outlive the service; `options` are valid. Every method but
  // Analyze needs write access.
  IngestServiceImpl(const IngestServiceOptions& options,
                    const Ingester& ingester, ThreadPool& workers,
                    const TokenAuthorizer& authorizer, IngestMetrics& metrics);

  // Makes running streams stop reading: each answers what it has read and
  // ends with UNAVAILABLE, so a client knows to resend the rest elsewhere
  // or later. Call before ServerRunner::Shutdown.
  void BeginShutdown();

  // Every method is raw and parses its request itself (see
  // TypedUnaryReactor): bytes that are no request message are
  // INVALID_ARGUMENT naming its type. An IngestReportRequest in, an
  // IngestReportResponse out.
  grpc::ServerUnaryReactor* IngestReport(grpc::CallbackServerContext* context,
                                         const grpc::ByteBuffer* request,
                                         grpc::ByteBuffer* response) override;

  // Raw: StreamIngestRequest messages in, StreamIngestResponse out, parsed
  // and written by the service (a corrupted message is INVALID_ARGUMENT
  // naming its index; the reports before it are answered).
  grpc::ServerBidiReactor<grpc::ByteBuffer, grpc::ByteBuffer>* StreamIngest(
      grpc::CallbackServerContext* context) override;

  // A DeleteReportRequest in, a DeleteReportResponse out.
  grpc::ServerUnaryReactor* DeleteReport(grpc::CallbackServerContext* context,
                                         const grpc::ByteBuffer* request,
                                         grpc::ByteBuffer* response) override;

  // An AnalyzeRequest in, an AnalyzeResponse out.
  grpc::ServerUnaryReactor* Analyze(grpc::CallbackServerContext* context,
                                    const grpc::ByteBuffer* request,
                                    grpc::ByteBuffer* response) override;

 private:
  // Ingests one report and counts the outcome.
  absl::StatusOr<govreport::v1::IngestResult> IngestCounted(
      const govreport::v1::RawReport& raw) const;

  const Ingester& ingester_;
  ThreadPool& workers_;
  const TokenAuthorizer& authorizer_;
  IngestMetrics& metrics_;
  const IngestServiceOptions options_;
  // Report requests admitted and not yet answered.
  InflightBudget budget_;
  std::atomic<bool> shutting_down_{false};
  // StreamIngest calls running.
  std::atomic<int> active_streams_{0};
};

}  // namespace govreport

#endif  // GOVREPORT_INGEST_SERVICE_INGEST_SERVICE_H_
