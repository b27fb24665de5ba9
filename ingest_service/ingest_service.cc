#include "ingest_service/ingest_service.h"

#include "server/grpc_status.h"

namespace govreport {
namespace {

absl::Status RequireReport(bool has_report) {
  if (has_report) return absl::OkStatus();
  return absl::InvalidArgumentError("report is required");
}

// Answers one StreamIngest request at a time, in order: read, store,
// answer, then read the next.
class StreamIngestReactor final
    : public grpc::ServerBidiReactor<v1::StreamIngestRequest,
                                     v1::StreamIngestResponse> {
 public:
  explicit StreamIngestReactor(const Ingester& ingester)
      : ingester_(ingester) {
    StartRead(&request_);
  }

  void OnReadDone(bool ok) override {
    if (!ok) {
      // The client half-closed (or the call ended): every report read so
      // far has been answered.
      Finish(grpc::Status::OK);
      return;
    }
    response_.Clear();
    response_.set_index(index_++);
    response_.set_file_name(request_.report().file_name());
    absl::StatusOr<v1::IngestResult> result =
        request_.has_report() ? ingester_.Ingest(request_.report())
                              : absl::StatusOr<v1::IngestResult>(
                                    RequireReport(false));
    if (result.ok()) {
      *response_.mutable_result() = *std::move(result);
    } else {
      response_.mutable_error()->set_code(
          static_cast<int>(result.status().code()));
      response_.mutable_error()->set_message(
          std::string(result.status().message()));
    }
    StartWrite(&response_);
  }

  void OnWriteDone(bool ok) override {
    if (!ok) {
      Finish(grpc::Status(grpc::StatusCode::CANCELLED,
                          "the client went away before its answer"));
      return;
    }
    StartRead(&request_);
  }

  void OnDone() override { delete this; }

 private:
  const Ingester& ingester_;
  v1::StreamIngestRequest request_;
  v1::StreamIngestResponse response_;
  int64_t index_ = 0;
};

}  // namespace

IngestServiceImpl::IngestServiceImpl(const Ingester& ingester)
    : ingester_(ingester) {}

grpc::ServerUnaryReactor* IngestServiceImpl::IngestReport(
    grpc::CallbackServerContext* context,
    const v1::IngestReportRequest* request,
    v1::IngestReportResponse* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  absl::Status status = RequireReport(request->has_report());
  if (status.ok()) {
    absl::StatusOr<v1::IngestResult> result =
        ingester_.Ingest(request->report());
    if (result.ok()) {
      *response->mutable_result() = *std::move(result);
    }
    status = result.status();
  }
  reactor->Finish(ToGrpcStatus(status));
  return reactor;
}

grpc::ServerBidiReactor<v1::StreamIngestRequest, v1::StreamIngestResponse>*
IngestServiceImpl::StreamIngest(grpc::CallbackServerContext* context) {
  return new StreamIngestReactor(ingester_);
}

grpc::ServerUnaryReactor* IngestServiceImpl::DeleteReport(
    grpc::CallbackServerContext* context,
    const v1::DeleteReportRequest* request,
    v1::DeleteReportResponse* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  absl::StatusOr<v1::DeleteReportResponse> result =
      ingester_.Delete(request->report_id());
  if (result.ok()) *response = *std::move(result);
  reactor->Finish(ToGrpcStatus(result.status()));
  return reactor;
}

grpc::ServerUnaryReactor* IngestServiceImpl::Analyze(
    grpc::CallbackServerContext* context, const v1::AnalyzeRequest* request,
    v1::AnalyzeResponse* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  absl::Status status = RequireReport(request->has_report());
  if (status.ok()) {
    absl::StatusOr<v1::AnalyzeResponse> result =
        ingester_.Analyze(request->report());
    if (result.ok()) *response = *std::move(result);
    status = result.status();
  }
  reactor->Finish(ToGrpcStatus(status));
  return reactor;
}

}  // namespace govreport
