#ifndef GOVREPORT_SERVER_PROCESS_METRICS_H_
#define GOVREPORT_SERVER_PROCESS_METRICS_H_

// The process_* metrics of the Prometheus client libraries (CPU, memory,
// file descriptors, threads, start time), read from /proc at each scrape:
// ServerMetrics (server/observability.h) registers a ProcessCollector.

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "prometheus/collectable.h"
#include "prometheus/metric_family.h"

namespace govreport {

// The fields of /proc/PID/stat the process_* metrics need, in the kernel's
// units (clock ticks, pages, bytes).
struct ProcStat {
  uint64_t user_ticks = 0;
  uint64_t system_ticks = 0;
  int64_t threads = 0;
  // Since boot.
  uint64_t start_ticks = 0;
  uint64_t virtual_bytes = 0;
  int64_t resident_pages = 0;
};

// Parses a /proc/PID/stat line. InvalidArgument when it is not one.
// Fields are counted from the last ')', since the command name in
// parentheses may hold spaces and parentheses itself.
absl::StatusOr<ProcStat> ParseProcStat(absl::string_view line);

// The standard process metrics of the Prometheus client libraries, read
// from /proc at each scrape: process_cpu_seconds_total (a counter),
// process_resident_memory_bytes, process_virtual_memory_bytes,
// process_open_fds, process_max_fds, process_start_time_seconds and
// process_threads. A metric whose source cannot be read is left out.
//
// Thread-safe (holds no state).
class ProcessCollector final : public prometheus::Collectable {
 public:
  std::vector<prometheus::MetricFamily> Collect() const override;
};

}  // namespace govreport

#endif  // GOVREPORT_SERVER_PROCESS_METRICS_H_
