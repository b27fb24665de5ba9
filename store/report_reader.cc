#include "store/report_reader.h"

#include <algorithm>
#include <filesystem>
#include <system_error>

#include "absl/strings/str_cat.h"
#include "common/keys.h"
#include "common/string_view.h"
#include "rocksdb/db.h"
#include "store/db_common.h"

namespace govreport {

using store_internal::ToAbslStatus;

absl::Status ReportReaderOptions::Validate() const {
  if (primary_path.empty()) {
    return absl::InvalidArgumentError("the database path is empty");
  }
  if (secondary_path.empty()) {
    return absl::InvalidArgumentError("the secondary path is empty");
  }
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<ReportReader>> ReportReader::Open(
    const ReportReaderOptions& options) {
  if (absl::Status valid = options.Validate(); !valid.ok()) return valid;
  std::error_code error;
  if (!std::filesystem::exists(
          std::filesystem::path(options.primary_path) / "CURRENT", error)) {
    return absl::FailedPreconditionError(
        absl::StrCat("no database at ", options.primary_path,
                     " yet; start the ingest service on it first"));
  }
  std::filesystem::create_directories(options.secondary_path, error);
  if (error) {
    return absl::UnavailableError(
        absl::StrCat("cannot create secondary folder ", options.secondary_path,
                     ": ", error.message()));
  }
  rocksdb::Options db_options;
  // Secondaries must keep every table file open: the primary may delete a
  // file a secondary has yet to read.
  db_options.max_open_files = -1;
  rocksdb::ColumnFamilyOptions cf_options(db_options);
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw_db = nullptr;
  rocksdb::Status status = rocksdb::DB::OpenAsSecondary(
      db_options, options.primary_path, options.secondary_path,
      store_internal::ColumnFamilyDescriptors(cf_options), &handles, &raw_db);
  if (!status.ok()) {
    return ToAbslStatus(status, absl::StrCat("cannot open database ",
                                             options.primary_path,
                                             " as a secondary"));
  }
  return std::unique_ptr<ReportReader>(new ReportReader(
      std::make_unique<store_internal::OpenDb>(raw_db, std::move(handles))));
}

ReportReader::ReportReader(std::unique_ptr<store_internal::OpenDb> db)
    : db_(std::move(db)) {}

ReportReader::~ReportReader() = default;

absl::Status ReportReader::CatchUp() {
  return ToAbslStatus(db_->db()->TryCatchUpWithPrimary(),
                      "cannot catch up with the primary");
}

uint64_t ReportReader::SequenceNumber() const {
  return db_->db()->GetLatestSequenceNumber();
}

absl::StatusOr<v1::Report> ReportReader::GetReport(std::string_view report_id,
                                                   bool with_content) const {
  rocksdb::Slice id(report_id.data(), report_id.size());
  std::string value;
  rocksdb::Status status = db_->db()->Get(
      rocksdb::ReadOptions(), db_->cf(keys::kReports), id, &value);
  if (status.IsNotFound()) {
    return absl::NotFoundError(
        absl::StrCat("no report has id \"", AsAbsl(report_id), "\""));
  }
  if (!status.ok()) return ToAbslStatus(status, "cannot read report");
  v1::Report report;
  if (!report.ParseFromString(value)) {
    return absl::DataLossError(
        absl::StrCat("stored report ", AsAbsl(report_id), " does not parse"));
  }
  if (with_content) {
    status = db_->db()->Get(rocksdb::ReadOptions(), db_->cf(keys::kContents),
                            id, report.mutable_original_content());
    if (!status.ok() && !status.IsNotFound()) {
      return ToAbslStatus(status, "cannot read report content");
    }
  }
  return report;
}

absl::StatusOr<std::vector<std::optional<v1::Commitment>>>
ReportReader::GetCommitments(
    const std::vector<std::string>& commitment_keys) const {
  std::vector<rocksdb::Slice> slices(commitment_keys.begin(),
                                     commitment_keys.end());
  std::vector<rocksdb::PinnableSlice> values(slices.size());
  std::vector<rocksdb::Status> statuses(slices.size());
  db_->db()->MultiGet(rocksdb::ReadOptions(), db_->cf(keys::kCommitments),
                      slices.size(), slices.data(), values.data(),
                      statuses.data());
  std::vector<std::optional<v1::Commitment>> out(slices.size());
  for (size_t i = 0; i < slices.size(); ++i) {
    if (statuses[i].IsNotFound()) continue;
    if (!statuses[i].ok()) {
      return ToAbslStatus(statuses[i], "cannot read commitments");
    }
    v1::Commitment& c = out[i].emplace();
    if (!c.ParseFromArray(values[i].data(),
                          static_cast<int>(values[i].size()))) {
      return absl::DataLossError("a stored commitment does not parse");
    }
  }
  return out;
}

absl::Status ReportReader::Scan(
    std::string_view cf, std::string_view begin, std::string_view end,
    const std::function<bool(std::string_view, std::string_view)>& visit)
    const {
  const std::vector<std::string>& families = keys::ColumnFamilies();
  if (std::find(families.begin(), families.end(), cf) == families.end()) {
    return absl::InvalidArgumentError(
        absl::StrCat("unknown column family ", AsAbsl(cf)));
  }
  const std::string upper(end.empty() ? keys::kReservedPrefix : end);
  rocksdb::Slice upper_slice(upper);
  rocksdb::ReadOptions read_options;
  read_options.iterate_upper_bound = &upper_slice;
  std::unique_ptr<rocksdb::Iterator> it(
      db_->db()->NewIterator(read_options, db_->cf(std::string(cf))));
  for (it->Seek(rocksdb::Slice(begin.data(), begin.size())); it->Valid();
       it->Next()) {
    if (!visit(std::string_view(it->key().data(), it->key().size()),
               std::string_view(it->value().data(), it->value().size()))) {
      break;
    }
  }
  return ToAbslStatus(it->status(), "cannot scan the database");
}

DbStats ReportReader::Stats() const { return db_->Stats(); }

}  // namespace govreport
