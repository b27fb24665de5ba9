#include "ingest_service/ingester.h"

#include <chrono>

#include "absl/strings/str_cat.h"

namespace govreport {

absl::Status IngesterOptions::Validate() const {
  if (max_content_bytes < 1 || max_content_bytes > (int64_t{1} << 30)) {
    return absl::InvalidArgumentError(
        "max_content_bytes must be between 1 byte and 1 GiB");
  }
  return absl::OkStatus();
}

Ingester::Ingester(const IngesterOptions& options, const Pipeline& pipeline,
                   ReportStore& store)
    : options_(options), pipeline_(pipeline), store_(store) {}

absl::Status Ingester::CheckSize(const v1::RawReport& raw) const {
  if (static_cast<int64_t>(raw.content().size()) > options_.max_content_bytes) {
    return absl::ResourceExhaustedError(
        absl::StrCat("report content is ", raw.content().size(),
                     " bytes, over the limit of ", options_.max_content_bytes,
                     "; split the file or raise the server's "
                     "--max_report_bytes"));
  }
  return absl::OkStatus();
}

absl::StatusOr<v1::IngestResult> Ingester::Ingest(
    const v1::RawReport& raw) const {
  if (absl::Status size = CheckSize(raw); !size.ok()) return size;
  absl::StatusOr<Analysis> analysis = pipeline_.Analyze(raw);
  if (!analysis.ok()) return analysis.status();
  const int64_t now_micros =
      std::chrono::duration_cast<std::chrono::microseconds>(
          std::chrono::system_clock::now().time_since_epoch())
          .count();
  absl::StatusOr<StoreResult> stored =
      store_.Put(*analysis, raw.content(), now_micros);
  if (!stored.ok()) return stored.status();

  v1::IngestResult result;
  result.set_report_id(stored->report_id);
  result.set_commitment_count(stored->commitment_count);
  *result.mutable_warnings() = analysis->report.warnings();
  result.set_unchanged(stored->unchanged);
  result.set_replaced(stored->replaced);
  result.set_sequence_number(stored->sequence_number);
  *result.mutable_district() = analysis->report.district();
  result.set_year(analysis->report.year());
  return result;
}

absl::StatusOr<v1::AnalyzeResponse> Ingester::Analyze(
    const v1::RawReport& raw) const {
  if (absl::Status size = CheckSize(raw); !size.ok()) return size;
  absl::StatusOr<Analysis> analysis = pipeline_.Analyze(raw);
  if (!analysis.ok()) return analysis.status();
  v1::AnalyzeResponse response;
  *response.mutable_report() = std::move(analysis->report);
  for (v1::Commitment& c : analysis->commitments) {
    *response.add_commitments() = std::move(c);
  }
  return response;
}

absl::StatusOr<v1::DeleteReportResponse> Ingester::Delete(
    std::string_view report_id) const {
  if (absl::Status valid = ValidateReportId(report_id, "report_id");
      !valid.ok()) {
    return valid;
  }
  absl::StatusOr<DeleteResult> deleted = store_.Delete(report_id);
  if (!deleted.ok()) return deleted.status();
  v1::DeleteReportResponse response;
  response.set_sequence_number(deleted->sequence_number);
  response.set_commitment_count(deleted->commitment_count);
  return response;
}

}  // namespace govreport
