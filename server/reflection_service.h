#ifndef GOVREPORT_SERVER_REFLECTION_SERVICE_H_
#define GOVREPORT_SERVER_REFLECTION_SERVICE_H_

// gRPC server reflection v1 with the protos' comments, so that grpcurl and
// similar tools can list and describe the services. ServerRunner registers
// it next to gRPC's own v1alpha plugin; nothing else needs this header.

#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "google/protobuf/descriptor.pb.h"
#include "grpc/reflection/v1/reflection.grpc.pb.h"

namespace govreport {

// grpc.reflection.v1.ServerReflection, which gRPC 1.51 does not implement
// (its plugin serves grpc.reflection.v1alpha, the same protocol under
// another package): the files of the generated descriptor pool, each with
// the files it imports that the stream has not sent yet. This project's
// files and grpc.health.v1 are served as the embedded descriptor set holds
// them, with their comments (source_code_info), which generated code
// drops.
//
// Thread-safe: the state of a call is its own; the rest is read-only.
class ReflectionService final
    : public grpc::reflection::v1::ServerReflection::CallbackService {
 public:
  // `service_names`: the full names list_services answers, in order.
  explicit ReflectionService(std::vector<std::string> service_names);

  grpc::ServerBidiReactor<grpc::reflection::v1::ServerReflectionRequest,
                          grpc::reflection::v1::ServerReflectionResponse>*
  ServerReflectionInfo(grpc::CallbackServerContext* context) override;

  // The answer to one request; `sent` holds the names of the files the
  // stream has sent, and gains those this answer sends.
  grpc::reflection::v1::ServerReflectionResponse Answer(
      const grpc::reflection::v1::ServerReflectionRequest& request,
      std::vector<std::string>* sent) const;

 private:
  // The file and its imports not in `sent` yet, as serialized
  // FileDescriptorProtos, into `response`.
  void AddFile(const google::protobuf::FileDescriptor* file,
               std::vector<std::string>* sent,
               grpc::reflection::v1::ServerReflectionResponse* response) const;

  // AddFile, or NOT_FOUND saying `missing` when `file` is null.
  void AddFileOrError(
      const google::protobuf::FileDescriptor* file, const std::string& missing,
      std::vector<std::string>* sent,
      grpc::reflection::v1::ServerReflectionResponse* response) const;

  const std::vector<std::string> service_names_;
  // The embedded descriptor set's files (with comments), by name.
  absl::flat_hash_map<std::string, google::protobuf::FileDescriptorProto>
      commented_;
};

}  // namespace govreport

#endif  // GOVREPORT_SERVER_REFLECTION_SERVICE_H_
