#include "server/server_flags.h"

#include <sys/stat.h>

#include <cstdlib>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/flags/usage_config.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "server/build_info.h"
#include "server/env_flags.h"
#include "server/log.h"

ABSL_FLAG(std::string, tls_cert, "",
          "PEM certificate chain file; with --tls_key, serve TLS");
ABSL_FLAG(std::string, tls_key, "", "PEM private key file of --tls_cert");
ABSL_FLAG(std::string, tls_client_ca, "",
          "PEM CA file: require client certificates signed by it (mTLS)");
ABSL_FLAG(std::string, token_file, "",
          "file of \"write <token>\" / \"read <token>\" lines; when set (or "
          "when the GOVREPORT_TOKENS environment variable holds such lines), "
          "calls need \"authorization: Bearer <token>\"");
ABSL_FLAG(bool, open_reads, true,
          "with --token_file: let calls without a token read");
ABSL_FLAG(bool, reflection_requires_token, false,
          "with tokens: server reflection (the schema of the services) "
          "needs a read or write token too, even with --open_reads; health "
          "checks stay open");
ABSL_FLAG(std::string, metrics_listen, "",
          "HOST:PORT serving Prometheus metrics at /metrics; empty: off");
ABSL_FLAG(std::string, log_format, "text", "log lines as text or json");
ABSL_FLAG(std::string, log_level, "info",
          "least severe lines logged: debug (also every call that succeeded), "
          "info, warn (also every failed call) or error");

namespace govreport {

absl::Status ConfigureLoggingFromFlags() {
  LogFormat format;
  if (!ParseLogFormat(absl::GetFlag(FLAGS_log_format), &format)) {
    return absl::InvalidArgumentError("--log_format must be text or json");
  }
  SetLogFormat(format);
  LogLevel level;
  if (!ParseLogLevel(absl::GetFlag(FLAGS_log_level), &level)) {
    return absl::InvalidArgumentError(
        "--log_level must be debug, info, warn or error");
  }
  SetLogLevel(level);
  return absl::OkStatus();
}

void ApplyTlsFlags(ServerRunnerOptions* options) {
  options->tls_cert_file = absl::GetFlag(FLAGS_tls_cert);
  options->tls_key_file = absl::GetFlag(FLAGS_tls_key);
  options->tls_client_ca_file = absl::GetFlag(FLAGS_tls_client_ca);
}

absl::StatusOr<TokenAuthorizer> AuthorizerFromFlags() {
  const bool open_reads = absl::GetFlag(FLAGS_open_reads);
  absl::StatusOr<TokenAuthorizer> authorizer = TokenAuthorizer();
  if (!absl::GetFlag(FLAGS_token_file).empty()) {
    authorizer =
        TokenAuthorizer::FromFile(absl::GetFlag(FLAGS_token_file), open_reads);
  } else if (const char* tokens = std::getenv(kTokensEnvironmentVariable);
             tokens != nullptr && *tokens != '\0') {
    // Containers often pass secrets as environment variables: the same
    // lines as a token file.
    authorizer = TokenAuthorizer::FromText(tokens, open_reads);
  } else if (!open_reads) {
    return absl::InvalidArgumentError(
        absl::StrCat("--open_reads=false needs tokens: give --token_file or ",
                     kTokensEnvironmentVariable));
  }
  if (authorizer.ok()) {
    Log(LogLevel::kInfo,
        !authorizer->enabled()
            ? std::string("authentication: off (no --token_file): every call "
                          "may read and write")
            : absl::StrCat("authentication: bearer tokens; reads ",
                           open_reads ? "open to calls without a token"
                                      : "need a token"));
  }
  return authorizer;
}

absl::StatusOr<std::unique_ptr<ServerMetrics>> MetricsFromFlags() {
  return ServerMetrics::Start(absl::GetFlag(FLAGS_metrics_listen));
}

absl::StatusOr<std::vector<
    std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>>>
InterceptorsFromFlags(const TokenAuthorizer& authorizer,
                      ServerMetrics& metrics) {
  std::vector<
      std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>>
      interceptors;
  if (absl::GetFlag(FLAGS_reflection_requires_token)) {
    if (!authorizer.enabled()) {
      return absl::InvalidArgumentError(
          absl::StrCat("--reflection_requires_token needs tokens: give "
                       "--token_file or ",
                       kTokensEnvironmentVariable));
    }
    // First, so that the metrics and the log see the refusal.
    interceptors.push_back(ReflectionTokenGuard(authorizer));
  }
  interceptors.push_back(metrics.InterceptorFactory());
  Log(LogLevel::kInfo,
      absl::StrCat("server reflection: ",
                   absl::GetFlag(FLAGS_reflection_requires_token)
                       ? "needs a token"
                       : "open to calls without a token"));
  return interceptors;
}

int ServerMain(int argc, char** argv, const char* program, const char* usage,
               const char* flags_file, int (*run)()) {
  ServerRunner::BlockShutdownSignals();
  // The database holds every report as received: its files are the
  // server user's alone (0600, folders 0700). Query replicas read the
  // primary's files, so they run as the same user (the container image and
  // manifests do).
  umask(077);
  // Debian's abseil is built with assertions on, so absl::Mutex would
  // record a lock graph on every acquisition (~2% of a query's CPU in
  // perf); the servers' lock order is simple and tested.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  absl::SetProgramUsageMessage(absl::StrCat(
      usage,
      "\n\nEvery flag below can also come from the environment variable "
      "GOVREPORT_ and the flag's name in capitals (--db: GOVREPORT_DB, "
      "--token_file: GOVREPORT_TOKEN_FILE); the command line "
      "wins, and a GOVREPORT_ variable naming no flag stops the server. "
      "Tokens may also come from ",
      kTokensEnvironmentVariable, " (see --token_file)."));
  // --version prints this and exits.
  absl::FlagsUsageConfig usage_config;
  usage_config.version_string = [program] {
    return absl::StrCat(program, " ", BuildVersion(), " (commit ",
                        BuildCommit(), ")\n");
  };
  absl::SetFlagsUsageConfig(usage_config);
  absl::Status from_environment = ApplyEnvironmentToFlags(
      {flags_file, kServerFlagsFile}, {kTokensEnvironmentVariable});
  absl::ParseCommandLine(argc, argv);
  SetLogProgramName(program);
  for (const absl::Status& status :
       {from_environment, ConfigureLoggingFromFlags()}) {
    if (!status.ok()) return LogFailure(status);
  }
  return run();
}

}  // namespace govreport
