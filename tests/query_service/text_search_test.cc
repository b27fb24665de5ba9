#include "query_service/text_search.h"

#include <algorithm>
#include <set>
#include <string>

#include "common/gazetteer.h"
#include "gtest/gtest.h"
#include "store/report_reader.h"
#include "store/report_store.h"
#include "tests/store/test_db_dir.h"

namespace govreport {
namespace {

// A report of one district and year whose commitments have `sentences`.
Analysis MakeReport(const std::string& id, const std::string& code, int year,
                    const std::vector<std::string>& sentences) {
  Analysis a;
  a.mutable_report()->set_id(id);
  a.mutable_report()->set_content_sha256(id);
  a.mutable_report()->set_year(year);
  a.mutable_report()->mutable_district()->set_code(code);
  a.mutable_report()->set_commitment_count(static_cast<int>(sentences.size()));
  for (size_t i = 0; i < sentences.size(); ++i) {
    v1::Commitment& c = *a.mutable_commitments()->Add();
    c.set_id(id + "/" + std::to_string(i));
    c.set_report_id(id);
    c.set_year(year);
    *c.mutable_district() = a.report().district();
    c.set_sentence(sentences[i]);
    a.mutable_report()->mutable_text()->append(sentences[i] + "。");
  }
  return a;
}

class TextSearchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ReportStoreOptions options;
    options.path = dir_.Sub("db");
    store_ = *ReportStore::Open(options);
    Put(MakeReport("a", "370213", 2023, {"新增婴幼儿托位300个", "修路"}));
    Put(MakeReport("b", "370202", 2024, {"托位再增", "婴幼儿托位建设"}));
    Put(MakeReport("c", "370213", 2024, {"无关的一句", "托位"}));
    reader_ = *ReportReader::Open({dir_.Sub("db"), dir_.Sub("secondary")});
    ASSERT_TRUE(reader_->CatchUp().ok());
  }

  void Put(const Analysis& a) { ASSERT_TRUE(store_->Put(a, "raw", 1).ok()); }

  std::vector<std::string> Ids(const std::vector<TextMatch>& matches) {
    std::vector<std::string> ids;
    for (const TextMatch& m : matches) ids.push_back(m.commitment.id());
    return ids;
  }

  testing::TestDbDir dir_;
  std::unique_ptr<ReportStore> store_;
  std::unique_ptr<ReportReader> reader_;
  ResolvedFilter any_;
};

TEST_F(TextSearchTest, NewestFirstKeysPutLaterYearsFirstThenDistricts) {
  EXPECT_LT(NewestFirstKey(2024, "370213", "z"),
            NewestFirstKey(2023, "370202", "a"));
  EXPECT_LT(NewestFirstKey(2024, "370202", "z"),
            NewestFirstKey(2024, "370213", "a"));
  EXPECT_EQ(NewestFirstKey(20000, "x", ""), NewestFirstKey(9999, "x", ""));
}

TEST_F(TextSearchTest, FindsEveryMatchInEitherOrder) {
  TextMatchOrder newest;
  newest.newest_first = true;
  auto matches = FindTextMatches(*reader_, "托位", any_, newest, 1000);
  ASSERT_TRUE(matches.ok()) << matches.status();
  // 2024 before 2023; within 2024 district 370202 before 370213.
  EXPECT_EQ(Ids(*matches),
            (std::vector<std::string>{"b/0", "b/1", "c/1", "a/0"}));
  EXPECT_TRUE(std::is_sorted(matches->begin(), matches->end(),
                             [](const TextMatch& x, const TextMatch& y) {
                               return x.sort_key < y.sort_key;
                             }));
  auto by_key = FindTextMatches(*reader_, "托位", any_, TextMatchOrder(), 1000);
  ASSERT_TRUE(by_key.ok());
  EXPECT_EQ(Ids(*by_key),
            (std::vector<std::string>{"a/0", "b/0", "b/1", "c/1"}));
}

TEST_F(TextSearchTest, ResumesAfterACursorAndHonoursTheFilter) {
  TextMatchOrder order;
  order.newest_first = true;
  auto all = FindTextMatches(*reader_, "托位", any_, order, 1000);
  ASSERT_TRUE(all.ok());
  order.after = (*all)[1].sort_key;
  auto rest = FindTextMatches(*reader_, "托位", any_, order, 1000);
  ASSERT_TRUE(rest.ok());
  EXPECT_EQ(Ids(*rest), (std::vector<std::string>{"c/1", "a/0"}));

  ResolvedFilter district;
  district.district_constrained = true;
  district.district_codes = {"370213"};
  district.year_from = 2024;
  auto narrowed =
      FindTextMatches(*reader_, "婴幼儿托位", district, TextMatchOrder(), 1000);
  ASSERT_TRUE(narrowed.ok());
  EXPECT_TRUE(narrowed->empty());
  district.year_from = 0;
  narrowed =
      FindTextMatches(*reader_, "婴幼儿托位", district, TextMatchOrder(), 1000);
  ASSERT_TRUE(narrowed.ok());
  EXPECT_EQ(Ids(*narrowed), (std::vector<std::string>{"a/0"}));
}

TEST_F(TextSearchTest, ReadsAtMostTheCandidateCap) {
  auto capped = FindTextMatches(*reader_, "托位", any_, TextMatchOrder(), 1);
  ASSERT_TRUE(capped.ok());
  std::set<std::string> reports;
  for (const TextMatch& m : *capped) reports.insert(m.commitment.report_id());
  EXPECT_EQ(reports.size(), 1u);
}

TEST_F(TextSearchTest, RefusesTextsItCannotLookUp) {
  for (const std::string& text :
       {std::string("托"), std::string("a b"), std::string(65 * 3, 'x'),
        std::string("，。")}) {
    SCOPED_TRACE(text);
    EXPECT_EQ(FindTextMatches(*reader_, text, any_, TextMatchOrder(), 1000)
                  .status()
                  .code(),
              absl::StatusCode::kInvalidArgument);
  }
}

}  // namespace
}  // namespace govreport
