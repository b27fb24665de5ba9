#ifndef GOVREPORT_SERVER_GRPC_STATUS_H_
#define GOVREPORT_SERVER_GRPC_STATUS_H_

#include "absl/status/status.h"
#include "grpcpp/support/status.h"

namespace govreport {

// Longest message a status carries to the client: messages quote inputs,
// and a 20 KB id quoted whole would exceed a client's metadata limit.
inline constexpr size_t kMaxStatusMessageBytes = 1024;

// The one place an absl::Status becomes a grpc::Status: same canonical
// code, same message, cut to kMaxStatusMessageBytes (at a character
// boundary, saying how much was cut).
grpc::Status ToGrpcStatus(const absl::Status& status);

}  // namespace govreport

#endif  // GOVREPORT_SERVER_GRPC_STATUS_H_
