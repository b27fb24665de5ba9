#include "server/reflection_service.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"

namespace govreport {

// The descriptor set proto/CMakeLists.txt embeds (cmake/embed_file.cmake).
extern const char kDescriptorSet[];
extern const size_t kDescriptorSet_SIZE;

namespace {

using google::protobuf::DescriptorPool;
using google::protobuf::FileDescriptor;
using grpc::reflection::v1::ServerReflectionRequest;
using grpc::reflection::v1::ServerReflectionResponse;

// One call: answers each request in turn, reading the next once the
// answer is written.
class ReflectionReactor final
    : public grpc::ServerBidiReactor<ServerReflectionRequest,
                                     ServerReflectionResponse> {
 public:
  explicit ReflectionReactor(const ReflectionService& service)
      : service_(service) {
    StartRead(&request_);
  }

  void OnReadDone(bool ok) override {
    if (!ok) {
      Finish(grpc::Status::OK);
      return;
    }
    response_ = service_.Answer(request_, &sent_);
    StartWrite(&response_);
  }

  void OnWriteDone(bool ok) override {
    if (!ok) {
      Finish(grpc::Status(grpc::StatusCode::CANCELLED,
                          "the client stopped reading answers"));
      return;
    }
    StartRead(&request_);
  }

  void OnDone() override { delete this; }

 private:
  const ReflectionService& service_;
  ServerReflectionRequest request_;
  ServerReflectionResponse response_;
  // Files this call has sent (reactions run one at a time: no lock).
  std::vector<std::string> sent_;
};

void SetError(grpc::StatusCode code, const std::string& message,
              ServerReflectionResponse* response) {
  response->mutable_error_response()->set_error_code(static_cast<int>(code));
  response->mutable_error_response()->set_error_message(message);
}

}  // namespace

ReflectionService::ReflectionService(std::vector<std::string> service_names)
    : service_names_(std::move(service_names)) {
  google::protobuf::FileDescriptorSet set;
  // Built with the binary: it parses.
  set.ParseFromArray(kDescriptorSet, static_cast<int>(kDescriptorSet_SIZE));
  for (google::protobuf::FileDescriptorProto& file : *set.mutable_file()) {
    // Only a file with comments beats the generated pool's copy.
    if (file.has_source_code_info()) {
      std::string name = file.name();
      commented_.emplace(std::move(name), std::move(file));
    }
  }
}

grpc::ServerBidiReactor<ServerReflectionRequest, ServerReflectionResponse>*
ReflectionService::ServerReflectionInfo(grpc::CallbackServerContext* context) {
  return new ReflectionReactor(*this);
}

ServerReflectionResponse ReflectionService::Answer(
    const ServerReflectionRequest& request,
    std::vector<std::string>* sent) const {
  const DescriptorPool* pool = DescriptorPool::generated_pool();
  ServerReflectionResponse response;
  response.set_valid_host(request.host());
  *response.mutable_original_request() = request;
  switch (request.message_request_case()) {
    case ServerReflectionRequest::kListServices:
      for (const std::string& name : service_names_) {
        response.mutable_list_services_response()->add_service()->set_name(
            name);
      }
      break;
    case ServerReflectionRequest::kFileByFilename:
      AddFileOrError(pool->FindFileByName(request.file_by_filename()),
                     absl::StrCat("no file ", request.file_by_filename()), sent,
                     &response);
      break;
    case ServerReflectionRequest::kFileContainingSymbol:
      AddFileOrError(
          pool->FindFileContainingSymbol(request.file_containing_symbol()),
          absl::StrCat("no symbol ", request.file_containing_symbol()), sent,
          &response);
      break;
    case ServerReflectionRequest::kFileContainingExtension: {
      const auto& wanted = request.file_containing_extension();
      const google::protobuf::Descriptor* type =
          pool->FindMessageTypeByName(wanted.containing_type());
      const google::protobuf::FieldDescriptor* extension =
          type == nullptr
              ? nullptr
              : pool->FindExtensionByNumber(type, wanted.extension_number());
      AddFileOrError(extension == nullptr ? nullptr : extension->file(),
                     absl::StrCat("no extension ", wanted.extension_number(),
                                  " of ", wanted.containing_type()),
                     sent, &response);
      break;
    }
    case ServerReflectionRequest::kAllExtensionNumbersOfType: {
      const google::protobuf::Descriptor* type =
          pool->FindMessageTypeByName(request.all_extension_numbers_of_type());
      if (type == nullptr) {
        SetError(
            grpc::StatusCode::NOT_FOUND,
            absl::StrCat("no type ", request.all_extension_numbers_of_type()),
            &response);
        break;
      }
      auto* numbers = response.mutable_all_extension_numbers_response();
      numbers->set_base_type_name(type->full_name());
      std::vector<const google::protobuf::FieldDescriptor*> extensions;
      pool->FindAllExtensions(type, &extensions);
      for (const google::protobuf::FieldDescriptor* extension : extensions) {
        numbers->add_extension_number(extension->number());
      }
      break;
    }
    case ServerReflectionRequest::MESSAGE_REQUEST_NOT_SET:
      SetError(grpc::StatusCode::INVALID_ARGUMENT,
               "the request asks for nothing", &response);
      break;
  }
  return response;
}

void ReflectionService::AddFileOrError(
    const FileDescriptor* file, const std::string& missing,
    std::vector<std::string>* sent, ServerReflectionResponse* response) const {
  if (file == nullptr) {
    SetError(grpc::StatusCode::NOT_FOUND, missing, response);
  } else {
    AddFile(file, sent, response);
  }
}

void ReflectionService::AddFile(const FileDescriptor* file,
                                std::vector<std::string>* sent,
                                ServerReflectionResponse* response) const {
  // The file first (clients take the first as the answer), then its
  // imports, each once a stream.
  std::vector<const FileDescriptor*> pending = {file};
  while (!pending.empty()) {
    const FileDescriptor* next = pending.front();
    pending.erase(pending.begin());
    if (next != file &&
        std::find(sent->begin(), sent->end(), next->name()) != sent->end()) {
      continue;
    }
    if (std::find(sent->begin(), sent->end(), next->name()) == sent->end()) {
      sent->push_back(next->name());
    }
    auto commented = commented_.find(next->name());
    std::string bytes;
    if (commented != commented_.end()) {
      bytes = commented->second.SerializeAsString();
    } else {
      google::protobuf::FileDescriptorProto proto;
      next->CopyTo(&proto);
      bytes = proto.SerializeAsString();
    }
    response->mutable_file_descriptor_response()->add_file_descriptor_proto(
        std::move(bytes));
    for (int i = 0; i < next->dependency_count(); ++i) {
      pending.push_back(next->dependency(i));
    }
  }
}

}  // namespace govreport
