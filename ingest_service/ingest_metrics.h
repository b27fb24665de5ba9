#ifndef GOVREPORT_INGEST_SERVICE_INGEST_METRICS_H_
#define GOVREPORT_INGEST_SERVICE_INGEST_METRICS_H_

// The ingest server's Prometheus counters and gauges, registered next to the
// process and gRPC metrics (server/observability.h) and updated by
// IngestServiceImpl after each report.

#include "absl/status/status.h"
#include "govreport/v1/ingest.pb.h"
#include "prometheus/counter.h"
#include "prometheus/family.h"
#include "prometheus/gauge.h"
#include "prometheus/registry.h"

namespace govreport {

// The ingest service's own Prometheus metrics: reports, bytes,
// commitments and warnings (by kind) stored, rejections (by status code),
// and the ingest streams open against their limit. Thread-safe.
class IngestMetrics final {
 public:
  // Registers the counters in `registry`, which must outlive this object.
  explicit IngestMetrics(prometheus::Registry& registry);

  // Counts one stored report (unchanged ones count as stored, not new).
  void RecordStored(const govreport::v1::RawReport& raw,
                    const govreport::v1::IngestResult& result);

  // Counts one refused report.
  void RecordRejected(const absl::Status& status);

  // The ingest streams open now, and the most allowed (--max_streams).
  void SetOpenStreams(int open);
  void SetMaxStreams(int max);

 private:
  prometheus::Family<prometheus::Counter>& reports_;
  prometheus::Counter& bytes_;
  prometheus::Counter& commitments_;
  prometheus::Family<prometheus::Counter>& warnings_;
  prometheus::Family<prometheus::Counter>& rejections_;
  prometheus::Gauge& open_streams_;
  prometheus::Gauge& max_streams_;
};

}  // namespace govreport

#endif  // GOVREPORT_INGEST_SERVICE_INGEST_METRICS_H_
