#ifndef GOVREPORT_SERVER_HEALTH_SERVICE_H_
#define GOVREPORT_SERVER_HEALTH_SERVICE_H_

// The servers' readiness and liveness as gRPC health checks (for load
// balancers and Kubernetes probes). ServerRunner owns one and sets it through
// ServerRunner::SetServing; nothing else needs this header.

#include <map>
#include <set>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "grpc/health/v1/health.grpc.pb.h"

namespace govreport {

// The standard grpc.health.v1.Health service over a table of service names
// and their status. Check answers from the table (NOT_FOUND for a name not
// in it); Watch sends a name's status (SERVICE_UNKNOWN for a name not in
// it) and then each change, until the client leaves or EndWatches ends it.
//
// gRPC's built-in service keeps a Watch open until the server's shutdown
// deadline, so one open Watch held every SIGTERM for the whole grace
// period; this one ends them when the server starts draining.
//
// Thread-safe.
class HealthService final : public grpc::health::v1::Health::CallbackService {
 public:
  using ServingStatus = grpc::health::v1::HealthCheckResponse::ServingStatus;

  HealthService() = default;
  HealthService(const HealthService&) = delete;
  HealthService& operator=(const HealthService&) = delete;
  // Every Watch must be over (the server shut down) before destruction.
  ~HealthService() override = default;

  // Sets the status of `service` ("" is the server as a whole), adding the
  // name if new; open Watches of the name are sent the change.
  void SetServing(const std::string& service, bool serving);

  // Ends every open Watch with OK once it has sent the latest status (the
  // protocol has clients retry after any end), and every Watch started
  // later right after its first message. For the start of a shutdown, so
  // that Watches do not hold the server for its grace period.
  void EndWatches();

  grpc::ServerUnaryReactor* Check(
      grpc::CallbackServerContext* context,
      const grpc::health::v1::HealthCheckRequest* request,
      grpc::health::v1::HealthCheckResponse* response) override;

  grpc::ServerWriteReactor<grpc::health::v1::HealthCheckResponse>* Watch(
      grpc::CallbackServerContext* context,
      const grpc::health::v1::HealthCheckRequest* request) override;

 private:
  class WatchReactor;

  // The status of `service`, SERVICE_UNKNOWN when it is not in the table.
  ServingStatus StatusLocked(const std::string& service) const
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  // Called by a Watch when it is done: no more updates reach it.
  void Forget(WatchReactor* watch);

  absl::Mutex mu_;
  std::map<std::string, bool> serving_ ABSL_GUARDED_BY(mu_);
  std::set<WatchReactor*> watches_ ABSL_GUARDED_BY(mu_);
  bool ending_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace govreport

#endif  // GOVREPORT_SERVER_HEALTH_SERVICE_H_
