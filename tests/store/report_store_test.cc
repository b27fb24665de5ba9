#include "store/report_store.h"

#include <unistd.h>

#include <functional>
#include <map>
#include <thread>
#include <vector>

#include "common/hashing.h"
#include "gtest/gtest.h"
#include "store/db_common.h"
#include "store/keys.h"
#include "store/report_reader.h"
#include "tests/store/raw_db.h"
#include "tests/store/test_db_dir.h"

namespace govreport {
namespace {

// A small analysed report with `n` commitments of one metric.
Analysis MakeAnalysis(const std::string& id, const std::string& content, int n,
                      const std::string& metric) {
  Analysis a;
  a.mutable_report()->set_id(id);
  a.mutable_report()->set_content_sha256(Sha256Hex(content));
  a.mutable_report()->set_year(2024);
  a.mutable_report()->mutable_district()->set_code("370213");
  a.mutable_report()->mutable_district()->set_name("李沧区");
  a.mutable_report()->set_text(content);
  for (int i = 0; i < n; ++i) {
    v1::Commitment c;
    c.set_id(id + "/" + std::to_string(i));
    c.set_report_id(id);
    c.set_text(content + std::to_string(i));
    c.set_sentence("句子" + content);
    c.set_year(2024);
    c.set_domain(v1::DOMAIN_EMPLOYMENT);
    *c.mutable_district() = a.report().district();
    v1::Quantity* q = c.add_quantities();
    q->set_metric(metric);
    q->set_value(i);
    *a.mutable_commitments()->Add() = c;
  }
  a.mutable_report()->set_commitment_count(n);
  return a;
}

// A logged put of `analysis` (borrowed) at `sequence`, its text as the
// original content.
LoggedChange LoggedPut(uint64_t sequence, const Analysis& analysis) {
  LoggedChange change;
  change.log_sequence = sequence;
  change.put = &analysis;
  change.original_content = analysis.report().text();
  change.ingest_time_micros = static_cast<int64_t>(sequence);
  return change;
}

// A logged delete of `id` at `sequence`.
LoggedChange LoggedDelete(uint64_t sequence, std::string_view id) {
  LoggedChange change;
  change.log_sequence = sequence;
  change.delete_report_id = id;
  return change;
}

class ReportStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(OpenPrimary());
    auto reader = ReportReader::Open({dir_.Sub("db"), dir_.Sub("secondary")});
    ASSERT_TRUE(reader.ok()) << reader.status();
    reader_ = *std::move(reader);
  }

  // Opens the primary (closing it first when open) on the test's folder.
  void OpenPrimary() {
    store_.reset();
    ReportStoreOptions options;
    options.path = dir_.Sub("db");
    auto reopened = ReportStore::Open(options);
    ASSERT_TRUE(reopened.ok()) << reopened.status();
    store_ = *std::move(reopened);
  }

  // Calls `visit` on every entry of a column family, markers excluded,
  // after catching up.
  void ForEachEntry(
      keys::ColumnFamily cf,
      const std::function<void(std::string_view, std::string_view)>& visit) {
    EXPECT_TRUE(reader_->CatchUp().ok());
    EXPECT_TRUE(reader_
                    ->Scan(cf, "", "",
                           [&](std::string_view key, std::string_view value) {
                             visit(key, value);
                             return true;
                           })
                    .ok());
  }

  // Number of keys in a column family, markers excluded.
  int CountKeys(keys::ColumnFamily cf) {
    int count = 0;
    ForEachEntry(cf, [&count](std::string_view, std::string_view) { ++count; });
    return count;
  }

  // by_metric_value in key order, as "metric commitment-id".
  std::vector<std::string> ValueIndexRows() {
    std::vector<std::string> rows;
    ForEachEntry(keys::ColumnFamily::kByMetricValue,
                 [&](std::string_view key, std::string_view value) {
                   v1::MetricValueEntry entry;
                   EXPECT_TRUE(entry.ParseFromArray(
                       value.data(), static_cast<int>(value.size())));
                   rows.push_back(MetricOf(key) + " " + entry.commitment_id());
                 });
    return rows;
  }

  // by_metric in key order, as "metric commitment-id sentence": each entry
  // holds its commitment whole.
  std::vector<std::string> ByMetricRows() {
    std::vector<std::string> rows;
    ForEachEntry(keys::ColumnFamily::kByMetric, [&](std::string_view key,
                                                    std::string_view value) {
      v1::Commitment c;
      EXPECT_TRUE(
          c.ParseFromArray(value.data(), static_cast<int>(value.size())));
      rows.push_back(MetricOf(key) + " " + c.id() + " " + c.sentence());
    });
    return rows;
  }

  // The metric_counts counters summed by metric.
  std::map<std::string, int64_t> Counters() {
    std::map<std::string, int64_t> counters;
    ForEachEntry(keys::ColumnFamily::kMetricCounts,
                 [&](std::string_view key, std::string_view value) {
                   int64_t count = 0;
                   EXPECT_TRUE(keys::DecodeCounter(value, &count));
                   counters[MetricOf(key)] += count;
                 });
    return counters;
  }

  // The metric a metric index key starts with.
  static std::string MetricOf(std::string_view key) {
    return std::string(key.substr(0, key.find('\0')));
  }

  testing::TestDbDir dir_;
  std::unique_ptr<ReportStore> store_;
  std::unique_ptr<ReportReader> reader_;
};

TEST_F(ReportStoreTest, PutStoresReportCommitmentsAndIndexes) {
  Analysis a = MakeAnalysis("r1", "新增城镇就业", 3, "新增城镇就业");
  auto result = store_->Put(a, "raw bytes", 42);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_FALSE(result->unchanged);
  EXPECT_FALSE(result->replaced);
  EXPECT_EQ(result->commitment_count, 3);
  ASSERT_TRUE(reader_->CatchUp().ok());
  EXPECT_GE(reader_->SequenceNumber(), result->sequence_number);

  auto report = reader_->GetReport("r1", /*with_content=*/true);
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->original_content(), "raw bytes");
  EXPECT_EQ(report->ingest_time_micros(), 42);
  auto without = reader_->GetReport("r1", /*with_content=*/false);
  EXPECT_TRUE(without->original_content().empty());

  EXPECT_EQ(CountKeys(keys::ColumnFamily::kCommitments), 3);
  EXPECT_EQ(CountKeys(keys::ColumnFamily::kByDistrict), 3);
  EXPECT_EQ(CountKeys(keys::ColumnFamily::kByDomain), 3);
  EXPECT_EQ(CountKeys(keys::ColumnFamily::kByMetric), 3);
  EXPECT_EQ(CountKeys(keys::ColumnFamily::kReportsByDistrict), 1);

  auto commitments = reader_->GetCommitments(
      {keys::CommitmentKey("r1", 2), keys::CommitmentKey("r1", 7)});
  ASSERT_TRUE(commitments.ok());
  ASSERT_TRUE((*commitments)[0].has_value());
  EXPECT_EQ((*commitments)[0]->id(), "r1/2");
  EXPECT_FALSE((*commitments)[1].has_value());
}

// Adjacent keys are read with an iterator, scattered ones looked up: both
// give each key its commitment, in the order asked, and nullopt for keys
// that hold none, wherever they fall.
TEST_F(ReportStoreTest, GetCommitmentsReadsRunsAndScatteredKeys) {
  ASSERT_TRUE(store_->Put(MakeAnalysis("r1", "一", 12, "学位"), "1", 1).ok());
  ASSERT_TRUE(store_->Put(MakeAnalysis("r2", "二", 3, "学位"), "2", 1).ok());
  ASSERT_TRUE(reader_->CatchUp().ok());
  struct Asked {
    std::string report;
    uint32_t ordinal;
    bool present;
  };
  const std::vector<Asked> asked = {
      {"r2", 1, true},  {"r1", 0, true},  {"r1", 1, true},   {"r1", 2, true},
      {"r1", 3, true},  {"r1", 4, true},  {"r2", 0, true},   {"r1", 9, true},
      {"r1", 10, true}, {"r1", 11, true}, {"r1", 12, false}, {"r1", 13, false},
      {"r3", 0, false}, {"r2", 2, true}};
  std::vector<std::string> keys_asked;
  for (const Asked& a : asked) {
    keys_asked.push_back(keys::CommitmentKey(a.report, a.ordinal));
  }
  auto commitments = reader_->GetCommitments(keys_asked);
  ASSERT_TRUE(commitments.ok()) << commitments.status();
  ASSERT_EQ(commitments->size(), asked.size());
  for (size_t i = 0; i < asked.size(); ++i) {
    const std::string id =
        asked[i].report + "/" + std::to_string(asked[i].ordinal);
    ASSERT_EQ((*commitments)[i].has_value(), asked[i].present) << id;
    if (asked[i].present) {
      EXPECT_EQ((*commitments)[i]->id(), id);
    }
  }
}

TEST_F(ReportStoreTest, SameContentAgainIsANoOp) {
  Analysis a = MakeAnalysis("r1", "内容", 2, "学校");
  ASSERT_TRUE(store_->Put(a, "x", 1).ok());
  uint64_t before = store_->LatestSequenceNumber();
  auto again = store_->Put(a, "x", 2);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->unchanged);
  EXPECT_EQ(again->commitment_count, 2);
  EXPECT_EQ(store_->LatestSequenceNumber(), before);
}

TEST_F(ReportStoreTest, NewVersionReplacesOldIndexEntries) {
  ASSERT_TRUE(store_->Put(MakeAnalysis("r1", "v1", 5, "学校"), "v1", 1).ok());
  auto replaced = store_->Put(MakeAnalysis("r1", "v2", 2, "幼儿园"), "v2", 2);
  ASSERT_TRUE(replaced.ok());
  EXPECT_TRUE(replaced->replaced);
  EXPECT_EQ(CountKeys(keys::ColumnFamily::kCommitments), 2);
  EXPECT_EQ(CountKeys(keys::ColumnFamily::kByDistrict), 2);
  EXPECT_EQ(CountKeys(keys::ColumnFamily::kByMetric), 2);
  int old_metric = 0;
  ASSERT_TRUE(reader_
                  ->Scan(keys::ColumnFamily::kByMetric,
                         keys::MetricPrefix("学校"), "",
                         [&](std::string_view key, std::string_view) {
                           if (key.rfind(keys::MetricPrefix("学校"), 0) == 0) {
                             ++old_metric;
                           }
                           return true;
                         })
                  .ok());
  EXPECT_EQ(old_metric, 0);
  EXPECT_EQ(reader_->GetReport("r1", false)->text(), "v2");
}

TEST_F(ReportStoreTest, DeleteRemovesEverythingAndThenIsNotFound) {
  ASSERT_TRUE(
      store_->Put(MakeAnalysis("r1", "建设学校", 4, "学校"), "a", 1).ok());
  ASSERT_TRUE(
      store_->Put(MakeAnalysis("r2", "新增托位", 1, "学校"), "b", 1).ok());
  auto deleted = store_->Delete("r1");
  ASSERT_TRUE(deleted.ok()) << deleted.status();
  EXPECT_EQ(deleted->commitment_count, 4);
  // Whatever is left in any family belongs to r2, but for the text index,
  // whose write groups keep listing r1 (search verifies its candidates).
  ASSERT_TRUE(reader_->CatchUp().ok());
  for (keys::ColumnFamily cf : keys::AllColumnFamilies()) {
    SCOPED_TRACE(keys::ColumnFamilyName(cf));
    // Counters are checked below: r1 and r2 share one.
    if (cf == keys::ColumnFamily::kByBigram ||
        cf == keys::ColumnFamily::kMetricCounts)
      continue;
    int r2_keys = 0;
    ASSERT_TRUE(reader_
                    ->Scan(cf, "", "",
                           [&](std::string_view key, std::string_view) {
                             std::string_view id = key;
                             if (cf != keys::ColumnFamily::kReports &&
                                 cf != keys::ColumnFamily::kContents &&
                                 cf != keys::ColumnFamily::kCommitments) {
                               std::optional<keys::IndexKey> parts =
                                   keys::ParseIndexKey(cf, key);
                               EXPECT_TRUE(parts.has_value());
                               if (parts.has_value()) {
                                 id = parts->commitment_key;
                               }
                             }
                             id = id.substr(0, id.find('\0'));
                             EXPECT_EQ(id, "r2");
                             ++r2_keys;
                             return true;
                           })
                    .ok());
    EXPECT_GT(r2_keys, 0);
  }
  EXPECT_EQ(Counters(), (std::map<std::string, int64_t>{{"学校", 1}}));
  EXPECT_EQ(store_->Delete("r1").status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(reader_->GetReport("r1", false).status().code(),
            absl::StatusCode::kNotFound);
}

// Cluster mode: changes of the replicated log are applied as Put and Delete
// are, many to a write group, and the last one's log sequence goes in the
// same write: with the change, an unchanged report, or a delete of an
// unknown id; after a reopen it is still there, and the reader sees it.
TEST_F(ReportStoreTest, LoggedChangesRecordTheirLogSequence) {
  EXPECT_EQ(*store_->AppliedLogSequence(), 0u);
  const Analysis v1 = MakeAnalysis("r1", "v1", 3, "学校");
  const Analysis v2 = MakeAnalysis("r1", "v2", 2, "幼儿园");
  const Analysis other = MakeAnalysis("r2", "其他", 1, "学校");
  // r1 three times in one call: each version in its own group, in order.
  LoggedApplyResult applied = store_->ApplyLogged(
      {LoggedPut(1, v1), LoggedPut(2, other), LoggedPut(3, v1),
       LoggedPut(4, v2), LoggedDelete(5, "nobody")});
  ASSERT_TRUE(applied.status.ok()) << applied.status;
  EXPECT_EQ(applied.applied, 5u);
  EXPECT_EQ(*store_->AppliedLogSequence(), 5u);
  EXPECT_EQ(CountKeys(keys::ColumnFamily::kCommitments), 3);
  EXPECT_EQ(reader_->GetReport("r1", false)->text(), "v2");
  applied = store_->ApplyLogged({LoggedPut(6, v2)});  // unchanged
  ASSERT_TRUE(applied.status.ok());
  EXPECT_EQ(*store_->AppliedLogSequence(), 6u);
  applied = store_->ApplyLogged({LoggedDelete(7, "r1"), LoggedDelete(8, "r2")});
  ASSERT_TRUE(applied.status.ok());
  EXPECT_EQ(CountKeys(keys::ColumnFamily::kCommitments), 0);
  EXPECT_EQ(CountKeys(keys::ColumnFamily::kReports), 0)
      << "the sequence is no report";
  for (const std::vector<LoggedChange>& bad :
       {std::vector<LoggedChange>{LoggedDelete(0, "r1")},
        std::vector<LoggedChange>{LoggedDelete(10, "r1"),
                                  LoggedDelete(9, "r2")}}) {
    applied = store_->ApplyLogged(bad);
    EXPECT_EQ(applied.status.code(), absl::StatusCode::kInvalidArgument);
    EXPECT_EQ(applied.applied, 0u);
  }
  ASSERT_NO_FATAL_FAILURE(OpenPrimary());
  EXPECT_EQ(*store_->AppliedLogSequence(), 8u);
  ASSERT_TRUE(reader_->CatchUp().ok());
  EXPECT_EQ(*reader_->AppliedLogSequence(), 8u);
  // Single-machine writes leave it alone.
  ASSERT_TRUE(store_->Put(v1, "v1", 9).ok());
  EXPECT_EQ(*store_->AppliedLogSequence(), 8u);
}

// The value index holds each quantity once, ranked by value in its group,
// and its counters count what it holds, through writes, replacements and
// deletes.
TEST_F(ReportStoreTest, ValueIndexAndCountersFollowEveryWrite) {
  ASSERT_TRUE(
      store_->Put(MakeAnalysis("r1", "建设学校", 4, "学校"), "a", 1).ok());
  ASSERT_TRUE(
      store_->Put(MakeAnalysis("r2", "新增托位", 2, "托位"), "b", 1).ok());
  EXPECT_EQ(ValueIndexRows(),
            (std::vector<std::string>{"学校 r1/3", "学校 r1/2", "学校 r1/1",
                                      "学校 r1/0", "托位 r2/1", "托位 r2/0"}));
  EXPECT_EQ(Counters(),
            (std::map<std::string, int64_t>{{"学校", 4}, {"托位", 2}}));
  // A new version with fewer commitments, then another metric's report
  // deleted: nothing of the old versions stays.
  ASSERT_TRUE(
      store_->Put(MakeAnalysis("r1", "建设学校二", 2, "学校"), "c", 1).ok());
  ASSERT_TRUE(store_->Delete("r2").ok());
  EXPECT_EQ(ValueIndexRows(),
            (std::vector<std::string>{"学校 r1/1", "学校 r1/0"}));
  EXPECT_EQ(Counters(),
            (std::map<std::string, int64_t>{{"学校", 2}, {"托位", 0}}));
}

// A write group's changes reach RocksDB sorted by family and key: a
// replaced report's entries under the same keys (deleted, then written
// again) and the shared counters keep their order, in the replica replaying
// the log and in the primary recovering it.
TEST_F(ReportStoreTest, OneGroupKeepsTheOrderOfChangesToOneKey) {
  const Analysis r1 = MakeAnalysis("r1", "建设学校", 5, "学校");
  const Analysis r2 = MakeAnalysis("r2", "新增托位", 3, "托位");
  const Analysis r1_again = MakeAnalysis("r1", "建设学校二", 2, "学校");
  const Analysis r3 = MakeAnalysis("r3", "托位", 1, "托位");
  ASSERT_TRUE(
      store_->ApplyLogged({LoggedPut(1, r1), LoggedPut(2, r2)}).status.ok());
  // Distinct ids: one group.
  ASSERT_TRUE(store_
                  ->ApplyLogged({LoggedPut(3, r1_again), LoggedDelete(4, "r2"),
                                 LoggedPut(5, r3)})
                  .status.ok());
  const std::vector<std::string> rows = {"学校 r1/1", "学校 r1/0", "托位 r3/0"};
  const std::map<std::string, int64_t> counters = {{"学校", 2}, {"托位", 1}};
  EXPECT_EQ(ValueIndexRows(), rows);
  EXPECT_EQ(Counters(), counters);
  EXPECT_EQ(CountKeys(keys::ColumnFamily::kCommitments), 3);
  EXPECT_EQ(CountKeys(keys::ColumnFamily::kByDistrict), 3);
  EXPECT_EQ(reader_->GetReport("r1", false)->text(), "建设学校二");

  ASSERT_NO_FATAL_FAILURE(OpenPrimary());
  auto reader = ReportReader::Open({dir_.Sub("db"), dir_.Sub("secondary2")});
  ASSERT_TRUE(reader.ok()) << reader.status();
  reader_ = *std::move(reader);
  EXPECT_EQ(ValueIndexRows(), rows);
  EXPECT_EQ(Counters(), counters);
  EXPECT_EQ(CountKeys(keys::ColumnFamily::kCommitments), 3);
}

// A database written before the metric indexes held what they hold now
// (here: the indexes and their marker removed behind the store's back)
// gets them built at open, once.
TEST_F(ReportStoreTest, MetricIndexesAreBuiltForOlderDatabasesAtOpen) {
  ASSERT_TRUE(
      store_->Put(MakeAnalysis("r1", "建设学校", 3, "学校"), "a", 1).ok());
  ASSERT_TRUE(
      store_->Put(MakeAnalysis("r2", "新增托位", 2, "托位"), "b", 1).ok());
  const std::vector<std::string> rows = ValueIndexRows();
  const std::map<std::string, int64_t> counters = Counters();
  const std::vector<std::string> by_metric = ByMetricRows();
  ASSERT_EQ(by_metric.size(), 5u);
  store_.reset();
  {
    std::unique_ptr<store_internal::OpenDb> opened =
        testing::OpenRawDb(dir_.Sub("db"));
    ASSERT_NE(opened, nullptr);
    store_internal::OpenDb& db = *opened;
    for (keys::ColumnFamily cf :
         {keys::ColumnFamily::kByMetric, keys::ColumnFamily::kByMetricValue,
          keys::ColumnFamily::kMetricCounts}) {
      // Everything, the built marker included; counters doubled, as by a
      // build cut short, so that a build that merged onto them would show.
      ASSERT_TRUE(db.db()
                      ->DeleteRange(rocksdb::WriteOptions(), db.cf(cf), "",
                                    "\xff\xff\xff")
                      .ok());
    }
    keys::MetricGroup leftover_group;
    leftover_group.year = 2024;
    ASSERT_TRUE(db.db()
                    ->Merge(rocksdb::WriteOptions(),
                            db.cf(keys::ColumnFamily::kMetricCounts),
                            keys::MetricGroupPrefix("学校", leftover_group),
                            keys::EncodeCounter(3))
                    .ok());
  }
  ASSERT_NO_FATAL_FAILURE(OpenPrimary());
  EXPECT_EQ(ValueIndexRows(), rows);
  EXPECT_EQ(Counters(), counters);
  EXPECT_EQ(ByMetricRows(), by_metric);
  // Opened again, it is not built twice.
  ASSERT_NO_FATAL_FAILURE(OpenPrimary());
  EXPECT_EQ(Counters(), counters);
}

// A database whose value index numbers its entries' fields as before
// (value 1 ... commitment_id 6) under the previous marker gets the indexes
// rebuilt at open, the entries numbered as CompareMetric rows, and the old
// marker gone.
TEST_F(ReportStoreTest, ValueIndexOfThePreviousFormatIsRebuiltAtOpen) {
  ASSERT_TRUE(
      store_->Put(MakeAnalysis("r1", "建设学校", 3, "学校"), "a", 1).ok());
  const std::vector<std::string> rows = ValueIndexRows();
  ASSERT_FALSE(rows.empty());
  store_.reset();
  const std::string new_marker = "\xff\xffmetric-indexes-built-2";
  const std::string old_marker = "\xff\xffmetric-indexes-built";
  {
    std::unique_ptr<store_internal::OpenDb> opened =
        testing::OpenRawDb(dir_.Sub("db"));
    ASSERT_NE(opened, nullptr);
    store_internal::OpenDb& db = *opened;
    rocksdb::ColumnFamilyHandle* values =
        db.cf(keys::ColumnFamily::kByMetricValue);
    // value entries of the previous format: commitment_id as field 6
    ASSERT_EQ(testing::RewriteValues(db, keys::ColumnFamily::kByMetricValue, "",
                                     std::string("\x32\x04r1/0", 6)),
              static_cast<int>(rows.size()));
    rocksdb::WriteBatch batch;
    batch.Delete(values, new_marker);
    batch.Put(values, old_marker, "");
    ASSERT_TRUE(db.db()->Write(rocksdb::WriteOptions(), &batch).ok());
  }
  ASSERT_NO_FATAL_FAILURE(OpenPrimary());
  EXPECT_EQ(ValueIndexRows(), rows);
  store_.reset();
  std::unique_ptr<store_internal::OpenDb> opened =
      testing::OpenRawDb(dir_.Sub("db"), /*read_only=*/true);
  ASSERT_NE(opened, nullptr);
  store_internal::OpenDb& db = *opened;
  std::string ignored;
  rocksdb::ColumnFamilyHandle* values =
      db.cf(keys::ColumnFamily::kByMetricValue);
  EXPECT_TRUE(
      db.db()->Get(rocksdb::ReadOptions(), values, new_marker, &ignored).ok());
  EXPECT_TRUE(db.db()
                  ->Get(rocksdb::ReadOptions(), values, old_marker, &ignored)
                  .IsNotFound());
}

// RocksDB 7.8 secondaries keep serving a value replayed from the WAL into
// their memtable after the primary wrote a newer one and flushed it, until
// the next write to that column family (upstream issues 14444, 15051). The
// store's post-flush markers are that next write.
TEST_F(ReportStoreTest, SecondarySeesReplacedReportAfterFlushes) {
  ASSERT_TRUE(store_->Put(MakeAnalysis("r1", "v1", 3, "学校"), "v1", 1).ok());
  ASSERT_TRUE(reader_->CatchUp().ok());
  EXPECT_EQ(reader_->GetReport("r1", false)->text(), "v1");

  ASSERT_TRUE(store_->Put(MakeAnalysis("r1", "v2", 1, "学校"), "v2", 2).ok());
  ASSERT_TRUE(store_->Flush().ok());
  // The markers are written just after the flush, on the store's thread.
  for (int attempt = 0; attempt < 100; ++attempt) {
    ASSERT_TRUE(reader_->CatchUp().ok());
    if (reader_->GetReport("r1", false)->text() == "v2") break;
    usleep(10000);
  }
  EXPECT_EQ(reader_->GetReport("r1", false)->text(), "v2");
  EXPECT_EQ(CountKeys(keys::ColumnFamily::kCommitments), 1);
  EXPECT_EQ(CountKeys(keys::ColumnFamily::kByDistrict), 1);

  // And again once the first flush's files exist.
  ASSERT_TRUE(store_->Put(MakeAnalysis("r1", "v3", 2, "学校"), "v3", 3).ok());
  ASSERT_TRUE(reader_->CatchUp().ok());
  ASSERT_TRUE(store_->Put(MakeAnalysis("r1", "v4", 1, "学校"), "v4", 4).ok());
  ASSERT_TRUE(store_->Flush().ok());
  for (int attempt = 0; attempt < 100; ++attempt) {
    ASSERT_TRUE(reader_->CatchUp().ok());
    if (reader_->GetReport("r1", false)->text() == "v4") break;
    usleep(10000);
  }
  EXPECT_EQ(reader_->GetReport("r1", false)->text(), "v4");
}

TEST_F(ReportStoreTest, ReaderSeesWritesOfAReopenedPrimary) {
  ASSERT_TRUE(store_->Put(MakeAnalysis("r1", "a", 2, "学校"), "a", 1).ok());
  ASSERT_NO_FATAL_FAILURE(OpenPrimary());
  ASSERT_TRUE(store_->Put(MakeAnalysis("r2", "b", 1, "学校"), "b", 1).ok());
  ASSERT_TRUE(reader_->CatchUp().ok());
  EXPECT_TRUE(reader_->GetReport("r1", false).ok());
  EXPECT_TRUE(reader_->GetReport("r2", false).ok());
}

// The members of every write group in the text index, by group.
std::map<uint64_t, std::vector<keys::BigramGroupMember>> WriteGroups(
    ReportReader& reader) {
  EXPECT_TRUE(reader.CatchUp().ok());
  std::map<uint64_t, std::vector<keys::BigramGroupMember>> groups;
  const std::string members_end(1, '\1');
  EXPECT_TRUE(reader
                  .Scan(keys::ColumnFamily::kByBigram, "", members_end,
                        [&](std::string_view key, std::string_view value) {
                          EXPECT_TRUE(keys::ParseBigramGroupMembers(
                              value, &groups[keys::GroupOfBigramKey(key)]));
                          return true;
                        })
                  .ok());
  return groups;
}

TEST_F(ReportStoreTest, ConcurrentPutsAllLandEachInOneWriteGroup) {
  constexpr int kThreads = 24;
  std::vector<std::thread> threads;
  std::vector<absl::StatusOr<StoreResult>> results(kThreads);
  // Half the threads store distinct reports; the other half all store one
  // report, which must be written once and found unchanged by the rest.
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([this, i, &results] {
      const std::string id =
          i % 2 == 0 ? "r" + std::to_string(i) : std::string("shared");
      results[i] =
          store_->Put(MakeAnalysis(id, "托位" + id, 2, "托位"), "raw", 1);
    });
  }
  for (std::thread& t : threads) t.join();
  int shared_written = 0;
  for (int i = 0; i < kThreads; ++i) {
    ASSERT_TRUE(results[i].ok()) << results[i].status();
    if (i % 2 == 1 && !results[i]->unchanged) ++shared_written;
  }
  EXPECT_EQ(shared_written, 1);
  EXPECT_EQ(CountKeys(keys::ColumnFamily::kReports), kThreads / 2 + 1);
  EXPECT_EQ(CountKeys(keys::ColumnFamily::kCommitments),
            2 * (kThreads / 2 + 1));

  std::map<std::string, int> listed;
  for (const auto& [group, members] : WriteGroups(*reader_)) {
    EXPECT_GT(group, 0u);
    for (const keys::BigramGroupMember& m : members) ++listed[m.report_id];
  }
  EXPECT_EQ(listed.size(), static_cast<size_t>(kThreads / 2 + 1));
  for (const auto& [id, times] : listed) EXPECT_EQ(times, 1) << id;
}

TEST_F(ReportStoreTest, WriteGroupsAreNumberedOnAcrossReopening) {
  ASSERT_TRUE(
      store_->Put(MakeAnalysis("r1", "新增托位", 1, "托位"), "a", 1).ok());
  ASSERT_TRUE(
      store_->Put(MakeAnalysis("r2", "建设学校", 1, "学校"), "b", 1).ok());
  ASSERT_NO_FATAL_FAILURE(OpenPrimary());
  ASSERT_TRUE(store_->Put(MakeAnalysis("r3", "托位", 1, "托位"), "c", 1).ok());
  std::map<uint64_t, std::vector<keys::BigramGroupMember>> groups =
      WriteGroups(*reader_);
  ASSERT_EQ(groups.size(), 3u);
  EXPECT_EQ(groups.begin()->first, 1u);
  EXPECT_EQ(groups.rbegin()->first, 3u);
  EXPECT_EQ(groups.rbegin()->second.at(0).report_id, "r3");
}

TEST(ReportStoreIdleTest, FlushesOnceWritesPauseAndOnlyThen) {
  testing::TestDbDir dir;
  ReportStoreOptions options;
  options.path = dir.Sub("db");
  // Long enough that a loaded machine does not pause this long between the
  // write and the first look.
  options.flush_when_idle_ms = 300;
  auto store = ReportStore::Open(options);
  ASSERT_TRUE(store.ok()) << store.status();
  ASSERT_TRUE(
      (*store)->Put(MakeAnalysis("r1", "新增托位", 2, "托位"), "a", 1).ok());
  EXPECT_EQ((*store)->Stats().sst_bytes, 0u);
  uint64_t flushed = 0;
  for (int attempt = 0; attempt < 1000 && flushed == 0; ++attempt) {
    usleep(10000);
    flushed = (*store)->Stats().sst_bytes;
  }
  ASSERT_GT(flushed, 0u);
  // The families' files appear one by one: wait until the size holds for
  // half a second, however slowly this machine writes them.
  for (int stable = 0, attempt = 0; stable < 5 && attempt < 300; ++attempt) {
    usleep(100000);
    const uint64_t now = (*store)->Stats().sst_bytes;
    stable = now == flushed ? stable + 1 : 0;
    flushed = now;
  }
  // The markers written after that flush are no reason to flush again:
  // nothing changes over three more idle periods.
  usleep(1000000);
  EXPECT_EQ((*store)->Stats().sst_bytes, flushed);

  options.flush_when_idle_ms = 5;
  EXPECT_EQ(ReportStore::Open(options).status().code(),
            absl::StatusCode::kInvalidArgument);
}

// What a store compacting when idle (or not) leaves behind three writes,
// each flushed: the level-0 files of each family, and its entries (markers
// excluded) as key and value.
struct IdleOutcome {
  std::map<std::string, size_t> level0_files;
  std::map<std::string, std::vector<std::string>> entries;
};

IdleOutcome WriteThreeFilesAndIdle(bool compact_when_idle) {
  IdleOutcome outcome;
  testing::TestDbDir dir;
  ReportStoreOptions options;
  options.path = dir.Sub("db");
  options.flush_when_idle_ms = 300;
  options.compact_when_idle = compact_when_idle;
  auto store = ReportStore::Open(options);
  EXPECT_TRUE(store.ok()) << store.status();
  if (!store.ok()) return outcome;
  // Two files flushed here, the third by the idle flush.
  for (int i = 0; i < 3; ++i) {
    const std::string id = "r" + std::to_string(i);
    EXPECT_TRUE((*store)
                    ->Put(MakeAnalysis(id, "新增托位" + id, 2, "托位"), "a", 1)
                    .ok());
    if (i < 2) {
      EXPECT_TRUE((*store)->Flush().ok());
    }
  }
  // Wait until the count of level-0 files holds for a second (ten idle
  // periods), however slowly this machine flushes and compacts.
  uint64_t files = (*store)->Stats().level0_files;
  for (int stable = 0, attempt = 0; stable < 10 && attempt < 600; ++attempt) {
    usleep(100000);
    const uint64_t now = (*store)->Stats().level0_files;
    stable = now == files ? stable + 1 : 0;
    files = now;
  }
  std::unique_ptr<store_internal::OpenDb> db =
      testing::OpenRawDb(options.path, /*read_only=*/true);
  if (db == nullptr) return outcome;
  for (keys::ColumnFamily cf : keys::AllColumnFamilies()) {
    const std::string name(keys::ColumnFamilyName(cf));
    rocksdb::ColumnFamilyMetaData meta;
    db->db()->GetColumnFamilyMetaData(db->cf(cf), &meta);
    outcome.level0_files[name] = meta.levels.at(0).files.size();
    std::unique_ptr<rocksdb::Iterator> it(
        db->db()->NewIterator(rocksdb::ReadOptions(), db->cf(cf)));
    for (it->SeekToFirst();
         it->Valid() && !it->key().starts_with(keys::kReservedPrefix);
         it->Next()) {
      outcome.entries[name].push_back(it->key().ToString() + "=" +
                                      it->value().ToString());
    }
    EXPECT_TRUE(it->status().ok()) << it->status().ToString();
  }
  return outcome;
}

TEST(ReportStoreIdleTest, MergesLevelZeroOnceWritesPauseButNotContents) {
  const IdleOutcome merged = WriteThreeFilesAndIdle(true);
  const IdleOutcome kept = WriteThreeFilesAndIdle(false);
  ASSERT_EQ(merged.level0_files.size(), keys::kColumnFamilyCount);
  for (const auto& [family, files] : kept.level0_files) {
    SCOPED_TRACE(family);
    EXPECT_EQ(files, 3u);
    EXPECT_EQ(merged.level0_files.at(family), family == "contents" ? 3u : 0u);
  }
  // Merging moves entries, and changes none.
  EXPECT_EQ(merged.entries, kept.entries);
  EXPECT_EQ(merged.entries.at("commitments").size(), 6u);
}

TEST(ReportStoreOpenTest, RejectsBadOptionsAndMissingDatabase) {
  testing::TestDbDir dir;
  ReportStoreOptions options;
  EXPECT_EQ(ReportStore::Open(options).status().code(),
            absl::StatusCode::kInvalidArgument);
  options.path = dir.Sub("db");
  options.write_buffer_mib = 0;
  EXPECT_EQ(ReportStore::Open(options).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ReportReader::Open({dir.Sub("none"), dir.Sub("s")}).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST(ReportStoreOpenTest, SecondPrimaryOnTheSameFolderIsRefused) {
  testing::TestDbDir dir;
  ReportStoreOptions options;
  options.path = dir.Sub("db");
  auto first = ReportStore::Open(options);
  ASSERT_TRUE(first.ok());
  auto second = ReportStore::Open(options);
  EXPECT_FALSE(second.ok());
}

}  // namespace
}  // namespace govreport
