#include "server/grpc_status.h"

#include <string>

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

}  // namespace

grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
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
  info.set_reason(absl::StatusCodeToString(status.code()));
  info.set_domain(kErrorDomain);
  if (!field.empty()) (*info.mutable_metadata())["field"] = field;
  details.add_details()->PackFrom(info);
  if (!field.empty()) {
    google::rpc::BadRequest bad_request;
    google::rpc::BadRequest::FieldViolation* violation =
        bad_request.add_field_violations();
    violation->set_field(field);
    violation->set_description(text.substr(field.size() + 2));
    details.add_details()->PackFrom(bad_request);
  }
  if (status.code() == absl::StatusCode::kUnavailable ||
      status.code() == absl::StatusCode::kResourceExhausted) {
    google::rpc::RetryInfo retry;
    retry.mutable_retry_delay()->set_seconds(kRetryDelaySeconds);
    details.add_details()->PackFrom(retry);
  }
  // absl and gRPC share the canonical code numbering.
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()),
                      std::move(text), details.SerializeAsString());
}

}  // namespace govreport
