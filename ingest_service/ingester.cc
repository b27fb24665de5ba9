#include "ingest_service/ingester.h"

#include <algorithm>
#include <chrono>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/report_id.h"
#include "google/protobuf/io/coded_stream.h"
#include "server/grpc_status.h"

namespace govreport {

absl::Status IngesterOptions::Validate() const {
  if (max_content_bytes < 1 || max_content_bytes > (int64_t{1} << 30)) {
    return absl::InvalidArgumentError(
        "max_content_bytes must be between 1 byte and 1 GiB");
  }
  if (max_analyze_response_bytes < (64 << 10) ||
      max_analyze_response_bytes > (int64_t{1} << 30)) {
    return absl::InvalidArgumentError(
        "max_analyze_response_bytes must be between 64 KiB and 1 GiB");
  }
  return absl::OkStatus();
}

Ingester::Ingester(const IngesterOptions& options, const Pipeline& pipeline,
                   ReportStore& store)
    : options_(options), pipeline_(pipeline), store_(&store) {}

Ingester::Ingester(const IngesterOptions& options, const Pipeline& pipeline,
                   cluster::NatsLog& log)
    : options_(options), pipeline_(pipeline), log_(&log) {}

absl::Status Ingester::CheckSize(const v1::RawReport& raw) const {
  if (static_cast<int64_t>(raw.content().size()) > options_.max_content_bytes) {
    return WithQuotaFailure(
        absl::ResourceExhaustedError(absl::StrCat(
            "report content is ", raw.content().size(),
            " bytes, over the limit of ", options_.max_content_bytes,
            "; split the file or raise the server's --max_report_bytes")),
        error_reason::kReportTooLarge, "--max_report_bytes");
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
      log_ != nullptr ? log_->Put(*analysis, raw.content(), now_micros)
                      : store_->Put(*analysis, raw.content(), now_micros);
  if (!stored.ok()) return stored.status();

  v1::IngestResult result;
  result.set_report_id(stored->report_id);
  result.set_commitment_count(stored->commitment_count);
  *result.mutable_warnings() = analysis->report().warnings();
  result.set_unchanged(stored->unchanged);
  result.set_replaced(stored->replaced);
  result.set_sequence_number(stored->sequence_number);
  *result.mutable_district() = analysis->report().district();
  result.set_year(analysis->report().year());
  return result;
}

absl::StatusOr<v1::AnalyzeResponse> Ingester::Analyze(
    const v1::RawReport& raw, int commitment_offset) const {
  if (commitment_offset < 0) {
    return absl::InvalidArgumentError("commitment_offset must not be negative");
  }
  if (absl::Status size = CheckSize(raw); !size.ok()) return size;
  absl::StatusOr<Analysis> analysis = pipeline_.Analyze(raw);
  if (!analysis.ok()) return analysis.status();
  // Room for next_commitment_offset and text_omitted, set last.
  const size_t limit =
      static_cast<size_t>(options_.max_analyze_response_bytes) - 16;
  v1::AnalyzeResponse response;
  *response.mutable_report() = std::move(*analysis->mutable_report());
  if (commitment_offset > 0 || response.report().ByteSizeLong() > limit / 2) {
    response.mutable_report()->clear_text();
    response.set_text_omitted(true);
  }
  size_t size = response.ByteSizeLong();
  google::protobuf::RepeatedPtrField<v1::Commitment>& commitments =
      *analysis->mutable_commitments();
  int next = std::min(commitment_offset, commitments.size());
  for (; next < commitments.size(); ++next) {
    const size_t bytes = commitments[next].ByteSizeLong();
    // Tag, length, message.
    const size_t field =
        1 + google::protobuf::io::CodedOutputStream::VarintSize64(bytes) +
        bytes;
    if (response.commitments_size() > 0 && size + field > limit) break;
    size += field;
    *response.add_commitments() = std::move(commitments[next]);
  }
  if (next < commitments.size()) {
    response.set_next_commitment_offset(next);
  }
  return response;
}

absl::StatusOr<v1::DeleteReportResponse> Ingester::Delete(
    std::string_view report_id) const {
  if (absl::Status valid = ValidateReportId(report_id, "report_id");
      !valid.ok()) {
    return valid;
  }
  absl::StatusOr<DeleteResult> deleted =
      log_ != nullptr ? log_->Delete(report_id) : store_->Delete(report_id);
  if (!deleted.ok()) return deleted.status();
  v1::DeleteReportResponse response;
  response.set_sequence_number(deleted->sequence_number);
  response.set_commitment_count(deleted->commitment_count);
  return response;
}

}  // namespace govreport
