#include "bench/query_world.h"

#include <set>
#include <utility>

#include "absl/status/status.h"
#include "store/keys.h"

namespace govreport::bench {
namespace {

void SetYear(int year, v1::CommitmentFilter& filter) {
  filter.set_year_from(year);
  filter.set_year_to(year);
}

}  // namespace

absl::StatusOr<World> DiscoverWorld(const ListDistrictsPage& list_districts,
                                    const ListMetricsPage& list_metrics) {
  World world;
  std::set<int> years;
  v1::ListDistrictsRequest districts;
  districts.set_page_size(1000);
  do {
    absl::StatusOr<v1::ListDistrictsResponse> page = list_districts(districts);
    if (!page.ok()) return page.status();
    for (const v1::DistrictSummary& d : page->districts()) {
      // Reports of unknown district or year are listed, but no filter
      // names them.
      if (d.district().code() == keys::kUnknownDistrictCode) continue;
      World::District district{d.district().code(), {}};
      for (int year : d.years()) {
        if (year != 0) district.years.push_back(year);
      }
      if (district.years.empty()) continue;
      years.insert(district.years.begin(), district.years.end());
      world.districts.push_back(std::move(district));
    }
    districts.set_page_token(page->next_page_token());
  } while (!districts.page_token().empty());
  v1::ListMetricsRequest metrics;
  metrics.set_page_size(1000);
  do {
    absl::StatusOr<v1::ListMetricsResponse> page = list_metrics(metrics);
    if (!page.ok()) return page.status();
    for (const v1::MetricSummary& m : page->metrics()) {
      world.metrics.push_back(m.metric_id().empty() ? m.name() : m.metric_id());
      world.phrases.push_back(m.name());
    }
    metrics.set_page_token(page->next_page_token());
  } while (!metrics.page_token().empty());
  world.years.assign(years.begin(), years.end());
  if (world.districts.empty() || world.metrics.empty()) {
    return absl::FailedPreconditionError(
        "the service holds no district with a known year, or no metric");
  }
  return world;
}

v1::ListCommitmentsRequest DrawDistrictPage(const World& world, Random& random,
                                            int page_size) {
  const World::District& district = random.Pick(world.districts);
  v1::ListCommitmentsRequest request;
  request.mutable_filter()->add_districts(district.code);
  SetYear(random.Pick(district.years), *request.mutable_filter());
  request.set_page_size(page_size);
  return request;
}

v1::ListCommitmentsRequest DrawMetricPage(const World& world, Random& random,
                                          int page_size) {
  v1::ListCommitmentsRequest request;
  request.mutable_filter()->set_metric(random.Pick(world.metrics));
  SetYear(random.Pick(world.years), *request.mutable_filter());
  request.set_page_size(page_size);
  return request;
}

v1::CompareMetricRequest DrawComparison(const World& world, Random& random,
                                        int limit) {
  v1::CompareMetricRequest request;
  request.set_metric(random.Pick(world.metrics));
  const int year = random.Pick(world.years);
  request.set_year_from(year);
  request.set_year_to(year);
  request.set_limit(limit);
  return request;
}

}  // namespace govreport::bench
