#ifndef GOVREPORT_STORE_DB_COMMON_H_
#define GOVREPORT_STORE_DB_COMMON_H_

// What the primary (store/report_store.h) and the secondary
// (store/report_reader.h) wrappers share: the column family layout of
// store/keys.h opened as RocksDB column families, and the one place
// rocksdb::Status becomes absl::Status. Internal to store/.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "rocksdb/db.h"
#include "rocksdb/options.h"
#include "rocksdb/status.h"
#include "rocksdb/write_batch.h"
#include "store/keys.h"
#include "store/report_store.h"

namespace govreport::store_internal {

// Maps a RocksDB status to the canonical code a caller can act on, with
// `context` (what was being done) in front of RocksDB's message.
absl::Status ToAbslStatus(const rocksdb::Status& status,
                          const std::string& context);

// Descriptors for "default" plus keys::AllColumnFamilies(), in that order
// (the descriptor of family f at index 1 + f);
// metric_counts gets the merge operator adding its counters, and the
// families read by key (commitments, reports, contents) bloom filters on
// top of `options`' block-based table options. Every family keeps one
// memtable insert hint, so that a batch sorted by key inserts fast; range
// deletions must therefore start at the empty key (RocksDB 7.8 would use
// the hint of the point entries for them, which fails).
std::vector<rocksdb::ColumnFamilyDescriptor> ColumnFamilyDescriptors(
    const rocksdb::ColumnFamilyOptions& options);

// Owns an open DB and its column family handles; closes them in the right
// order. Thread-safe as rocksdb::DB is.
class OpenDb final {
 public:
  OpenDb(rocksdb::DB* db, std::vector<rocksdb::ColumnFamilyHandle*> handles);
  OpenDb(const OpenDb&) = delete;
  OpenDb& operator=(const OpenDb&) = delete;
  ~OpenDb();

  rocksdb::DB* db() const { return db_.get(); }
  // Size and health figures summed over all column families.
  DbStats Stats() const;
  // The handle of a column family.
  rocksdb::ColumnFamilyHandle* cf(keys::ColumnFamily family) const;
  // Every handle, "default" first.
  const std::vector<rocksdb::ColumnFamilyHandle*>& handles() const {
    return handles_;
  }

 private:
  std::unique_ptr<rocksdb::DB> db_;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;
};

// Where a replica's database records the log sequence of the last change
// of the replicated log it applied (cluster mode): in the reports family,
// in the reserved key space no scan reaches.
inline constexpr std::string_view kAppliedLogSequenceKey =
    "\xff\xff"
    "applied-log-sequence";

// Adds the write of `log_sequence` as the last applied to `batch`.
void PutAppliedLogSequence(const OpenDb& db, uint64_t log_sequence,
                           rocksdb::WriteBatch* batch);

// The log sequence of the last change applied; 0 when none was. DataLoss
// for a value that is no number.
absl::StatusOr<uint64_t> ReadAppliedLogSequence(const OpenDb& db);

}  // namespace govreport::store_internal

#endif  // GOVREPORT_STORE_DB_COMMON_H_
