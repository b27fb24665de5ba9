#ifndef GOVREPORT_INGEST_SERVICE_INGESTER_H_
#define GOVREPORT_INGEST_SERVICE_INGESTER_H_

// The ingest service's core without gRPC: raw report in, pipeline
// (common/pipeline.h), durable write (store/report_store.h, or the
// replicated log of cluster/nats_log.h) out. IngestServiceImpl calls it on
// the worker pool; tests call it directly.
//
// Example:
//   Ingester ingester(IngesterOptions(), *pipeline, *store);
//   absl::StatusOr<v1::IngestResult> result = ingester.Ingest(raw);

#include <cstdint>
#include <string_view>

#include "absl/status/statusor.h"
#include "cluster/nats_log.h"
#include "common/pipeline.h"
#include "govreport/v1/ingest.pb.h"
#include "store/report_store.h"

namespace govreport {

// Options of Ingester.
struct IngesterOptions {
  // Largest report content accepted, in bytes (1 byte-1 GiB); larger
  // content is RESOURCE_EXHAUSTED.
  int64_t max_content_bytes = 32 << 20;
  // Largest Analyze answer, in bytes (64 KiB-1 GiB): the commitments past
  // it are left for the next call, and the report's text is left out when
  // it alone would take over half of it. The default stays under a default
  // gRPC client's 4 MiB receive limit.
  int64_t max_analyze_response_bytes = 4000000;

  // OK, or InvalidArgument naming the bad field.
  absl::Status Validate() const;
};

// The ingest service's core, without gRPC: checks a raw report, runs the
// pipeline and stores the result: in the local database, or in cluster
// mode in the replicated log, whose sequence its answers then carry (and
// whether a report replaced or equalled a stored one is not known there).
//
// Thread-safe (the pipeline, the store and the log are).
class Ingester final {
 public:
  // `pipeline` and `store` are borrowed and must outlive the ingester.
  Ingester(const IngesterOptions& options, const Pipeline& pipeline,
           ReportStore& store);
  // Cluster mode: publishes to `log` (borrowed, as `pipeline`).
  Ingester(const IngesterOptions& options, const Pipeline& pipeline,
           cluster::NatsLog& log);

  // Reads and stores one report; answers once the write is durable.
  // InvalidArgument for bad input (the message names the field),
  // ResourceExhausted for content over the limit or more commitments than
  // Pipeline::kMaxCommitments, and the store's errors (the log's in cluster
  // mode: Unavailable when JetStream did not acknowledge in time).
  absl::StatusOr<govreport::v1::IngestResult> Ingest(
      const govreport::v1::RawReport& raw) const;

  // Reads one report without storing it, and answers with its commitments
  // from `commitment_offset` on that fit in max_analyze_response_bytes
  // (see AnalyzeResponse). Errors as Ingest's bad input; InvalidArgument
  // for a negative offset.
  absl::StatusOr<govreport::v1::AnalyzeResponse> Analyze(
      const govreport::v1::RawReport& raw, int commitment_offset = 0) const;

  // Deletes a report. InvalidArgument for a malformed id, NotFound for an
  // unknown one (in cluster mode any id is published: the replicas skip
  // an unknown one); otherwise the store's or the log's errors.
  absl::StatusOr<govreport::v1::DeleteReportResponse> Delete(
      std::string_view report_id) const;

 private:
  // The size check shared by Ingest and Analyze.
  absl::Status CheckSize(const govreport::v1::RawReport& raw) const;

  const IngesterOptions options_;
  const Pipeline& pipeline_;
  // Exactly one of them is set.
  ReportStore* const store_ = nullptr;
  cluster::NatsLog* const log_ = nullptr;
};

}  // namespace govreport

#endif  // GOVREPORT_INGEST_SERVICE_INGESTER_H_
