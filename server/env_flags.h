#ifndef GOVREPORT_SERVER_ENV_FLAGS_H_
#define GOVREPORT_SERVER_ENV_FLAGS_H_

#include <string>

#include "absl/status/status.h"

namespace govreport {

// Sets every flag defined in `defining_file` (a path suffix such as
// "ingest_service/main.cc") from the environment variable GOVREPORT_<NAME>
// (the flag's name upper-cased: --db is GOVREPORT_DB) when it is set. Call
// it before absl::ParseCommandLine, so the command line wins.
// InvalidArgument naming the variable when a value does not parse.
absl::Status ApplyEnvironmentToFlags(const std::string& defining_file);

// The environment variable of a flag: "max_report_bytes" ->
// "GOVREPORT_MAX_REPORT_BYTES".
std::string FlagEnvironmentVariable(const std::string& flag_name);

}  // namespace govreport

#endif  // GOVREPORT_SERVER_ENV_FLAGS_H_
