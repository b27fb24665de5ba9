#ifndef GOVREPORT_SERVER_LOG_H_
#define GOVREPORT_SERVER_LOG_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace govreport {

// Severity of a log line.
enum class LogLevel { kInfo, kWarning, kError };

// How log lines look.
enum class LogFormat {
  // "2026-11-22T16:00:00.000Z INFO ingest_server: message key=value"
  kText,
  // One JSON object a line: {"time":..,"level":..,"program":..,"msg":..,..}
  kJson,
};

// Named values logged with a message (request id, method, code, ...).
using LogFields = std::vector<std::pair<std::string, std::string>>;

// Writes one line to stderr. Thread-safe: lines from several threads never
// interleave. Never pass report bodies or secrets.
void Log(LogLevel level, absl::string_view message,
         const LogFields& fields = {});

// Logs `status` as an error and returns 1, the exit code of a server that
// cannot start: `return LogFailure(status);` in a main.
int LogFailure(const absl::Status& status);

// Sets the program name printed in every line (default "govreport").
void SetLogProgramName(absl::string_view name);

// Sets the line format (default kText).
void SetLogFormat(LogFormat format);

// Parses "text" or "json"; false for anything else.
bool ParseLogFormat(absl::string_view text, LogFormat* format);

}  // namespace govreport

#endif  // GOVREPORT_SERVER_LOG_H_
