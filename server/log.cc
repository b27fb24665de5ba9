#include "server/log.h"

#include <atomic>
#include <cstdio>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace govreport {
namespace {

absl::Mutex log_mu;
std::string* program_name ABSL_GUARDED_BY(log_mu) =
    new std::string("govreport");
LogFormat log_format ABSL_GUARDED_BY(log_mu) = LogFormat::kText;
// Read without log_mu on every call's path: atomic.
std::atomic<LogLevel> log_level{LogLevel::kInfo};

const char* LevelName(LogLevel level) {
  switch (level) {
    case LogLevel::kDebug:
      return "DEBUG";
    case LogLevel::kInfo:
      return "INFO";
    case LogLevel::kWarning:
      return "WARN";
    case LogLevel::kError:
      return "ERROR";
  }
  return "INFO";
}

// A JSON string literal; control characters escaped, UTF-8 kept as is.
std::string JsonString(absl::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          absl::StrAppend(&out, "\\u00", absl::Hex(c, absl::kZeroPad2));
        } else {
          out.push_back(c);
        }
    }
  }
  return out + "\"";
}

}  // namespace

int LogFailure(const absl::Status& status) {
  Log(LogLevel::kError, status.ToString());
  return 1;
}

void SetLogProgramName(absl::string_view name) {
  absl::MutexLock lock(&log_mu);
  program_name->assign(name.data(), name.size());
}

void SetLogFormat(LogFormat format) {
  absl::MutexLock lock(&log_mu);
  log_format = format;
}

bool LogEnabled(LogLevel level) { return level >= log_level.load(); }

void SetLogLevel(LogLevel level) { log_level = level; }

bool ParseLogLevel(absl::string_view text, LogLevel* level) {
  for (LogLevel candidate : {LogLevel::kDebug, LogLevel::kInfo,
                             LogLevel::kWarning, LogLevel::kError}) {
    if (absl::AsciiStrToUpper(text) == LevelName(candidate)) {
      *level = candidate;
      return true;
    }
  }
  return false;
}

bool ParseLogFormat(absl::string_view text, LogFormat* format) {
  if (text == "text") {
    *format = LogFormat::kText;
  } else if (text == "json") {
    *format = LogFormat::kJson;
  } else {
    return false;
  }
  return true;
}

void Log(LogLevel level, absl::string_view message, const LogFields& fields) {
  if (!LogEnabled(level)) return;
  std::string time = absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", absl::Now(),
                                      absl::UTCTimeZone());
  absl::MutexLock lock(&log_mu);
  std::string line;
  if (log_format == LogFormat::kJson) {
    line = absl::StrCat("{\"time\":", JsonString(time),
                        ",\"level\":", JsonString(LevelName(level)),
                        ",\"program\":", JsonString(*program_name),
                        ",\"msg\":", JsonString(message));
    for (const auto& [key, value] : fields) {
      absl::StrAppend(&line, ",", JsonString(key), ":",
                      value.number() ? value.text() : JsonString(value.text()));
    }
    line += "}";
  } else {
    line = absl::StrCat(time, " ", LevelName(level), " ", *program_name, ": ",
                        message);
    for (const auto& [key, value] : fields) {
      absl::StrAppend(&line, " ", key, "=", value.text());
    }
  }
  line += "\n";
  std::fwrite(line.data(), 1, line.size(), stderr);
  std::fflush(stderr);
}

}  // namespace govreport
