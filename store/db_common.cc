#include "store/db_common.h"

#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "common/keys.h"

namespace govreport::store_internal {

absl::Status ToAbslStatus(const rocksdb::Status& status,
                          const std::string& context) {
  if (status.ok()) return absl::OkStatus();
  std::string message = absl::StrCat(context, ": ", status.ToString());
  switch (status.code()) {
    case rocksdb::Status::kNotFound:
      return absl::NotFoundError(message);
    case rocksdb::Status::kInvalidArgument:
      return absl::InvalidArgumentError(message);
    case rocksdb::Status::kNotSupported:
      return absl::UnimplementedError(message);
    case rocksdb::Status::kBusy:
    case rocksdb::Status::kTryAgain:
    case rocksdb::Status::kTimedOut:
    case rocksdb::Status::kIncomplete:
    case rocksdb::Status::kShutdownInProgress:
      return absl::UnavailableError(message);
    case rocksdb::Status::kIOError:
      // A full disk is the one I/O error a person can fix right away.
      if (status.IsNoSpace()) return absl::ResourceExhaustedError(message);
      return absl::UnavailableError(message);
    case rocksdb::Status::kCorruption:
      return absl::DataLossError(message);
    default:
      return absl::InternalError(message);
  }
}

void ReadDbStats(rocksdb::DB* db,
                 const std::vector<rocksdb::ColumnFamilyHandle*>& handles,
                 uint64_t* sst_bytes, uint64_t* memtable_bytes,
                 uint64_t* pending_compaction_bytes, bool* writes_stopped,
                 uint64_t* delayed_write_rate) {
  *sst_bytes = *memtable_bytes = *pending_compaction_bytes = 0;
  for (rocksdb::ColumnFamilyHandle* handle : handles) {
    uint64_t value = 0;
    if (db->GetIntProperty(handle, rocksdb::DB::Properties::kTotalSstFilesSize,
                           &value)) {
      *sst_bytes += value;
    }
    if (db->GetIntProperty(handle, rocksdb::DB::Properties::kSizeAllMemTables,
                           &value)) {
      *memtable_bytes += value;
    }
    if (db->GetIntProperty(handle,
                           rocksdb::DB::Properties::kEstimatePendingCompactionBytes,
                           &value)) {
      *pending_compaction_bytes += value;
    }
  }
  uint64_t stopped = 0;
  *writes_stopped =
      db->GetIntProperty(rocksdb::DB::Properties::kIsWriteStopped, &stopped) &&
      stopped != 0;
  if (!db->GetIntProperty(rocksdb::DB::Properties::kActualDelayedWriteRate,
                          delayed_write_rate)) {
    *delayed_write_rate = 0;
  }
}

std::vector<rocksdb::ColumnFamilyDescriptor> ColumnFamilyDescriptors(
    const rocksdb::ColumnFamilyOptions& options) {
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  descriptors.emplace_back(rocksdb::kDefaultColumnFamilyName, options);
  for (const std::string& name : keys::ColumnFamilies()) {
    descriptors.emplace_back(name, options);
  }
  return descriptors;
}

OpenDb::OpenDb(rocksdb::DB* db,
               std::vector<rocksdb::ColumnFamilyHandle*> handles)
    : db_(db), handles_(std::move(handles)) {}

OpenDb::~OpenDb() {
  for (rocksdb::ColumnFamilyHandle* handle : handles_) {
    db_->DestroyColumnFamilyHandle(handle);
  }
}

rocksdb::ColumnFamilyHandle* OpenDb::cf(const std::string& name) const {
  const std::vector<std::string>& names = keys::ColumnFamilies();
  for (size_t i = 0; i < names.size(); ++i) {
    if (names[i] == name) return handles_[i + 1];
  }
  // Callers name families from keys::, so a miss is a programming error.
  std::abort();
}

}  // namespace govreport::store_internal
