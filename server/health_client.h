#ifndef GOVREPORT_SERVER_HEALTH_CLIENT_H_
#define GOVREPORT_SERVER_HEALTH_CLIENT_H_

#include <chrono>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "grpcpp/channel.h"

namespace govreport {

// Asks a server's grpc.health.v1 service for the status of `service` (""
// is the server as a whole, i.e. readiness): true for SERVING, false for
// any other answer. The call's error (e.g. Unavailable when nothing
// listens, NotFound for an unknown service) otherwise.
absl::StatusOr<bool> CheckServing(const std::shared_ptr<grpc::Channel>& channel,
                                  std::chrono::milliseconds timeout,
                                  const std::string& service = "");

}  // namespace govreport

#endif  // GOVREPORT_SERVER_HEALTH_CLIENT_H_
