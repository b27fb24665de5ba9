#ifndef GOVREPORT_SERVER_RAW_MESSAGES_H_
#define GOVREPORT_SERVER_RAW_MESSAGES_H_

// Messages of raw gRPC methods (WithRawCallbackMethod_*), which read and
// write grpc::ByteBuffer so that the service, not gRPC, decides what a
// malformed message means and can send bytes it already has. Both services
// serve every method raw, through these helpers.
//
// Example: see TypedUnaryReactor below.

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "google/protobuf/message.h"
#include "grpcpp/support/byte_buffer.h"
#include "grpcpp/support/server_callback.h"
#include "server/grpc_status.h"

namespace govreport {

// Parses `bytes` into `message`. InvalidArgument naming the message type
// when they are not one: a generated method reports that as INTERNAL or
// ends a stream as if the client had closed it.
absl::Status ParseMessage(const grpc::ByteBuffer& bytes,
                          google::protobuf::Message* message);

// A byte buffer that owns `bytes` without copying them.
grpc::ByteBuffer ByteBufferOf(std::string bytes);

// A byte buffer that shares `bytes` (held until gRPC has sent them) without
// copying them.
grpc::ByteBuffer ByteBufferOf(std::shared_ptr<const std::string> bytes);

// The reactor of a raw unary method served as a typed one. It parses the
// request itself, so that bytes that are no `Request` are INVALID_ARGUMENT
// naming the type: a generated unary method answers them UNIMPLEMENTED
// with an empty message, and gRPC has no hook to change that.
//
// Usage, in the raw method:
//   auto* call = new TypedUnaryReactor<Req, Resp>(*request, response);
//   if (!call->parsed()) return call;  // already finished
//   ... later, on any thread: call->Answer(result);
//   return call;
//
// Deletes itself when the call is done. Answer may be called from any
// thread, once.
template <typename Request, typename Response>
class TypedUnaryReactor final : public grpc::ServerUnaryReactor {
 public:
  // `request_bytes` and `response_bytes` are the raw method's;
  // `response_bytes` must stay valid until the call is done (gRPC's do).
  // Empties `request_bytes` once parsed. Finishes the call at once when the
  // request does not parse.
  TypedUnaryReactor(const grpc::ByteBuffer& request_bytes,
                    grpc::ByteBuffer* response_bytes)
      : response_bytes_(response_bytes),
        parsed_(ParseMessage(request_bytes, &request_)) {
    // The bytes are parsed: free them now rather than when the call is
    // done (gRPC owns the buffer, not const, and frees it later). A report
    // may be tens of megabytes.
    const_cast<grpc::ByteBuffer&>(request_bytes).Clear();
    if (!parsed_.ok()) Finish(ToGrpcStatus(parsed_));
  }

  // Whether the request parsed; when not, the call is finished.
  bool parsed() const { return parsed_.ok(); }

  // The parsed request; valid until Answer.
  const Request& request() const { return request_; }

  // Finishes the call: with `result`'s message when OK, else its status.
  // Frees the request first: a report may be tens of megabytes, and the
  // call lives on until the client has the answer.
  void Answer(const absl::StatusOr<Response>& result) {
    request_ = Request();
    if (result.ok()) {
      *response_bytes_ = ByteBufferOf(result->SerializeAsString());
    }
    Finish(ToGrpcStatus(result.status()));
  }

  void OnDone() override { delete this; }

 private:
  grpc::ByteBuffer* const response_bytes_;
  Request request_;  // before parsed_, which fills it
  const absl::Status parsed_;
};

}  // namespace govreport

#endif  // GOVREPORT_SERVER_RAW_MESSAGES_H_
