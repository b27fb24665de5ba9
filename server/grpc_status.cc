#include "server/grpc_status.h"

#include <string>

#include "absl/strings/str_cat.h"

namespace govreport {

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
  // absl and gRPC share the canonical code numbering.
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()),
                      std::move(text));
}

}  // namespace govreport
