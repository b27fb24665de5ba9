#ifndef GOVREPORT_SERVER_GRPC_STATUS_H_
#define GOVREPORT_SERVER_GRPC_STATUS_H_

#include "absl/status/status.h"
#include "grpcpp/support/status.h"

namespace govreport {

// The one place an absl::Status becomes a grpc::Status: same canonical
// code, same message.
grpc::Status ToGrpcStatus(const absl::Status& status);

}  // namespace govreport

#endif  // GOVREPORT_SERVER_GRPC_STATUS_H_
