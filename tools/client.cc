#include "tools/client.h"

#include <cstdlib>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "grpcpp/support/channel_arguments.h"
#include "tools/exit_code.h"
#include "tools/files.h"

namespace govreport::tools {
namespace {

// The value of environment variable `name`; empty when unset.
std::string Environment(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? "" : value;
}

// A file the user named in `flag`: unreadable is a usage error.
absl::StatusOr<std::string> ReadNamedFile(const char* flag,
                                          const std::string& path) {
  absl::StatusOr<std::string> text = ReadFileBytes(path);
  if (!text.ok()) {
    return UsageError(absl::StrCat(flag, ": ", text.status().message()));
  }
  return text;
}

absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> Credentials(
    const ClientOptions& options) {
  if (options.tls_cert_file.empty() != options.tls_key_file.empty()) {
    return UsageError("--tls_cert and --tls_key go together");
  }
  if (options.tls_ca_file.empty()) {
    if (!options.tls_cert_file.empty()) {
      return UsageError("--tls_cert and --tls_key need --tls_ca");
    }
    return grpc::InsecureChannelCredentials();
  }
  grpc::SslCredentialsOptions ssl;
  absl::StatusOr<std::string> ca =
      ReadNamedFile("--tls_ca", options.tls_ca_file);
  if (!ca.ok()) return ca.status();
  ssl.pem_root_certs = *std::move(ca);
  if (!options.tls_cert_file.empty()) {
    absl::StatusOr<std::string> cert =
        ReadNamedFile("--tls_cert", options.tls_cert_file);
    if (!cert.ok()) return cert.status();
    absl::StatusOr<std::string> key =
        ReadNamedFile("--tls_key", options.tls_key_file);
    if (!key.ok()) return key.status();
    ssl.pem_cert_chain = *std::move(cert);
    ssl.pem_private_key = *std::move(key);
  }
  return grpc::SslCredentials(ssl);
}

absl::StatusOr<std::string> Token(const ClientOptions& options) {
  std::string token = Environment("GOVREPORT_TOKEN");
  if (!options.token_file.empty()) {
    absl::StatusOr<std::string> text =
        ReadNamedFile("--token_file", options.token_file);
    if (!text.ok()) return text.status();
    token = *std::move(text);
  }
  return std::string(absl::StripAsciiWhitespace(token));
}

}  // namespace

absl::Status CallError(absl::string_view name, const grpc::Status& status) {
  if (status.ok()) return absl::OkStatus();
  const auto code = static_cast<absl::StatusCode>(status.error_code());
  return absl::Status(
      code, absl::StrCat(name, " failed: ", absl::StatusCodeToString(code),
                         ": ", status.error_message()));
}

absl::StatusOr<Client> Client::Create(const ClientOptions& options) {
  if (options.timeout <= absl::ZeroDuration()) {
    return UsageError("the call timeout must be positive");
  }
  std::string target = options.target;
  if (target.empty()) target = Environment("GOVREPORT_TARGET");
  if (target.empty()) target = options.default_target;
  absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> credentials =
      Credentials(options);
  if (!credentials.ok()) return credentials.status();
  absl::StatusOr<std::string> token = Token(options);
  if (!token.ok()) return token.status();
  grpc::ChannelArguments args;
  args.SetMaxReceiveMessageSize(options.max_message_bytes);
  args.SetMaxSendMessageSize(options.max_message_bytes);
  std::shared_ptr<grpc::Channel> channel =
      grpc::CreateCustomChannel(target, *credentials, args);
  return Client(std::move(target), std::move(channel), *std::move(token),
                options.timeout);
}

Client::Client(std::string target, std::shared_ptr<grpc::Channel> channel,
               std::string token, absl::Duration timeout)
    : target_(std::move(target)),
      channel_(std::move(channel)),
      token_(std::move(token)),
      timeout_(timeout) {}

void Client::PrepareUnary(grpc::ClientContext* context) const {
  PrepareStream(context);
  context->set_deadline(absl::ToChronoTime(absl::Now() + timeout_));
}

void Client::PrepareStream(grpc::ClientContext* context) const {
  if (!token_.empty()) {
    context->AddMetadata("authorization", "Bearer " + token_);
  }
}

}  // namespace govreport::tools
