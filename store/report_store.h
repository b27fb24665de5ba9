#ifndef GOVREPORT_STORE_REPORT_STORE_H_
#define GOVREPORT_STORE_REPORT_STORE_H_

// The ingest side of the database: ReportStore writes each report the
// pipeline analysed (common/analysis.h) with its commitments and their
// index entries in one RocksDB write, and deletes reports. The query side
// reads what it wrote (store/report_reader.h).
//
// Example:
//   ReportStoreOptions options;
//   options.path = "/var/lib/govreport";
//   absl::StatusOr<std::unique_ptr<ReportStore>> store =
//       ReportStore::Open(options);
//   if (!store.ok()) return store.status();
//   absl::StatusOr<StoreResult> stored = (*store)->Put(
//       analysis, raw.content(), absl::ToUnixMicros(absl::Now()));

#include <atomic>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/analysis.h"
#include "store/keys.h"

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
  // Flush the memtables once no report was written for this long, in ms
  // (0 = never; else 10-3600000): query replicas then read sorted files
  // instead of replaying the write-ahead log into a memtable, whose seeks
  // cost them a tenth of a query's CPU.
  int flush_when_idle_ms = 2000;
  // After that flush, merge the level-0 files of every family scanned by
  // queries into level 1, file by file as RocksDB does, stopping should
  // writes resume. A bulk load leaves several level-0 files per family,
  // each a sorted run that every scan of a query replica seeks in; RocksDB
  // itself merges them only at four. No effect when flush_when_idle_ms is
  // 0.
  bool compact_when_idle = true;

  // OK, or InvalidArgument naming the bad field.
  absl::Status Validate() const;
};

// What storing one report did.
struct StoreResult {
  // The report's id.
  std::string report_id;
  // Commitments stored for it.
  int commitment_count = 0;
  // True when the same report was already stored under the id (the same
  // normalized text under the same district, level and year): nothing was
  // written.
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
  // Level-0 files, all column families: each is a sorted run that a scan
  // seeks in, where a level beyond 0 is one run.
  uint64_t level0_files = 0;
  // Bytes compaction still has to rewrite (RocksDB's estimate).
  uint64_t pending_compaction_bytes = 0;
  // True while RocksDB stops writes (too many L0 files or memtables).
  bool writes_stopped = false;
  // The rate writes are slowed to while RocksDB delays them; 0 when not.
  uint64_t delayed_write_rate = 0;
  // Write groups the primary wrote since it opened (0 for a reader), and
  // the Puts and Deletes they carried: their ratio is the mean group size.
  uint64_t write_groups = 0;
  uint64_t grouped_writes = 0;
};

// What deleting one report did.
struct DeleteResult {
  // Commitments deleted with it.
  int commitment_count = 0;
  // The database's sequence number once the deletion is visible.
  uint64_t sequence_number = 0;
};

// A change of the replicated log (cluster mode) for ReportStore::ApplyLogged.
struct LoggedChange {
  // Its position in the log: 1, 2, ...
  uint64_t log_sequence = 0;
  // A report to store (borrowed), with its original bytes and ingest time;
  // nullptr for a delete.
  const Analysis* put = nullptr;
  std::string_view original_content;
  int64_t ingest_time_micros = 0;
  // A delete's report id.
  std::string_view delete_report_id;
};

// What ReportStore::ApplyLogged did.
struct LoggedApplyResult {
  // The changes applied, from the first on.
  size_t applied = 0;
  // Why the next one was not; OK when all were.
  absl::Status status;
};

// The primary report database: the only writer. Stores each report with its
// commitments and every index entry in one atomic, durable write (see
// store/keys.h for the layout); a new version under the same id replaces
// the old one, old index entries included, in that same write (the text
// index keeps stale postings, which search filters out).
//
// Group commit: Put and Delete calls that arrive while a write is under way
// queue up; the first in the queue then writes all of them as one synced
// RocksDB write (a write group), and each call returns once that write is
// durable. The text index is written per group, one key per bigram per
// group, which is what makes a group cheaper than its reports one by one.
// A group holds each report id at most once, so a later call for the same
// id sees the earlier one's outcome.
//
// After every flush it writes a marker to every column family, so that
// secondaries do not keep serving pre-flush values (RocksDB 7.8 secondary
// trap, upstream issues 14444 and 15051).
//
// Thread-safe. Many concurrent callers make large groups: the ingest
// service runs each report on a worker of its own pool.
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
  // holds the same report (the same text hash, or content hash for reports
  // stored without one, and the same district, level and year), writes
  // nothing and returns unchanged; otherwise the new version replaces it.
  // Errors: Unavailable or ResourceExhausted (disk full) from RocksDB, DataLoss
  // on corruption; nothing is partially written.
  absl::StatusOr<StoreResult> Put(const Analysis& analysis,
                                  std::string_view original_content,
                                  int64_t ingest_time_micros);

  // Deletes a report with its commitments and index entries. NotFound when
  // no report has the id.
  absl::StatusOr<DeleteResult> Delete(std::string_view report_id);

  // Cluster mode (cluster/): a query replica's database applies the
  // replicated log's changes in log order, each as Put or Delete does, many
  // to a write group, with the log sequence of the group's last change
  // recorded in the group's atomic write, so that after a crash the
  // replica resumes right after the last change it applied: exactly once.
  // A delete of an id without a report only records the sequence. Applies
  // every change, or those before the first that failed (whose status it
  // returns; then neither that change nor its sequence is written, and
  // applying it and those after it again is safe). InvalidArgument, with
  // nothing applied, for sequences that do not start at 1 or ascend.
  LoggedApplyResult ApplyLogged(const std::vector<LoggedChange>& changes);

  // The log sequence of the last change applied; 0 when none was.
  // DataLoss when the stored value is corrupt.
  absl::StatusOr<uint64_t> AppliedLogSequence() const;

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
  class SortedChanges;
  struct Writer;

  ReportStore(const ReportStoreOptions& options,
              std::unique_ptr<store_internal::OpenDb> db,
              std::shared_ptr<FlushListener> listener, uint64_t next_group);

  // Fills in `writer` for a Put, serializing the records on the caller's
  // thread.
  void PreparePut(const Analysis& analysis, std::string_view original_content,
                  int64_t ingest_time_micros, Writer* writer) const;

  // Queues `writers` in order and returns once their write groups are
  // durable (or failed; see each writer's status). The first writer in the
  // queue writes the group.
  void Write(const std::vector<Writer*>& writers)
      ABSL_LOCKS_EXCLUDED(write_mu_);

  // The writers of the next group, from the front of the queue: the leader
  // first, each report id at most once, within the size limits.
  std::vector<Writer*> NextGroup() const
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(write_mu_);

  // Writes `group` as one batch and fills in each writer's outcome. Only
  // the group's leader runs this, without holding write_mu_.
  void WriteGroup(const std::vector<Writer*>& group);

  // Adds `writer`'s changes to `changes` and `text_index`; on failure adds
  // nothing and sets writer->status.
  void AddChanges(Writer* writer, SortedChanges* changes,
                  keys::BigramGroupBuilder* text_index) const;

  // The stored report under `report_id`; nullopt when there is none.
  absl::StatusOr<std::optional<v1::Report>> ReadStoredReport(
      std::string_view report_id) const;

  // Adds the deletion of the stored version of a report (report, content,
  // commitments, index entries but the text index's) to `changes`. Returns
  // how many commitments it had.
  absl::StatusOr<int> DeleteStoredReport(const v1::Report& old_report,
                                         SortedChanges* changes) const;

  // Writes the flush marker to every column family after each flush, until
  // the store closes; runs on marker_thread_.
  void WriteMarkersAfterFlushes();

  // Flushes once writes pause (flush_when_idle_ms), then compacts
  // (compact_when_idle), until the store closes; runs on idle_thread_,
  // so that a long compaction never holds back a marker.
  void FlushAndCompactWhenIdle();

  // Whether no group was written for `idle`.
  bool IdleFor(absl::Duration idle) const;

  // Merges the level-0 files of each family but contents into level 1,
  // one family after the other while no group was written for `idle`.
  void CompactLevel0UnlessWritten(absl::Duration idle);

  // Writes the flush marker to every column family.
  void WriteMarkers();

  const ReportStoreOptions options_;
  const std::unique_ptr<store_internal::OpenDb> db_;
  const std::shared_ptr<FlushListener> listener_;

  // The next write group's number; read and advanced only by the leader of
  // the group being written, so no lock guards it.
  uint64_t next_group_;
  // Counted by each group's leader, read by Stats() and the idle flush.
  std::atomic<uint64_t> write_groups_{0};
  std::atomic<uint64_t> grouped_writes_{0};
  // When the last group was written (absl::GetCurrentTimeNanos).
  std::atomic<int64_t> last_write_nanos_{0};

  absl::Mutex write_mu_;
  // Writers waiting for their group, in arrival order; the front one is
  // the leader of the group being written or about to be.
  std::deque<Writer*> writers_ ABSL_GUARDED_BY(write_mu_);

  std::thread marker_thread_;
  // Not started when flush_when_idle_ms is 0.
  std::thread idle_thread_;
};

}  // namespace govreport

#endif  // GOVREPORT_STORE_REPORT_STORE_H_
