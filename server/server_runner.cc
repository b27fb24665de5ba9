#include "server/server_runner.h"

#include <pthread.h>
#include <signal.h>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "grpcpp/ext/proto_server_reflection_plugin.h"
#include "grpcpp/health_check_service_interface.h"

namespace govreport {
namespace {

sigset_t ShutdownSignals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  return signals;
}

}  // namespace

absl::Status ServerRunnerOptions::Validate() const {
  if (listen.empty()) {
    return absl::InvalidArgumentError("the listen address is empty");
  }
  if (!absl::StartsWith(listen, "unix:") &&
      listen.find(':') == std::string::npos) {
    return absl::InvalidArgumentError(absl::StrCat(
        "listen address \"", listen, "\" is not HOST:PORT or unix:PATH"));
  }
  if (max_receive_message_bytes < 1024 ||
      max_receive_message_bytes > (1 << 30)) {
    return absl::InvalidArgumentError(
        "the maximum message size must be between 1 KiB and 1 GiB");
  }
  if (shutdown_grace.count() < 0) {
    return absl::InvalidArgumentError("the shutdown grace must not be negative");
  }
  return absl::OkStatus();
}

void ServerRunner::BlockShutdownSignals() {
  sigset_t signals = ShutdownSignals();
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
}

std::string ServerRunner::WaitForShutdownSignal() {
  sigset_t signals = ShutdownSignals();
  int signal = 0;
  sigwait(&signals, &signal);
  return signal == SIGINT ? "SIGINT" : "SIGTERM";
}

absl::StatusOr<std::unique_ptr<ServerRunner>> ServerRunner::Start(
    const ServerRunnerOptions& options,
    const std::vector<grpc::Service*>& services) {
  if (absl::Status valid = options.Validate(); !valid.ok()) return valid;
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort(options.listen, grpc::InsecureServerCredentials(),
                           &port);
  builder.SetMaxReceiveMessageSize(options.max_receive_message_bytes);
  builder.SetMaxSendMessageSize(options.max_receive_message_bytes);
  for (grpc::Service* service : services) builder.RegisterService(service);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (server == nullptr) {
    return absl::UnavailableError(absl::StrCat(
        "cannot listen on ", options.listen,
        ": the address is in use or not valid for this host"));
  }
  auto runner = std::unique_ptr<ServerRunner>(
      new ServerRunner(options, std::move(server), port));
  runner->SetServing(false);
  return runner;
}

ServerRunner::ServerRunner(const ServerRunnerOptions& options,
                           std::unique_ptr<grpc::Server> server, int port)
    : options_(options), server_(std::move(server)), port_(port) {}

ServerRunner::~ServerRunner() { Shutdown(); }

void ServerRunner::SetServing(bool serving) {
  server_->GetHealthCheckService()->SetServingStatus(serving);
}

void ServerRunner::Shutdown() {
  SetServing(false);
  server_->Shutdown(std::chrono::system_clock::now() + options_.shutdown_grace);
  server_->Wait();
}

}  // namespace govreport
