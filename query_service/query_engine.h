#ifndef GOVREPORT_QUERY_SERVICE_QUERY_ENGINE_H_
#define GOVREPORT_QUERY_SERVICE_QUERY_ENGINE_H_

// The query service's core without gRPC: every QueryService method as a
// typed call on a ReportReader. QueryServiceImpl (query_service.h) calls it
// with the Follower's reader; tests call it directly.
// client → QueryServiceImpl → QueryEngine → ReportReader → RocksDB.
//
// Example:
//   QueryEngine engine(QueryLimits(), Gazetteer::Default());
//   absl::StatusOr<CommitmentPage> page =
//       engine.ListCommitments(**follower->reader(), request);

#include "absl/status/statusor.h"
#include "common/gazetteer.h"
#include "govreport/v1/query.pb.h"
#include "query_service/commitment_page.h"
#include "query_service/commitment_plan.h"
#include "query_service/page_request.h"
#include "query_service/page_token.h"
#include "query_service/row_districts.h"
#include "store/report_reader.h"

namespace govreport {

// Limits of the query engine; defaults are the documented API behaviour.
struct QueryLimits {
  // Page size when a request leaves it 0.
  int default_page_size = 100;
  // Largest page size; larger requests are capped to it.
  int max_page_size = 1000;
  // Most index entries one page may examine before it returns what it has
  // with a token, so that a very selective filter cannot run unbounded.
  int max_examined_per_page = 200000;
  // Filter size limits.
  FilterLimits filter;

  // OK, or InvalidArgument naming the bad field.
  absl::Status Validate() const;
};

// The query service's core, without gRPC: answers each typed request from
// the indexes of a ReportReader (see commitment_plan.h for how an index is
// chosen), with AIP-158 paging through opaque tokens.
//
// Thread-safe. Between calls it keeps only a cache of encoded districts
// (RowDistricts).
class QueryEngine final {
 public:
  // `gazetteer` is borrowed and must outlive the engine. Page tokens are
  // signed with `page_token_key` (replicas behind one address need the
  // same one; a random key serves one process).
  QueryEngine(const QueryLimits& limits, const Gazetteer& gazetteer,
              PageTokenKey page_token_key = PageTokenKey::Random());

  // One page of matching commitments, each as stored. A commitment is
  // parsed only when the plan's ranges do not answer the filter whole.
  // Errors: InvalidArgument for bad filters, page sizes or tokens (the
  // message names the field); DataLoss for a stored commitment that does
  // not parse; the reader's errors.
  absl::StatusOr<CommitmentPage> ListCommitments(
      const ReportReader& reader,
      const govreport::v1::ListCommitmentsRequest& request) const;

  // The report in the requested view. NotFound for an unknown id;
  // InvalidArgument for an empty one or an unknown view.
  absl::StatusOr<govreport::v1::Report> GetReport(
      const ReportReader& reader,
      const govreport::v1::GetReportRequest& request) const;

  // One page of reports (basic view) by district code, year and id.
  // InvalidArgument, naming the field, for unknown or ambiguous districts,
  // too many of them, unknown levels, a bad year range, page size or token;
  // DataLoss for an index key that does not parse; the reader's errors.
  absl::StatusOr<govreport::v1::ListReportsResponse> ListReports(
      const ReportReader& reader,
      const govreport::v1::ListReportsRequest& request) const;

  // One page of the districts of one level that have reports, with their
  // counts and years, optionally within a city or province.
  // InvalidArgument for an unknown level, city or province, page size or
  // token; DataLoss for an index key or tally that does not parse; the
  // reader's errors.
  absl::StatusOr<govreport::v1::ListDistrictsResponse> ListDistricts(
      const ReportReader& reader,
      const govreport::v1::ListDistrictsRequest& request) const;

  // One page of the metrics stored quantities name, with their counts,
  // units and domain, optionally of one domain. InvalidArgument for an
  // unknown domain, page size or token; DataLoss for a metric index entry
  // that does not parse; the reader's errors.
  absl::StatusOr<govreport::v1::ListMetricsResponse> ListMetrics(
      const ReportReader& reader,
      const govreport::v1::ListMetricsRequest& request) const;

  // Rows of one metric across districts, ordered by value. InvalidArgument
  // naming the field for a missing or unknown metric (neither in the
  // catalogue nor stated by a stored commitment; the message suggests close
  // catalogue metrics) or bad filters.
  absl::StatusOr<govreport::v1::CompareMetricResponse> CompareMetric(
      const ReportReader& reader,
      const govreport::v1::CompareMetricRequest& request) const;

  // CompareMetric's response in its wire format, as the service sends it.
  // Rows ranked from the value index are the stored entries behind their
  // encoded district, year, unit and kind, never parsed. Errors as
  // CompareMetric's, and DataLoss for a value index entry of another
  // format (a database of an older version not yet rebuilt by its ingest
  // server).
  absl::StatusOr<std::string> EncodedCompareMetric(
      const ReportReader& reader,
      const govreport::v1::CompareMetricRequest& request) const;

  // Targets next to next year's achievements for one district and metric.
  // InvalidArgument for a missing or unknown district or metric.
  absl::StatusOr<govreport::v1::TrackMetricResponse> TrackMetric(
      const ReportReader& reader,
      const govreport::v1::TrackMetricRequest& request) const;

  // Counts per year by domain and metric. Scans the domain and metric
  // indexes once (keys only). InvalidArgument when more than one scope is
  // given or a name is unknown.
  absl::StatusOr<govreport::v1::SummarizeCommitmentsResponse>
  SummarizeCommitments(
      const ReportReader& reader,
      const govreport::v1::SummarizeCommitmentsRequest& request) const;

  // Commitments whose sentence holds a phrase, from the postings of its
  // rarest bigram. InvalidArgument for a phrase without two consecutive
  // word characters or over 64 characters.
  absl::StatusOr<govreport::v1::SearchCommitmentsResponse> SearchCommitments(
      const ReportReader& reader,
      const govreport::v1::SearchCommitmentsRequest& request) const;

  // The page size a request's page_size stands for; InvalidArgument when
  // negative.
  absl::StatusOr<int> EffectivePageSize(int requested) const;

 private:
  // The page a list request asks for (page_size, page_token), for a plan
  // of `range_count` ranges. InvalidArgument as EffectivePageSize and
  // ReadPageRequest.
  template <typename Request>
  absl::StatusOr<PageRequest> ReadPage(const Request& request,
                                       size_t range_count = 1) const {
    absl::StatusOr<int> size = EffectivePageSize(request.page_size());
    if (!size.ok()) return size.status();
    return ReadPageRequest(*size, request.page_token(),
                           PagedRequestFingerprint(request), page_token_key_,
                           range_count);
  }

  const QueryLimits limits_;
  const Gazetteer& gazetteer_;
  const PageTokenKey page_token_key_;
  const RowDistricts row_districts_;
};

}  // namespace govreport

#endif  // GOVREPORT_QUERY_SERVICE_QUERY_ENGINE_H_
