#include "store/report_reader.h"

#include <algorithm>
#include <filesystem>
#include <system_error>

#include "absl/strings/str_cat.h"
#include "common/string_view.h"
#include "rocksdb/cache.h"
#include "rocksdb/db.h"
#include "rocksdb/perf_level.h"
#include "rocksdb/table.h"
#include "store/db_common.h"
#include "store/keys.h"

namespace govreport {

using store_internal::ToAbslStatus;

namespace {

// The options of a reader's reads: only from memory for an InMemory() view.
rocksdb::ReadOptions ReadOptionsOf(bool in_memory) {
  rocksdb::ReadOptions options;
  if (in_memory) options.read_tier = rocksdb::kBlockCacheTier;
  return options;
}

}  // namespace

absl::Status ReportReaderOptions::Validate() const {
  if (primary_path.empty()) {
    return absl::InvalidArgumentError("the database path is empty");
  }
  if (secondary_path.empty()) {
    return absl::InvalidArgumentError("the secondary path is empty");
  }
  if (block_cache_mib < 1 || block_cache_mib > (1 << 20)) {
    return absl::InvalidArgumentError(
        "the block cache size must be between 1 MiB and 1 TiB");
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
  // Each catch-up that sees new table files opens them on this many
  // threads, created and joined every time; one keeps that churn off the
  // query path.
  db_options.max_file_opening_threads = 1;
  rocksdb::ColumnFamilyOptions cf_options(db_options);
  rocksdb::BlockBasedTableOptions table_options;
  table_options.block_cache =
      rocksdb::NewLRUCache(static_cast<size_t>(options.block_cache_mib) << 20);
  cf_options.table_factory.reset(
      rocksdb::NewBlockBasedTableFactory(table_options));
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw_db = nullptr;
  rocksdb::Status status = rocksdb::DB::OpenAsSecondary(
      db_options, options.primary_path, options.secondary_path,
      store_internal::ColumnFamilyDescriptors(cf_options), &handles, &raw_db);
  if (!status.ok()) {
    return ToAbslStatus(
        status, absl::StrCat("cannot open database ", options.primary_path,
                             " as a secondary"));
  }
  auto db =
      std::make_unique<store_internal::OpenDb>(raw_db, std::move(handles));
  const store_internal::OpenDb* borrowed = db.get();
  return std::unique_ptr<ReportReader>(
      new ReportReader(std::move(db), borrowed, /*in_memory=*/false));
}

ReportReader::ReportReader(std::unique_ptr<store_internal::OpenDb> owned,
                           const store_internal::OpenDb* db, bool in_memory)
    : owned_db_(std::move(owned)), db_(db), in_memory_(in_memory) {}

ReportReader ReportReader::InMemory() const {
  return ReportReader(nullptr, db_, /*in_memory=*/true);
}

bool ReportReader::NeededDisk() const { return needed_disk_.load(); }

absl::Status ReportReader::Checked(const rocksdb::Status& status,
                                   std::string_view context) const {
  // RocksDB's answer to a read of the block cache tier that missed.
  if (status.IsIncomplete()) needed_disk_.store(true);
  return ToAbslStatus(status, std::string(context));
}

ReportReader::~ReportReader() = default;

absl::Status ReportReader::CatchUp() {
  // Replaying the primary's WAL is nearly all of a replica's write work:
  // RocksDB's per-thread perf counters would count every key comparison of
  // every memtable insert, for no reader (as on the primary's writer).
  rocksdb::SetPerfLevel(rocksdb::PerfLevel::kDisable);
  return ToAbslStatus(db_->db()->TryCatchUpWithPrimary(),
                      "cannot catch up with the primary");
}

uint64_t ReportReader::SequenceNumber() const {
  return db_->db()->GetLatestSequenceNumber();
}

absl::StatusOr<uint64_t> ReportReader::AppliedLogSequence() const {
  return store_internal::ReadAppliedLogSequence(*db_);
}

absl::StatusOr<v1::Report> ReportReader::GetReport(std::string_view report_id,
                                                   bool with_content) const {
  rocksdb::Slice id(report_id.data(), report_id.size());
  std::string value;
  rocksdb::Status status =
      db_->db()->Get(ReadOptionsOf(in_memory_),
                     db_->cf(keys::ColumnFamily::kReports), id, &value);
  if (status.IsNotFound()) {
    return absl::NotFoundError(
        absl::StrCat("no report has id \"", AsAbsl(report_id), "\""));
  }
  if (!status.ok()) return Checked(status, "cannot read report");
  v1::Report report;
  if (!report.ParseFromString(value)) {
    return absl::DataLossError(
        absl::StrCat("stored report ", AsAbsl(report_id), " does not parse"));
  }
  if (with_content) {
    status = db_->db()->Get(ReadOptionsOf(in_memory_),
                            db_->cf(keys::ColumnFamily::kContents), id,
                            report.mutable_original_content());
    if (!status.ok() && !status.IsNotFound()) {
      return Checked(status, "cannot read report content");
    }
  }
  return report;
}

namespace {

// Runs at least this long are read with an iterator rather than looked up.
constexpr size_t kMinIteratedRun = 4;

// Whether commitment key `key` comes right after `previous`: the same
// report, the next ordinal.
bool FollowsInReport(std::string_view previous, std::string_view key) {
  constexpr size_t kOrdinalBytes = 4;
  if (key.size() != previous.size() || key.size() < kOrdinalBytes) {
    return false;
  }
  const size_t prefix = key.size() - kOrdinalBytes;
  if (key.compare(0, prefix, previous, 0, prefix) != 0) return false;
  auto ordinal = [&](std::string_view k) {
    uint32_t value = 0;
    for (size_t i = prefix; i < k.size(); ++i) {
      value = (value << 8) | static_cast<unsigned char>(k[i]);
    }
    return value;
  };
  return ordinal(key) == ordinal(previous) + 1;
}

}  // namespace

absl::Status ReportReader::LookUpInto(
    keys::ColumnFamily cf, const std::vector<std::string>& keys,
    const std::vector<size_t>& positions,
    std::vector<std::optional<std::string>>* out) const {
  if (positions.empty()) return absl::OkStatus();
  std::vector<rocksdb::Slice> slices;
  slices.reserve(positions.size());
  for (size_t i : positions) slices.emplace_back(keys[i]);
  std::vector<rocksdb::PinnableSlice> values(slices.size());
  std::vector<rocksdb::Status> statuses(slices.size());
  const rocksdb::ReadOptions options = ReadOptionsOf(in_memory_);
  if (in_memory_) {
    // RocksDB 7.8's batched MultiGet reads a data block missing from the
    // block cache from disk even in the block cache tier (a test here
    // caught it: ReportReaderInMemoryTest); Get keeps to the tier.
    for (size_t k = 0; k < slices.size(); ++k) {
      statuses[k] = db_->db()->Get(options, db_->cf(cf), slices[k], &values[k]);
    }
  } else {
    db_->db()->MultiGet(options, db_->cf(cf), slices.size(), slices.data(),
                        values.data(), statuses.data());
  }
  for (size_t k = 0; k < slices.size(); ++k) {
    if (statuses[k].IsNotFound()) continue;
    if (!statuses[k].ok()) {
      return Checked(statuses[k], "cannot read the database");
    }
    (*out)[positions[k]].emplace(values[k].ToStringView());
  }
  return absl::OkStatus();
}

// Index scans hand over keys in order, and the district index lists every
// commitment of a report, so its keys come in runs of adjacent keys of the
// commitments family. One iterator reads such a run for a fraction of what
// a point lookup per key costs; scattered keys (a metric's entries, one
// here and one there) are looked up with one MultiGet.
absl::StatusOr<std::vector<std::optional<std::string>>>
ReportReader::GetCommitmentValues(
    const std::vector<std::string>& commitment_keys) const {
  const size_t n = commitment_keys.size();
  std::vector<std::optional<std::string>> out(n);
  std::vector<size_t> looked_up;
  for (size_t begin = 0; begin < n;) {
    size_t end = begin + 1;
    while (end < n &&
           FollowsInReport(commitment_keys[end - 1], commitment_keys[end])) {
      ++end;
    }
    if (end - begin < kMinIteratedRun) {
      for (size_t i = begin; i < end; ++i) looked_up.push_back(i);
    } else if (absl::Status read = ReadRun(commitment_keys, begin, end, &out);
               !read.ok()) {
      return read;
    }
    begin = end;
  }
  if (absl::Status read = LookUpInto(keys::ColumnFamily::kCommitments,
                                     commitment_keys, looked_up, &out);
      !read.ok()) {
    return read;
  }
  return out;
}

absl::StatusOr<std::vector<std::optional<std::string>>> ReportReader::GetValues(
    keys::ColumnFamily cf, const std::vector<std::string>& keys) const {
  std::vector<std::optional<std::string>> out(keys.size());
  std::vector<size_t> positions(keys.size());
  for (size_t i = 0; i < keys.size(); ++i) positions[i] = i;
  if (absl::Status read = LookUpInto(cf, keys, positions, &out); !read.ok()) {
    return read;
  }
  return out;
}

absl::StatusOr<std::vector<std::optional<v1::Commitment>>>
ReportReader::GetCommitments(
    const std::vector<std::string>& commitment_keys) const {
  absl::StatusOr<std::vector<std::optional<std::string>>> values =
      GetCommitmentValues(commitment_keys);
  if (!values.ok()) return values.status();
  std::vector<std::optional<v1::Commitment>> out(values->size());
  for (size_t i = 0; i < values->size(); ++i) {
    if (!(*values)[i].has_value()) continue;
    if (!out[i].emplace().ParseFromString(*(*values)[i])) {
      return absl::DataLossError("a stored commitment does not parse");
    }
  }
  return out;
}

absl::Status ReportReader::ReadRun(
    const std::vector<std::string>& commitment_keys, size_t begin, size_t end,
    std::vector<std::optional<std::string>>* out) const {
  const std::string upper = commitment_keys[end - 1] + '\0';
  rocksdb::Slice upper_slice(upper);
  rocksdb::ReadOptions read_options = ReadOptionsOf(in_memory_);
  read_options.iterate_upper_bound = &upper_slice;
  std::unique_ptr<rocksdb::Iterator> it(db_->db()->NewIterator(
      read_options, db_->cf(keys::ColumnFamily::kCommitments)));
  size_t i = begin;
  for (it->Seek(commitment_keys[begin]); it->Valid() && i < end; it->Next()) {
    const rocksdb::Slice key = it->key();
    // Keys of the run that the family lacks (deleted since the index entry
    // was read) stay nullopt.
    while (i < end && rocksdb::Slice(commitment_keys[i]).compare(key) < 0) ++i;
    if (i < end && key == rocksdb::Slice(commitment_keys[i])) {
      (*out)[i++].emplace(it->value().ToStringView());
    }
  }
  return Checked(it->status(), "cannot read commitments");
}

absl::Status ReportReader::Scan(
    keys::ColumnFamily cf, std::string_view begin, std::string_view end,
    const std::function<bool(std::string_view, std::string_view)>& visit)
    const {
  return ScanInOrder(cf, begin, end, /*backward=*/false, visit);
}

absl::Status ReportReader::ScanBackward(
    keys::ColumnFamily cf, std::string_view begin, std::string_view end,
    const std::function<bool(std::string_view, std::string_view)>& visit)
    const {
  return ScanInOrder(cf, begin, end, /*backward=*/true, visit);
}

absl::Status ReportReader::ScanInOrder(
    keys::ColumnFamily cf, std::string_view begin, std::string_view end,
    bool backward,
    const std::function<bool(std::string_view, std::string_view)>& visit)
    const {
  const std::string upper(end.empty() ? keys::kReservedPrefix : end);
  rocksdb::Slice upper_slice(upper);
  rocksdb::Slice lower_slice(begin.data(), begin.size());
  rocksdb::ReadOptions read_options = ReadOptionsOf(in_memory_);
  read_options.iterate_upper_bound = &upper_slice;
  read_options.iterate_lower_bound = &lower_slice;
  std::unique_ptr<rocksdb::Iterator> it(
      db_->db()->NewIterator(read_options, db_->cf(cf)));
  if (backward) {
    it->SeekToLast();
  } else {
    it->Seek(lower_slice);
  }
  for (; it->Valid(); backward ? it->Prev() : it->Next()) {
    if (!visit(std::string_view(it->key().data(), it->key().size()),
               std::string_view(it->value().data(), it->value().size()))) {
      break;
    }
  }
  return Checked(it->status(), "cannot scan the database");
}

DbStats ReportReader::Stats() const { return db_->Stats(); }

}  // namespace govreport
