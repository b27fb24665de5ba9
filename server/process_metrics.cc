#include "server/process_metrics.h"

#include <sys/resource.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <system_error>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"

namespace govreport {
namespace {

std::string ReadFile(const char* path) {
  std::ifstream in(path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// The system's boot time in seconds since the epoch ("btime" of
// /proc/stat), or 0 when it cannot be read.
uint64_t BootTimeSeconds() {
  std::istringstream stat(ReadFile("/proc/stat"));
  std::string key;
  uint64_t value = 0;
  while (stat >> key) {
    if (key == "btime" && stat >> value) return value;
  }
  return 0;
}

prometheus::MetricFamily Family(const char* name, const char* help,
                                prometheus::MetricType type, double value) {
  prometheus::MetricFamily family;
  family.name = name;
  family.help = help;
  family.type = type;
  prometheus::ClientMetric metric;
  if (type == prometheus::MetricType::Counter) {
    metric.counter.value = value;
  } else {
    metric.gauge.value = value;
  }
  family.metric.push_back(std::move(metric));
  return family;
}

}  // namespace

absl::StatusOr<ProcStat> ParseProcStat(absl::string_view line) {
  const size_t paren = line.rfind(')');
  if (paren == absl::string_view::npos) {
    return absl::InvalidArgumentError("no command name in /proc stat line");
  }
  // After ')': field 3 (state) on; fields are numbered from 1 as in proc(5).
  const std::vector<absl::string_view> fields =
      absl::StrSplit(line.substr(paren + 1), ' ', absl::SkipEmpty());
  auto field = [&fields](int number) {
    return number - 3 < static_cast<int>(fields.size()) ? fields[number - 3]
                                                        : absl::string_view();
  };
  ProcStat stat;
  if (!absl::SimpleAtoi(field(14), &stat.user_ticks) ||
      !absl::SimpleAtoi(field(15), &stat.system_ticks) ||
      !absl::SimpleAtoi(field(20), &stat.threads) ||
      !absl::SimpleAtoi(field(22), &stat.start_ticks) ||
      !absl::SimpleAtoi(field(23), &stat.virtual_bytes) ||
      !absl::SimpleAtoi(field(24), &stat.resident_pages)) {
    return absl::InvalidArgumentError("not a /proc stat line");
  }
  return stat;
}

std::vector<prometheus::MetricFamily> ProcessCollector::Collect() const {
  using prometheus::MetricType;
  std::vector<prometheus::MetricFamily> families;
  const double ticks = static_cast<double>(sysconf(_SC_CLK_TCK));
  absl::StatusOr<ProcStat> stat = ParseProcStat(ReadFile("/proc/self/stat"));
  if (stat.ok() && ticks > 0) {
    families.push_back(Family("process_cpu_seconds_total",
                              "Total user and system CPU time spent "
                              "in seconds.",
                              MetricType::Counter,
                              (stat->user_ticks + stat->system_ticks) / ticks));
    families.push_back(Family(
        "process_resident_memory_bytes", "Resident memory size in bytes.",
        MetricType::Gauge,
        static_cast<double>(stat->resident_pages) * sysconf(_SC_PAGESIZE)));
    families.push_back(
        Family("process_virtual_memory_bytes", "Virtual memory size in bytes.",
               MetricType::Gauge, static_cast<double>(stat->virtual_bytes)));
    families.push_back(Family("process_threads", "Number of OS threads.",
                              MetricType::Gauge,
                              static_cast<double>(stat->threads)));
    if (const uint64_t boot = BootTimeSeconds(); boot > 0) {
      families.push_back(
          Family("process_start_time_seconds",
                 "Start time of the process since unix epoch in seconds.",
                 MetricType::Gauge, boot + stat->start_ticks / ticks));
    }
  }
  std::error_code error;
  int64_t open_fds = 0;
  for (std::filesystem::directory_iterator it("/proc/self/fd", error), end;
       !error && it != end; it.increment(error)) {
    ++open_fds;
  }
  // The iterator's own descriptor is counted: it was open while listing.
  if (!error && open_fds > 0) {
    families.push_back(Family("process_open_fds",
                              "Number of open file descriptors.",
                              MetricType::Gauge, open_fds - 1));
  }
  rlimit limit;
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0 &&
      limit.rlim_cur != RLIM_INFINITY) {
    families.push_back(
        Family("process_max_fds", "Maximum number of open file descriptors.",
               MetricType::Gauge, static_cast<double>(limit.rlim_cur)));
  }
  return families;
}

}  // namespace govreport
