#include "cluster/log_entry.h"

#include "gtest/gtest.h"

namespace govreport::cluster {
namespace {

Analysis MakeAnalysis() {
  Analysis analysis;
  analysis.mutable_report()->set_id("r1");
  analysis.mutable_report()->set_text("新增城镇就业2.2万人");
  analysis.mutable_report()->set_year(2023);
  analysis.mutable_report()->set_commitment_count(2);
  for (int i = 0; i < 2; ++i) {
    v1::Commitment commitment;
    commitment.set_id("r1/" + std::to_string(i));
    commitment.set_text("承诺" + std::to_string(i));
    *analysis.mutable_commitments()->Add() = commitment;
  }
  return analysis;
}

TEST(LogEntryTest, PutRoundTripsTheRecordsContentAndTime) {
  const Analysis analysis = MakeAnalysis();
  const std::string bytes =
      PutEntry(analysis, "原文", 1234567).SerializeAsString();
  absl::StatusOr<DecodedEntry> change = DecodeEntry(bytes);
  ASSERT_TRUE(change.ok()) << change.status();
  ASSERT_TRUE(change->put.has_value());
  EXPECT_EQ(change->original_content, "原文");
  EXPECT_EQ(change->ingest_time_micros, 1234567);
  // The report comes back without its content (stored apart) and with its
  // ingest time, the commitments as they were.
  v1::Report expected = analysis.report();
  expected.set_ingest_time_micros(1234567);
  EXPECT_EQ(change->put->report().SerializeAsString(),
            expected.SerializeAsString());
  ASSERT_EQ(change->put->commitments().size(), 2);
  for (size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(change->put->commitments()[i].SerializeAsString(),
              analysis.commitments()[i].SerializeAsString());
  }
  EXPECT_TRUE(change->delete_report_id.empty());
}

TEST(LogEntryTest, DeleteRoundTripsTheId) {
  absl::StatusOr<DecodedEntry> change =
      DecodeEntry(DeleteEntry("client-7").SerializeAsString());
  ASSERT_TRUE(change.ok()) << change.status();
  EXPECT_FALSE(change->put.has_value());
  EXPECT_EQ(change->delete_report_id, "client-7");
}

TEST(LogEntryTest, ForeignOrBrokenEntriesAreDataLoss) {
  v1::LogEntry no_id = PutEntry(MakeAnalysis(), "x", 1);
  no_id.mutable_put()->mutable_report()->clear_id();
  v1::LogEntry foreign_commitment = PutEntry(MakeAnalysis(), "x", 1);
  foreign_commitment.mutable_put()->mutable_commitments(1)->set_id("r2/0");
  // "r10/0" shares the prefix "r1" but not "r1/".
  v1::LogEntry prefix_commitment = PutEntry(MakeAnalysis(), "x", 1);
  prefix_commitment.mutable_put()->mutable_commitments(0)->set_id("r10/0");
  for (const std::string& bytes :
       {std::string("\xff\xff\xff"), std::string(),
        DeleteEntry("").SerializeAsString(), no_id.SerializeAsString(),
        foreign_commitment.SerializeAsString(),
        prefix_commitment.SerializeAsString()}) {
    EXPECT_EQ(DecodeEntry(bytes).status().code(), absl::StatusCode::kDataLoss)
        << bytes.size();
  }
}

}  // namespace
}  // namespace govreport::cluster
