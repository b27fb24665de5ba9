#include "store/db_common.h"

#include <cstdlib>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "rocksdb/filter_policy.h"
#include "rocksdb/merge_operator.h"
#include "rocksdb/slice_transform.h"
#include "rocksdb/table.h"
#include "store/keys.h"

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

namespace {

// Adds the int64 counters of metric_counts (store/keys.h). A malformed
// operand or value (never written by this code) fails the merge, which
// RocksDB reports as Corruption on reading the key.
class CounterAddOperator final : public rocksdb::AssociativeMergeOperator {
 public:
  bool Merge(const rocksdb::Slice& /*key*/, const rocksdb::Slice* existing,
             const rocksdb::Slice& operand, std::string* new_value,
             rocksdb::Logger* /*logger*/) const override {
    int64_t sum = 0;
    if (existing != nullptr &&
        !keys::DecodeCounter(
            std::string_view(existing->data(), existing->size()), &sum)) {
      return false;
    }
    int64_t delta = 0;
    if (!keys::DecodeCounter(std::string_view(operand.data(), operand.size()),
                             &delta)) {
      return false;
    }
    *new_value = keys::EncodeCounter(sum + delta);
    return true;
  }

  const char* Name() const override { return "govreport.CounterAdd"; }
};

// The prefix RocksDB keeps a memtable insert hint for: none, so one hint
// per memtable. The empty key is outside its domain: RocksDB 7.8 keeps a
// memtable's hints for its point entries and its range deletions in one
// map (a hint of one list used in the other fails an assertion), and the
// range deletions written to this database all start at the empty key.
class OneInsertHint final : public rocksdb::SliceTransform {
 public:
  const char* Name() const override { return "govreport.OneInsertHint"; }
  rocksdb::Slice Transform(const rocksdb::Slice& key) const override {
    return rocksdb::Slice(key.data(), 0);
  }
  bool InDomain(const rocksdb::Slice& key) const override {
    return !key.empty();
  }
};

}  // namespace

std::vector<rocksdb::ColumnFamilyDescriptor> ColumnFamilyDescriptors(
    const rocksdb::ColumnFamilyOptions& options) {
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  descriptors.emplace_back(rocksdb::kDefaultColumnFamilyName, options);
  static const auto* counter_add = new std::shared_ptr<rocksdb::MergeOperator>(
      std::make_shared<CounterAddOperator>());
  // The families read by key (a page of a metric's commitments is one
  // lookup per row, each in a different report) get bloom filters: without
  // them a lookup searches a data block of every table whose key range
  // covers the key, which after a bulk load is every level-0 file. The
  // index families are only scanned; filters there would cost memory and
  // ingest time for nothing.
  std::shared_ptr<rocksdb::TableFactory> filtered = options.table_factory;
  if (const auto* table_options =
          options.table_factory
              ->GetOptions<rocksdb::BlockBasedTableOptions>()) {
    rocksdb::BlockBasedTableOptions with_filter = *table_options;
    with_filter.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
    filtered.reset(rocksdb::NewBlockBasedTableFactory(with_filter));
  }
  // One insert hint per memtable (a prefix of no bytes): each insert into
  // a skiplist starts from where the previous one ended and climbs only as
  // far as it has to. ReportStore writes a group's changes sorted by family
  // and key, so that consecutive inserts land a few dozen entries apart;
  // without the hint RocksDB searches from the top whenever a key does not
  // follow the last one directly, which for index keys spread over a
  // memtable is nearly always (the bulk of the primary's write time and of
  // a secondary's catch-up).
  static const auto* one_hint =
      new std::shared_ptr<const rocksdb::SliceTransform>(
          std::make_shared<OneInsertHint>());
  for (keys::ColumnFamily cf : keys::AllColumnFamilies()) {
    descriptors.emplace_back(std::string(keys::ColumnFamilyName(cf)), options);
    descriptors.back().options.memtable_insert_with_hint_prefix_extractor =
        *one_hint;
    if (cf == keys::ColumnFamily::kMetricCounts) {
      descriptors.back().options.merge_operator = *counter_add;
    }
    if (cf == keys::ColumnFamily::kCommitments ||
        cf == keys::ColumnFamily::kReports ||
        cf == keys::ColumnFamily::kContents) {
      descriptors.back().options.table_factory = filtered;
    }
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

DbStats OpenDb::Stats() const {
  DbStats stats;
  for (rocksdb::ColumnFamilyHandle* handle : handles_) {
    uint64_t value = 0;
    if (db_->GetIntProperty(handle, rocksdb::DB::Properties::kTotalSstFilesSize,
                            &value)) {
      stats.sst_bytes += value;
    }
    if (db_->GetIntProperty(handle, rocksdb::DB::Properties::kSizeAllMemTables,
                            &value)) {
      stats.memtable_bytes += value;
    }
    std::string files;
    if (db_->GetProperty(handle,
                         rocksdb::DB::Properties::kNumFilesAtLevelPrefix + "0",
                         &files) &&
        absl::SimpleAtoi(files, &value)) {
      stats.level0_files += value;
    }
    if (db_->GetIntProperty(
            handle, rocksdb::DB::Properties::kEstimatePendingCompactionBytes,
            &value)) {
      stats.pending_compaction_bytes += value;
    }
  }
  uint64_t stopped = 0;
  stats.writes_stopped =
      db_->GetIntProperty(rocksdb::DB::Properties::kIsWriteStopped, &stopped) &&
      stopped != 0;
  if (!db_->GetIntProperty(rocksdb::DB::Properties::kActualDelayedWriteRate,
                           &stats.delayed_write_rate)) {
    stats.delayed_write_rate = 0;
  }
  return stats;
}

rocksdb::ColumnFamilyHandle* OpenDb::cf(keys::ColumnFamily family) const {
  // Handles are opened "default" first, then in ColumnFamily order.
  return handles_[1 + static_cast<size_t>(family)];
}

void PutAppliedLogSequence(const OpenDb& db, uint64_t log_sequence,
                           rocksdb::WriteBatch* batch) {
  batch->Put(db.cf(keys::ColumnFamily::kReports),
             rocksdb::Slice(kAppliedLogSequenceKey.data(),
                            kAppliedLogSequenceKey.size()),
             absl::StrCat(log_sequence));
}

absl::StatusOr<uint64_t> ReadAppliedLogSequence(const OpenDb& db) {
  std::string value;
  rocksdb::Status status =
      db.db()->Get(rocksdb::ReadOptions(), db.cf(keys::ColumnFamily::kReports),
                   rocksdb::Slice(kAppliedLogSequenceKey.data(),
                                  kAppliedLogSequenceKey.size()),
                   &value);
  if (status.IsNotFound()) return 0;
  if (!status.ok()) {
    return ToAbslStatus(status, "cannot read the applied log sequence");
  }
  uint64_t sequence = 0;
  if (!absl::SimpleAtoi(value, &sequence)) {
    return absl::DataLossError(
        absl::StrCat("the applied log sequence is no number: ", value));
  }
  return sequence;
}

}  // namespace govreport::store_internal
