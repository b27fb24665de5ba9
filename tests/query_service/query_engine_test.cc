#include "query_service/query_engine.h"

#include <algorithm>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <tuple>

#include "gtest/gtest.h"
#include "query_service/commitment_plan.h"
#include "store/keys.h"
#include "store/report_reader.h"
#include "store/report_store.h"
#include "tests/store/raw_db.h"
#include "tests/store/test_db_dir.h"

namespace govreport {
namespace {

const char* const kCodes[] = {"370213", "370202", "510105", "510106"};
const char* const kMetrics[] = {"新增城镇就业", "学校", "婴幼儿托位",
                                "空气优良率"};

// A report of `code` and `year` with `n` commitments spread over domains,
// kinds and metrics, deterministic in `seed`.
Analysis MakeReport(const std::string& id, const std::string& code, int year,
                    int n, unsigned seed) {
  std::mt19937 random(seed);
  Analysis a;
  a.mutable_report()->set_id(id);
  a.mutable_report()->set_content_sha256(id + std::to_string(seed));
  a.mutable_report()->set_year(year);
  a.mutable_report()->mutable_district()->set_code(code);
  a.mutable_report()->set_commitment_count(n);
  for (int i = 0; i < n; ++i) {
    v1::Commitment c;
    c.set_id(id + "/" + std::to_string(i));
    c.set_report_id(id);
    c.set_year(year);
    *c.mutable_district() = a.report().district();
    c.set_domain(static_cast<v1::Domain>(1 + random() % 17));
    c.set_kind(random() % 3 == 0 ? v1::KIND_ACHIEVEMENT : v1::KIND_TARGET);
    c.set_sentence(i % 5 == 0 ? "新增婴幼儿托位若干" : "推进重点工作");
    if (random() % 2 == 0) {
      v1::Quantity* q = c.add_quantities();
      q->set_metric(kMetrics[random() % 4]);
      q->set_value(static_cast<double>(random() % 1000));
      q->set_unit("个");
      q->set_comparator(random() % 2 == 0 ? v1::COMPARATOR_EXACT
                                          : v1::COMPARATOR_AT_LEAST);
    }
    a.mutable_report()->mutable_text()->append(c.sentence() + "。");
    *a.mutable_commitments()->Add() = std::move(c);
  }
  return a;
}

class QueryEngineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ReportStoreOptions options;
    options.path = dir_.Sub("db");
    store_ = *ReportStore::Open(options);
    unsigned seed = 1;
    for (const char* code : kCodes) {
      for (int year = 2022; year <= 2024; ++year) {
        Analysis a = MakeReport(std::string(code) + "-" + std::to_string(year),
                                code, year, 40, seed++);
        all_.insert(all_.end(), a.commitments().begin(), a.commitments().end());
        ASSERT_TRUE(store_->Put(a, "raw", 1).ok());
      }
    }
    reader_ = *ReportReader::Open({dir_.Sub("db"), dir_.Sub("secondary")});
    ASSERT_TRUE(reader_->CatchUp().ok());
  }

  // One page as the service sends it, or the engine's error.
  absl::StatusOr<v1::ListCommitmentsResponse> List(
      const v1::ListCommitmentsRequest& request) const {
    absl::StatusOr<CommitmentPage> page =
        engine_.ListCommitments(*reader_, request);
    if (!page.ok()) return page.status();
    v1::ListCommitmentsResponse response;
    EXPECT_TRUE(response.ParseFromString(EncodeListCommitmentsResponse(*page)));
    return response;
  }

  // Every page of a query; fails the test on an error.
  std::vector<std::string> ListIds(const v1::CommitmentFilter& filter,
                                   int page_size) {
    v1::ListCommitmentsRequest request;
    *request.mutable_filter() = filter;
    request.set_page_size(page_size);
    std::vector<std::string> ids;
    for (int pages = 0; pages < 10000; ++pages) {
      auto response = List(request);
      EXPECT_TRUE(response.ok()) << response.status();
      if (!response.ok()) break;
      EXPECT_LE(response->commitments_size(), page_size == 0 ? 100 : page_size);
      for (const auto& c : response->commitments()) ids.push_back(c.id());
      if (response->next_page_token().empty()) break;
      request.set_page_token(response->next_page_token());
    }
    return ids;
  }

  // What a full scan with MatchesFilter finds.
  std::set<std::string> Expected(const v1::CommitmentFilter& filter) {
    auto plan = PlanCommitmentQuery(filter, Gazetteer::Default(), {});
    EXPECT_TRUE(plan.ok());
    std::set<std::string> ids;
    for (const auto& c : all_) {
      if (MatchesFilter(plan->filter, c)) ids.insert(c.id());
    }
    return ids;
  }

  testing::TestDbDir dir_;
  std::unique_ptr<ReportStore> store_;
  std::unique_ptr<ReportReader> reader_;
  QueryEngine engine_{QueryLimits(), Gazetteer::Default()};
  std::vector<v1::Commitment> all_;
};

TEST_F(QueryEngineTest, EveryIndexAnswersLikeAFullScan) {
  std::vector<v1::CommitmentFilter> filters(8);
  filters[0].add_districts("李沧");
  filters[0].set_year_from(2023);
  filters[1].set_city("成都");
  filters[1].set_kind(v1::KIND_ACHIEVEMENT);
  filters[2].set_metric("学校");
  filters[2].set_year_to(2023);
  filters[3].add_domains(v1::DOMAIN_EDUCATION);
  filters[3].add_domains(v1::DOMAIN_HEALTH);
  filters[4].set_year_from(2024);
  filters[4].set_quantified_only(true);
  filters[5].set_text_contains("托位");
  filters[6].set_metric("婴幼儿托位");
  filters[6].set_min_value(100);
  filters[6].set_max_value(600);
  filters[6].set_comparator(v1::COMPARATOR_AT_LEAST);
  filters[7].set_report_id("510105-2023");
  for (size_t i = 0; i < filters.size(); ++i) {
    std::set<std::string> expected = Expected(filters[i]);
    EXPECT_FALSE(expected.empty()) << "filter " << i << " selects nothing";
    for (int page_size : {0, 1, 7, 1000}) {
      std::vector<std::string> ids = ListIds(filters[i], page_size);
      EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()), expected)
          << "filter " << i << " page size " << page_size;
      EXPECT_EQ(ids.size(), expected.size()) << "duplicates in filter " << i;
    }
  }
}

TEST_F(QueryEngineTest, PagesStayCompleteWhileReportsArrive) {
  v1::CommitmentFilter filter;
  filter.add_districts("370213");
  v1::ListCommitmentsRequest request;
  *request.mutable_filter() = filter;
  request.set_page_size(10);
  std::set<std::string> seen;
  auto first = List(request);
  ASSERT_TRUE(first.ok());
  for (const auto& c : first->commitments()) seen.insert(c.id());
  // A new report of another year lands between pages.
  ASSERT_TRUE(
      store_->Put(MakeReport("late", "370213", 2030, 5, 99), "x", 1).ok());
  ASSERT_TRUE(reader_->CatchUp().ok());
  request.set_page_token(first->next_page_token());
  while (!request.page_token().empty()) {
    auto page = List(request);
    ASSERT_TRUE(page.ok());
    for (const auto& c : page->commitments()) {
      EXPECT_TRUE(seen.insert(c.id()).second) << "duplicate " << c.id();
    }
    request.set_page_token(page->next_page_token());
  }
  std::set<std::string> expected = Expected(filter);
  for (const std::string& id : expected) EXPECT_TRUE(seen.count(id)) << id;
  EXPECT_EQ(seen.size(), expected.size() + 5);
}

TEST_F(QueryEngineTest, PageSizeAndTokenErrors) {
  v1::ListCommitmentsRequest request;
  request.set_page_size(-1);
  EXPECT_EQ(List(request).status().code(), absl::StatusCode::kInvalidArgument);
  request.set_page_size(5000);
  auto capped = List(request);
  ASSERT_TRUE(capped.ok());
  EXPECT_EQ(capped->commitments_size(), 480);

  request.set_page_size(5);
  auto page = List(request);
  ASSERT_TRUE(page.ok());
  request.set_page_token(page->next_page_token());
  request.mutable_filter()->add_districts("李沧");
  EXPECT_EQ(List(request).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(QueryEngineTest, ReportsDistrictsAndMetrics) {
  v1::ListReportsRequest reports;
  reports.add_districts("李沧");
  reports.set_year_from(2023);
  auto listed = engine_.ListReports(*reader_, reports);
  ASSERT_TRUE(listed.ok()) << listed.status();
  ASSERT_EQ(listed->reports_size(), 2);
  EXPECT_TRUE(listed->reports(0).text().empty());
  EXPECT_EQ(listed->reports(0).year(), 2023);

  v1::ListDistrictsRequest districts;
  districts.set_page_size(3);
  auto first = engine_.ListDistricts(*reader_, districts);
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_EQ(first->districts_size(), 3);
  EXPECT_EQ(first->districts(0).district().name(), "市南区");
  EXPECT_EQ(first->districts(0).report_count(), 3);
  EXPECT_EQ(first->districts(0).commitment_count(), 120);
  EXPECT_EQ(first->districts(0).years_size(), 3);
  districts.set_page_token(first->next_page_token());
  auto second = engine_.ListDistricts(*reader_, districts);
  ASSERT_TRUE(second.ok()) << second.status();
  ASSERT_EQ(second->districts_size(), 1);
  EXPECT_EQ(second->districts(0).district().code(), "510106");
  EXPECT_TRUE(second->next_page_token().empty());

  v1::ListMetricsRequest metrics;
  auto listed_metrics = engine_.ListMetrics(*reader_, metrics);
  ASSERT_TRUE(listed_metrics.ok()) << listed_metrics.status();
  EXPECT_EQ(listed_metrics->metrics_size(), 4);
  int64_t quantities = 0;
  for (const auto& m : listed_metrics->metrics()) {
    quantities += m.quantity_count();
    EXPECT_EQ(m.units(0), "个");
    EXPECT_EQ(m.district_count(), 4);
  }
  int64_t expected = 0;
  for (const auto& c : all_) expected += c.quantities_size();
  EXPECT_EQ(quantities, expected);
}

TEST_F(QueryEngineTest, GetReportViews) {
  v1::GetReportRequest request;
  request.set_report_id("370213-2024");
  request.set_view(v1::REPORT_VIEW_FULL);
  auto full = engine_.GetReport(*reader_, request);
  ASSERT_TRUE(full.ok());
  EXPECT_EQ(full->original_content(), "raw");
  request.set_view(v1::REPORT_VIEW_UNSPECIFIED);
  EXPECT_TRUE(engine_.GetReport(*reader_, request)->original_content().empty());
  request.set_report_id("missing");
  EXPECT_EQ(engine_.GetReport(*reader_, request).status().code(),
            absl::StatusCode::kNotFound);
  request.set_report_id("");
  EXPECT_EQ(engine_.GetReport(*reader_, request).status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace govreport

namespace govreport {
namespace {

TEST_F(QueryEngineTest, CompareMetricOrdersEveryValueOfTheYear) {
  v1::CompareMetricRequest request;
  request.set_metric("学校");
  request.set_year_from(2024);
  request.set_year_to(2024);
  request.set_limit(1000);
  auto response = engine_.CompareMetric(*reader_, request);
  ASSERT_TRUE(response.ok()) << response.status();
  int expected = 0;
  for (const auto& c : all_) {
    for (const auto& q : c.quantities()) {
      expected += c.year() == 2024 && q.metric() == "学校";
    }
  }
  ASSERT_EQ(response->rows_size(), expected);
  EXPECT_EQ(response->unit(), "个");
  for (int i = 0; i < response->rows_size(); ++i) {
    const auto& row = response->rows(i);
    EXPECT_EQ(row.year(), 2024);
    EXPECT_FALSE(row.sentence().empty());
    EXPECT_FALSE(row.district().name().empty());
    if (i > 0) {
      EXPECT_GE(response->rows(i - 1).value(), row.value());
    }
  }
  request.set_ascending(true);
  request.set_limit(3);
  request.add_districts("李沧");
  auto ascending = engine_.CompareMetric(*reader_, request);
  ASSERT_TRUE(ascending.ok());
  ASSERT_LE(ascending->rows_size(), 3);
  for (const auto& row : ascending->rows()) {
    EXPECT_EQ(row.district().code(), "370213");
  }
  request.clear_metric();
  EXPECT_EQ(engine_.CompareMetric(*reader_, request).status().code(),
            absl::StatusCode::kInvalidArgument);
}

// CompareMetric over every district reads the value index; over a list of
// districts it scans by_metric. On a generated corpus with ties, several
// units, kinds, levels, years and both names of a catalogue metric, the
// index gives exactly the rows a full scan of the commitments gives.
TEST(CompareMetricIndexTest, GivesExactlyTheRowsOfAFullScan) {
  testing::TestDbDir dir;
  ReportStoreOptions options;
  options.path = dir.Sub("db");
  auto store = *ReportStore::Open(options);
  const char* const codes[] = {"370213", "370202", "510105", "370200",
                               "000000"};
  const char* const units[] = {"人", "人", "人", "%", "个"};
  std::mt19937 random(7);
  std::vector<v1::Commitment> all;
  int serial = 0;
  for (const char* code : codes) {
    for (int year = 2021; year <= 2024; ++year) {
      for (int version = 0; version < 2; ++version) {
        Analysis a;
        const std::string id = std::string(code) + "-" + std::to_string(year);
        a.mutable_report()->set_id(id);
        a.mutable_report()->set_content_sha256(std::to_string(serial++));
        a.mutable_report()->set_year(year);
        a.mutable_report()->mutable_district()->set_code(code);
        for (int i = 0; i < 30; ++i) {
          v1::Commitment c;
          c.set_id(id + "/" + std::to_string(i));
          c.set_report_id(id);
          c.set_year(year);
          *c.mutable_district() = a.report().district();
          c.set_kind(static_cast<v1::Kind>(random() % 3));
          c.set_sentence("句" + std::to_string(i));
          for (int n = random() % 3; n > 0; --n) {
            v1::Quantity* q = c.add_quantities();
            q->set_metric("新增城镇就业");
            if (random() % 2 == 0) q->set_metric_id("urban_new_jobs");
            // Few values: many ties, some negative, -0 and 0 alike.
            q->set_value(static_cast<double>(random() % 7) - 2);
            if (random() % 10 == 0) q->set_value(-0.0);
            q->set_unit(units[random() % 5]);
            q->set_raw(std::to_string(i));
          }
          *a.mutable_commitments()->Add() = std::move(c);
        }
        a.mutable_report()->set_commitment_count(30);
        // The second version replaces the first: the index must forget it.
        ASSERT_TRUE(store->Put(a, "raw", 1).ok());
        if (version == 1)
          all.insert(all.end(), a.commitments().begin(), a.commitments().end());
      }
    }
  }
  ASSERT_TRUE(store->Delete("510105-2022").ok());
  all.erase(std::remove_if(all.begin(), all.end(),
                           [](const v1::Commitment& c) {
                             return c.report_id() == "510105-2022";
                           }),
            all.end());
  auto reader = *ReportReader::Open({dir.Sub("db"), dir.Sub("secondary")});
  ASSERT_TRUE(reader->CatchUp().ok());
  QueryEngine engine{QueryLimits(), Gazetteer::Default()};

  // The oracle: every quantity of the request, unit chosen as the most
  // common (first in byte order among ties), stable-sorted by value from
  // the order by_metric lists them in (index name, year, code, commitment
  // key, quantity).
  auto expected = [&](const v1::CompareMetricRequest& request) {
    const std::vector<std::string> names = MetricIndexNames(request.metric());
    struct Row {
      size_t name;
      int year;
      std::string code;
      std::string key;
      int quantity;
      v1::MetricValueRow row;
    };
    std::vector<Row> rows;
    std::map<std::string, int> unit_counts;
    for (const v1::Commitment& c : all) {
      const std::string code(keys::DistrictKeyCode(c.district()));
      if (Gazetteer::LevelOfCode(code) != request.level()) continue;
      if (request.year_from() != 0 && c.year() < request.year_from()) continue;
      if (request.year_to() != 0 && c.year() > request.year_to()) continue;
      if (request.kind() != v1::KIND_UNSPECIFIED && c.kind() != request.kind())
        continue;
      const auto slash = c.id().rfind('/');
      const std::string key = keys::CommitmentKey(
          c.report_id(), std::stoi(c.id().substr(slash + 1)));
      for (int i = 0; i < c.quantities_size(); ++i) {
        const v1::Quantity& q = c.quantities(i);
        auto name =
            std::find(names.begin(), names.end(), keys::MetricIndexName(q));
        if (name == names.end()) continue;
        ++unit_counts[q.unit()];
        Row r{static_cast<size_t>(name - names.begin()),
              c.year(),
              code,
              key,
              i,
              {}};
        if (std::optional<v1::District> d =
                Gazetteer::Default().FindAnyByCode(code)) {
          *r.row.mutable_district() = *std::move(d);
        }
        r.row.set_year(c.year());
        r.row.set_value(q.value());
        r.row.set_unit(q.unit());
        r.row.set_kind(c.kind());
        r.row.set_commitment_id(c.id());
        r.row.set_sentence(c.sentence());
        r.row.set_raw(q.raw());
        rows.push_back(std::move(r));
      }
    }
    std::string unit = request.unit();
    int best = -1;
    for (const auto& [u, n] : unit_counts) {
      if (request.unit().empty() && n > best) unit = u, best = n;
    }
    std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
      return std::tie(a.name, a.year, a.code, a.key, a.quantity) <
             std::tie(b.name, b.year, b.code, b.key, b.quantity);
    });
    std::stable_sort(rows.begin(), rows.end(), [&](const Row& a, const Row& b) {
      return request.ascending() ? a.row.value() < b.row.value()
                                 : a.row.value() > b.row.value();
    });
    std::vector<v1::MetricValueRow> out;
    for (const Row& r : rows) {
      if (r.row.unit() == unit) out.push_back(r.row);
    }
    if (out.size() > static_cast<size_t>(request.limit())) {
      out.resize(request.limit());
    }
    return std::make_pair(unit, out);
  };

  int checked = 0;
  for (const char* metric : {"新增城镇就业", "urban_new_jobs", "新增就业"}) {
    for (auto [from, to] : {std::pair{2023, 2023}, std::pair{0, 0},
                            std::pair{2022, 2024}, std::pair{2025, 0}}) {
      for (int variant = 0; variant < 30; ++variant) {
        v1::CompareMetricRequest request;
        request.set_metric(metric);
        request.set_year_from(from);
        request.set_year_to(to);
        request.set_ascending(variant % 2 == 1);
        request.set_limit((variant / 2) % 3 == 0   ? 1
                          : (variant / 2) % 3 == 1 ? 3
                                                   : 1000);
        switch (variant / 6) {
          case 1:
            request.set_kind(v1::KIND_TARGET);
            break;
          case 2:
            request.set_unit("%");
            break;
          case 3:
            request.set_kind(v1::KIND_ACHIEVEMENT);
            request.set_unit("人");
            break;
          case 4:
            request.set_level(v1::REPORT_LEVEL_CITY);
            break;
        }
        SCOPED_TRACE(request.ShortDebugString());
        auto response = engine.CompareMetric(*reader, request);
        ASSERT_TRUE(response.ok()) << response.status();
        auto [unit, rows] = expected(request);
        EXPECT_EQ(response->unit(), unit);
        ASSERT_EQ(response->rows_size(), static_cast<int>(rows.size()));
        for (size_t i = 0; i < rows.size(); ++i) {
          const v1::MetricValueRow& got = response->rows(static_cast<int>(i));
          EXPECT_EQ(got.commitment_id(), rows[i].commitment_id()) << i;
          EXPECT_EQ(got.district().SerializeAsString(),
                    rows[i].district().SerializeAsString())
              << i;
          EXPECT_EQ(got.value(), rows[i].value()) << i;
          EXPECT_EQ(got.year(), rows[i].year()) << i;
          EXPECT_EQ(got.kind(), rows[i].kind()) << i;
          EXPECT_EQ(got.raw(), rows[i].raw()) << i;
          EXPECT_EQ(got.sentence(), rows[i].sentence()) << i;
          EXPECT_EQ(got.unit(), unit) << i;
        }
        checked += static_cast<int>(rows.size());
      }
    }
  }
  EXPECT_GT(checked, 1000);
}

// Value index entries numbered as before this version (value 1 ...
// commitment_id 6), in a database its ingest server has not rebuilt, are
// refused with DataLoss rather than sent as rows that do not parse.
TEST_F(QueryEngineTest, ValueIndexEntriesOfAnotherFormatAreDataLoss) {
  v1::CompareMetricRequest compare;
  compare.set_metric("学校");
  auto before = engine_.CompareMetric(*reader_, compare);
  ASSERT_TRUE(before.ok()) << before.status();
  ASSERT_GT(before->rows_size(), 0);
  reader_.reset();
  store_.reset();
  {
    std::unique_ptr<store_internal::OpenDb> opened =
        testing::OpenRawDb(dir_.Sub("db"));
    ASSERT_NE(opened, nullptr);
    store_internal::OpenDb& db = *opened;
    // value 1.0 as field 1, as the previous format wrote it
    EXPECT_GT(
        testing::RewriteValues(db, keys::ColumnFamily::kByMetricValue,
                               keys::MetricPrefix("学校"),
                               std::string("\x09\0\0\0\0\0\0\xf0\x3f", 9)),
        0);
  }
  reader_ = *ReportReader::Open({dir_.Sub("db"), dir_.Sub("secondary2")});
  ASSERT_TRUE(reader_->CatchUp().ok());
  absl::Status refused = engine_.CompareMetric(*reader_, compare).status();
  EXPECT_EQ(refused.code(), absl::StatusCode::kDataLoss) << refused;
  EXPECT_NE(refused.message().find("rebuilds the metric indexes"),
            std::string::npos)
      << refused;
}

TEST_F(QueryEngineTest, UnknownMetricsAreInvalidWithCloseMatches) {
  v1::CompareMetricRequest compare;
  compare.set_metric("urban_new_job");
  absl::Status unknown = engine_.CompareMetric(*reader_, compare).status();
  EXPECT_EQ(unknown.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(unknown.message().find("metric: unknown metric"), std::string::npos)
      << unknown;
  EXPECT_NE(unknown.message().find("urban_new_jobs"), std::string::npos)
      << unknown;
  v1::TrackMetricRequest track;
  track.set_district("李沧");
  track.set_metric("no such metric");
  EXPECT_EQ(engine_.TrackMetric(*reader_, track).status().code(),
            absl::StatusCode::kInvalidArgument);
  // A catalogue id without values, and a catalogue phrase, are known.
  compare.set_metric("urban_new_jobs");
  EXPECT_TRUE(engine_.CompareMetric(*reader_, compare).ok());
  compare.set_metric("学校");
  EXPECT_TRUE(engine_.CompareMetric(*reader_, compare).ok());
}

TEST_F(QueryEngineTest, TrackMetricPairsTargetsWithNextYearsAchievements) {
  v1::TrackMetricRequest request;
  request.set_district("李沧");
  request.set_metric("学校");
  auto response = engine_.TrackMetric(*reader_, request);
  ASSERT_TRUE(response.ok()) << response.status();
  std::map<int, int> targets, achievements;
  for (const auto& c : all_) {
    if (c.district().code() != "370213") continue;
    for (const auto& q : c.quantities()) {
      if (q.metric() != "学校") continue;
      if (c.kind() == v1::KIND_TARGET) ++targets[c.year()];
      if (c.kind() == v1::KIND_ACHIEVEMENT) ++achievements[c.year() - 1];
    }
  }
  for (const auto& point : response->points()) {
    EXPECT_EQ(point.targets_size(), targets[point.year()]) << point.year();
    EXPECT_EQ(point.achievements_size(), achievements[point.year()])
        << point.year();
    for (const auto& a : point.achievements()) {
      EXPECT_EQ(a.year(), point.year() + 1);
      EXPECT_EQ(a.kind(), v1::KIND_ACHIEVEMENT);
    }
    EXPECT_EQ(point.has_ratio(), !point.targets().empty() &&
                                     !point.achievements().empty() &&
                                     point.targets(0).value() != 0);
    if (point.has_ratio()) {
      EXPECT_DOUBLE_EQ(point.ratio(), point.achievements(0).value() /
                                          point.targets(0).value());
    }
  }
  request.set_district("火星区");
  EXPECT_EQ(engine_.TrackMetric(*reader_, request).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(QueryEngineTest, SummariesCountEveryCommitmentOfTheScope) {
  v1::SummarizeCommitmentsRequest request;
  request.set_province("山东");
  auto response = engine_.SummarizeCommitments(*reader_, request);
  ASSERT_TRUE(response.ok()) << response.status();
  ASSERT_EQ(response->years_size(), 3);
  for (const auto& year : response->years()) {
    EXPECT_EQ(year.report_count(), 2);
    EXPECT_EQ(year.commitment_count(), 80);
    int64_t by_domain = 0;
    for (const auto& c : year.by_domain()) by_domain += c.count();
    EXPECT_EQ(by_domain, 80);
    int64_t quantified = 0;
    for (const auto& c : all_) {
      quantified += c.year() == year.year() &&
                    c.district().code().rfind("37", 0) == 0 &&
                    !c.quantities().empty();
    }
    EXPECT_EQ(year.quantified_count(), quantified);
  }
  request.set_city("青岛");
  EXPECT_EQ(engine_.SummarizeCommitments(*reader_, request).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(QueryEngineTest, SearchFindsThePhraseNewestFirstAcrossPages) {
  v1::SearchCommitmentsRequest request;
  request.set_text("托位");
  request.set_page_size(7);
  std::vector<v1::SearchHit> hits;
  while (true) {
    auto page = engine_.SearchCommitments(*reader_, request);
    ASSERT_TRUE(page.ok()) << page.status();
    hits.insert(hits.end(), page->hits().begin(), page->hits().end());
    if (page->next_page_token().empty()) break;
    request.set_page_token(page->next_page_token());
  }
  int expected = 0;
  for (const auto& c : all_) {
    expected += c.sentence().find("托位") != std::string::npos;
  }
  ASSERT_EQ(static_cast<int>(hits.size()), expected);
  for (size_t i = 0; i < hits.size(); ++i) {
    ASSERT_FALSE(hits[i].match_offsets().empty());
    EXPECT_EQ(
        hits[i].commitment().sentence().substr(hits[i].match_offsets(0), 6),
        "托位");
    if (i > 0) {
      EXPECT_GE(hits[i - 1].commitment().year(), hits[i].commitment().year());
    }
  }
  v1::SearchCommitmentsRequest single;
  single.set_text("托");
  EXPECT_EQ(engine_.SearchCommitments(*reader_, single).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(QueryEngineTest, SearchSkipsReplacedAndDeletedReports) {
  auto count_hits = [this](const std::string& text) {
    v1::SearchCommitmentsRequest request;
    request.set_text(text);
    request.set_page_size(1000);
    EXPECT_TRUE(reader_->CatchUp().ok());
    auto page = engine_.SearchCommitments(*reader_, request);
    EXPECT_TRUE(page.ok()) << page.status();
    std::set<std::string> reports;
    for (const v1::SearchHit& hit : page->hits()) {
      EXPECT_TRUE(reports.insert(hit.commitment().id()).second)
          << "listed twice: " << hit.commitment().id();
    }
    return page->hits_size();
  };
  const int before = count_hits("托位");
  ASSERT_GT(before, 0);
  // 370213-2024 again, without the phrase: its old postings stay behind
  // and must not bring back its old sentences, nor list the new ones twice.
  Analysis replaced = MakeReport("370213-2024", "370213", 2024, 40, 99);
  int lost = 0;
  for (const v1::Commitment& c : all_) {
    lost += c.report_id() == "370213-2024" &&
            c.sentence().find("托位") != std::string::npos;
  }
  for (v1::Commitment& c : *replaced.mutable_commitments())
    c.set_sentence("推进重点工作");
  replaced.mutable_report()->set_text("推进重点工作。");
  ASSERT_TRUE(store_->Put(replaced, "raw", 2).ok());
  EXPECT_EQ(count_hits("托位"), before - lost);
  EXPECT_EQ(count_hits("重点工作"), count_hits("推进重点"));

  ASSERT_TRUE(store_->Delete("370202-2023").ok());
  int deleted = 0;
  for (const v1::Commitment& c : all_) {
    deleted += c.report_id() == "370202-2023" &&
               c.sentence().find("托位") != std::string::npos;
  }
  ASSERT_GT(deleted, 0);
  EXPECT_EQ(count_hits("托位"), before - lost - deleted);
}

}  // namespace
}  // namespace govreport

namespace govreport {
namespace {

// A city's and a province's own reports are stored under their own codes
// (370200, 510000): a city or province filter finds them beside its
// counties' unless `levels` leaves them out, and the county views
// (ListDistricts, CompareMetric) never mix them in.
TEST_F(QueryEngineTest, CityAndProvinceReportsKeepToTheirLevel) {
  unsigned seed = 100;
  for (const auto& [code, level] :
       {std::pair{"370200", v1::REPORT_LEVEL_CITY},
        std::pair{"510000", v1::REPORT_LEVEL_PROVINCE}}) {
    Analysis a =
        MakeReport(std::string(code) + "-2024", code, 2024, 30, seed++);
    a.mutable_report()->set_level(level);
    for (v1::Commitment& c : *a.mutable_commitments()) c.set_level(level);
    all_.insert(all_.end(), a.commitments().begin(), a.commitments().end());
    ASSERT_TRUE(store_->Put(a, "raw", 1).ok());
  }
  ASSERT_TRUE(reader_->CatchUp().ok());

  auto count_of = [](const std::vector<std::string>& ids,
                     const std::string& report) {
    return std::count_if(ids.begin(), ids.end(), [&](const std::string& id) {
      return id.rfind(report + "/", 0) == 0;
    });
  };
  v1::CommitmentFilter city;
  city.set_city("青岛");
  std::vector<v1::CommitmentFilter> filters(5, city);
  filters[1].add_levels(v1::REPORT_LEVEL_COUNTY);
  filters[2].add_levels(v1::REPORT_LEVEL_CITY);
  filters[3].Clear();
  filters[3].add_levels(v1::REPORT_LEVEL_PROVINCE);
  filters[4].Clear();
  filters[4].set_province("四川");
  filters[4].add_levels(v1::REPORT_LEVEL_PROVINCE);
  filters[4].add_levels(v1::REPORT_LEVEL_CITY);
  const long kCity[] = {30, 0, 30, 0, 0};
  const long kProvince[] = {0, 0, 0, 30, 30};
  for (size_t i = 0; i < filters.size(); ++i) {
    SCOPED_TRACE(filters[i].DebugString());
    std::vector<std::string> ids = ListIds(filters[i], 7);
    std::set<std::string> expected = Expected(filters[i]);
    EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()), expected);
    EXPECT_EQ(count_of(ids, "370200-2024"), kCity[i]);
    EXPECT_EQ(count_of(ids, "510000-2024"), kProvince[i]);
    // Counties' commitments only where the county level is allowed.
    EXPECT_EQ(count_of(ids, "370213-2024") > 0, i <= 1);
  }
  filters[0].add_levels(static_cast<v1::ReportLevel>(7));
  v1::ListCommitmentsRequest bad;
  *bad.mutable_filter() = filters[0];
  EXPECT_EQ(List(bad).status().code(), absl::StatusCode::kInvalidArgument);

  // Districts list one level at a time.
  v1::ListDistrictsRequest districts;
  auto counties = engine_.ListDistricts(*reader_, districts);
  ASSERT_TRUE(counties.ok()) << counties.status();
  EXPECT_EQ(counties->districts_size(), 4);
  districts.set_level(v1::REPORT_LEVEL_CITY);
  auto cities = engine_.ListDistricts(*reader_, districts);
  ASSERT_TRUE(cities.ok()) << cities.status();
  ASSERT_EQ(cities->districts_size(), 1);
  EXPECT_EQ(cities->districts(0).district().code(), "370200");
  EXPECT_EQ(cities->districts(0).district().city(), "青岛市");
  EXPECT_TRUE(cities->districts(0).district().name().empty());
  EXPECT_EQ(cities->districts(0).level(), v1::REPORT_LEVEL_CITY);
  districts.set_level(v1::REPORT_LEVEL_PROVINCE);
  auto provinces = engine_.ListDistricts(*reader_, districts);
  ASSERT_TRUE(provinces.ok());
  ASSERT_EQ(provinces->districts_size(), 1);
  EXPECT_EQ(provinces->districts(0).district().province(), "四川省");

  // Comparisons rank like with like.
  v1::CompareMetricRequest compare;
  compare.set_metric("学校");
  compare.set_year_from(2024);
  compare.set_limit(1000);
  auto county_rows = engine_.CompareMetric(*reader_, compare);
  ASSERT_TRUE(county_rows.ok()) << county_rows.status();
  EXPECT_GT(county_rows->rows_size(), 0);
  for (const auto& row : county_rows->rows()) {
    EXPECT_EQ(Gazetteer::LevelOfCode(row.district().code()),
              v1::REPORT_LEVEL_COUNTY);
  }
  compare.set_level(v1::REPORT_LEVEL_CITY);
  auto city_rows = engine_.CompareMetric(*reader_, compare);
  ASSERT_TRUE(city_rows.ok()) << city_rows.status();
  for (const auto& row : city_rows->rows()) {
    EXPECT_EQ(row.district().code(), "370200");
    EXPECT_EQ(row.district().city(), "青岛市");
  }

  // Summaries of a city count its own report unless levels say otherwise.
  v1::SummarizeCommitmentsRequest summary;
  summary.set_city("青岛");
  summary.set_year_from(2024);
  auto all_levels = engine_.SummarizeCommitments(*reader_, summary);
  ASSERT_TRUE(all_levels.ok()) << all_levels.status();
  ASSERT_EQ(all_levels->years_size(), 1);
  EXPECT_EQ(all_levels->years(0).report_count(), 3);
  summary.add_levels(v1::REPORT_LEVEL_COUNTY);
  auto county_only = engine_.SummarizeCommitments(*reader_, summary);
  ASSERT_TRUE(county_only.ok());
  EXPECT_EQ(county_only->years(0).report_count(), 2);
}

}  // namespace
}  // namespace govreport
