#include "server/raw_messages.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "grpcpp/support/proto_buffer_reader.h"
#include "server/grpc_status.h"

namespace govreport {

absl::Status ParseMessage(const grpc::ByteBuffer& bytes,
                          google::protobuf::Message* message) {
  grpc::ByteBuffer shared = bytes;  // ProtoBufferReader takes a mutable one.
  grpc::ProtoBufferReader reader(&shared);
  if (!reader.status().ok() || !message->ParseFromZeroCopyStream(&reader)) {
    return WithErrorReason(
        absl::InvalidArgumentError(
            absl::StrCat("the request is not a valid ",
                         message->GetDescriptor()->full_name(), " message")),
        error_reason::kMessageInvalid);
  }
  return absl::OkStatus();
}

grpc::ByteBuffer ByteBufferOf(std::string bytes) {
  auto* owned = new std::string(std::move(bytes));
  grpc::Slice slice(
      owned->data(), owned->size(),
      [](void* p) { delete static_cast<std::string*>(p); }, owned);
  return grpc::ByteBuffer(&slice, 1);
}

grpc::ByteBuffer ByteBufferOf(std::shared_ptr<const std::string> bytes) {
  auto* shared = new std::shared_ptr<const std::string>(std::move(bytes));
  grpc::Slice slice(
      const_cast<char*>((*shared)->data()), (*shared)->size(),
      [](void* p) {
        delete static_cast<std::shared_ptr<const std::string>*>(p);
      },
      shared);
  return grpc::ByteBuffer(&slice, 1);
}

}  // namespace govreport
