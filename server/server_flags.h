#ifndef GOVREPORT_SERVER_SERVER_FLAGS_H_
#define GOVREPORT_SERVER_SERVER_FLAGS_H_

// The flags both servers share (TLS, tokens, metrics, logs), defined once in
// server_flags.cc, and what they configure. Each server's main() is
// ServerMain over its own Run().
//
// Example:
//   int main(int argc, char** argv) {
//     return ServerMain(argc, argv, "ingest_server", "usage...",
//                       "ingest_service/main.cc", Run);
//   }

#include <memory>
#include <vector>

#include "absl/status/statusor.h"
#include "server/auth.h"
#include "server/observability.h"
#include "server/server_runner.h"

namespace govreport {

// The file that defines the shared flags, for ApplyEnvironmentToFlags.
inline constexpr char kServerFlagsFile[] = "server/server_flags.cc";

// Sets the log format and level from --log_format and --log_level.
// InvalidArgument for a bad value.
absl::Status ConfigureLoggingFromFlags();

// Sets `options`' TLS files from --tls_cert, --tls_key, --tls_client_ca.
void ApplyTlsFlags(ServerRunnerOptions* options);

// The environment variable that may hold the token lines instead of a file.
inline constexpr char kTokensEnvironmentVariable[] = "GOVREPORT_TOKENS";

// The authorizer --token_file (or else GOVREPORT_TOKENS) and --open_reads
// describe; allow-all without either. The tokens' parse errors otherwise.
absl::StatusOr<TokenAuthorizer> AuthorizerFromFlags();

// Metrics served on --metrics_listen (kept but not served when empty).
// Unavailable when the port cannot be bound (ServerMetrics::Start).
absl::StatusOr<std::unique_ptr<ServerMetrics>> MetricsFromFlags();

// The interceptors of a server: `metrics`' calls and log, and with
// --reflection_requires_token the ReflectionTokenGuard of `authorizer`
// (both borrowed; they must outlive the server). InvalidArgument for
// --reflection_requires_token without tokens.
absl::StatusOr<std::vector<
    std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>>>
InterceptorsFromFlags(const TokenAuthorizer& authorizer,
                      ServerMetrics& metrics);

// A server's main(): blocks the shutdown signals before any thread starts,
// makes the files it creates private to its user (umask 077), sets flags from
// GOVREPORT_* variables (those defined in `flags_file` and the shared ones) and
// then from the command line, configures logging, and returns run()'s exit
// code; 1 after logging a bad flag.
int ServerMain(int argc, char** argv, const char* program, const char* usage,
               const char* flags_file, int (*run)());

}  // namespace govreport

#endif  // GOVREPORT_SERVER_SERVER_FLAGS_H_
