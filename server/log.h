#ifndef GOVREPORT_SERVER_LOG_H_
#define GOVREPORT_SERVER_LOG_H_

#include "absl/strings/string_view.h"

namespace govreport {

// Severity of a log line.
enum class LogLevel { kInfo, kWarning, kError };

// Writes one line to stderr: UTC time, level, program and message.
// Thread-safe: lines from several threads never interleave. Never pass
// report bodies or secrets.
void Log(LogLevel level, absl::string_view message);

// Sets the program name printed in every line (default "govreport").
void SetLogProgramName(absl::string_view name);

}  // namespace govreport

#endif  // GOVREPORT_SERVER_LOG_H_
