#ifndef GOVREPORT_SERVER_LOG_H_
#define GOVREPORT_SERVER_LOG_H_

// The servers' structured logging: one line per event on stderr, as text or
// JSON (--log_format), filtered by --log_level. The call interceptor
// (server/observability.h) logs each failed call with its request id.
//
// Example:
//   Log(LogLevel::kWarning, "slow call", {{"method", method}, {"ms", millis}});

#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace govreport {

// Severity of a log line, least severe first.
enum class LogLevel { kDebug, kInfo, kWarning, kError };

// How log lines look.
enum class LogFormat {
  // "2026-11-22T16:00:00.000Z INFO ingest_server: message key=value"
  kText,
  // One JSON object a line: {"time":..,"level":..,"program":..,"msg":..,..}
  kJson,
};

// A value logged with a message: text, or an integer, which JSON lines
// write as a JSON number (not a string).
class LogValue final {
 public:
  // Text. NOLINT: implicit, so that fields read {"method", name}.
  LogValue(absl::string_view text) : text_(text) {}   // NOLINT
  LogValue(const char* text) : text_(text) {}         // NOLINT
  LogValue(const std::string& text) : text_(text) {}  // NOLINT
  // An integer.
  template <typename Number,
            typename = std::enable_if_t<std::is_integral_v<Number> &&
                                        !std::is_same_v<Number, bool>>>
  LogValue(Number number)  // NOLINT
      : text_(absl::StrCat(number)), number_(true) {}

  const std::string& text() const { return text_; }
  bool number() const { return number_; }

 private:
  std::string text_;
  bool number_ = false;
};

// Named values logged with a message (request id, method, code, ...).
using LogFields = std::vector<std::pair<std::string, LogValue>>;

// Writes one line to stderr, unless `level` is below the one SetLogLevel
// set. Thread-safe: lines from several threads never interleave. Never pass
// report bodies or secrets.
void Log(LogLevel level, absl::string_view message,
         const LogFields& fields = {});

// Whether Log writes lines of `level`: callers skip building the fields of
// a line nobody reads.
bool LogEnabled(LogLevel level);

// Sets the least severe level written (default kInfo).
void SetLogLevel(LogLevel level);

// Parses "debug", "info", "warn" or "error", any case; false for anything
// else.
bool ParseLogLevel(absl::string_view text, LogLevel* level);

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
