#ifndef GOVREPORT_SERVER_HEALTH_CLIENT_H_
#define GOVREPORT_SERVER_HEALTH_CLIENT_H_

#include <chrono>
#include <memory>

#include "absl/status/statusor.h"
#include "grpcpp/channel.h"

namespace govreport {

// Asks a server's grpc.health.v1 service for its overall status: true for
// SERVING, false for any other answer. The call's error (e.g. Unavailable
// when nothing listens) otherwise.
//
// The request and answer are encoded by hand (an empty request; field 1 of
// the answer is the status, 1 = SERVING) since Debian installs no
// health.proto.
absl::StatusOr<bool> CheckServing(const std::shared_ptr<grpc::Channel>& channel,
                                  std::chrono::milliseconds timeout);

}  // namespace govreport

#endif  // GOVREPORT_SERVER_HEALTH_CLIENT_H_
