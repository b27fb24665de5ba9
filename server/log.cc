#include "server/log.h"

#include <cstdio>
#include <ctime>
#include <string>

#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace govreport {
namespace {

absl::Mutex log_mu;
std::string* program_name ABSL_GUARDED_BY(log_mu) = new std::string("govreport");

const char* LevelName(LogLevel level) {
  switch (level) {
    case LogLevel::kInfo:
      return "INFO";
    case LogLevel::kWarning:
      return "WARN";
    case LogLevel::kError:
      return "ERROR";
  }
  return "INFO";
}

}  // namespace

void SetLogProgramName(absl::string_view name) {
  absl::MutexLock lock(&log_mu);
  program_name->assign(name.data(), name.size());
}

void Log(LogLevel level, absl::string_view message) {
  std::string time = absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", absl::Now(),
                                      absl::UTCTimeZone());
  absl::MutexLock lock(&log_mu);
  std::fprintf(stderr, "%s %s %s: %.*s\n", time.c_str(), LevelName(level),
               program_name->c_str(), static_cast<int>(message.size()),
               message.data());
  std::fflush(stderr);
}

}  // namespace govreport
