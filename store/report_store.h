#ifndef GOVREPORT_STORE_REPORT_STORE_H_
#define GOVREPORT_STORE_REPORT_STORE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "common/pipeline.h"

namespace rocksdb {
class WriteBatch;
}  // namespace rocksdb

namespace govreport {
namespace store_internal {
class OpenDb;
}  // namespace store_internal

// Options of ReportStore::Open.
struct ReportStoreOptions {
  // The database folder; created with its parents when missing. Required.
  std::string path;
  // Sync the write-ahead log before Put or Delete returns, so that an
  // acknowledged report survives a crash. Turn off only for benchmarks of
  // the non-durable path.
  bool sync_writes = true;
  // Memtable size of each column family, in MiB (1-1024).
  int write_buffer_mib = 16;

  // OK, or InvalidArgument naming the bad field.
  absl::Status Validate() const;
};

// What storing one report did.
struct StoreResult {
  // The report's id.
  std::string report_id;
  // Commitments stored for it.
  int commitment_count = 0;
  // True when the same content was already stored under the id: nothing
  // was written.
  bool unchanged = false;
  // True when an earlier version under the id was replaced.
  bool replaced = false;
  // The database's sequence number once the write is visible.
  uint64_t sequence_number = 0;
};

// Size and health figures of a database, for monitoring.
struct DbStats {
  // Bytes in SST files, all column families.
  uint64_t sst_bytes = 0;
  // Bytes in memtables, all column families.
  uint64_t memtable_bytes = 0;
  // Bytes compaction still has to rewrite (RocksDB's estimate).
  uint64_t pending_compaction_bytes = 0;
  // True while RocksDB stops writes (too many L0 files or memtables).
  bool writes_stopped = false;
  // The rate writes are slowed to while RocksDB delays them; 0 when not.
  uint64_t delayed_write_rate = 0;
};

// What deleting one report did.
struct DeleteResult {
  // Commitments deleted with it.
  int commitment_count = 0;
  // The database's sequence number once the deletion is visible.
  uint64_t sequence_number = 0;
};

// The primary report database: the only writer. Stores each report with its
// commitments and every index entry in one atomic, durable write (see
// common/keys.h for the layout); a new version under the same id replaces
// the old one, old index entries included, in that same write.
//
// After every flush it writes a marker to every column family, so that
// secondaries do not keep serving pre-flush values (RocksDB 7.8 secondary
// trap, upstream issues 14444 and 15051).
//
// Thread-safe. Writes of the same report id are serialized, since a
// replacement reads the old version before writing; writes of different ids
// run concurrently, and RocksDB commits concurrent synced writes as a group
// (one WAL sync for all of them).
class ReportStore final {
 public:
  // Opens or creates the database. InvalidArgument for bad options;
  // Unavailable when the folder is locked by another primary or unreadable.
  static absl::StatusOr<std::unique_ptr<ReportStore>> Open(
      const ReportStoreOptions& options);

  ReportStore(const ReportStore&) = delete;
  ReportStore& operator=(const ReportStore&) = delete;
  // Closes the database; acknowledged writes are already durable.
  ~ReportStore();

  // Stores an analysed report and its original bytes. When the id already
  // holds a report with the same content hash, writes nothing and returns
  // unchanged. Errors: Unavailable or ResourceExhausted (disk full) from
  // RocksDB, DataLoss on corruption; nothing is partially written.
  absl::StatusOr<StoreResult> Put(const Analysis& analysis,
                                  std::string_view original_content,
                                  int64_t ingest_time_micros);

  // Deletes a report with its commitments and index entries. NotFound when
  // no report has the id.
  absl::StatusOr<DeleteResult> Delete(std::string_view report_id);

  // Flushes every memtable to SST files (then the markers follow).
  absl::Status Flush();

  // The sequence number of the last write.
  uint64_t LatestSequenceNumber() const;

  // Current size and health figures.
  DbStats Stats() const;

  // The database folder.
  const std::string& path() const { return options_.path; }

 private:
  class FlushListener;

  ReportStore(const ReportStoreOptions& options,
              std::unique_ptr<store_internal::OpenDb> db,
              std::shared_ptr<FlushListener> listener);

  // Deletes the stored version of `report_id` (report, content, commitments,
  // index entries) into `batch`. Returns how many commitments it had, or
  // NotFound.
  // The caller holds the id's stripe lock.
  absl::StatusOr<int> DeleteStoredReport(std::string_view report_id,
                                         rocksdb::WriteBatch* batch) const;

  // The lock serializing writes of `report_id` (one of kIdStripes).
  absl::Mutex& IdLock(std::string_view report_id);

  // Writes the flush marker to every column family; runs on marker_thread_.
  void WriteMarkersAfterFlushes();

  const ReportStoreOptions options_;
  const std::unique_ptr<store_internal::OpenDb> db_;
  const std::shared_ptr<FlushListener> listener_;

  static constexpr size_t kIdStripes = 64;
  absl::Mutex id_locks_[kIdStripes];

  std::thread marker_thread_;
};

}  // namespace govreport

#endif  // GOVREPORT_STORE_REPORT_STORE_H_
