#include "store/report_reader.h"

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/hashing.h"
#include "gtest/gtest.h"
#include "store/keys.h"
#include "store/report_store.h"
#include "tests/store/test_db_dir.h"

namespace govreport {
namespace {

// A report of `n` commitments, each with one quantity of metric 托位.
Analysis MakeAnalysis(const std::string& id, int n) {
  Analysis a;
  a.mutable_report()->set_id(id);
  a.mutable_report()->set_content_sha256(Sha256Hex(id));
  a.mutable_report()->set_year(2024);
  a.mutable_report()->mutable_district()->set_code("370213");
  a.mutable_report()->mutable_district()->set_name("李沧区");
  for (int i = 0; i < n; ++i) {
    v1::Commitment* c = a.mutable_commitments()->Add();
    c->set_id(id + "/" + std::to_string(i));
    c->set_report_id(id);
    c->set_sentence("新增托位" + std::to_string(i));
    c->set_year(2024);
    *c->mutable_district() = a.report().district();
    c->add_quantities()->set_metric("托位");
  }
  a.mutable_report()->set_commitment_count(n);
  return a;
}

// Every entry of the commitments family, as key and value.
absl::StatusOr<std::vector<std::string>> Commitments(
    const ReportReader& reader) {
  std::vector<std::string> entries;
  absl::Status scanned = reader.Scan(
      keys::ColumnFamily::kCommitments, "", "",
      [&](std::string_view key, std::string_view value) {
        entries.push_back(std::string(key) + "=" + std::string(value));
        return true;
      });
  if (!scanned.ok()) return scanned;
  return entries;
}

// The commitment keys of the family, in order.
std::vector<std::string> CommitmentKeys(
    const std::vector<std::string>& entries) {
  std::vector<std::string> out;
  for (const std::string& entry : entries) {
    out.push_back(entry.substr(0, entry.find('=')));
  }
  return out;
}

// A database of two flushed reports, each read by a reader of its own with
// an empty block cache: what an in-memory view reads comes from the disk
// until its reader has read it.
class ReportReaderInMemoryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ReportStoreOptions options;
    options.path = dir_.Sub("db");
    options.flush_when_idle_ms = 0;
    auto store = ReportStore::Open(options);
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = *std::move(store);
    for (const char* id : {"r1", "r2"}) {
      ASSERT_TRUE(
          store_->Put(MakeAnalysis(id, 6), "raw " + std::string(id), 1).ok());
    }
    ASSERT_TRUE(store_->Flush().ok());
  }

  // A reader opened now: the tables on disk, nothing of them cached.
  std::unique_ptr<ReportReader> ColdReader() {
    auto reader = ReportReader::Open(
        {dir_.Sub("db"), dir_.Sub("secondary" + std::to_string(++readers_))});
    EXPECT_TRUE(reader.ok()) << reader.status();
    return reader.ok() ? *std::move(reader) : nullptr;
  }

  testing::TestDbDir dir_;
  std::unique_ptr<ReportStore> store_;
  int readers_ = 0;
};

TEST_F(ReportReaderInMemoryTest, ScansNeedTheDiskUntilTheirBlocksAreCached) {
  std::unique_ptr<ReportReader> reader = ColdReader();
  ASSERT_NE(reader, nullptr);
  EXPECT_FALSE(reader->NeededDisk());
  {
    const ReportReader cold = reader->InMemory();
    EXPECT_EQ(Commitments(cold).status().code(),
              absl::StatusCode::kUnavailable);
    EXPECT_TRUE(cold.NeededDisk());
  }
  absl::StatusOr<std::vector<std::string>> from_disk = Commitments(*reader);
  ASSERT_TRUE(from_disk.ok()) << from_disk.status();
  EXPECT_EQ(from_disk->size(), 12u);
  EXPECT_FALSE(reader->NeededDisk());

  const ReportReader warm = reader->InMemory();
  absl::StatusOr<std::vector<std::string>> from_memory = Commitments(warm);
  ASSERT_TRUE(from_memory.ok()) << from_memory.status();
  EXPECT_EQ(*from_memory, *from_disk);
  EXPECT_FALSE(warm.NeededDisk());
}

TEST_F(ReportReaderInMemoryTest, LookupsNeedTheDiskUntilTheirBlocksAreCached) {
  std::vector<std::string> keys;
  {
    std::unique_ptr<ReportReader> lister = ColdReader();
    ASSERT_NE(lister, nullptr);
    absl::StatusOr<std::vector<std::string>> entries = Commitments(*lister);
    ASSERT_TRUE(entries.ok()) << entries.status();
    keys = CommitmentKeys(*entries);
  }
  // A run of one report's keys (read with an iterator) and a lone key of
  // the other (a MultiGet); then a report by id (a Get).
  const std::vector<std::string> run(keys.begin(), keys.begin() + 6);
  const std::vector<std::string> lone = {keys.back()};
  using Read = std::function<absl::Status(const ReportReader&)>;
  const std::map<std::string, Read> reads = {
      {"run",
       [&](const ReportReader& r) {
         return r.GetCommitmentValues(run).status();
       }},
      {"multiget",
       [&](const ReportReader& r) {
         return r.GetValues(keys::ColumnFamily::kCommitments, lone).status();
       }},
      {"report",
       [](const ReportReader& r) { return r.GetReport("r2", true).status(); }},
  };
  for (const auto& [name, read] : reads) {
    SCOPED_TRACE(name);
    std::unique_ptr<ReportReader> reader = ColdReader();
    ASSERT_NE(reader, nullptr);
    const ReportReader cold = reader->InMemory();
    EXPECT_EQ(read(cold).code(), absl::StatusCode::kUnavailable);
    EXPECT_TRUE(cold.NeededDisk());
    EXPECT_TRUE(read(*reader).ok());
    const ReportReader warm = reader->InMemory();
    EXPECT_TRUE(read(warm).ok());
    EXPECT_FALSE(warm.NeededDisk());
  }
}

TEST_F(ReportReaderInMemoryTest, WhatIsOnlyInTheMemtableNeedsNoDisk) {
  std::unique_ptr<ReportReader> reader = ColdReader();
  ASSERT_NE(reader, nullptr);
  ASSERT_TRUE(store_->Put(MakeAnalysis("r3", 2), "raw r3", 1).ok());
  ASSERT_TRUE(reader->CatchUp().ok());
  const ReportReader view = reader->InMemory();
  absl::StatusOr<v1::Report> report = view.GetReport("r3", true);
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->original_content(), "raw r3");
  EXPECT_FALSE(view.NeededDisk());
  // Not found is an answer, not a miss: the key is in no memtable, and the
  // tables' bloom filters (always in memory) rule it out.
  EXPECT_EQ(view.GetReport("r9", false).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_FALSE(view.NeededDisk());
}

}  // namespace
}  // namespace govreport
