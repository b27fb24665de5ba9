#include "query_service/commitment_plan.h"

#include "gtest/gtest.h"
#include "store/keys.h"

namespace govreport {
namespace {

absl::StatusOr<CommitmentPlan> Plan(const v1::CommitmentFilter& filter) {
  return PlanCommitmentQuery(filter, Gazetteer::Default(), FilterLimits());
}

v1::Commitment Licang2024() {
  v1::Commitment c;
  c.mutable_district()->set_code("370213");
  c.mutable_district()->set_name("李沧区");
  c.set_year(2024);
  c.set_kind(v1::KIND_TARGET);
  c.set_domain(v1::DOMAIN_EMPLOYMENT);
  c.set_report_id("r1");
  c.set_sentence("新增城镇就业2.2万人。");
  v1::Quantity* q = c.add_quantities();
  q->set_metric("新增城镇就业");
  q->set_value(22000);
  q->set_unit("人");
  q->set_comparator(v1::COMPARATOR_EXACT);
  return c;
}

TEST(CommitmentPlanTest, DistrictsWinOverMetricAndDomain) {
  v1::CommitmentFilter filter;
  filter.add_districts("李沧");
  filter.add_districts("370202");
  filter.set_metric("新增城镇就业");
  filter.add_domains(v1::DOMAIN_EMPLOYMENT);
  filter.set_year_from(2023);
  filter.set_year_to(2024);
  auto plan = Plan(filter);
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_EQ(plan->index, keys::ColumnFamily::kByDistrict);
  ASSERT_EQ(plan->ranges.size(), 2u);
  EXPECT_EQ(plan->ranges[0].begin.substr(0, 6), "370202");
  EXPECT_EQ(plan->ranges[1].begin.substr(0, 6), "370213");
  EXPECT_LT(plan->ranges[1].begin, plan->ranges[1].end);
}

TEST(CommitmentPlanTest, RangesAnswerTheFilterOnlyWhenNothingIsLeftToCheck) {
  v1::CommitmentFilter district_year;
  district_year.add_districts("李沧");
  district_year.set_year_from(2024);
  district_year.set_year_to(2024);
  EXPECT_TRUE(Plan(district_year)->ranges_answer_filter);
  v1::CommitmentFilter with_kind = district_year;
  with_kind.set_kind(v1::KIND_TARGET);
  EXPECT_FALSE(Plan(with_kind)->ranges_answer_filter);
  v1::CommitmentFilter with_domain = district_year;
  with_domain.add_domains(v1::DOMAIN_EMPLOYMENT);
  EXPECT_FALSE(Plan(with_domain)->ranges_answer_filter);

  v1::CommitmentFilter metric_year;
  metric_year.set_metric("新增城镇就业");
  metric_year.set_year_from(2023);
  EXPECT_TRUE(Plan(metric_year)->ranges_answer_filter);
  v1::CommitmentFilter metric_value = metric_year;
  metric_value.set_min_value(10000);
  EXPECT_FALSE(Plan(metric_value)->ranges_answer_filter);

  v1::CommitmentFilter domains_year;
  domains_year.add_domains(v1::DOMAIN_EMPLOYMENT);
  domains_year.set_year_to(2024);
  EXPECT_TRUE(Plan(domains_year)->ranges_answer_filter);
  v1::CommitmentFilter report;
  report.set_report_id("r1");
  EXPECT_TRUE(Plan(report)->ranges_answer_filter);
  v1::CommitmentFilter report_year = report;
  report_year.set_year_from(2024);
  EXPECT_FALSE(Plan(report_year)->ranges_answer_filter);
  EXPECT_TRUE(Plan(v1::CommitmentFilter())->ranges_answer_filter);
  v1::CommitmentFilter quantified;
  quantified.set_quantified_only(true);
  EXPECT_FALSE(Plan(quantified)->ranges_answer_filter);
  v1::CommitmentFilter text;
  text.set_text_contains("就业");
  EXPECT_FALSE(Plan(text)->ranges_answer_filter);
}

TEST(CommitmentPlanTest, CityExpandsToItsDistricts) {
  v1::CommitmentFilter filter;
  filter.set_city("青岛");
  auto plan = Plan(filter);
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->index, keys::ColumnFamily::kByDistrict);
  EXPECT_GE(plan->ranges.size(), 7u);
  EXPECT_TRUE(MatchesFilter(plan->filter, Licang2024()));
}

TEST(CommitmentPlanTest, MetricThenDomainThenYearsThenEverything) {
  v1::CommitmentFilter metric;
  metric.set_metric("新增城镇就业");
  EXPECT_EQ(Plan(metric)->index, keys::ColumnFamily::kByMetric);

  v1::CommitmentFilter text;
  text.set_text_contains("托位");
  text.add_domains(v1::DOMAIN_CHILDCARE);
  EXPECT_EQ(Plan(text)->index, keys::ColumnFamily::kByBigram);

  v1::CommitmentFilter domain;
  domain.add_domains(v1::DOMAIN_EDUCATION);
  EXPECT_EQ(Plan(domain)->index, keys::ColumnFamily::kByDomain);
  EXPECT_EQ(Plan(domain)->ranges.size(), 1u);

  v1::CommitmentFilter years;
  years.set_year_from(2024);
  auto by_year = Plan(years);
  EXPECT_EQ(by_year->index, keys::ColumnFamily::kByDomain);
  EXPECT_EQ(by_year->ranges.size(), static_cast<size_t>(v1::Domain_MAX + 1));

  auto all = Plan(v1::CommitmentFilter());
  EXPECT_EQ(all->index, keys::ColumnFamily::kCommitments);

  v1::CommitmentFilter report;
  report.set_report_id("r1");
  report.add_districts("李沧");
  EXPECT_EQ(Plan(report)->index, keys::ColumnFamily::kCommitments);
}

TEST(CommitmentPlanTest, YearRangeBoundsTheKeys) {
  ScanRange range =
      YearRange(keys::ColumnFamily::kByDistrict, "370213", 2023, 2024);
  std::string in = "370213";
  keys::AppendBigEndian16(2024, &in);
  std::string after = "370213";
  keys::AppendBigEndian16(2025, &after);
  std::string before = "370213";
  keys::AppendBigEndian16(2022, &before);
  EXPECT_LE(range.begin, in + "x");
  EXPECT_LT(in + "x", range.end);
  EXPECT_GE(after, range.end);
  EXPECT_LT(before + "x", range.begin);
}

TEST(CommitmentPlanTest, MatchesEveryCondition) {
  const v1::Commitment c = Licang2024();
  auto check = [&c](auto mutate) {
    v1::CommitmentFilter filter;
    mutate(&filter);
    auto plan = Plan(filter);
    EXPECT_TRUE(plan.ok()) << plan.status();
    return MatchesFilter(plan->filter, c);
  };
  EXPECT_TRUE(check([](auto* f) { f->add_districts("李沧区"); }));
  EXPECT_FALSE(check([](auto* f) { f->add_districts("市南区"); }));
  EXPECT_TRUE(check([](auto* f) { f->set_province("山东"); }));
  EXPECT_FALSE(check([](auto* f) { f->set_province("四川省"); }));
  EXPECT_FALSE(check([](auto* f) { f->add_domains(v1::DOMAIN_EDUCATION); }));
  EXPECT_TRUE(check([](auto* f) { f->set_metric("新增城镇就业"); }));
  EXPECT_FALSE(check([](auto* f) { f->set_metric("学校"); }));
  EXPECT_FALSE(check([](auto* f) { f->set_year_from(2025); }));
  EXPECT_TRUE(check([](auto* f) { f->set_year_to(2024); }));
  EXPECT_FALSE(check([](auto* f) { f->set_kind(v1::KIND_ACHIEVEMENT); }));
  EXPECT_FALSE(
      check([](auto* f) { f->set_comparator(v1::COMPARATOR_AT_LEAST); }));
  EXPECT_TRUE(check([](auto* f) { f->set_min_value(20000); }));
  EXPECT_FALSE(check([](auto* f) { f->set_max_value(100); }));
  EXPECT_TRUE(check([](auto* f) { f->set_quantified_only(true); }));
  EXPECT_TRUE(check([](auto* f) { f->set_text_contains("城镇就业"); }));
  EXPECT_FALSE(check([](auto* f) { f->set_text_contains("托位"); }));
  EXPECT_FALSE(check([](auto* f) { f->set_report_id("r2"); }));
}

TEST(CommitmentPlanTest, RejectsBadFiltersNamingTheField) {
  auto code_of = [](auto mutate) {
    v1::CommitmentFilter filter;
    mutate(&filter);
    return Plan(filter).status();
  };
  absl::Status unknown = code_of([](auto* f) { f->add_districts("火星区"); });
  EXPECT_EQ(unknown.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(unknown.message().find("districts"), absl::string_view::npos);
  EXPECT_FALSE(code_of([](auto* f) { f->set_city("不存在市"); }).ok());
  EXPECT_FALSE(code_of([](auto* f) { f->set_province("火星省"); }).ok());
  EXPECT_FALSE(code_of([](auto* f) {
                 f->set_year_from(2025);
                 f->set_year_to(2024);
               }).ok());
  EXPECT_FALSE(code_of([](auto* f) { f->set_year_from(99999); }).ok());
  EXPECT_FALSE(code_of([](auto* f) {
                 f->add_domains(static_cast<v1::Domain>(99));
               }).ok());
  EXPECT_FALSE(
      code_of([](auto* f) { f->set_kind(static_cast<v1::Kind>(7)); }).ok());
  EXPECT_FALSE(code_of([](auto* f) {
                 f->set_min_value(5);
                 f->set_max_value(1);
               }).ok());
  absl::Status long_text =
      code_of([](auto* f) { f->set_text_contains(std::string(10000, 'x')); });
  EXPECT_EQ(long_text.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(long_text.message().find("text_contains"), absl::string_view::npos);
  EXPECT_FALSE(code_of([](auto* f) {
                 for (int i = 0; i < 101; ++i) f->add_districts("李沧");
               }).ok());
}

}  // namespace
}  // namespace govreport
