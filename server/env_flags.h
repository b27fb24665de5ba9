#ifndef GOVREPORT_SERVER_ENV_FLAGS_H_
#define GOVREPORT_SERVER_ENV_FLAGS_H_

// Flags from GOVREPORT_* environment variables, for deployments that
// configure through the environment (containers, systemd): ServerMain
// (server/server_flags.h) applies them before the command line.
//
// Example:
//   // GOVREPORT_DB=/data sets --db=/data:
//   absl::Status applied = ApplyEnvironmentToFlags(
//       {"ingest_service/main.cc", kServerFlagsFile});

#include <string>
#include <vector>

#include "absl/status/status.h"

namespace govreport {

// Sets every flag defined in one of `defining_files` (path suffixes such as
// "ingest_service/main.cc") from the environment variable GOVREPORT_<NAME>
// (the flag's name upper-cased: --db is GOVREPORT_DB) when it is set. Call
// it before absl::ParseCommandLine, so the command line wins.
// InvalidArgument naming the variable when a value does not parse, or when
// a GOVREPORT_ variable names no flag of these files, none of
// `other_variables` (read by the program otherwise) and neither of
// reportctl's GOVREPORT_TOKEN and GOVREPORT_TARGET, with the closest flag
// suggested.
absl::Status ApplyEnvironmentToFlags(
    const std::vector<std::string>& defining_files,
    const std::vector<std::string>& other_variables = {});

// The environment variable of a flag: "max_report_bytes" ->
// "GOVREPORT_MAX_REPORT_BYTES".
std::string FlagEnvironmentVariable(const std::string& flag_name);

}  // namespace govreport

#endif  // GOVREPORT_SERVER_ENV_FLAGS_H_
