#ifndef GOVREPORT_INGEST_SERVICE_INGEST_METRICS_H_
#define GOVREPORT_INGEST_SERVICE_INGEST_METRICS_H_

#include "absl/status/status.h"
#include "govreport/v1/ingest.pb.h"
#include "prometheus/counter.h"
#include "prometheus/family.h"
#include "prometheus/registry.h"

namespace govreport {

// The ingest service's own Prometheus counters: reports, bytes,
// commitments and warnings (by kind) stored, and rejections (by status
// code). Thread-safe.
class IngestMetrics final {
 public:
  // Registers the counters in `registry`, which must outlive this object.
  explicit IngestMetrics(prometheus::Registry& registry);

  // Counts one stored report (unchanged ones count as stored, not new).
  void RecordStored(const govreport::v1::RawReport& raw,
                    const govreport::v1::IngestResult& result);

  // Counts one refused report.
  void RecordRejected(const absl::Status& status);

 private:
  prometheus::Family<prometheus::Counter>& reports_;
  prometheus::Counter& bytes_;
  prometheus::Counter& commitments_;
  prometheus::Family<prometheus::Counter>& warnings_;
  prometheus::Family<prometheus::Counter>& rejections_;
};

}  // namespace govreport

#endif  // GOVREPORT_INGEST_SERVICE_INGEST_METRICS_H_
