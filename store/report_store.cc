#include "store/report_store.h"

#include <algorithm>
#include <deque>
#include <filesystem>
#include <system_error>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/string_view.h"
#include "rocksdb/db.h"
#include "rocksdb/listener.h"
#include "rocksdb/memtablerep.h"
#include "rocksdb/perf_level.h"
#include "rocksdb/table.h"
#include "rocksdb/write_batch.h"
#include "store/db_common.h"
#include "store/keys.h"

namespace govreport {

using store_internal::ToAbslStatus;

// Wakes the marker thread after each flush, and both background threads
// when the store closes. RocksDB calls listeners on its own background
// threads, where writing to the DB is not allowed, so the write itself
// happens on marker_thread_.
class ReportStore::FlushListener final : public rocksdb::EventListener {
 public:
  void OnFlushCompleted(rocksdb::DB*, const rocksdb::FlushJobInfo&) override {
    absl::MutexLock lock(&mu_);
    ++flushes_;
  }

  // Blocks until a flush happened since the last call (true) or Stop()
  // (false).
  bool WaitForFlush() {
    absl::MutexLock lock(&mu_);
    mu_.Await(absl::Condition(
        +[](FlushListener* l) { return l->stopped_ || l->flushes_ > 0; },
        this));
    if (stopped_) return false;
    flushes_ = 0;
    return true;
  }

  // Blocks for `timeout` (true) or until Stop() (false).
  bool SleepUnlessStopped(absl::Duration timeout) {
    absl::MutexLock lock(&mu_);
    mu_.AwaitWithTimeout(absl::Condition(&stopped_), timeout);
    return !stopped_;
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
  if (flush_when_idle_ms != 0 &&
      (flush_when_idle_ms < 10 || flush_when_idle_ms > 3600000)) {
    return absl::InvalidArgumentError(
        absl::StrCat("flush_when_idle_ms must be 0 or 10-3600000, not ",
                     flush_when_idle_ms));
  }
  return absl::OkStatus();
}

namespace {

// A write group takes at most this many writers, and more than one writer
// only while their content stays within kMaxGroupBytes: bounded batches
// keep a group's memory and its latency bounded.
constexpr size_t kMaxGroupWriters = 256;
constexpr size_t kMaxGroupBytes = 16 << 20;

// The number of the last write group in the text index; 0 for none.
absl::StatusOr<uint64_t> LastWriteGroup(const store_internal::OpenDb& db) {
  // Members keys are the family's only keys starting with \0.
  const std::string upper(1, '\1');
  rocksdb::Slice upper_slice(upper);
  rocksdb::ReadOptions read_options;
  read_options.iterate_upper_bound = &upper_slice;
  std::unique_ptr<rocksdb::Iterator> it(
      db.db()->NewIterator(read_options, db.cf(keys::ColumnFamily::kByBigram)));
  it->SeekToLast();
  if (!it->Valid()) {
    return it->status().ok()
               ? absl::StatusOr<uint64_t>(0)
               : ToAbslStatus(it->status(), "cannot read the text index");
  }
  uint64_t group = keys::GroupOfBigramKey(it->key().ToStringView());
  if (group == 0) {
    return absl::DataLossError(
        "the text index holds a malformed write group key");
  }
  return group;
}

// Marks the metric indexes (by_metric holding whole commitments,
// by_metric_value holding entries numbered as CompareMetric rows, and
// metric_counts) as built for every stored commitment. The marker of the
// previous format (value entries numbered 1-6) is deleted by the rebuild.
constexpr std::string_view kMetricIndexesBuiltKey =
    "\xff\xff"
    "metric-indexes-built-2";
constexpr std::string_view kPreviousMetricIndexesBuiltKey =
    "\xff\xff"
    "metric-indexes-built";

// Databases written before these indexes held what they hold now (a
// by_metric entry was the metric's quantities alone; the value index did
// not exist, then numbered its entries' fields otherwise) get them rebuilt from
// the commitments once, at open, before any write or read. The families are
// cleared first, so that a build cut short (the marker is written last) starts
// again without counting twice.
absl::Status BuildMetricIndexesIfMissing(const store_internal::OpenDb& db) {
  rocksdb::ColumnFamilyHandle* by_metric = db.cf(keys::ColumnFamily::kByMetric);
  rocksdb::ColumnFamilyHandle* values =
      db.cf(keys::ColumnFamily::kByMetricValue);
  rocksdb::ColumnFamilyHandle* counts =
      db.cf(keys::ColumnFamily::kMetricCounts);
  const rocksdb::Slice marker(kMetricIndexesBuiltKey.data(),
                              kMetricIndexesBuiltKey.size());
  std::string ignored;
  rocksdb::Status found =
      db.db()->Get(rocksdb::ReadOptions(), values, marker, &ignored);
  if (found.ok()) return absl::OkStatus();
  if (!found.IsNotFound()) {
    return ToAbslStatus(found, "cannot read the metric indexes");
  }
  const rocksdb::Slice all_begin("", 0);
  const rocksdb::Slice all_end(keys::kReservedPrefix.data(),
                               keys::kReservedPrefix.size());
  rocksdb::WriteBatch batch;
  // From the empty key, as every range deletion here (db_common.h).
  batch.DeleteRange(by_metric, all_begin, all_end);
  batch.DeleteRange(values, all_begin, all_end);
  batch.DeleteRange(counts, all_begin, all_end);
  std::unique_ptr<rocksdb::Iterator> it(db.db()->NewIterator(
      rocksdb::ReadOptions(), db.cf(keys::ColumnFamily::kCommitments)));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    const std::string_view key = it->key().ToStringView();
    if (key.substr(0, keys::kReservedPrefix.size()) == keys::kReservedPrefix) {
      break;
    }
    v1::Commitment commitment;
    if (!commitment.ParseFromArray(it->value().data(),
                                   static_cast<int>(it->value().size()))) {
      return absl::DataLossError(
          "a stored commitment does not parse; the metric indexes cannot "
          "be built");
    }
    for (const keys::IndexEntry& entry :
         keys::IndexEntries(commitment, key, it->value().ToStringView())) {
      if (entry.cf == keys::ColumnFamily::kByMetric) {
        batch.Put(by_metric, entry.key, entry.value);
      } else if (entry.cf == keys::ColumnFamily::kByMetricValue) {
        batch.Put(values, entry.key, entry.value);
      } else if (entry.cf == keys::ColumnFamily::kMetricCounts) {
        batch.Merge(counts, entry.key, keys::EncodeCounter(entry.count));
      }
    }
    if (batch.GetDataSize() > (4 << 20)) {
      rocksdb::Status written = db.db()->Write(rocksdb::WriteOptions(), &batch);
      if (!written.ok())
        return ToAbslStatus(written, "cannot build the metric indexes");
      batch.Clear();
    }
  }
  if (!it->status().ok()) {
    return ToAbslStatus(it->status(), "cannot read commitments");
  }
  batch.Put(values, marker, "");
  batch.Delete(values, rocksdb::Slice(kPreviousMetricIndexesBuiltKey.data(),
                                      kPreviousMetricIndexesBuiltKey.size()));
  rocksdb::WriteOptions sync;
  sync.sync = true;
  return ToAbslStatus(db.db()->Write(sync, &batch),
                      "cannot build the metric indexes");
}

// Whether storing `incoming` over `stored` would change nothing a query
// answers: the same text (in whatever charset it came) filed under the same
// unit, level and year. Other hints make a new version, so that an answer
// never describes data that is not stored.
bool IsSameReport(const v1::Report& stored, const v1::Report& incoming) {
  const bool same_text =
      !stored.text_sha256().empty()
          ? stored.text_sha256() == incoming.text_sha256()
          : stored.content_sha256() == incoming.content_sha256();
  return same_text && stored.year() == incoming.year() &&
         stored.level() == incoming.level() &&
         stored.district().code() == incoming.district().code() &&
         stored.district().name() == incoming.district().name();
}

}  // namespace

// The changes of one write group, written to its batch sorted by column
// family and key (changes of one key keep the order they were made in).
// RocksDB inserts a batch into the memtables entry by entry; in key order,
// each insert into a family's skiplist starts from where the previous one
// ended (the insert hint of store/db_common.h) instead of from the top, on
// the primary and again on every secondary replaying the write-ahead log.
// A group's entries of one family are a few thousand keys spread over the
// whole memtable, so an insert then searches a few dozen neighbours rather
// than the whole list.
//
// Keys and values are borrowed (string_view) unless passed through Own();
// they must outlive WriteTo. Not thread-safe: the group's leader builds it.
class ReportStore::SortedChanges final {
 public:
  void Put(keys::ColumnFamily cf, std::string_view key,
           std::string_view value) {
    Add(cf, Type::kPut, key, value);
  }
  void Merge(keys::ColumnFamily cf, std::string_view key,
             std::string_view operand) {
    Add(cf, Type::kMerge, key, operand);
  }
  void Delete(keys::ColumnFamily cf, std::string_view key) {
    Add(cf, Type::kDelete, key, {});
  }

  // Keeps `bytes` until WriteTo and returns a view of them.
  std::string_view Own(std::string bytes) {
    return owned_.emplace_back(std::move(bytes));
  }

  // The changes made so far; Truncate(size()) later drops those made since.
  size_t size() const { return changes_.size(); }
  void Truncate(size_t size) { changes_.resize(size); }

  // Appends the changes to `batch` in (family, key) order.
  void WriteTo(const store_internal::OpenDb& db, rocksdb::WriteBatch* batch) {
    std::sort(changes_.begin(), changes_.end(),
              [](const Change& a, const Change& b) {
                if (a.cf != b.cf) return a.cf < b.cf;
                // One comparison of the bytes, not an equality test and
                // then an ordering: most of a group's sort is here.
                const int order = a.key.compare(b.key);
                if (order != 0) return order < 0;
                return a.order < b.order;
              });
    for (const Change& change : changes_) {
      rocksdb::ColumnFamilyHandle* cf = db.cf(change.cf);
      const rocksdb::Slice key(change.key.data(), change.key.size());
      const rocksdb::Slice value(change.value.data(), change.value.size());
      switch (change.type) {
        case Type::kPut:
          batch->Put(cf, key, value);
          break;
        case Type::kMerge:
          batch->Merge(cf, key, value);
          break;
        case Type::kDelete:
          batch->Delete(cf, key);
          break;
      }
    }
  }

 private:
  enum class Type : uint8_t { kPut, kMerge, kDelete };
  struct Change {
    keys::ColumnFamily cf;
    Type type;
    // Position among the changes: same-key changes stay in order.
    uint32_t order;
    std::string_view key;
    std::string_view value;
  };

  void Add(keys::ColumnFamily cf, Type type, std::string_view key,
           std::string_view value) {
    changes_.push_back(
        {cf, type, static_cast<uint32_t>(changes_.size()), key, value});
  }

  std::vector<Change> changes_;
  // Stable addresses: views into these stay valid as more are added.
  std::deque<std::string> owned_;
};

// One Put or Delete waiting for its write group. The fields above `status`
// are set by the caller before it queues; the outcome is set by the
// group's leader before `done`.
struct ReportStore::Writer {
  // A Put when `analysis` is set, else a Delete of `report_id`.
  std::string_view report_id;
  const Analysis* analysis = nullptr;
  std::string_view original_content;
  // A Put's records, serialized on the caller's thread so that the leader
  // only copies them into the batch: the report, then its commitments and
  // their index entries, its tally, then the distinct bigrams of its text.
  std::string stored_report;
  std::string tally;
  std::vector<keys::IndexEntry> entries;
  std::vector<std::string> bigrams;
  // A change of the replicated log: its sequence, written with it; 0 for
  // none.
  uint64_t log_sequence = 0;

  absl::Status status;
  int commitment_count = 0;
  bool unchanged = false;
  bool replaced = false;
  uint64_t sequence_number = 0;
  // Guarded by write_mu_.
  bool done = false;
  absl::CondVar done_or_leading;
};

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
  // A page of a typed query reads adjacent entries: 20 commitments of a
  // report are ~10 KB, three 4 KB blocks (each a block cache lookup and a
  // seek) but one or two of 16 KB; the index of a table is then a quarter
  // the size to search.
  rocksdb::BlockBasedTableOptions table_options;
  table_options.block_size = 16 << 10;
  cf_options.table_factory.reset(
      rocksdb::NewBlockBasedTableFactory(table_options));
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors =
      store_internal::ColumnFamilyDescriptors(cf_options);
  // The families the primary writes but never reads while it runs (all
  // but reports and commitments, which it reads to replace a report) get an
  // append-only vector memtable, sorted once at flush: a report adds some
  // 500 entries to them, and a skiplist insert costs dozens of key
  // comparisons (more with the assertions of Debian's RocksDB build) where
  // an append costs none. Reading such a memtable sorts a copy of it, which
  // only happens once at open. It rules out concurrent memtable writes,
  // which the write group does not need.
  db_options.allow_concurrent_memtable_write = false;
  const auto vector_memtable = std::make_shared<rocksdb::VectorRepFactory>();
  for (keys::ColumnFamily cf : keys::AllColumnFamilies()) {
    if (cf != keys::ColumnFamily::kReports &&
        cf != keys::ColumnFamily::kCommitments) {
      descriptors[1 + static_cast<size_t>(cf)].options.memtable_factory =
          vector_memtable;
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
  auto db =
      std::make_unique<store_internal::OpenDb>(raw_db, std::move(handles));
  if (absl::Status built = BuildMetricIndexesIfMissing(*db); !built.ok()) {
    return built;
  }
  absl::StatusOr<uint64_t> last_group = LastWriteGroup(*db);
  if (!last_group.ok()) return last_group.status();
  return std::unique_ptr<ReportStore>(new ReportStore(
      options, std::move(db), std::move(listener), *last_group + 1));
}

ReportStore::ReportStore(const ReportStoreOptions& options,
                         std::unique_ptr<store_internal::OpenDb> db,
                         std::shared_ptr<FlushListener> listener,
                         uint64_t next_group)
    : options_(options),
      db_(std::move(db)),
      listener_(std::move(listener)),
      next_group_(next_group) {
  // Recovery may have flushed the WAL into new files: mark every family once
  // so secondaries see a write after that, as after any flush. Here rather
  // than on the marker thread, so that no marker lands between a caller's
  // first writes.
  WriteMarkers();
  marker_thread_ = std::thread([this] { WriteMarkersAfterFlushes(); });
  if (options_.flush_when_idle_ms > 0) {
    idle_thread_ = std::thread([this] { FlushAndCompactWhenIdle(); });
  }
}

ReportStore::~ReportStore() {
  listener_->Stop();
  marker_thread_.join();
  // An idle compaction under way is cut short (its inputs stay as they
  // were), so that closing waits for no rewrite of a level.
  db_->db()->DisableManualCompaction();
  if (idle_thread_.joinable()) idle_thread_.join();
}

void ReportStore::WriteMarkersAfterFlushes() {
  while (listener_->WaitForFlush()) WriteMarkers();
}

void ReportStore::FlushAndCompactWhenIdle() {
  const absl::Duration idle = absl::Milliseconds(options_.flush_when_idle_ms);
  // Groups written when the last idle flush started: markers are writes
  // too, so only groups written since then make a flush worth it. None at
  // first: write_groups_ counts this process's groups from 0, and reading it
  // here would miss a group written while this thread was starting (a
  // store opened and written at once then never flushed when idle).
  uint64_t flushed_groups = 0;
  while (listener_->SleepUnlessStopped(idle)) {
    const uint64_t groups = write_groups_.load();
    if (groups == flushed_groups || !IdleFor(idle)) continue;
    flushed_groups = groups;
    // A failed flush is retried after the next write; the data stay in the
    // memtables and the WAL.
    if (!Flush().ok()) continue;
    if (options_.compact_when_idle) CompactLevel0UnlessWritten(idle);
  }
}

bool ReportStore::IdleFor(absl::Duration idle) const {
  return absl::Nanoseconds(absl::GetCurrentTimeNanos() - last_write_nanos_) >=
         idle;
}

void ReportStore::CompactLevel0UnlessWritten(absl::Duration idle) {
  for (keys::ColumnFamily cf : keys::AllColumnFamilies()) {
    // Contents are only read by key, through a bloom filter that rules
    // out nearly every file without reading it: merging them would rewrite
    // the largest family for nothing.
    if (cf == keys::ColumnFamily::kContents) continue;
    // Writes take the machine back: RocksDB compacts as they need.
    if (!IdleFor(idle)) return;
    rocksdb::ColumnFamilyHandle* handle = db_->cf(cf);
    rocksdb::ColumnFamilyMetaData meta;
    db_->db()->GetColumnFamilyMetaData(handle, &meta);
    if (meta.levels.empty() || meta.levels[0].files.size() < 2) continue;
    std::vector<std::string> names;
    for (const rocksdb::SstFileMetaData& file : meta.levels[0].files) {
      names.push_back(file.name);
    }
    rocksdb::CompactionOptions compaction;
    // The files a compaction of RocksDB's own would write, not one file of
    // the whole level.
    compaction.output_file_size_limit =
        db_->db()->GetOptions(handle).target_file_size_base;
    // RocksDB adds the level-1 files whose keys overlap. It refuses files
    // that a compaction of its own is merging already, which then does
    // the same job.
    (void)db_->db()->CompactFiles(compaction, handle, names,
                                  /*output_level=*/1);
  }
}

void ReportStore::WriteMarkers() {
  rocksdb::WriteBatch batch;
  const std::string value = absl::StrCat(db_->db()->GetLatestSequenceNumber());
  for (rocksdb::ColumnFamilyHandle* handle : db_->handles()) {
    batch.Put(handle,
              rocksdb::Slice(keys::kMarkerKey.data(), keys::kMarkerKey.size()),
              value);
  }
  // A lost marker only delays what a secondary sees until the next write;
  // nothing to recover here.
  (void)db_->db()->Write(rocksdb::WriteOptions(), &batch);
}

absl::StatusOr<std::optional<v1::Report>> ReportStore::ReadStoredReport(
    std::string_view report_id) const {
  std::string stored;
  rocksdb::Status status = db_->db()->Get(
      rocksdb::ReadOptions(), db_->cf(keys::ColumnFamily::kReports),
      rocksdb::Slice(report_id.data(), report_id.size()), &stored);
  if (status.IsNotFound()) return std::nullopt;
  if (!status.ok()) return ToAbslStatus(status, "cannot read report");
  v1::Report report;
  if (!report.ParseFromString(stored)) {
    return absl::DataLossError(
        absl::StrCat("stored report ", AsAbsl(report_id), " does not parse"));
  }
  return report;
}

absl::StatusOr<int> ReportStore::DeleteStoredReport(
    const v1::Report& old_report, SortedChanges* changes) const {
  const std::string_view report_id = changes->Own(old_report.id());
  changes->Delete(keys::ColumnFamily::kReports, report_id);
  changes->Delete(keys::ColumnFamily::kContents, report_id);
  changes->Delete(keys::ColumnFamily::kReportsByDistrict,
                  changes->Own(keys::ReportByDistrictKey(old_report)));

  // The index keys of the old commitments are derived from the commitments
  // themselves, so the old version's entries are found without a scan of
  // the indexes.
  const std::string prefix = keys::CommitmentPrefix(report_id);
  rocksdb::ReadOptions read_options;
  std::string upper = prefix;
  upper.back() = '\x01';
  rocksdb::Slice upper_slice(upper);
  read_options.iterate_upper_bound = &upper_slice;
  std::unique_ptr<rocksdb::Iterator> it(db_->db()->NewIterator(
      read_options, db_->cf(keys::ColumnFamily::kCommitments)));
  int count = 0;
  for (it->Seek(prefix); it->Valid(); it->Next()) {
    v1::Commitment commitment;
    if (!commitment.ParseFromArray(it->value().data(),
                                   static_cast<int>(it->value().size()))) {
      return absl::DataLossError(absl::StrCat("stored commitment of report ",
                                              AsAbsl(report_id),
                                              " does not parse"));
    }
    const std::string_view key = changes->Own(it->key().ToString());
    for (keys::IndexEntry& entry :
         keys::IndexEntries(commitment, key, it->value().ToStringView())) {
      if (entry.count != 0) {
        changes->Merge(entry.cf, changes->Own(std::move(entry.key)),
                       changes->Own(keys::EncodeCounter(-entry.count)));
      } else {
        changes->Delete(entry.cf, changes->Own(std::move(entry.key)));
      }
    }
    changes->Delete(keys::ColumnFamily::kCommitments, key);
    ++count;
  }
  if (!it->status().ok()) {
    return ToAbslStatus(it->status(), "cannot read commitments");
  }
  return count;
}

void ReportStore::PreparePut(const Analysis& analysis,
                             std::string_view original_content,
                             int64_t ingest_time_micros, Writer* writer) const {
  const v1::Report& report = analysis.report();
  writer->report_id = report.id();
  writer->analysis = &analysis;
  writer->original_content = original_content;
  {
    v1::Report stored_report = report;
    stored_report.clear_original_content();
    stored_report.set_ingest_time_micros(ingest_time_micros);
    writer->stored_report = stored_report.SerializeAsString();
  }
  uint32_t ordinal = 0;
  for (const v1::Commitment& commitment : analysis.commitments()) {
    std::string key = keys::CommitmentKey(report.id(), ordinal++);
    std::string stored = commitment.SerializeAsString();
    std::vector<keys::IndexEntry> entries =
        keys::IndexEntries(commitment, key, stored);
    writer->entries.push_back(
        {keys::ColumnFamily::kCommitments, std::move(key), std::move(stored)});
    for (keys::IndexEntry& entry : entries) {
      writer->entries.push_back(std::move(entry));
    }
  }
  writer->tally = keys::ReportTallyValue(analysis.commitments());
  writer->bigrams = keys::TextBigrams(report.text());
}

absl::StatusOr<StoreResult> ReportStore::Put(const Analysis& analysis,
                                             std::string_view original_content,
                                             int64_t ingest_time_micros) {
  Writer writer;
  PreparePut(analysis, original_content, ingest_time_micros, &writer);
  Write({&writer});
  if (!writer.status.ok()) return writer.status;
  StoreResult result;
  result.report_id = analysis.report().id();
  result.commitment_count = writer.commitment_count;
  result.unchanged = writer.unchanged;
  result.replaced = writer.replaced;
  result.sequence_number = writer.sequence_number;
  return result;
}

absl::StatusOr<DeleteResult> ReportStore::Delete(std::string_view report_id) {
  Writer writer;
  writer.report_id = report_id;
  Write({&writer});
  if (!writer.status.ok()) return writer.status;
  return DeleteResult{writer.commitment_count, writer.sequence_number};
}

LoggedApplyResult ReportStore::ApplyLogged(
    const std::vector<LoggedChange>& changes) {
  LoggedApplyResult result;
  uint64_t last = 0;
  for (const LoggedChange& change : changes) {
    if (change.log_sequence <= last) {
      result.status =
          absl::InvalidArgumentError("log sequences start at 1 and ascend");
      return result;
    }
    last = change.log_sequence;
  }
  // Writers hold condition variables: built in place, never moved.
  std::vector<Writer> writers(changes.size());
  std::vector<Writer*> queued;
  for (size_t i = 0; i < changes.size(); ++i) {
    const LoggedChange& change = changes[i];
    Writer& writer = writers[i];
    if (change.put != nullptr) {
      PreparePut(*change.put, change.original_content,
                 change.ingest_time_micros, &writer);
    } else {
      writer.report_id = change.delete_report_id;
    }
    writer.log_sequence = change.log_sequence;
    queued.push_back(&writer);
  }
  Write(queued);
  for (const Writer& writer : writers) {
    if (!writer.status.ok()) {
      result.status = writer.status;
      break;
    }
    ++result.applied;
  }
  return result;
}

absl::StatusOr<uint64_t> ReportStore::AppliedLogSequence() const {
  return store_internal::ReadAppliedLogSequence(*db_);
}

// The leader pattern of LevelDB's DBImpl::Write: whoever reaches the front
// of the queue writes for everyone queued behind it, so that while one
// group's WAL sync runs the next group gathers. A caller queuing several
// writers at once leads the groups its writers head.
void ReportStore::Write(const std::vector<Writer*>& mine) {
  write_mu_.Lock();
  for (Writer* writer : mine) writers_.push_back(writer);
  for (Writer* writer : mine) {
    while (!writer->done && writer != writers_.front()) {
      writer->done_or_leading.Wait(&write_mu_);
    }
    if (writer->done) continue;
    std::vector<Writer*> group = NextGroup();
    // Writers queued meanwhile wait behind the leader, which stays at the
    // front until the group is written.
    write_mu_.Unlock();
    WriteGroup(group);
    write_mu_.Lock();
    for (Writer* member : group) {
      writers_.pop_front();
      member->done = true;
      if (member != writer) member->done_or_leading.Signal();
    }
    if (!writers_.empty()) writers_.front()->done_or_leading.Signal();
  }
  write_mu_.Unlock();
}

std::vector<ReportStore::Writer*> ReportStore::NextGroup() const {
  std::vector<Writer*> group;
  absl::flat_hash_set<std::string_view> ids;
  size_t bytes = 0;
  for (Writer* writer : writers_) {
    bytes += writer->original_content.size() + writer->stored_report.size();
    if (!group.empty() &&
        (group.size() == kMaxGroupWriters || bytes > kMaxGroupBytes ||
         ids.contains(writer->report_id))) {
      break;
    }
    ids.insert(writer->report_id);
    group.push_back(writer);
  }
  return group;
}

void ReportStore::WriteGroup(const std::vector<Writer*>& group) {
  // RocksDB counts every key comparison of a memtable insert in a
  // thread-local PerfContext unless told not to; nothing here reads it, and
  // a group's inserts make tens of thousands of comparisons.
  rocksdb::SetPerfLevel(rocksdb::PerfLevel::kDisable);
  SortedChanges changes;
  keys::BigramGroupBuilder text_index(next_group_);
  // The log sequence goes in only when every logged change of the group
  // is in the batch: a failed one must be applied again after a restart.
  uint64_t log_sequence = 0;
  bool all_logged_in_batch = true;
  for (Writer* writer : group) {
    AddChanges(writer, &changes, &text_index);
    if (writer->log_sequence == 0) continue;
    all_logged_in_batch = all_logged_in_batch && writer->status.ok();
    log_sequence = std::max(log_sequence, writer->log_sequence);
  }
  const bool indexed = !text_index.empty();
  const std::vector<std::pair<std::string, std::string>> postings =
      std::move(text_index).Finish();
  for (const auto& [key, value] : postings) {
    changes.Put(keys::ColumnFamily::kByBigram, key, value);
  }
  rocksdb::WriteBatch batch;
  changes.WriteTo(*db_, &batch);
  if (log_sequence != 0 && all_logged_in_batch) {
    store_internal::PutAppliedLogSequence(*db_, log_sequence, &batch);
  }
  absl::Status written = absl::OkStatus();
  if (batch.Count() > 0) {
    rocksdb::WriteOptions write_options;
    write_options.sync = options_.sync_writes;
    written = ToAbslStatus(db_->db()->Write(write_options, &batch),
                           "cannot store the report");
    if (written.ok() && indexed) ++next_group_;
  }
  last_write_nanos_.store(absl::GetCurrentTimeNanos());
  write_groups_.fetch_add(1, std::memory_order_relaxed);
  grouped_writes_.fetch_add(group.size(), std::memory_order_relaxed);
  const uint64_t sequence_number = db_->db()->GetLatestSequenceNumber();
  for (Writer* writer : group) {
    // An unchanged logged report still wrote its log sequence.
    if (writer->status.ok() &&
        (!writer->unchanged || writer->log_sequence != 0)) {
      writer->status = written;
    }
    writer->sequence_number = sequence_number;
  }
}

void ReportStore::AddChanges(Writer* writer, SortedChanges* changes,
                             keys::BigramGroupBuilder* text_index) const {
  absl::StatusOr<std::optional<v1::Report>> old_report =
      ReadStoredReport(writer->report_id);
  if (!old_report.ok()) {
    writer->status = old_report.status();
    return;
  }
  if (writer->analysis == nullptr && !old_report->has_value()) {
    // A logged delete of an id never stored (or deleted already) is a
    // no-op: the log holds every delete an ingest server accepted.
    if (writer->log_sequence != 0) return;
    writer->status = absl::NotFoundError(
        absl::StrCat("no report has id \"", AsAbsl(writer->report_id), "\""));
    return;
  }
  if (writer->analysis != nullptr && old_report->has_value() &&
      IsSameReport(**old_report, writer->analysis->report())) {
    writer->unchanged = true;
    writer->commitment_count = (*old_report)->commitment_count();
    return;
  }

  if (old_report->has_value()) {
    const size_t before = changes->size();
    absl::StatusOr<int> deleted = DeleteStoredReport(**old_report, changes);
    if (!deleted.ok()) {
      writer->status = deleted.status();
      changes->Truncate(before);
      return;
    }
    writer->commitment_count = *deleted;
    writer->replaced = true;
  }
  if (writer->analysis == nullptr) return;

  const v1::Report& report = writer->analysis->report();
  changes->Put(keys::ColumnFamily::kReports, report.id(),
               writer->stored_report);
  changes->Put(keys::ColumnFamily::kContents, report.id(),
               writer->original_content);
  changes->Put(keys::ColumnFamily::kReportsByDistrict,
               changes->Own(keys::ReportByDistrictKey(report)), writer->tally);
  for (const keys::IndexEntry& entry : writer->entries) {
    if (entry.count != 0) {
      changes->Merge(entry.cf, entry.key,
                     changes->Own(keys::EncodeCounter(entry.count)));
    } else {
      changes->Put(entry.cf, entry.key, entry.value);
    }
  }
  writer->commitment_count =
      static_cast<int>(writer->analysis->commitments().size());
  text_index->Add(report.id(), keys::DistrictKeyCode(report.district()),
                  report.year(), writer->bigrams);
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

DbStats ReportStore::Stats() const {
  DbStats stats = db_->Stats();
  stats.write_groups = write_groups_.load(std::memory_order_relaxed);
  stats.grouped_writes = grouped_writes_.load(std::memory_order_relaxed);
  return stats;
}

}  // namespace govreport
