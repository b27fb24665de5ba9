#ifndef GOVREPORT_TESTS_STORE_RAW_DB_H_
#define GOVREPORT_TESTS_STORE_RAW_DB_H_

// A store's database opened with RocksDB's defaults, behind the store's
// back: for the tests that write what an older version wrote, or check
// what only the raw families show.

#include <memory>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "rocksdb/db.h"
#include "rocksdb/write_batch.h"
#include "store/db_common.h"
#include "store/keys.h"

namespace govreport::testing {

// Opens the database at `path` with every column family (read-only when
// `read_only`); nullptr, and a failed test, when it does not open.
inline std::unique_ptr<store_internal::OpenDb> OpenRawDb(
    const std::string& path, bool read_only = false) {
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  const auto families =
      store_internal::ColumnFamilyDescriptors(rocksdb::ColumnFamilyOptions());
  rocksdb::Status opened =
      read_only ? rocksdb::DB::OpenForReadOnly(rocksdb::Options(), path,
                                               families, &handles, &raw)
                : rocksdb::DB::Open(rocksdb::Options(), path, families,
                                    &handles, &raw);
  EXPECT_TRUE(opened.ok()) << opened.ToString();
  if (!opened.ok()) return nullptr;
  return std::make_unique<store_internal::OpenDb>(raw, std::move(handles));
}

// Sets the value of every key of `cf` that starts with `prefix` (every
// key below the reserved 0xFF space for an empty prefix) to `value`, in one
// write; returns how many keys, or -1 (and a failed test) when the write
// fails.
inline int RewriteValues(const store_internal::OpenDb& db,
                         keys::ColumnFamily cf, const std::string& prefix,
                         const std::string& value) {
  rocksdb::WriteBatch batch;
  int count = 0;
  std::unique_ptr<rocksdb::Iterator> it(
      db.db()->NewIterator(rocksdb::ReadOptions(), db.cf(cf)));
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix) &&
                         !it->key().starts_with(keys::kReservedPrefix);
       it->Next()) {
    batch.Put(db.cf(cf), it->key(), value);
    ++count;
  }
  rocksdb::Status written = db.db()->Write(rocksdb::WriteOptions(), &batch);
  EXPECT_TRUE(written.ok()) << written.ToString();
  return written.ok() ? count : -1;
}

}  // namespace govreport::testing

#endif  // GOVREPORT_TESTS_STORE_RAW_DB_H_
