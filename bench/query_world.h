#ifndef GOVREPORT_BENCH_QUERY_WORLD_H_
#define GOVREPORT_BENCH_QUERY_WORLD_H_

// What a query service holds, listed once, and the queries drawn from it:
// query_load sends them over gRPC and query_bench asks QueryEngine itself,
// so that both measure the same queries for the same seed.
//
// Example:
//   absl::StatusOr<World> world = DiscoverWorld(list_districts, list_metrics);
//   Random random(1);
//   v1::CompareMetricRequest request = DrawComparison(*world, random, 50);

#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "bench/random.h"
#include "govreport/v1/query.pb.h"

namespace govreport::bench {

// The districts, metrics and years a service holds.
struct World {
  struct District {
    std::string code;
    // The district's known years (never 0).
    std::vector<int> years;
  };
  // Districts of a known code with at least one known year.
  std::vector<District> districts;
  // Metric ids, or phrases for metrics without an id.
  std::vector<std::string> metrics;
  // Metric names as written, the phrases searched for.
  std::vector<std::string> phrases;
  // Every known year of the districts, ascending.
  std::vector<int> years;
};

// One page of ListDistricts or ListMetrics, from a server or an engine.
using ListDistrictsPage =
    std::function<absl::StatusOr<govreport::v1::ListDistrictsResponse>(
        const govreport::v1::ListDistrictsRequest&)>;
using ListMetricsPage =
    std::function<absl::StatusOr<govreport::v1::ListMetricsResponse>(
        const govreport::v1::ListMetricsRequest&)>;

// Lists every county-level district and every metric, page by page.
// FailedPrecondition when no district has a known year or no metric is
// stored; the listing calls' errors as they come.
absl::StatusOr<World> DiscoverWorld(const ListDistrictsPage& list_districts,
                                    const ListMetricsPage& list_metrics);

// The commitments of a district in one of its years.
govreport::v1::ListCommitmentsRequest DrawDistrictPage(const World& world,
                                                       Random& random,
                                                       int page_size);

// The commitments stating a metric in a year.
govreport::v1::ListCommitmentsRequest DrawMetricPage(const World& world,
                                                     Random& random,
                                                     int page_size);

// The top `limit` values of a metric in a year across districts.
govreport::v1::CompareMetricRequest DrawComparison(const World& world,
                                                   Random& random, int limit);

}  // namespace govreport::bench

#endif  // GOVREPORT_BENCH_QUERY_WORLD_H_
