#include "ingest_service/ingester.h"

#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "store/keys.h"
#include "store/report_reader.h"
#include "tests/store/test_db_dir.h"
#include "tests/test_util.h"

namespace govreport {
namespace {

using ::govreport::testing::ReadSample;

class IngesterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    pipeline_ = *Pipeline::Create();
    ReportStoreOptions options;
    options.path = dir_.Sub("db");
    store_ = *ReportStore::Open(options);
    IngesterOptions ingester_options;
    ingester_options.max_content_bytes = 64 << 10;
    ingester_ =
        std::make_unique<Ingester>(ingester_options, *pipeline_, *store_);
  }

  v1::RawReport Sample(const std::string& name) {
    v1::RawReport raw;
    raw.set_content(ReadSample(name));
    raw.set_file_name(name);
    raw.set_year_hint(2024);
    return raw;
  }

  testing::TestDbDir dir_;
  std::unique_ptr<Pipeline> pipeline_;
  std::unique_ptr<ReportStore> store_;
  std::unique_ptr<Ingester> ingester_;
};

TEST_F(IngesterTest, IngestsOnceThenIsUnchanged) {
  auto first = ingester_->Ingest(Sample("licang.txt"));
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->district().name(), "李沧区");
  EXPECT_EQ(first->year(), 2024);
  EXPECT_GT(first->commitment_count(), 0);
  EXPECT_FALSE(first->unchanged());
  auto again = ingester_->Ingest(Sample("licang.txt"));
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->unchanged());
  EXPECT_EQ(again->report_id(), first->report_id());
  EXPECT_EQ(again->commitment_count(), first->commitment_count());
}

TEST_F(IngesterTest, ClientIdReplacesAndDeleteRemoves) {
  v1::RawReport raw = Sample("licang.txt");
  raw.set_client_id("report-1");
  ASSERT_TRUE(ingester_->Ingest(raw).ok());
  raw.set_content(ReadSample("shinan.txt"));
  auto replaced = ingester_->Ingest(raw);
  ASSERT_TRUE(replaced.ok());
  EXPECT_TRUE(replaced->replaced());
  EXPECT_EQ(replaced->report_id(), "report-1");
  EXPECT_EQ(replaced->district().name(), "市南区");

  auto deleted = ingester_->Delete("report-1");
  ASSERT_TRUE(deleted.ok());
  EXPECT_EQ(deleted->commitment_count(), replaced->commitment_count());
  EXPECT_EQ(ingester_->Delete("report-1").status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(ingester_->Delete("bad id!").status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(IngesterTest, RefusesBadInputAndStoresNothing) {
  v1::RawReport too_big = Sample("licang.txt");
  too_big.set_content(std::string(65 << 10, 'a'));
  EXPECT_EQ(ingester_->Ingest(too_big).status().code(),
            absl::StatusCode::kResourceExhausted);

  v1::RawReport empty;
  EXPECT_EQ(ingester_->Ingest(empty).status().code(),
            absl::StatusCode::kInvalidArgument);

  v1::RawReport bad_year = Sample("licang.txt");
  bad_year.set_year_hint(99999);
  absl::Status year = ingester_->Ingest(bad_year).status();
  EXPECT_EQ(year.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(year.message().find("year_hint"), absl::string_view::npos);

  v1::RawReport bad_district = Sample("licang.txt");
  bad_district.set_district_hint("火星区");
  EXPECT_EQ(ingester_->Ingest(bad_district).status().code(),
            absl::StatusCode::kInvalidArgument);

  v1::RawReport bad_id = Sample("licang.txt");
  bad_id.set_client_id("has/slash");
  EXPECT_EQ(ingester_->Ingest(bad_id).status().code(),
            absl::StatusCode::kInvalidArgument);

  auto reader = ReportReader::Open({dir_.Sub("db"), dir_.Sub("secondary")});
  ASSERT_TRUE(reader.ok());
  int reports = 0;
  ASSERT_TRUE((*reader)
                  ->Scan(keys::ColumnFamily::kReports, "", "",
                         [&reports](std::string_view, std::string_view) {
                           ++reports;
                           return true;
                         })
                  .ok());
  EXPECT_EQ(reports, 0);
}

TEST_F(IngesterTest, AnalyzeStoresNothing) {
  auto analysis = ingester_->Analyze(Sample("qingyang.txt"));
  ASSERT_TRUE(analysis.ok()) << analysis.status();
  EXPECT_EQ(analysis->report().district().name(), "青羊区");
  EXPECT_EQ(analysis->commitments_size(),
            analysis->report().commitment_count());
  EXPECT_EQ(ingester_->Delete(analysis->report().id()).status().code(),
            absl::StatusCode::kNotFound);
}

// A report whose answer exceeds the limit comes in pages that together
// hold every commitment once, in order, each page within the limit.
TEST_F(IngesterTest, AnalyzeAnswersInPagesWithinTheLimit) {
  IngesterOptions options;
  options.max_content_bytes = 1 << 20;
  options.max_analyze_response_bytes = 64 << 10;
  Ingester small_answers(options, *pipeline_, *store_);
  v1::RawReport raw = Sample("licang.txt");
  const std::string sample = raw.content();
  while (raw.content().size() < (100 << 10)) {
    raw.mutable_content()->append(sample);
  }
  auto whole = ingester_->Analyze(Sample("licang.txt"));
  ASSERT_TRUE(whole.ok());
  EXPECT_FALSE(whole->text_omitted());
  EXPECT_EQ(whole->next_commitment_offset(), 0);

  std::vector<std::string> ids;
  int offset = 0;
  int pages = 0;
  int total = 0;
  std::string report_id;
  do {
    auto page = small_answers.Analyze(raw, offset);
    ASSERT_TRUE(page.ok()) << page.status();
    EXPECT_LE(page->ByteSizeLong(), size_t{64 << 10});
    EXPECT_TRUE(page->report().text().empty());
    EXPECT_TRUE(page->text_omitted());  // 100 KiB of text
    ASSERT_GT(page->commitments_size(), 0);
    for (const v1::Commitment& c : page->commitments()) ids.push_back(c.id());
    offset = page->next_commitment_offset();
    if (pages == 0) {
      total = page->report().commitment_count();
      report_id = page->report().id();
    }
    EXPECT_EQ(page->report().commitment_count(), total);
    ++pages;
  } while (offset != 0 && pages < 1000);
  EXPECT_GT(pages, 1);
  ASSERT_EQ(static_cast<int>(ids.size()), total);
  for (size_t i = 0; i < ids.size(); ++i) {
    EXPECT_EQ(ids[i], absl::StrCat(report_id, "/", i));
  }
  EXPECT_EQ(small_answers.Analyze(raw, -1).status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace govreport
