#ifndef GOVREPORT_SERVER_HEALTH_CLIENT_H_
#define GOVREPORT_SERVER_HEALTH_CLIENT_H_

// The client side of grpc.health.v1 Check, for `reportctl health` and scripts
// that wait for a server to be ready.
//
// Example:
//   absl::StatusOr<bool> ready =
//       CheckServing(channel, std::chrono::milliseconds(2000));

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
