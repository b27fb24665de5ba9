#include "store/report_store.h"

#include <filesystem>
#include <system_error>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/keys.h"
#include "common/string_view.h"
#include "rocksdb/db.h"
#include "rocksdb/listener.h"
#include "rocksdb/memtablerep.h"
#include "rocksdb/write_batch.h"
#include "store/db_common.h"

namespace govreport {

using store_internal::ToAbslStatus;

// Wakes the marker thread after each flush. RocksDB calls listeners on its
// own background threads, where writing to the DB is not allowed, so the
// write itself happens on marker_thread_.
class ReportStore::FlushListener final : public rocksdb::EventListener {
 public:
  void OnFlushCompleted(rocksdb::DB*, const rocksdb::FlushJobInfo&) override {
    absl::MutexLock lock(&mu_);
    ++flushes_;
  }

  // Blocks until a flush happened since the last call or Stop(); returns
  // false on Stop().
  bool WaitForFlush() {
    absl::MutexLock lock(&mu_);
    mu_.Await(absl::Condition(
        +[](FlushListener* l) { return l->stopped_ || l->flushes_ > 0; },
        this));
    if (stopped_) return false;
    flushes_ = 0;
    return true;
  }

  void Stop() {
    absl::MutexLock lock(&mu_);
    stopped_ = true;
  }

 private:
  absl::Mutex mu_;
  int flushes_ ABSL_GUARDED_BY(mu_) = 0;
  bool stopped_ ABSL_GUARDED_BY(mu_) = false;
};

absl::Status ReportStoreOptions::Validate() const {
  if (path.empty()) {
    return absl::InvalidArgumentError("the database path is empty");
  }
  if (write_buffer_mib < 1 || write_buffer_mib > 1024) {
    return absl::InvalidArgumentError(absl::StrCat(
        "write_buffer_mib must be 1-1024, not ", write_buffer_mib));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<ReportStore>> ReportStore::Open(
    const ReportStoreOptions& options) {
  if (absl::Status valid = options.Validate(); !valid.ok()) return valid;
  std::error_code error;
  std::filesystem::create_directories(options.path, error);
  if (error) {
    return absl::UnavailableError(absl::StrCat(
        "cannot create database folder ", options.path, ": ", error.message()));
  }
  auto listener = std::make_shared<FlushListener>();
  rocksdb::Options db_options;
  db_options.create_if_missing = true;
  db_options.create_missing_column_families = true;
  db_options.listeners.push_back(listener);
  db_options.IncreaseParallelism(2);
  // Families written rarely (contents, reports) would otherwise pin old WAL
  // files for ever; past this size RocksDB flushes them.
  db_options.max_total_wal_size = 128 << 20;
  db_options.write_buffer_size = static_cast<size_t>(options.write_buffer_mib)
                                 << 20;
  rocksdb::ColumnFamilyOptions cf_options(db_options);
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors =
      store_internal::ColumnFamilyDescriptors(cf_options);
  // The bigram index takes ~1,500 keys a report and the primary never reads
  // it: an append-only vector memtable (sorted once, at flush) is far
  // cheaper to insert into than a skiplist. It rules out concurrent
  // memtable writes, which the write group does not need.
  db_options.allow_concurrent_memtable_write = false;
  for (rocksdb::ColumnFamilyDescriptor& d : descriptors) {
    if (d.name == keys::kByBigram) {
      d.options.memtable_factory = std::make_shared<rocksdb::VectorRepFactory>();
    }
  }
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw_db = nullptr;
  rocksdb::Status status = rocksdb::DB::Open(db_options, options.path,
                                             descriptors, &handles, &raw_db);
  if (!status.ok()) {
    return ToAbslStatus(status,
                        absl::StrCat("cannot open database ", options.path));
  }
  auto db = std::make_unique<store_internal::OpenDb>(raw_db, std::move(handles));
  return std::unique_ptr<ReportStore>(
      new ReportStore(options, std::move(db), std::move(listener)));
}

ReportStore::ReportStore(const ReportStoreOptions& options,
                         std::unique_ptr<store_internal::OpenDb> db,
                         std::shared_ptr<FlushListener> listener)
    : options_(options), db_(std::move(db)), listener_(std::move(listener)) {
  // Recovery may have flushed the WAL into new files: mark every family once
  // so secondaries see a write after that, as after any flush.
  marker_thread_ = std::thread([this] {
    do {
      WriteMarkersAfterFlushes();
    } while (listener_->WaitForFlush());
  });
}

ReportStore::~ReportStore() {
  listener_->Stop();
  marker_thread_.join();
}

void ReportStore::WriteMarkersAfterFlushes() {
  rocksdb::WriteBatch batch;
  const std::string value = absl::StrCat(db_->db()->GetLatestSequenceNumber());
  for (rocksdb::ColumnFamilyHandle* handle : db_->handles()) {
    batch.Put(handle, rocksdb::Slice(keys::kMarkerKey.data(),
                                     keys::kMarkerKey.size()),
              value);
  }
  // A lost marker only delays what a secondary sees until the next write;
  // nothing to recover here.
  (void)db_->db()->Write(rocksdb::WriteOptions(), &batch);
}

absl::StatusOr<int> ReportStore::DeleteStoredReport(
    std::string_view report_id, rocksdb::WriteBatch* batch) const {
  rocksdb::DB* db = db_->db();
  std::string stored;
  rocksdb::Status status =
      db->Get(rocksdb::ReadOptions(), db_->cf(keys::kReports),
              rocksdb::Slice(report_id.data(), report_id.size()), &stored);
  if (status.IsNotFound()) {
    return absl::NotFoundError(
        absl::StrCat("no report has id \"", AsAbsl(report_id), "\""));
  }
  if (!status.ok()) return ToAbslStatus(status, "cannot read report");
  v1::Report old_report;
  if (!old_report.ParseFromString(stored)) {
    return absl::DataLossError(
        absl::StrCat("stored report ", AsAbsl(report_id), " does not parse"));
  }
  rocksdb::Slice id_slice(report_id.data(), report_id.size());
  batch->Delete(db_->cf(keys::kReports), id_slice);
  batch->Delete(db_->cf(keys::kContents), id_slice);
  batch->Delete(db_->cf(keys::kReportsByDistrict),
                keys::ReportByDistrictKey(old_report));
  for (const std::string& key : keys::ReportBigramKeys(old_report)) {
    batch->Delete(db_->cf(keys::kByBigram), key);
  }

  // The index keys of the old commitments are derived from the commitments
  // themselves, so the old version's entries are found without a scan of
  // the indexes.
  const std::string prefix = keys::CommitmentPrefix(report_id);
  rocksdb::ReadOptions read_options;
  std::string upper = prefix;
  upper.back() = '\x01';
  rocksdb::Slice upper_slice(upper);
  read_options.iterate_upper_bound = &upper_slice;
  std::unique_ptr<rocksdb::Iterator> it(
      db->NewIterator(read_options, db_->cf(keys::kCommitments)));
  int count = 0;
  for (it->Seek(prefix); it->Valid(); it->Next()) {
    v1::Commitment commitment;
    if (!commitment.ParseFromArray(it->value().data(),
                                   static_cast<int>(it->value().size()))) {
      return absl::DataLossError(absl::StrCat(
          "stored commitment of report ", AsAbsl(report_id), " does not parse"));
    }
    std::string_view key(it->key().data(), it->key().size());
    for (const keys::IndexEntry& entry : keys::IndexEntries(commitment, key)) {
      batch->Delete(db_->cf(entry.cf), entry.key);
    }
    batch->Delete(db_->cf(keys::kCommitments), it->key());
    ++count;
  }
  if (!it->status().ok()) {
    return ToAbslStatus(it->status(), "cannot read commitments");
  }
  return count;
}

absl::StatusOr<StoreResult> ReportStore::Put(const Analysis& analysis,
                                             std::string_view original_content,
                                             int64_t ingest_time_micros) {
  const v1::Report& report = analysis.report;
  StoreResult result;
  result.report_id = report.id();
  result.commitment_count = static_cast<int>(analysis.commitments.size());

  absl::MutexLock lock(&IdLock(report.id()));
  rocksdb::DB* db = db_->db();
  {
    std::string stored;
    rocksdb::Status status =
        db->Get(rocksdb::ReadOptions(), db_->cf(keys::kReports), report.id(),
                &stored);
    if (status.ok()) {
      v1::Report old_report;
      if (old_report.ParseFromString(stored) &&
          old_report.content_sha256() == report.content_sha256()) {
        result.unchanged = true;
        result.commitment_count = old_report.commitment_count();
        result.sequence_number = db->GetLatestSequenceNumber();
        return result;
      }
    } else if (!status.IsNotFound()) {
      return ToAbslStatus(status, "cannot read report");
    }
  }

  rocksdb::WriteBatch batch;
  absl::StatusOr<int> deleted = DeleteStoredReport(report.id(), &batch);
  if (deleted.ok()) {
    result.replaced = true;
  } else if (!absl::IsNotFound(deleted.status())) {
    return deleted.status();
  }

  v1::Report stored_report = report;
  stored_report.clear_original_content();
  stored_report.set_ingest_time_micros(ingest_time_micros);
  batch.Put(db_->cf(keys::kReports), report.id(),
            stored_report.SerializeAsString());
  batch.Put(db_->cf(keys::kContents), report.id(),
            rocksdb::Slice(original_content.data(), original_content.size()));
  batch.Put(db_->cf(keys::kReportsByDistrict),
            keys::ReportByDistrictKey(report),
            absl::StrCat(analysis.commitments.size()));
  for (const std::string& key : keys::ReportBigramKeys(report)) {
    batch.Put(db_->cf(keys::kByBigram), key, rocksdb::Slice());
  }
  uint32_t ordinal = 0;
  for (const v1::Commitment& commitment : analysis.commitments) {
    std::string key = keys::CommitmentKey(report.id(), ordinal++);
    batch.Put(db_->cf(keys::kCommitments), key,
              commitment.SerializeAsString());
    for (const keys::IndexEntry& entry : keys::IndexEntries(commitment, key)) {
      batch.Put(db_->cf(entry.cf), entry.key, entry.value);
    }
  }
  rocksdb::WriteOptions write_options;
  write_options.sync = options_.sync_writes;
  rocksdb::Status status = db->Write(write_options, &batch);
  if (!status.ok()) return ToAbslStatus(status, "cannot store report");
  result.sequence_number = db->GetLatestSequenceNumber();
  return result;
}

absl::StatusOr<DeleteResult> ReportStore::Delete(std::string_view report_id) {
  absl::MutexLock lock(&IdLock(report_id));
  rocksdb::WriteBatch batch;
  absl::StatusOr<int> deleted = DeleteStoredReport(report_id, &batch);
  if (!deleted.ok()) return deleted.status();
  rocksdb::WriteOptions write_options;
  write_options.sync = options_.sync_writes;
  rocksdb::Status status = db_->db()->Write(write_options, &batch);
  if (!status.ok()) return ToAbslStatus(status, "cannot delete report");
  return DeleteResult{*deleted, db_->db()->GetLatestSequenceNumber()};
}

absl::Mutex& ReportStore::IdLock(std::string_view report_id) {
  return id_locks_[std::hash<std::string_view>()(report_id) % kIdStripes];
}

absl::Status ReportStore::Flush() {
  rocksdb::FlushOptions flush_options;
  flush_options.wait = true;
  return ToAbslStatus(db_->db()->Flush(flush_options, db_->handles()),
                      "cannot flush");
}

uint64_t ReportStore::LatestSequenceNumber() const {
  return db_->db()->GetLatestSequenceNumber();
}

DbStats ReportStore::Stats() const { return db_->Stats(); }

}  // namespace govreport
