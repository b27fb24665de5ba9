#ifndef GOVREPORT_SERVER_GRPC_STATUS_H_
#define GOVREPORT_SERVER_GRPC_STATUS_H_

#include "absl/status/status.h"
#include "grpcpp/support/status.h"

namespace govreport {

// Longest message a status carries to the client: messages quote inputs,
// and a 20 KB id quoted whole would exceed a client's metadata limit.
inline constexpr size_t kMaxStatusMessageBytes = 1024;

// The domain of the ErrorInfo every error carries.
inline constexpr char kErrorDomain[] = "govreport.v1";

// How long RetryInfo asks a client to wait before retrying UNAVAILABLE or
// RESOURCE_EXHAUSTED.
inline constexpr int kRetryDelaySeconds = 1;

// The one place an absl::Status becomes a grpc::Status: same canonical
// code, same message, cut to kMaxStatusMessageBytes (at a character
// boundary, saying how much was cut). An error also carries, as its binary
// details (grpc-status-details-bin), a google.rpc.Status with the same code
// and message and:
//  - ErrorInfo: reason the code's name (e.g. "INVALID_ARGUMENT"), domain
//    kErrorDomain, and metadata "field" when a field is named;
//  - BadRequest with one field violation when the message names the field
//    the way this project's messages do, "field.path: what is wrong";
//  - RetryInfo (kRetryDelaySeconds) on UNAVAILABLE and RESOURCE_EXHAUSTED.
grpc::Status ToGrpcStatus(const absl::Status& status);

}  // namespace govreport

#endif  // GOVREPORT_SERVER_GRPC_STATUS_H_
