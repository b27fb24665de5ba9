#ifndef GOVREPORT_STORE_DB_COMMON_H_
#define GOVREPORT_STORE_DB_COMMON_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "rocksdb/db.h"
#include "rocksdb/options.h"
#include "rocksdb/status.h"

// What the primary and the secondary wrappers share: the column family
// layout and the one place rocksdb::Status becomes absl::Status.
namespace govreport::store_internal {

// Reads DbStats-style figures (declared in report_store.h) summed over all
// column families: SST bytes, memtable bytes, pending compaction bytes,
// writes stopped, delayed write rate.
void ReadDbStats(rocksdb::DB* db,
                 const std::vector<rocksdb::ColumnFamilyHandle*>& handles,
                 uint64_t* sst_bytes, uint64_t* memtable_bytes,
                 uint64_t* pending_compaction_bytes, bool* writes_stopped,
                 uint64_t* delayed_write_rate);

// Maps a RocksDB status to the canonical code a caller can act on, with
// `context` (what was being done) in front of RocksDB's message.
absl::Status ToAbslStatus(const rocksdb::Status& status,
                          const std::string& context);

// Descriptors for "default" plus keys::ColumnFamilies(), in that order.
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
  // The handle of a column family of keys::ColumnFamilies(), by name.
  rocksdb::ColumnFamilyHandle* cf(const std::string& name) const;
  // Every handle, "default" first.
  const std::vector<rocksdb::ColumnFamilyHandle*>& handles() const {
    return handles_;
  }

 private:
  std::unique_ptr<rocksdb::DB> db_;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;
};

}  // namespace govreport::store_internal

#endif  // GOVREPORT_STORE_DB_COMMON_H_
