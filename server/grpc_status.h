#ifndef GOVREPORT_SERVER_GRPC_STATUS_H_
#define GOVREPORT_SERVER_GRPC_STATUS_H_

// The service edge's one conversion from absl::Status to the grpc::Status a
// client sees, with google.rpc error details (ErrorInfo reason, BadRequest
// field, QuotaFailure, RetryInfo) as the README's API section documents.
// The cores (Ingester, QueryEngine) return absl::Status; only handlers call
// ToGrpcStatus.
//
// Example:
//   absl::Status refused = WithQuotaFailure(
//       absl::ResourceExhaustedError("too many streams"),
//       error_reason::kStreamsExhausted, "--max_streams");
//   reactor->Finish(ToGrpcStatus(refused));

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "google/rpc/status.pb.h"
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

// The stable ErrorInfo reasons of errors more specific than their code
// (README "Error reasons" lists them; a reason never changes meaning once
// released). An error without one has its code's name as its reason, or
// FIELD_INVALID for an INVALID_ARGUMENT naming a field.
namespace error_reason {
inline constexpr char kFieldInvalid[] = "FIELD_INVALID";
inline constexpr char kTokenMissing[] = "TOKEN_MISSING";
inline constexpr char kTokenMalformed[] = "TOKEN_MALFORMED";
inline constexpr char kTokenInvalid[] = "TOKEN_INVALID";
inline constexpr char kTokenReadOnly[] = "TOKEN_READ_ONLY";
inline constexpr char kMessageInvalid[] = "MESSAGE_INVALID";
inline constexpr char kReportTooLarge[] = "REPORT_TOO_LARGE";
inline constexpr char kInflightBytesExhausted[] = "INFLIGHT_BYTES_EXHAUSTED";
inline constexpr char kStreamsExhausted[] = "STREAMS_EXHAUSTED";
inline constexpr char kShuttingDown[] = "SHUTTING_DOWN";
}  // namespace error_reason

// `status` (an error) marked with `reason`, one of error_reason's, for the
// ErrorInfo ToGrpcStatus attaches. OK stays OK.
absl::Status WithErrorReason(absl::Status status, absl::string_view reason);

// `status` (an error, normally RESOURCE_EXHAUSTED) marked as a limit hit:
// `reason` as WithErrorReason, and a QuotaFailure violation whose subject
// is the limit (`limit`, e.g. "--max_streams") and whose description is the
// message. OK stays OK.
absl::Status WithQuotaFailure(absl::Status status, absl::string_view reason,
                              absl::string_view limit);

// The google.rpc.Status of `status` (an error) as ToGrpcStatus sends it:
// same code, the message cut to kMaxStatusMessageBytes (at a character
// boundary, saying how much was cut), and these details:
//  - ErrorInfo: domain kErrorDomain; reason the one the status is marked
//    with, else FIELD_INVALID for an INVALID_ARGUMENT naming a field, else
//    the code's name (e.g. "NOT_FOUND"); metadata "field" when a field is
//    named, "limit" when a limit was hit;
//  - BadRequest with one field violation when the message names the field
//    the way this project's messages do, "field.path: what is wrong";
//  - QuotaFailure when the status is marked with WithQuotaFailure;
//  - RetryInfo (kRetryDelaySeconds) on UNAVAILABLE and RESOURCE_EXHAUSTED.
google::rpc::Status ToRpcStatus(const absl::Status& status);

// The one place an absl::Status becomes a grpc::Status: the code and
// message of ToRpcStatus, which it carries as its binary details
// (grpc-status-details-bin).
grpc::Status ToGrpcStatus(const absl::Status& status);

}  // namespace govreport

#endif  // GOVREPORT_SERVER_GRPC_STATUS_H_
