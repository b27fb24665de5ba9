#include "query_service/query_service.h"

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "server/grpc_status.h"
#include "server/raw_messages.h"

namespace govreport {
namespace {

// Streams every matching commitment, fetching a page at a time from the
// engine and writing one message at a time: a slow client holds at most a
// page in memory.
//
// Created before its reader is known (the call may wait for a sequence
// number); Begin starts it.
class StreamCommitmentsReactor final
    : public grpc::ServerWriteReactor<grpc::ByteBuffer> {
 public:
  // `engine` and `reads` are borrowed and outlive the call.
  StreamCommitmentsReactor(const QueryEngine& engine, ThreadPool& reads,
                           const v1::StreamCommitmentsRequest& request)
      : engine_(engine), reads_(reads) {
    *page_request_.mutable_filter() = request.filter();
    page_request_.set_page_size(kPageSize);
    remaining_ = request.limit() > 0 ? request.limit() : -1;
  }

  // Streams from `reader`, or finishes with its error. Called once.
  void Begin(absl::StatusOr<std::shared_ptr<ReportReader>> reader) {
    if (!reader.ok()) {
      Finish(ToGrpcStatus(reader.status()));
      return;
    }
    reader_ = *std::move(reader);
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
  static constexpr int kPageSize = 1000;

  // Writes the next commitment of the page, or has the next page fetched on
  // the read threads. Runs on the thread of the last write's completion or
  // of the last fetch; no other of the reactor's methods runs meanwhile
  // (one write or one fetch is outstanding at a time), so the members need
  // no lock.
  void WriteNext() {
    if (remaining_ == 0) {
      Finish(grpc::Status::OK);
      return;
    }
    if (next_ >= page_.commitments.size()) {
      if (fetched_any_ && page_.next_page_token.empty()) {
        Finish(grpc::Status::OK);
        return;
      }
      reads_.Submit([this] { FetchPage(); });
      return;
    }
    response_ = ByteBufferOf(
        EncodeStreamCommitmentsResponse(page_.commitments[next_++]));
    if (remaining_ > 0) --remaining_;
    StartWrite(&response_);
  }

  // Reads the page after page_, then writes on (or fetches again, should a
  // page with a next token come back empty).
  void FetchPage() {
    page_request_.set_page_token(page_.next_page_token);
    absl::StatusOr<CommitmentPage> page =
        engine_.ListCommitments(*reader_, page_request_);
    if (!page.ok()) {
      Finish(ToGrpcStatus(page.status()));
      return;
    }
    page_ = *std::move(page);
    next_ = 0;
    fetched_any_ = true;
    WriteNext();
  }

  const QueryEngine& engine_;
  ThreadPool& reads_;
  std::shared_ptr<ReportReader> reader_;
  v1::ListCommitmentsRequest page_request_;
  CommitmentPage page_;
  size_t next_ = 0;
  bool fetched_any_ = false;
  int64_t remaining_ = -1;
  grpc::ByteBuffer response_;
};

// A write reactor that only reports an error.
class FailedStreamReactor final
    : public grpc::ServerWriteReactor<grpc::ByteBuffer> {
 public:
  explicit FailedStreamReactor(const absl::Status& status) {
    Finish(ToGrpcStatus(status));
  }
  void OnDone() override { delete this; }
};

// The response cache's key of a request: its type and every field but the
// sequence number it waits for, which says when to answer, not what.
template <typename Request>
std::string CacheKey(Request request) {
  request.set_min_sequence_number(0);
  std::string key = Request::descriptor()->full_name();
  key.push_back('\0');
  request.AppendToString(&key);
  return key;
}

ResponseCache::Version VersionOf(const ReportReader& reader) {
  return {&reader, reader.SequenceNumber()};
}

}  // namespace

absl::Status QueryServiceOptions::Validate() const {
  if (read_threads < 1 || read_threads > 256) {
    return absl::InvalidArgumentError(absl::StrCat(
        "read_threads: ", read_threads, " is out of range (1 to 256)"));
  }
  return response_cache.Validate();
}

QueryServiceImpl::QueryServiceImpl(const QueryServiceOptions& options,
                                   const Follower& follower,
                                   const QueryEngine& engine,
                                   const TokenAuthorizer& authorizer)
    : follower_(follower),
      engine_(engine),
      authorizer_(authorizer),
      cache_(options.response_cache.capacity_bytes > 0
                 ? std::make_unique<ResponseCache>(options.response_cache)
                 : nullptr),
      reads_(options.read_threads) {}

ResponseCache::Stats QueryServiceImpl::response_cache_stats() const {
  return cache_ != nullptr ? cache_->stats() : ResponseCache::Stats();
}

QueryServiceImpl::ReadStats QueryServiceImpl::read_stats() const {
  return {read_in_memory_.load(), read_handed_over_.load()};
}

std::shared_ptr<const std::string> QueryServiceImpl::CachedAnswer(
    std::string_view key) const {
  if (cache_ == nullptr) return nullptr;
  absl::StatusOr<std::shared_ptr<ReportReader>> reader = follower_.reader();
  if (!reader.ok()) return nullptr;
  return cache_->Lookup(key, VersionOf(**reader));
}

void QueryServiceImpl::WithReader(grpc::CallbackServerContext* context,
                                  uint64_t min_sequence, ReaderUse use) {
  if (absl::Status allowed = authorizer_.Check(*context, Access::kRead);
      !allowed.ok()) {
    use(allowed);
    return;
  }
  WithReaderWhenSeen(context, min_sequence, std::move(use));
}

void QueryServiceImpl::WithReaderWhenSeen(grpc::CallbackServerContext* context,
                                          uint64_t min_sequence,
                                          ReaderUse use) {
  // `seen` runs on this thread, or on the follower's thread after a wait;
  // neither may read.
  auto seen = [this, context, use = std::move(use)](absl::Status waited) {
    reads_.Submit([this, context, use, waited = std::move(waited)] {
      if (!waited.ok()) {
        use(waited);
      } else if (context->IsCancelled()) {
        use(absl::CancelledError(
            "the call was cancelled or its deadline passed before it was "
            "read"));
      } else {
        use(follower_.reader());
      }
    });
  };
  if (min_sequence == 0) {
    seen(absl::OkStatus());
    return;
  }
  follower_.AwaitSequence(
      min_sequence, absl::FromChrono(context->deadline()),
      [context] { return context->IsCancelled(); }, std::move(seen));
}

template <typename Request, typename Response>
grpc::ServerUnaryReactor* QueryServiceImpl::Answer(
    grpc::CallbackServerContext* context, const grpc::ByteBuffer& request,
    grpc::ByteBuffer* response,
    absl::StatusOr<Response> (QueryEngine::*call)(const ReportReader&,
                                                  const Request&) const) {
  return AnswerEncoded<Request>(
      context, request, response,
      [this, call](const ReportReader& reader,
                   const Request& parsed) -> absl::StatusOr<std::string> {
        absl::StatusOr<Response> answer = (engine_.*call)(reader, parsed);
        if (!answer.ok()) return answer.status();
        return answer->SerializeAsString();
      });
}

template <typename Request>
grpc::ServerUnaryReactor* QueryServiceImpl::AnswerEncoded(
    grpc::CallbackServerContext* context, const grpc::ByteBuffer& request,
    grpc::ByteBuffer* response,
    std::function<absl::StatusOr<std::string>(const ReportReader&,
                                              const Request&)>
        encoded_answer) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  auto parsed = std::make_shared<Request>();
  if (absl::Status status = ParseMessage(request, parsed.get()); !status.ok()) {
    reactor->Finish(ToGrpcStatus(status));
    return reactor;
  }
  if (absl::Status allowed = authorizer_.Check(*context, Access::kRead);
      !allowed.ok()) {
    reactor->Finish(ToGrpcStatus(allowed));
    return reactor;
  }
  std::string key;
  if (cache_ != nullptr) {
    key = CacheKey(*parsed);
    // A call that waits for no sequence takes the reader as it is now: if
    // it holds what the answer was read from, that answer is the one.
    if (parsed->min_sequence_number() == 0) {
      if (std::shared_ptr<const std::string> hit = CachedAnswer(key)) {
        *response = ByteBufferOf(std::move(hit));
        reactor->Finish(grpc::Status::OK);
        return reactor;
      }
    }
  }
  if (parsed->min_sequence_number() == 0) {
    // First on this thread, from memory: a hand-over to the read threads
    // and back (futex wakes, context switches) costs more than reads of
    // cached blocks do; without it an uncached CompareMetric takes a fifth
    // less of the server's CPU (docs/BENCHMARKS.md).
    absl::StatusOr<std::shared_ptr<ReportReader>> reader = follower_.reader();
    if (reader.ok()) {
      // Taken before the read: see ResponseCache::Version.
      const ResponseCache::Version version = VersionOf(**reader);
      const ReportReader in_memory = (*reader)->InMemory();
      absl::StatusOr<std::string> read = encoded_answer(in_memory, *parsed);
      if (!in_memory.NeededDisk()) {
        read_in_memory_.fetch_add(1, std::memory_order_relaxed);
        FinishWithRead(reactor, response, std::move(read), key, version);
        return reactor;
      }
    }
  }
  read_handed_over_.fetch_add(1, std::memory_order_relaxed);
  WithReaderWhenSeen(
      context, parsed->min_sequence_number(),
      [this, reactor, parsed, response, key = std::move(key),
       encoded_answer = std::move(encoded_answer)](
          absl::StatusOr<std::shared_ptr<ReportReader>> reader) {
        if (!reader.ok()) {
          reactor->Finish(ToGrpcStatus(reader.status()));
          return;
        }
        const ResponseCache::Version version = VersionOf(**reader);
        // A call that waited may find an answer read since it arrived; one
        // that did not has just looked.
        if (cache_ != nullptr && parsed->min_sequence_number() != 0) {
          if (std::shared_ptr<const std::string> answer =
                  cache_->Lookup(key, version)) {
            *response = ByteBufferOf(std::move(answer));
            reactor->Finish(grpc::Status::OK);
            return;
          }
        }
        FinishWithRead(reactor, response, encoded_answer(**reader, *parsed),
                       key, version);
      });
  return reactor;
}

void QueryServiceImpl::FinishWithRead(grpc::ServerUnaryReactor* reactor,
                                      grpc::ByteBuffer* response,
                                      absl::StatusOr<std::string> read,
                                      const std::string& key,
                                      ResponseCache::Version version) {
  if (!read.ok()) {
    reactor->Finish(ToGrpcStatus(read.status()));
    return;
  }
  auto answer = std::make_shared<const std::string>(*std::move(read));
  if (cache_ != nullptr) cache_->Insert(key, version, answer);
  *response = ByteBufferOf(std::move(answer));
  reactor->Finish(grpc::Status::OK);
}

grpc::ServerUnaryReactor* QueryServiceImpl::ListCommitments(
    grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
    grpc::ByteBuffer* response) {
  return AnswerEncoded<v1::ListCommitmentsRequest>(
      context, *request, response,
      [this](const ReportReader& reader,
             const v1::ListCommitmentsRequest& parsed)
          -> absl::StatusOr<std::string> {
        absl::StatusOr<CommitmentPage> page =
            engine_.ListCommitments(reader, parsed);
        if (!page.ok()) return page.status();
        return EncodeListCommitmentsResponse(*page);
      });
}

grpc::ServerWriteReactor<grpc::ByteBuffer>* QueryServiceImpl::StreamCommitments(
    grpc::CallbackServerContext* context, const grpc::ByteBuffer* request) {
  v1::StreamCommitmentsRequest parsed;
  if (absl::Status status = ParseMessage(*request, &parsed); !status.ok()) {
    return new FailedStreamReactor(status);
  }
  if (parsed.limit() < 0) {
    return new FailedStreamReactor(
        absl::InvalidArgumentError("limit must not be negative; 0 means all"));
  }
  auto* reactor = new StreamCommitmentsReactor(engine_, reads_, parsed);
  WithReader(context, parsed.min_sequence_number(),
             [reactor](absl::StatusOr<std::shared_ptr<ReportReader>> reader) {
               reactor->Begin(std::move(reader));
             });
  return reactor;
}

grpc::ServerUnaryReactor* QueryServiceImpl::GetReport(
    grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
    grpc::ByteBuffer* response) {
  return Answer(context, *request, response, &QueryEngine::GetReport);
}

grpc::ServerUnaryReactor* QueryServiceImpl::ListReports(
    grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
    grpc::ByteBuffer* response) {
  return Answer(context, *request, response, &QueryEngine::ListReports);
}

grpc::ServerUnaryReactor* QueryServiceImpl::ListDistricts(
    grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
    grpc::ByteBuffer* response) {
  return Answer(context, *request, response, &QueryEngine::ListDistricts);
}

grpc::ServerUnaryReactor* QueryServiceImpl::ListMetrics(
    grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
    grpc::ByteBuffer* response) {
  return Answer(context, *request, response, &QueryEngine::ListMetrics);
}

grpc::ServerUnaryReactor* QueryServiceImpl::CompareMetric(
    grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
    grpc::ByteBuffer* response) {
  return AnswerEncoded<v1::CompareMetricRequest>(
      context, *request, response,
      [this](const ReportReader& reader,
             const v1::CompareMetricRequest& parsed) {
        return engine_.EncodedCompareMetric(reader, parsed);
      });
}

grpc::ServerUnaryReactor* QueryServiceImpl::TrackMetric(
    grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
    grpc::ByteBuffer* response) {
  return Answer(context, *request, response, &QueryEngine::TrackMetric);
}

grpc::ServerUnaryReactor* QueryServiceImpl::SummarizeCommitments(
    grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
    grpc::ByteBuffer* response) {
  return Answer(context, *request, response,
                &QueryEngine::SummarizeCommitments);
}

grpc::ServerUnaryReactor* QueryServiceImpl::SearchCommitments(
    grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
    grpc::ByteBuffer* response) {
  return Answer(context, *request, response, &QueryEngine::SearchCommitments);
}

}  // namespace govreport
