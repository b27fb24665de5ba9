#ifndef GOVREPORT_SERVER_RAW_MESSAGES_H_
#define GOVREPORT_SERVER_RAW_MESSAGES_H_

#include <string>

#include "absl/status/status.h"
#include "google/protobuf/message.h"
#include "grpcpp/support/byte_buffer.h"

namespace govreport {

// Messages of raw gRPC methods (WithRawCallbackMethod_*), which read and
// write grpc::ByteBuffer so that the service, not gRPC, decides what a
// malformed message means and can send bytes it already has.

// Parses `bytes` into `message`. InvalidArgument naming the message type
// when they are not one: a generated method reports that as INTERNAL or
// ends a stream as if the client had closed it.
absl::Status ParseMessage(const grpc::ByteBuffer& bytes,
                          google::protobuf::Message* message);

// A byte buffer that owns `bytes` without copying them.
grpc::ByteBuffer ByteBufferOf(std::string bytes);

}  // namespace govreport

#endif  // GOVREPORT_SERVER_RAW_MESSAGES_H_
