#include "cluster/log_entry.h"

#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace govreport::cluster {

v1::LogEntry PutEntry(const Analysis& analysis,
                      std::string_view original_content,
                      int64_t ingest_time_micros) {
  v1::LogEntry entry;
  v1::LoggedReport* put = entry.mutable_put();
  *put->mutable_report() = analysis.report();
  put->mutable_report()->set_original_content(std::string(original_content));
  put->mutable_report()->set_ingest_time_micros(ingest_time_micros);
  *put->mutable_commitments() = analysis.commitments();
  return entry;
}

v1::LogEntry DeleteEntry(std::string_view report_id) {
  v1::LogEntry entry;
  entry.set_delete_report_id(std::string(report_id));
  return entry;
}

absl::StatusOr<DecodedEntry> DecodeEntry(std::string_view bytes) {
  // Parsed on the arena of the analysis a put becomes, so that its report
  // and commitments are swapped into it, not copied.
  Analysis analysis;
  v1::LogEntry& entry =
      *google::protobuf::Arena::CreateMessage<v1::LogEntry>(analysis.arena());
  if (!entry.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    return absl::DataLossError("a log entry does not parse as a LogEntry");
  }
  DecodedEntry change;
  switch (entry.change_case()) {
    case v1::LogEntry::kPut: {
      v1::LoggedReport* put = entry.mutable_put();
      const std::string& id = put->report().id();
      if (id.empty()) {
        return absl::DataLossError("a logged report has no id");
      }
      const std::string prefix = absl::StrCat(id, "/");
      for (const v1::Commitment& commitment : put->commitments()) {
        if (!absl::StartsWith(commitment.id(), prefix)) {
          return absl::DataLossError(
              absl::StrCat("logged report ", id, " holds commitment \"",
                           commitment.id(), "\" of another report"));
        }
      }
      change.original_content =
          std::move(*put->mutable_report()->mutable_original_content());
      put->mutable_report()->clear_original_content();
      change.ingest_time_micros = put->report().ingest_time_micros();
      analysis.mutable_report()->Swap(put->mutable_report());
      analysis.mutable_commitments()->Swap(put->mutable_commitments());
      change.put = std::move(analysis);
      return change;
    }
    case v1::LogEntry::kDeleteReportId:
      if (entry.delete_report_id().empty()) {
        return absl::DataLossError("a logged delete has no report id");
      }
      change.delete_report_id = entry.delete_report_id();
      return change;
    case v1::LogEntry::CHANGE_NOT_SET:
      break;
  }
  return absl::DataLossError("a log entry holds no change");
}

}  // namespace govreport::cluster
