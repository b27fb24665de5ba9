#include "server/server_runner.h"

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <pthread.h>
#include <signal.h>

#include <fstream>
#include <memory>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "grpcpp/ext/proto_server_reflection_plugin.h"

namespace govreport {
namespace {

sigset_t ShutdownSignals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  return signals;
}

absl::StatusOr<std::string> ReadPem(const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", path));
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// Checks that `cert` (of `cert_file`) starts with a PEM certificate and
// that `key` (of `key_file`) is the private key of it. gRPC only says that
// it cannot listen, which reads as a port in use.
absl::Status CheckKeyPair(const std::string& cert, const std::string& cert_file,
                          const std::string& key, const std::string& key_file) {
  std::unique_ptr<BIO, decltype(&BIO_free)> cert_bio(
      BIO_new_mem_buf(cert.data(), static_cast<int>(cert.size())), BIO_free);
  std::unique_ptr<X509, decltype(&X509_free)> x509(
      PEM_read_bio_X509(cert_bio.get(), nullptr, nullptr, nullptr), X509_free);
  if (x509 == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat(cert_file, " holds no PEM certificate"));
  }
  std::unique_ptr<BIO, decltype(&BIO_free)> key_bio(
      BIO_new_mem_buf(key.data(), static_cast<int>(key.size())), BIO_free);
  // An empty passphrase: a key that needs one fails here, as in gRPC.
  char no_passphrase[] = "";
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> private_key(
      PEM_read_bio_PrivateKey(key_bio.get(), nullptr, nullptr, no_passphrase),
      EVP_PKEY_free);
  if (private_key == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat(
        key_file,
        " holds no PEM private key (or one that needs a passphrase)"));
  }
  if (X509_check_private_key(x509.get(), private_key.get()) != 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("the private key in ", key_file,
                     " does not match the certificate in ", cert_file));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> Credentials(
    const ServerRunnerOptions& options) {
  if (options.tls_cert_file.empty()) return grpc::InsecureServerCredentials();
  absl::StatusOr<std::string> cert = ReadPem(options.tls_cert_file);
  if (!cert.ok()) return cert.status();
  absl::StatusOr<std::string> key = ReadPem(options.tls_key_file);
  if (!key.ok()) return key.status();
  if (absl::Status pair = CheckKeyPair(*cert, options.tls_cert_file, *key,
                                       options.tls_key_file);
      !pair.ok()) {
    return pair;
  }
  grpc::SslServerCredentialsOptions ssl;
  ssl.pem_key_cert_pairs.push_back({*key, *cert});
  if (!options.tls_client_ca_file.empty()) {
    absl::StatusOr<std::string> ca = ReadPem(options.tls_client_ca_file);
    if (!ca.ok()) return ca.status();
    ssl.pem_root_certs = *ca;
    ssl.client_certificate_request =
        GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY;
  }
  return grpc::SslServerCredentials(ssl);
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
    return absl::InvalidArgumentError(
        "the shutdown grace must not be negative");
  }
  if (tls_cert_file.empty() != tls_key_file.empty()) {
    return absl::InvalidArgumentError(
        "TLS needs both a certificate file and a key file");
  }
  if (!tls_client_ca_file.empty() && tls_cert_file.empty()) {
    return absl::InvalidArgumentError(
        "client certificate verification needs TLS (certificate and key)");
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
    const std::vector<grpc::Service*>& services,
    std::vector<
        std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>>
        interceptors) {
  if (absl::Status valid = options.Validate(); !valid.ok()) return valid;
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> credentials =
      Credentials(options);
  if (!credentials.ok()) return credentials.status();
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort(options.listen, *credentials, &port);
  // gRPC binds with SO_REUSEPORT by default: a second server on a port in
  // use would start without error and take half of its calls.
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  builder.SetMaxReceiveMessageSize(options.max_receive_message_bytes);
  builder.SetMaxSendMessageSize(options.max_receive_message_bytes);
  auto health = std::make_unique<HealthService>();
  health->SetServing("", false);
  for (const std::string& name : options.service_names) {
    health->SetServing(name, false);
  }
  health->SetServing(kLivenessService, true);
  builder.RegisterService(health.get());
  std::vector<std::string> service_names = options.service_names;
  service_names.insert(
      service_names.end(),
      {grpc::health::v1::Health::service_full_name(),
       "grpc.reflection.v1alpha.ServerReflection",
       grpc::reflection::v1::ServerReflection::service_full_name()});
  auto reflection =
      std::make_unique<ReflectionService>(std::move(service_names));
  builder.RegisterService(reflection.get());
  for (grpc::Service* service : services) builder.RegisterService(service);
  if (!interceptors.empty()) {
    builder.experimental().SetInterceptorCreators(std::move(interceptors));
  }
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (server == nullptr) {
    // gRPC does not say why; the key pair was checked above, but gRPC may
    // still refuse a certificate it cannot use.
    return absl::UnavailableError(absl::StrCat(
        "cannot listen on ", options.listen,
        ": the address is in use (by another server?) or not valid for this "
        "host",
        options.tls_cert_file.empty()
            ? ""
            : ", or gRPC refused the TLS certificate (see its log above)"));
  }
  return std::unique_ptr<ServerRunner>(
      new ServerRunner(options, std::move(health), std::move(reflection),
                       std::move(server), port));
}

ServerRunner::ServerRunner(const ServerRunnerOptions& options,
                           std::unique_ptr<HealthService> health,
                           std::unique_ptr<ReflectionService> reflection,
                           std::unique_ptr<grpc::Server> server, int port)
    : options_(options),
      health_(std::move(health)),
      reflection_(std::move(reflection)),
      server_(std::move(server)),
      port_(port) {}

ServerRunner::~ServerRunner() { Shutdown(); }

void ServerRunner::SetServing(bool serving) {
  health_->SetServing("", serving);
  for (const std::string& name : options_.service_names) {
    health_->SetServing(name, serving);
  }
}

void ServerRunner::Shutdown() {
  // Not ready, still alive; the Watches end now rather than hold the
  // server until the deadline.
  SetServing(false);
  health_->EndWatches();
  server_->Shutdown(std::chrono::system_clock::now() + options_.shutdown_grace);
  server_->Wait();
}

}  // namespace govreport
