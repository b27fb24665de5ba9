#include "ingest_service/ingest_service.h"

#include <deque>
#include <memory>
#include <string>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "server/grpc_status.h"
#include "server/raw_messages.h"

namespace govreport {
namespace {

absl::Status RequireReport(bool has_report) {
  if (has_report) return absl::OkStatus();
  return absl::InvalidArgumentError("report is required");
}

// `budget`'s refusal of a request of `bytes`, marked as the
// --max_inflight_bytes limit hit.
absl::Status BudgetRefusal(const InflightBudget& budget, int64_t bytes) {
  return WithQuotaFailure(budget.Refusal(bytes),
                          error_reason::kInflightBytesExhausted,
                          "--max_inflight_bytes");
}

// One StreamIngest call, raw: it parses each message itself, so that a
// corrupted one ends the stream with INVALID_ARGUMENT (gRPC would end it as
// if the client had closed it, silently dropping what follows). Reads run
// ahead of the answers by at most the window; each report read waits for
// room in the admission budget (reading no further meanwhile, so a stream
// holds at most one message not admitted), then is ingested on the pool,
// except that reports under one client id run one after the other in
// request order (the later version wins); answers are written in request
// order as the head of the queue completes.
class StreamIngestReactor final
    : public grpc::ServerBidiReactor<grpc::ByteBuffer, grpc::ByteBuffer> {
 public:
  using IngestFunction =
      std::function<absl::StatusOr<v1::IngestResult>(const v1::RawReport&)>;

  // Calls `on_done` once it is done (the service counts open streams).
  StreamIngestReactor(IngestFunction ingest, ThreadPool& workers,
                      InflightBudget& budget, int window,
                      const std::atomic<bool>& shutting_down,
                      std::function<void()> on_done)
      : ingest_(std::move(ingest)),
        workers_(workers),
        budget_(budget),
        window_(window),
        shutting_down_(shutting_down),
        on_done_(std::move(on_done)) {
    absl::MutexLock lock(&mu_);
    reading_ = true;
    StartRead(&request_bytes_);
  }

  void OnReadDone(bool ok) override {
    absl::MutexLock lock(&mu_);
    reading_ = false;
    if (!ok) {
      // Half-close, cancellation or shutdown: answer what was read.
      reads_done_ = true;
      MaybeFinishLocked();
      return;
    }
    auto request = std::make_shared<v1::StreamIngestRequest>();
    const int64_t bytes = static_cast<int64_t>(request_bytes_.Length());
    absl::Status parsed = ParseMessage(request_bytes_, request.get());
    request_bytes_.Clear();
    if (!parsed.ok()) {
      // Nothing after a corrupted message is read: its reports are neither
      // stored nor answered, and the status says where to resend from.
      reads_done_ = true;
      bad_message_ = WithErrorReason(
          absl::InvalidArgumentError(absl::StrCat(
              "message ", next_index_,
              " of the stream (counting from 0) is not a "
              "valid StreamIngestRequest; the ",
              next_index_,
              " reports before it are answered, nothing from it on was read: "
              "send them again")),
          error_reason::kMessageInvalid);
      MaybeFinishLocked();
      return;
    }
    slots_.emplace_back();
    Slot* slot = &slots_.back();
    slot->response.set_index(next_index_++);
    slot->response.set_file_name(request->report().file_name());
    slot->budget_bytes = bytes;
    ++running_;
    switch (budget_.Acquire(bytes, [this, slot, request] {
      absl::MutexLock lock(&mu_);
      waiting_for_budget_ = false;
      Start(slot, request);
      MaybeReadLocked();
    })) {
      case InflightBudget::Admission::kAdmitted:
        Start(slot, std::move(request));
        break;
      case InflightBudget::Admission::kWaiting:
        waiting_for_budget_ = true;
        break;
      case InflightBudget::Admission::kRefused:
        Answer(slot, BudgetRefusal(budget_, bytes));
        --running_;
        MaybeWriteLocked();
        break;
    }
    MaybeReadLocked();
  }

  void OnWriteDone(bool ok) override {
    absl::MutexLock lock(&mu_);
    writing_ = false;
    slots_.pop_front();
    if (!ok) {
      // The client is gone: stop reading, let running reports finish (they
      // are stored; only their answers are lost), then end the call.
      client_gone_ = true;
      reads_done_ = true;
    }
    MaybeWriteLocked();
    MaybeReadLocked();
    MaybeFinishLocked();
  }

  void OnDone() override {
    on_done_();
    delete this;
  }

 private:
  struct Slot {
    v1::StreamIngestResponse response;
    grpc::ByteBuffer bytes;
    // The request's size, admitted in the budget until it is answered.
    int64_t budget_bytes = 0;
    bool done = false;
  };
  using Pending = std::pair<Slot*, std::shared_ptr<v1::StreamIngestRequest>>;

  // Sets `slot`'s answer: an error as a unary call would answer it, its
  // code and message also in the fields older clients read.
  void Answer(Slot* slot, absl::StatusOr<v1::IngestResult> result)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    if (result.ok()) {
      *slot->response.mutable_result() = *std::move(result);
    } else {
      v1::ReportError* error = slot->response.mutable_error();
      *error->mutable_status() = ToRpcStatus(result.status());
      error->set_code(error->status().code());
      error->set_message(error->status().message());
    }
    slot->done = true;
  }

  // Submits an admitted request, or queues it behind the running version
  // of its client id.
  void Start(Slot* slot, std::shared_ptr<v1::StreamIngestRequest> request)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    const std::string& id = request->report().client_id();
    if (id.empty()) {
      Submit(slot, std::move(request));
    } else if (auto busy = waiting_by_id_.find(id);
               busy != waiting_by_id_.end()) {
      busy->second.emplace_back(slot, std::move(request));
    } else {
      waiting_by_id_[id];  // running: later versions queue behind it
      Submit(slot, std::move(request));
    }
  }

  // Ingests `request` on the pool and answers it in `slot`; then starts
  // the next version of the same client id, if one waits.
  void Submit(Slot* slot, std::shared_ptr<v1::StreamIngestRequest> request)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    workers_.Submit([this, slot, bytes = slot->budget_bytes,
                     request = std::move(request)]() mutable {
      absl::StatusOr<v1::IngestResult> result =
          request->has_report()
              ? ingest_(request->report())
              : absl::StatusOr<v1::IngestResult>(RequireReport(false));
      const std::string id = request->report().client_id();
      request.reset();
      // Before taking mu_: the release may admit this stream's next
      // report, whose start takes it.
      budget_.Release(bytes);
      absl::MutexLock lock(&mu_);
      Answer(slot, std::move(result));
      --running_;
      if (!id.empty()) {
        auto waiting = waiting_by_id_.find(id);
        if (waiting->second.empty()) {
          waiting_by_id_.erase(waiting);
        } else {
          Pending next = std::move(waiting->second.front());
          waiting->second.pop_front();
          Submit(next.first, std::move(next.second));
        }
      }
      MaybeWriteLocked();
      MaybeFinishLocked();
    });
  }

  void MaybeReadLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    if (!reads_done_ && shutting_down_) {
      reads_done_ = true;
      stopped_by_shutdown_ = true;
    }
    if (reading_ || reads_done_ || waiting_for_budget_ ||
        static_cast<int>(slots_.size()) >= window_) {
      return;
    }
    reading_ = true;
    StartRead(&request_bytes_);
  }

  void MaybeWriteLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    while (!writing_ && !slots_.empty() && slots_.front().done) {
      if (client_gone_) {
        slots_.pop_front();
        continue;
      }
      writing_ = true;
      Slot& head = slots_.front();
      head.bytes = ByteBufferOf(head.response.SerializeAsString());
      StartWrite(&head.bytes);
    }
  }

  void MaybeFinishLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    if (finished_ || !reads_done_ || reading_ || writing_ || running_ > 0 ||
        !slots_.empty()) {
      return;
    }
    finished_ = true;
    if (client_gone_) {
      Finish(grpc::Status(grpc::StatusCode::CANCELLED,
                          "the client stopped reading answers"));
    } else if (!bad_message_.ok()) {
      Finish(ToGrpcStatus(bad_message_));
    } else if (stopped_by_shutdown_) {
      Finish(ToGrpcStatus(WithErrorReason(
          absl::UnavailableError("the server is shutting down: every answered "
                                 "report is stored; send the rest again"),
          error_reason::kShuttingDown)));
    } else {
      Finish(grpc::Status::OK);
    }
  }

  const IngestFunction ingest_;
  ThreadPool& workers_;
  InflightBudget& budget_;
  const int window_;
  const std::atomic<bool>& shutting_down_;
  const std::function<void()> on_done_;

  absl::Mutex mu_;
  grpc::ByteBuffer request_bytes_ ABSL_GUARDED_BY(mu_);
  // Reports read and not yet answered, in request order.
  std::deque<Slot> slots_ ABSL_GUARDED_BY(mu_);
  // Client ids with a report running, and the later versions waiting for
  // it, in request order.
  absl::flat_hash_map<std::string, std::deque<Pending>> waiting_by_id_
      ABSL_GUARDED_BY(mu_);
  int64_t next_index_ ABSL_GUARDED_BY(mu_) = 0;
  int running_ ABSL_GUARDED_BY(mu_) = 0;
  bool reading_ ABSL_GUARDED_BY(mu_) = false;
  // A report read waits for room in the budget: read no further.
  bool waiting_for_budget_ ABSL_GUARDED_BY(mu_) = false;
  bool writing_ ABSL_GUARDED_BY(mu_) = false;
  bool reads_done_ ABSL_GUARDED_BY(mu_) = false;
  bool client_gone_ ABSL_GUARDED_BY(mu_) = false;
  bool finished_ ABSL_GUARDED_BY(mu_) = false;
  bool stopped_by_shutdown_ ABSL_GUARDED_BY(mu_) = false;
  // Why reading stopped early: a message that did not parse.
  absl::Status bad_message_ ABSL_GUARDED_BY(mu_);
};

// A StreamIngest call refused before it starts.
class RefusedStreamReactor final
    : public grpc::ServerBidiReactor<grpc::ByteBuffer, grpc::ByteBuffer> {
 public:
  explicit RefusedStreamReactor(const absl::Status& status) {
    Finish(ToGrpcStatus(status));
  }
  void OnDone() override { delete this; }
};

// Checks access, admits the request in `budget` (none: not counted), then
// parses it and runs `work` on the pool, and finishes the unary call with
// its result. A request that does not fit in the budget is refused before
// it is parsed, so that it costs no more memory than gRPC's copy.
template <typename Request, typename Response>
grpc::ServerUnaryReactor* RunUnary(
    grpc::CallbackServerContext* context, const grpc::ByteBuffer& request,
    grpc::ByteBuffer* response, ThreadPool& workers,
    const TokenAuthorizer& authorizer, Access access, InflightBudget* budget,
    std::function<absl::StatusOr<Response>(const Request&)> work) {
  absl::Status refused = authorizer.Check(*context, access);
  const int64_t bytes = static_cast<int64_t>(request.Length());
  if (refused.ok() && budget != nullptr && !budget->TryAcquire(bytes)) {
    refused = BudgetRefusal(*budget, bytes);
  }
  if (!refused.ok()) {
    grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
    reactor->Finish(ToGrpcStatus(refused));
    return reactor;
  }
  auto release = [budget, bytes] {
    if (budget != nullptr) budget->Release(bytes);
  };
  auto* call = new TypedUnaryReactor<Request, Response>(request, response);
  if (!call->parsed()) {
    release();
    return call;
  }
  workers.Submit([call, release, work = std::move(work)] {
    call->Answer(work(call->request()));
    release();
  });
  return call;
}

}  // namespace

absl::Status IngestServiceOptions::Validate() const {
  if (stream_window < 1 || stream_window > 1024) {
    return absl::InvalidArgumentError("the stream window must be 1-1024");
  }
  if (max_streams < 1 || max_streams > 10000) {
    return absl::InvalidArgumentError(
        "the most concurrent streams must be 1-10000");
  }
  if (max_inflight_bytes < (int64_t{1} << 20) ||
      max_inflight_bytes > (int64_t{1} << 40)) {
    return absl::InvalidArgumentError(
        "the in-flight bytes budget (--max_inflight_bytes) must be between "
        "1 MiB and 1 TiB");
  }
  return absl::OkStatus();
}

IngestServiceImpl::IngestServiceImpl(const IngestServiceOptions& options,
                                     const Ingester& ingester,
                                     ThreadPool& workers,
                                     const TokenAuthorizer& authorizer,
                                     IngestMetrics& metrics)
    : ingester_(ingester),
      workers_(workers),
      authorizer_(authorizer),
      metrics_(metrics),
      options_(options),
      budget_(options.max_inflight_bytes) {
  metrics_.SetMaxStreams(options.max_streams);
}

void IngestServiceImpl::BeginShutdown() { shutting_down_ = true; }

absl::StatusOr<v1::IngestResult> IngestServiceImpl::IngestCounted(
    const v1::RawReport& raw) const {
  absl::StatusOr<v1::IngestResult> result = ingester_.Ingest(raw);
  if (result.ok()) {
    metrics_.RecordStored(raw, *result);
  } else {
    metrics_.RecordRejected(result.status());
  }
  return result;
}

grpc::ServerUnaryReactor* IngestServiceImpl::IngestReport(
    grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
    grpc::ByteBuffer* response) {
  return RunUnary<v1::IngestReportRequest, v1::IngestReportResponse>(
      context, *request, response, workers_, authorizer_, Access::kWrite,
      &budget_,
      [this](const v1::IngestReportRequest& request)
          -> absl::StatusOr<v1::IngestReportResponse> {
        if (absl::Status s = RequireReport(request.has_report()); !s.ok()) {
          return s;
        }
        absl::StatusOr<v1::IngestResult> result =
            IngestCounted(request.report());
        if (!result.ok()) return result.status();
        v1::IngestReportResponse out;
        *out.mutable_result() = *std::move(result);
        return out;
      });
}

grpc::ServerBidiReactor<grpc::ByteBuffer, grpc::ByteBuffer>*
IngestServiceImpl::StreamIngest(grpc::CallbackServerContext* context) {
  if (absl::Status allowed = authorizer_.Check(*context, Access::kWrite);
      !allowed.ok()) {
    return new RefusedStreamReactor(allowed);
  }
  if (++active_streams_ > options_.max_streams) {
    --active_streams_;
    return new RefusedStreamReactor(WithQuotaFailure(
        absl::ResourceExhaustedError(absl::StrCat(
            "the server is already serving ", options_.max_streams,
            " ingest streams (its --max_streams); retry later or send over a "
            "stream already open")),
        error_reason::kStreamsExhausted, "--max_streams"));
  }
  metrics_.SetOpenStreams(active_streams_.load());
  return new StreamIngestReactor(
      [this](const v1::RawReport& raw) { return IngestCounted(raw); }, workers_,
      budget_, options_.stream_window, shutting_down_,
      [this] { metrics_.SetOpenStreams(--active_streams_); });
}

grpc::ServerUnaryReactor* IngestServiceImpl::DeleteReport(
    grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
    grpc::ByteBuffer* response) {
  return RunUnary<v1::DeleteReportRequest, v1::DeleteReportResponse>(
      context, *request, response, workers_, authorizer_, Access::kWrite,
      /*budget=*/nullptr, [this](const v1::DeleteReportRequest& request) {
        return ingester_.Delete(request.report_id());
      });
}

grpc::ServerUnaryReactor* IngestServiceImpl::Analyze(
    grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
    grpc::ByteBuffer* response) {
  return RunUnary<v1::AnalyzeRequest, v1::AnalyzeResponse>(
      context, *request, response, workers_, authorizer_, Access::kRead,
      &budget_,
      [this](const v1::AnalyzeRequest& request)
          -> absl::StatusOr<v1::AnalyzeResponse> {
        if (absl::Status s = RequireReport(request.has_report()); !s.ok()) {
          return s;
        }
        return ingester_.Analyze(request.report(), request.commitment_offset());
      });
}

}  // namespace govreport
