#ifndef GOVREPORT_STORE_REPORT_READER_H_
#define GOVREPORT_STORE_REPORT_READER_H_

// The query side of the database: ReportReader reads what ReportStore
// (store/report_store.h) wrote, from a RocksDB secondary instance that may
// live in another process. The Follower (query_service/follower.h) keeps
// one caught up; the QueryEngine reads through it.
//
// Example:
//   ReportReaderOptions options;
//   options.primary_path = "/var/lib/govreport";
//   options.secondary_path = "/var/lib/govreport-query/1";
//   absl::StatusOr<std::unique_ptr<ReportReader>> reader =
//       ReportReader::Open(options);  // FailedPrecondition: retry later
//   absl::StatusOr<v1::Report> report = (*reader)->GetReport(id, false);

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "govreport/v1/records.pb.h"
#include "store/keys.h"
#include "store/report_store.h"

namespace rocksdb {
class Status;
}  // namespace rocksdb

namespace govreport {
namespace store_internal {
class OpenDb;
}  // namespace store_internal

// Options of ReportReader::Open.
struct ReportReaderOptions {
  // The primary's database folder. Required.
  std::string primary_path;
  // A folder of the reader's own for its info log; created when missing.
  // Required, and distinct for each reader process.
  std::string secondary_path;
  // Size of the block cache holding uncompressed table blocks for reads,
  // in MiB (1-1048576). Too small a cache makes every query read and
  // decompress the blocks it needs again.
  int block_cache_mib = 256;

  // OK, or InvalidArgument naming the bad field.
  absl::Status Validate() const;
};

// A read-only view of the report database: a RocksDB secondary instance
// that follows the primary (ReportStore) through CatchUp().
//
// Failures of RocksDB itself come back as store_internal::ToAbslStatus
// maps them: Unavailable for I/O errors, DataLoss for corruption.
//
// Thread-safe: reads and CatchUp may run concurrently from any threads.
class ReportReader final {
 public:
  // Opens the secondary. FailedPrecondition when the primary has not
  // created the database yet (retry later); InvalidArgument for bad
  // options; Unavailable for other I/O failures.
  static absl::StatusOr<std::unique_ptr<ReportReader>> Open(
      const ReportReaderOptions& options);

  ReportReader(const ReportReader&) = delete;
  ReportReader& operator=(const ReportReader&) = delete;
  ~ReportReader();

  // Replays what the primary wrote since the last call. Unavailable on
  // failure; the reader keeps serving what it had.
  absl::Status CatchUp();

  // The sequence number of the last write this reader has seen.
  uint64_t SequenceNumber() const;

  // Cluster mode: the log sequence of the last change of the replicated
  // log the database applied (ReportStore::ApplyLogged), as this reader
  // has seen it; 0 when none. DataLoss for a corrupt value.
  absl::StatusOr<uint64_t> AppliedLogSequence() const;

  // Size figures of the database as this reader sees it.
  DbStats Stats() const;

  // A view of this reader's database whose reads never wait on the disk,
  // for a thread that must not block: a read that needs data that is not
  // in memory (memtables, the block cache, the tables' index and filter
  // blocks) fails with Unavailable and turns NeededDisk() true, and the
  // call is then to be read again through this reader (CatchUp and
  // AppliedLogSequence are the reader's own business, not a view's).
  // Borrows this reader, which must outlive it. As thread-safe as the
  // reader, but NeededDisk() speaks of all of the view's reads: one view
  // serves one call.
  ReportReader InMemory() const;

  // Whether a read of this view (made by InMemory()) failed for data that
  // is only on disk. Always false for a reader made by Open.
  bool NeededDisk() const;

  // One report; its original content only when `with_content`. NotFound
  // when no report has the id; DataLoss when the stored value is corrupt.
  absl::StatusOr<govreport::v1::Report> GetReport(std::string_view report_id,
                                                  bool with_content) const;

  // Commitments by key (store/keys.h); nullopt for a key that holds none
  // (deleted since its index entry was read). DataLoss for a stored value
  // that does not parse.
  absl::StatusOr<std::vector<std::optional<govreport::v1::Commitment>>>
  GetCommitments(const std::vector<std::string>& commitment_keys) const;

  // The same, serialized, for callers that parse into messages of their
  // own (on an arena).
  absl::StatusOr<std::vector<std::optional<std::string>>> GetCommitmentValues(
      const std::vector<std::string>& commitment_keys) const;

  // The values of `keys` in column family `cf`, in the same order; nullopt
  // for a key the family lacks.
  absl::StatusOr<std::vector<std::optional<std::string>>> GetValues(
      keys::ColumnFamily cf, const std::vector<std::string>& keys) const;

  // Visits the keys of column family `cf` in [begin, end) in order (an
  // empty end means up to the reserved 0xFF space), with their values, until
  // `visit` returns false.
  absl::Status Scan(
      keys::ColumnFamily cf, std::string_view begin, std::string_view end,
      const std::function<bool(std::string_view key, std::string_view value)>&
          visit) const;

  // The same, from the last key of [begin, end) back to the first.
  absl::Status ScanBackward(
      keys::ColumnFamily cf, std::string_view begin, std::string_view end,
      const std::function<bool(std::string_view, std::string_view)>& visit)
      const;

 private:
  // `owned` is the database Open opened, `db` it, and `in_memory` false;
  // or `owned` is null and `db` borrowed from the reader of InMemory().
  ReportReader(std::unique_ptr<store_internal::OpenDb> owned,
               const store_internal::OpenDb* db, bool in_memory);

  // The status of a RocksDB read (store_internal::ToAbslStatus), noting in
  // needed_disk_ a read that needed the disk.
  absl::Status Checked(const rocksdb::Status& status,
                       std::string_view context) const;

  // Looks up keys[positions[k]] of family `cf` for every k into
  // (*out)[positions[k]] (one MultiGet; a Get per key in a view); a key
  // not found leaves its slot empty.
  absl::Status LookUpInto(keys::ColumnFamily cf,
                          const std::vector<std::string>& keys,
                          const std::vector<size_t>& positions,
                          std::vector<std::optional<std::string>>* out) const;

  // Scan and ScanBackward.
  absl::Status ScanInOrder(
      keys::ColumnFamily cf, std::string_view begin, std::string_view end,
      bool backward,
      const std::function<bool(std::string_view, std::string_view)>& visit)
      const;

  // Reads commitment_keys[begin, end), adjacent keys of one report, with
  // one iterator into (*out)[begin, end).
  absl::Status ReadRun(const std::vector<std::string>& commitment_keys,
                       size_t begin, size_t end,
                       std::vector<std::optional<std::string>>* out) const;

  // Null in a view made by InMemory().
  const std::unique_ptr<store_internal::OpenDb> owned_db_;
  const store_internal::OpenDb* const db_;
  // Reads only what is in memory (RocksDB's block cache tier).
  const bool in_memory_;

  // Set by a read of an InMemory() view that needed the disk.
  mutable std::atomic<bool> needed_disk_{false};
};

}  // namespace govreport

#endif  // GOVREPORT_STORE_REPORT_READER_H_
