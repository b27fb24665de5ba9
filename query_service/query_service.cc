#include "query_service/query_service.h"

#include <vector>

#include "absl/time/clock.h"
#include "server/grpc_status.h"

namespace govreport {
namespace {

// Streams every matching commitment, fetching a page at a time from the
// engine and writing one message at a time: a slow client holds at most a
// page in memory.
class StreamCommitmentsReactor final
    : public grpc::ServerWriteReactor<v1::StreamCommitmentsResponse> {
 public:
  StreamCommitmentsReactor(std::shared_ptr<ReportReader> reader,
                           const QueryEngine& engine,
                           const v1::StreamCommitmentsRequest& request)
      : reader_(std::move(reader)), engine_(engine) {
    *page_request_.mutable_filter() = request.filter();
    remaining_ = request.limit() > 0 ? request.limit() : -1;
    if (request.limit() < 0) {
      Finish(grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                          "limit must not be negative; 0 means all"));
      return;
    }
    WriteNext();
  }

  void OnWriteDone(bool ok) override {
    if (!ok) {
      Finish(grpc::Status(grpc::StatusCode::CANCELLED,
                          "the client stopped reading"));
      return;
    }
    WriteNext();
  }

  void OnDone() override { delete this; }

 private:
  void WriteNext() {
    if (remaining_ == 0) {
      Finish(grpc::Status::OK);
      return;
    }
    while (next_ >= page_.commitments_size()) {
      if (fetched_any_ && page_.next_page_token().empty()) {
        Finish(grpc::Status::OK);
        return;
      }
      page_request_.set_page_token(page_.next_page_token());
      page_request_.set_page_size(1000);
      page_.Clear();
      if (absl::Status listed =
              engine_.ListCommitments(*reader_, page_request_, &page_);
          !listed.ok()) {
        Finish(ToGrpcStatus(listed));
        return;
      }
      next_ = 0;
      fetched_any_ = true;
    }
    response_.mutable_commitment()->Swap(page_.mutable_commitments(next_++));
    if (remaining_ > 0) --remaining_;
    StartWrite(&response_);
  }

  const std::shared_ptr<ReportReader> reader_;
  const QueryEngine& engine_;
  v1::ListCommitmentsRequest page_request_;
  v1::ListCommitmentsResponse page_;
  int next_ = 0;
  bool fetched_any_ = false;
  int64_t remaining_ = -1;
  v1::StreamCommitmentsResponse response_;
};

// A write reactor that only reports an error.
class FailedStreamReactor final
    : public grpc::ServerWriteReactor<v1::StreamCommitmentsResponse> {
 public:
  explicit FailedStreamReactor(const absl::Status& status) {
    Finish(ToGrpcStatus(status));
  }
  void OnDone() override { delete this; }
};

}  // namespace

QueryServiceImpl::QueryServiceImpl(const Follower& follower,
                                   const QueryEngine& engine,
                                   const TokenAuthorizer& authorizer)
    : follower_(follower), engine_(engine), authorizer_(authorizer) {
  SetMessageAllocatorFor_ListCommitments(&list_commitments_allocator_);
}

absl::StatusOr<std::shared_ptr<ReportReader>> QueryServiceImpl::ReaderFor(
    const grpc::CallbackServerContext& context, uint64_t min_sequence) const {
  if (absl::Status allowed = authorizer_.Check(context, Access::kRead);
      !allowed.ok()) {
    return allowed;
  }
  if (min_sequence != 0) {
    absl::Status seen = follower_.WaitForSequence(
        min_sequence, absl::FromChrono(context.deadline()));
    if (!seen.ok()) return seen;
  }
  return follower_.reader();
}

template <typename Request, typename Response>
grpc::ServerUnaryReactor* QueryServiceImpl::Answer(
    grpc::CallbackServerContext* context, const Request& request,
    Response* response,
    absl::StatusOr<Response> (QueryEngine::*call)(const ReportReader&,
                                                  const Request&) const) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  absl::StatusOr<std::shared_ptr<ReportReader>> reader =
      ReaderFor(*context, request.min_sequence_number());
  if (!reader.ok()) {
    reactor->Finish(ToGrpcStatus(reader.status()));
    return reactor;
  }
  absl::StatusOr<Response> result = (engine_.*call)(**reader, request);
  if (result.ok()) *response = *std::move(result);
  reactor->Finish(ToGrpcStatus(result.status()));
  return reactor;
}

grpc::ServerUnaryReactor* QueryServiceImpl::ListCommitments(
    grpc::CallbackServerContext* context,
    const v1::ListCommitmentsRequest* request,
    v1::ListCommitmentsResponse* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  absl::StatusOr<std::shared_ptr<ReportReader>> reader =
      ReaderFor(*context, request->min_sequence_number());
  reactor->Finish(ToGrpcStatus(
      reader.ok() ? engine_.ListCommitments(**reader, *request, response)
                  : reader.status()));
  return reactor;
}

grpc::ServerWriteReactor<v1::StreamCommitmentsResponse>*
QueryServiceImpl::StreamCommitments(
    grpc::CallbackServerContext* context,
    const v1::StreamCommitmentsRequest* request) {
  absl::StatusOr<std::shared_ptr<ReportReader>> reader =
      ReaderFor(*context, request->min_sequence_number());
  if (!reader.ok()) return new FailedStreamReactor(reader.status());
  return new StreamCommitmentsReactor(*std::move(reader), engine_, *request);
}

grpc::ServerUnaryReactor* QueryServiceImpl::GetReport(
    grpc::CallbackServerContext* context, const v1::GetReportRequest* request,
    v1::Report* response) {
  return Answer(context, *request, response, &QueryEngine::GetReport);
}

grpc::ServerUnaryReactor* QueryServiceImpl::ListReports(
    grpc::CallbackServerContext* context,
    const v1::ListReportsRequest* request,
    v1::ListReportsResponse* response) {
  return Answer(context, *request, response, &QueryEngine::ListReports);
}

grpc::ServerUnaryReactor* QueryServiceImpl::ListDistricts(
    grpc::CallbackServerContext* context,
    const v1::ListDistrictsRequest* request,
    v1::ListDistrictsResponse* response) {
  return Answer(context, *request, response, &QueryEngine::ListDistricts);
}

grpc::ServerUnaryReactor* QueryServiceImpl::ListMetrics(
    grpc::CallbackServerContext* context,
    const v1::ListMetricsRequest* request,
    v1::ListMetricsResponse* response) {
  return Answer(context, *request, response, &QueryEngine::ListMetrics);
}

grpc::ServerUnaryReactor* QueryServiceImpl::CompareMetric(
    grpc::CallbackServerContext* context,
    const v1::CompareMetricRequest* request,
    v1::CompareMetricResponse* response) {
  return Answer(context, *request, response, &QueryEngine::CompareMetric);
}

grpc::ServerUnaryReactor* QueryServiceImpl::TrackMetric(
    grpc::CallbackServerContext* context,
    const v1::TrackMetricRequest* request,
    v1::TrackMetricResponse* response) {
  return Answer(context, *request, response, &QueryEngine::TrackMetric);
}

grpc::ServerUnaryReactor* QueryServiceImpl::SummarizeCommitments(
    grpc::CallbackServerContext* context,
    const v1::SummarizeCommitmentsRequest* request,
    v1::SummarizeCommitmentsResponse* response) {
  return Answer(context, *request, response,
                &QueryEngine::SummarizeCommitments);
}

grpc::ServerUnaryReactor* QueryServiceImpl::SearchCommitments(
    grpc::CallbackServerContext* context,
    const v1::SearchCommitmentsRequest* request,
    v1::SearchCommitmentsResponse* response) {
  return Answer(context, *request, response, &QueryEngine::SearchCommitments);
}

}  // namespace govreport
