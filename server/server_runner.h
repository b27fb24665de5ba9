#ifndef GOVREPORT_SERVER_SERVER_RUNNER_H_
#define GOVREPORT_SERVER_SERVER_RUNNER_H_

// The gRPC server both binaries run: listening (TLS or plaintext), health,
// reflection, interceptors, readiness and a graceful shutdown on SIGINT or
// SIGTERM. Each main() builds its services and hands them here.
//
// Example (ServerMain has called BlockShutdownSignals):
//   absl::StatusOr<std::unique_ptr<ServerRunner>> server =
//       ServerRunner::Start(options, {&service}, std::move(interceptors));
//   (*server)->SetServing(true);
//   ServerRunner::WaitForShutdownSignal();
//   (*server)->Shutdown();

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "grpcpp/grpcpp.h"
#include "grpcpp/support/server_interceptor.h"
#include "server/health_service.h"
#include "server/reflection_service.h"

namespace govreport {

// Options of ServerRunner::Start.
struct ServerRunnerOptions {
  // Address to listen on: "HOST:PORT" ("127.0.0.1:0" picks a free port) or
  // "unix:/path". Required.
  std::string listen;
  // Largest request message accepted, in bytes (1 KiB-1 GiB); larger ones
  // fail with RESOURCE_EXHAUSTED.
  int max_receive_message_bytes = 64 << 20;
  // How long in-flight calls may run on after a shutdown signal before they
  // are cancelled.
  std::chrono::milliseconds shutdown_grace{10000};
  // PEM certificate chain and private key files: serve TLS when both are
  // set, plaintext when neither is.
  std::string tls_cert_file;
  std::string tls_key_file;
  // PEM CA certificates of the clients: when set (with TLS), every client
  // must present a certificate signed by one of them (mutual TLS).
  std::string tls_client_ca_file;
  // Full names of the services served ("govreport.v1.QueryService"): each
  // is also a health service name, reporting readiness as "" does, for
  // clients that check the service they call. Empty: "" alone.
  std::vector<std::string> service_names;

  // OK, or InvalidArgument naming the bad field.
  absl::Status Validate() const;
};

// A started gRPC server with the standard health service (grpc.health.v1,
// see HealthService) and server reflection: grpc.reflection.v1alpha
// (gRPC's) and grpc.reflection.v1 (ReflectionService, with the protos'
// comments).
//
// Thread-safe.
class ServerRunner final {
 public:
  // Blocks SIGINT and SIGTERM in the calling thread, and so in every thread
  // started after it: call it first in main(), before any thread starts,
  // so that WaitForShutdownSignal() is the only place they arrive.
  static void BlockShutdownSignals();

  // Builds and starts the server on `services` (borrowed: they must outlive
  // the runner). Health starts NOT_SERVING. Unavailable when the address
  // cannot be bound; NotFound when a TLS file cannot be read;
  // InvalidArgument when the certificate or key file holds none, or the key
  // is not the certificate's.
  static absl::StatusOr<std::unique_ptr<ServerRunner>> Start(
      const ServerRunnerOptions& options,
      const std::vector<grpc::Service*>& services,
      std::vector<std::unique_ptr<
          grpc::experimental::ServerInterceptorFactoryInterface>>
          interceptors = {});

  ServerRunner(const ServerRunner&) = delete;
  ServerRunner& operator=(const ServerRunner&) = delete;
  ~ServerRunner();

  // The port actually bound (useful with port 0); 0 for unix sockets.
  int port() const { return port_; }

  // Sets readiness: the health status of the server ("" and each of
  // options.service_names). The health
  // service "liveness" stays SERVING while the process runs, draining
  // included, so probes can tell "alive but not ready" apart.
  void SetServing(bool serving);

  // The health service name that reports liveness.
  static constexpr char kLivenessService[] = "liveness";

  // Blocks until SIGINT or SIGTERM arrives; returns the signal's name.
  static std::string WaitForShutdownSignal();

  // Sets readiness NOT_SERVING, ends the health Watches, stops accepting
  // calls, lets in-flight calls finish within the grace period, then
  // cancels the rest. Idempotent.
  void Shutdown();

 private:
  ServerRunner(const ServerRunnerOptions& options,
               std::unique_ptr<HealthService> health,
               std::unique_ptr<ReflectionService> reflection,
               std::unique_ptr<grpc::Server> server, int port);

  const ServerRunnerOptions options_;
  // Both outlive the server, which serves them.
  const std::unique_ptr<HealthService> health_;
  const std::unique_ptr<ReflectionService> reflection_;
  const std::unique_ptr<grpc::Server> server_;
  const int port_;
};

}  // namespace govreport

#endif  // GOVREPORT_SERVER_SERVER_RUNNER_H_
