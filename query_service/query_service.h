#ifndef GOVREPORT_QUERY_SERVICE_QUERY_SERVICE_H_
#define GOVREPORT_QUERY_SERVICE_QUERY_SERVICE_H_

// The query server's gRPC service (govreport.v1.QueryService): authorises
// each call, waits for its min_sequence_number through the Follower, runs
// the QueryEngine and maps the status (server/grpc_status.h).
//
// Example (query_service/main.cc):
//   QueryServiceImpl service(QueryServiceOptions(), *follower, engine,
//                            authorizer);
//   ...  // register it with ServerRunner

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "govreport/v1/query.grpc.pb.h"
#include "grpcpp/support/byte_buffer.h"
#include "query_service/follower.h"
#include "query_service/query_engine.h"
#include "query_service/response_cache.h"
#include "server/auth.h"
#include "server/thread_pool.h"

namespace govreport {

namespace query_service_internal {
using v1::QueryService;
// The query service with every method raw.
using RawService = QueryService::WithRawCallbackMethod_ListCommitments<
    QueryService::WithRawCallbackMethod_StreamCommitments<
        QueryService::WithRawCallbackMethod_GetReport<
            QueryService::WithRawCallbackMethod_ListReports<
                QueryService::WithRawCallbackMethod_ListDistricts<
                    QueryService::WithRawCallbackMethod_ListMetrics<
                        QueryService::WithRawCallbackMethod_CompareMetric<
                            QueryService::WithRawCallbackMethod_TrackMetric<
                                QueryService::
                                    WithRawCallbackMethod_SummarizeCommitments<
                                        QueryService::
                                            WithRawCallbackMethod_SearchCommitments<
                                                QueryService::Service>>>>>>>>>>;
}  // namespace query_service_internal

// How a QueryServiceImpl runs its calls.
struct QueryServiceOptions {
  // Threads that run the reads that miss the block cache, those of calls
  // that waited for a sequence number, and StreamCommitments' pages: a
  // read that needs the disk waits for it here, not on a thread gRPC
  // needs (gRPC's threads answer the calls that read only from memory).
  // 1 to 256.
  int read_threads = 8;

  // The answers of the unary methods kept for repeated queries while the
  // database stays as it was (see ResponseCache); a capacity of 0 keeps
  // none.
  ResponseCacheOptions response_cache;

  // OK, or InvalidArgument naming the field out of range.
  absl::Status Validate() const;
};

// The gRPC edge of the query service (callback API): calls the QueryEngine
// on the follower's reader, and maps the status. gRPC's threads parse and
// authorise a call, and answer it when all it reads is in memory (see
// ReportReader::InMemory); a call that needs the disk is handed to this
// service's pool of read threads, which run the engine and finish the
// call, as are StreamCommitments' pages. A call whose min_sequence_number
// the replica has not seen yet is registered with the Follower first and
// handed over once the sequence arrives (or its deadline passes, or it is
// cancelled): no gRPC thread ever waits on the disk or for a sequence.
//
// Every method is raw: it parses its request itself, so that bytes that are
// no request message are INVALID_ARGUMENT naming its type (see
// ParseMessage). ListCommitments and StreamCommitments answer with the
// stored bytes of the commitments (see CommitmentPage), CompareMetric with
// rows assembled from the value index's stored entries, in the wire format
// of their response messages. Every unary method keeps its answers in a
// ResponseCache: a repeated query that asks for no sequence number is
// answered from it on gRPC's thread, with no hand-over and no read, as long
// as the reader has seen nothing new since the answer was read.
//
// Thread-safe.
class QueryServiceImpl final : public query_service_internal::RawService {
 public:
  // `follower`, `engine` and `authorizer` are borrowed and must outlive the
  // service; `options` must be valid. Every method needs read access.
  QueryServiceImpl(const QueryServiceOptions& options, const Follower& follower,
                   const QueryEngine& engine,
                   const TokenAuthorizer& authorizer);

  // What the response cache has done; all zero when there is none.
  ResponseCache::Stats response_cache_stats() const;

  // Where the unary calls that reached the engine were read.
  struct ReadStats {
    // On gRPC's threads, everything they read in memory.
    uint64_t in_memory = 0;
    // On the read threads: they needed the disk, or waited for a sequence
    // number.
    uint64_t handed_over = 0;
  };
  ReadStats read_stats() const;

  // A ListCommitmentsRequest in, a ListCommitmentsResponse out.
  grpc::ServerUnaryReactor* ListCommitments(
      grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
      grpc::ByteBuffer* response) override;

  // A StreamCommitmentsRequest in, StreamCommitmentsResponses out.
  grpc::ServerWriteReactor<grpc::ByteBuffer>* StreamCommitments(
      grpc::CallbackServerContext* context,
      const grpc::ByteBuffer* request) override;

  // The other methods: their request message in, their response out.
  grpc::ServerUnaryReactor* GetReport(grpc::CallbackServerContext* context,
                                      const grpc::ByteBuffer* request,
                                      grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* ListReports(grpc::CallbackServerContext* context,
                                        const grpc::ByteBuffer* request,
                                        grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* ListDistricts(grpc::CallbackServerContext* context,
                                          const grpc::ByteBuffer* request,
                                          grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* ListMetrics(grpc::CallbackServerContext* context,
                                        const grpc::ByteBuffer* request,
                                        grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* CompareMetric(grpc::CallbackServerContext* context,
                                          const grpc::ByteBuffer* request,
                                          grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* TrackMetric(grpc::CallbackServerContext* context,
                                        const grpc::ByteBuffer* request,
                                        grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* SummarizeCommitments(
      grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
      grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* SearchCommitments(
      grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
      grpc::ByteBuffer* response) override;

 private:
  // What a call does with its reader, or with why it has none
  // (Unauthenticated/PermissionDenied, DeadlineExceeded, Cancelled,
  // OutOfRange, Unavailable).
  using ReaderUse =
      std::function<void(absl::StatusOr<std::shared_ptr<ReportReader>>)>;

  // Runs `use` on reads_ once the caller may read and the reader has seen
  // `min_sequence` (at once on this thread when the caller may not read).
  void WithReader(grpc::CallbackServerContext* context, uint64_t min_sequence,
                  ReaderUse use);

  // WithReader for a caller already allowed to read. A call cancelled while
  // it waited in the queue gets Cancelled instead of a reader: an
  // overloaded server does not read for callers gone.
  void WithReaderWhenSeen(grpc::CallbackServerContext* context,
                          uint64_t min_sequence, ReaderUse use);

  // The answer cache_ holds for `key` at the reader's present state, or
  // nullptr (also when there is no cache or no reader yet).
  std::shared_ptr<const std::string> CachedAnswer(std::string_view key) const;

  // Parses the request, runs `call` on a reader that has seen its
  // min_sequence_number, and finishes the call with the result: the
  // methods whose engine call makes a response message (AnswerEncoded with
  // the message serialized).
  template <typename Request, typename Response>
  grpc::ServerUnaryReactor* Answer(
      grpc::CallbackServerContext* context, const grpc::ByteBuffer& request,
      grpc::ByteBuffer* response,
      absl::StatusOr<Response> (QueryEngine::*call)(const ReportReader&,
                                                    const Request&) const);

  // Parses the request, runs `encoded_answer` (the response in its wire
  // format) on a reader that has seen its min_sequence_number, and finishes
  // the call with the result. Answers go through cache_. A call that waits
  // for no sequence is read on gRPC's thread from memory first
  // (ReportReader::InMemory), and handed to reads_ only when that read
  // needed the disk.
  template <typename Request>
  grpc::ServerUnaryReactor* AnswerEncoded(
      grpc::CallbackServerContext* context, const grpc::ByteBuffer& request,
      grpc::ByteBuffer* response,
      std::function<absl::StatusOr<std::string>(const ReportReader&,
                                                const Request&)>
          encoded_answer);

  // Finishes `reactor` with `read` in `response`, or with its error; keeps
  // an answer in cache_ under `key`, as read at `version`.
  void FinishWithRead(grpc::ServerUnaryReactor* reactor,
                      grpc::ByteBuffer* response,
                      absl::StatusOr<std::string> read, const std::string& key,
                      ResponseCache::Version version);

  const Follower& follower_;
  const QueryEngine& engine_;
  const TokenAuthorizer& authorizer_;
  // Null when the options' capacity is 0.
  const std::unique_ptr<ResponseCache> cache_;
  // Runs the reads of the calls that need the disk or waited, and
  // StreamCommitments' page fetches.
  ThreadPool reads_;

  std::atomic<uint64_t> read_in_memory_{0};
  std::atomic<uint64_t> read_handed_over_{0};
};

}  // namespace govreport

#endif  // GOVREPORT_QUERY_SERVICE_QUERY_SERVICE_H_
