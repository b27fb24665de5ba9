#include "server/grpc_status.h"

#include <string>
#include <utility>

#include "absl/strings/cord.h"
#include "absl/types/optional.h"
#include "absl/strings/str_cat.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace govreport {

namespace {

// The field a message names as its prefix "field.path: ", or empty: lower
// case letters, digits and underscores, in dot-separated parts.
std::string FieldOf(absl::string_view message) {
  const size_t colon = message.find(": ");
  if (colon == absl::string_view::npos || colon == 0) return "";
  const absl::string_view field = message.substr(0, colon);
  bool part_start = true;
  for (char c : field) {
    if (c == '.') {
      if (part_start) return "";
      part_start = true;
      continue;
    }
    const bool letter = (c >= 'a' && c <= 'z') || c == '_';
    if (!letter && (part_start || c < '0' || c > '9')) return "";
    part_start = false;
  }
  return part_start ? "" : std::string(field);
}

// Where an absl::Status keeps what WithErrorReason and WithQuotaFailure
// mark it with: the serialized detail, under the detail's type URL.
constexpr char kErrorInfoUrl[] = "type.googleapis.com/google.rpc.ErrorInfo";
constexpr char kQuotaFailureUrl[] =
    "type.googleapis.com/google.rpc.QuotaFailure";

// Parses the payload of `status` under `url` into `detail`; false without
// one.
bool PayloadOf(const absl::Status& status, absl::string_view url,
               google::protobuf::Message* detail) {
  const absl::optional<absl::Cord> payload = status.GetPayload(url);
  return payload.has_value() && detail->ParseFromString(std::string(*payload));
}

}  // namespace

absl::Status WithErrorReason(absl::Status status, absl::string_view reason) {
  if (status.ok()) return status;
  google::rpc::ErrorInfo info;
  info.set_reason(std::string(reason));
  status.SetPayload(kErrorInfoUrl, absl::Cord(info.SerializeAsString()));
  return status;
}

absl::Status WithQuotaFailure(absl::Status status, absl::string_view reason,
                              absl::string_view limit) {
  if (status.ok()) return status;
  google::rpc::QuotaFailure quota;
  google::rpc::QuotaFailure::Violation* violation = quota.add_violations();
  violation->set_subject(std::string(limit));
  violation->set_description(std::string(status.message()));
  status.SetPayload(kQuotaFailureUrl, absl::Cord(quota.SerializeAsString()));
  return WithErrorReason(std::move(status), reason);
}

google::rpc::Status ToRpcStatus(const absl::Status& status) {
  const absl::string_view message = status.message();
  std::string text(message);
  if (message.size() > kMaxStatusMessageBytes) {
    size_t cut = kMaxStatusMessageBytes;
    // Not inside a UTF-8 sequence: back to the start of its character.
    while (cut > 0 &&
           (static_cast<unsigned char>(message[cut]) & 0xC0) == 0x80) {
      --cut;
    }
    text = absl::StrCat(message.substr(0, cut), "… (", message.size() - cut,
                        " more bytes cut)");
  }
  google::rpc::Status details;
  details.set_code(static_cast<int>(status.code()));
  details.set_message(text);
  const std::string field = FieldOf(message);
  google::rpc::ErrorInfo info;
  google::rpc::QuotaFailure quota;
  const bool quota_hit = PayloadOf(status, kQuotaFailureUrl, &quota);
  if (!PayloadOf(status, kErrorInfoUrl, &info)) {
    info.set_reason(!field.empty() &&
                            status.code() == absl::StatusCode::kInvalidArgument
                        ? error_reason::kFieldInvalid
                        : absl::StatusCodeToString(status.code()));
  }
  info.set_domain(kErrorDomain);
  if (!field.empty()) (*info.mutable_metadata())["field"] = field;
  if (quota_hit && quota.violations_size() > 0) {
    (*info.mutable_metadata())["limit"] = quota.violations(0).subject();
  }
  details.add_details()->PackFrom(info);
  if (!field.empty()) {
    google::rpc::BadRequest bad_request;
    google::rpc::BadRequest::FieldViolation* violation =
        bad_request.add_field_violations();
    violation->set_field(field);
    violation->set_description(text.substr(field.size() + 2));
    details.add_details()->PackFrom(bad_request);
  }
  if (quota_hit) details.add_details()->PackFrom(quota);
  if (status.code() == absl::StatusCode::kUnavailable ||
      status.code() == absl::StatusCode::kResourceExhausted) {
    google::rpc::RetryInfo retry;
    retry.mutable_retry_delay()->set_seconds(kRetryDelaySeconds);
    details.add_details()->PackFrom(retry);
  }
  return details;
}

grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  const google::rpc::Status details = ToRpcStatus(status);
  // absl and gRPC share the canonical code numbering.
  return grpc::Status(static_cast<grpc::StatusCode>(details.code()),
                      details.message(), details.SerializeAsString());
}

}  // namespace govreport
