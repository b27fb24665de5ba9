#include "ingest_service/ingest_metrics.h"

#include <string>

#include "absl/strings/ascii.h"

namespace govreport {

IngestMetrics::IngestMetrics(prometheus::Registry& registry)
    : reports_(prometheus::BuildCounter()
                   .Name("govreport_reports_ingested_total")
                   .Help("Reports acknowledged, by outcome (new, replaced, "
                         "unchanged)")
                   .Register(registry)),
      bytes_(prometheus::BuildCounter()
                 .Name("govreport_report_bytes_ingested_total")
                 .Help("Raw bytes of acknowledged reports")
                 .Register(registry)
                 .Add({})),
      commitments_(prometheus::BuildCounter()
                       .Name("govreport_commitments_ingested_total")
                       .Help("Commitments stored with new or replaced reports")
                       .Register(registry)
                       .Add({})),
      warnings_(prometheus::BuildCounter()
                    .Name("govreport_warnings_total")
                    .Help("Pipeline warnings of stored reports, by kind")
                    .Register(registry)),
      rejections_(prometheus::BuildCounter()
                      .Name("govreport_reports_rejected_total")
                      .Help("Reports refused, by status code")
                      .Register(registry)),
      open_streams_(prometheus::BuildGauge()
                        .Name("govreport_ingest_streams")
                        .Help("StreamIngest calls open now")
                        .Register(registry)
                        .Add({})),
      max_streams_(prometheus::BuildGauge()
                       .Name("govreport_ingest_streams_max")
                       .Help("StreamIngest calls allowed at once "
                             "(--max_streams); more are refused")
                       .Register(registry)
                       .Add({})) {}

void IngestMetrics::SetOpenStreams(int open) {
  open_streams_.Set(static_cast<double>(open));
}

void IngestMetrics::SetMaxStreams(int max) {
  max_streams_.Set(static_cast<double>(max));
}

void IngestMetrics::RecordStored(const v1::RawReport& raw,
                                 const v1::IngestResult& result) {
  const char* outcome = result.unchanged()  ? "unchanged"
                        : result.replaced() ? "replaced"
                                            : "new";
  reports_.Add({{"outcome", outcome}}).Increment();
  bytes_.Increment(static_cast<double>(raw.content().size()));
  if (result.unchanged()) return;
  commitments_.Increment(result.commitment_count());
  for (const v1::Warning& w : result.warnings()) {
    std::string kind = v1::WarningKind_Name(w.kind());
    warnings_.Add({{"kind", absl::AsciiStrToLower(kind.substr(13))}})
        .Increment(std::max(1, w.count()));
  }
}

void IngestMetrics::RecordRejected(const absl::Status& status) {
  rejections_.Add({{"code", absl::StatusCodeToString(status.code())}})
      .Increment();
}

}  // namespace govreport
