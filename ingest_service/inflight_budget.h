#ifndef GOVREPORT_INGEST_SERVICE_INFLIGHT_BUDGET_H_
#define GOVREPORT_INGEST_SERVICE_INFLIGHT_BUDGET_H_

// Memory admission control of the ingest server: IngestServiceImpl admits
// every report request here before parsing it, so that concurrent large
// reports cannot take the machine's memory.
//
// Example (a unary call; a stream's report waits with Acquire instead):
//   if (!budget.TryAcquire(bytes)) return budget.Refusal(bytes);
//   ...  // parse, run the pipeline, answer
//   budget.Release(bytes);

#include <cstdint>
#include <deque>
#include <functional>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"

namespace govreport {

// The admission budget of the ingest server: bytes of requests admitted and
// not yet answered, across every call, bounded by a limit. The pipeline
// holds some twenty times a report's size while it reads it (a 32 MiB
// report took the server from 40 to 600 MB), so a per-report size cap alone
// lets a few concurrent large reports take gigabytes; the budget lets in
// only as many as fit.
//
// A request larger than the limit counts as the limit: admitted alone.
// Admission is first come, first served: TryAcquire fails while anyone
// waits. Those waiting are bounded by the limit too (their bytes are in
// memory already): beyond it Acquire refuses. So at most twice the limit
// is held in requests, whatever the clients do. After a release of at least
// kReleaseMemoryBytes the allocator returns its free memory to the system
// (ReleaseFreeMemory), so that the server's RSS falls back after a large report
// instead of staying at its peak.
//
// Thread-safe.
class InflightBudget final {
 public:
  // Releases of at least this many bytes return free memory to the system.
  static constexpr int64_t kReleaseMemoryBytes = 4 << 20;

  // `limit_bytes` > 0.
  explicit InflightBudget(int64_t limit_bytes) : limit_(limit_bytes) {}

  InflightBudget(const InflightBudget&) = delete;
  InflightBudget& operator=(const InflightBudget&) = delete;

  // Admits `bytes` when they fit and nobody waits: true. False otherwise,
  // and nothing is admitted.
  bool TryAcquire(int64_t bytes);

  enum class Admission { kAdmitted, kWaiting, kRefused };

  // Admits `bytes`: kAdmitted when at once (`admitted` is dropped, not
  // run); kWaiting when they must wait, and then `admitted` runs once they
  // are, on the thread of the Release that made room, with no lock of the
  // budget held (the caller must not hold a lock `admitted` takes when it
  // calls Release); kRefused when those waiting already hold the limit.
  Admission Acquire(int64_t bytes, std::function<void()> admitted);

  // Returns `bytes` admitted before, and admits those waiting that now fit.
  void Release(int64_t bytes);

  // Bytes admitted now.
  int64_t used() const;

  int64_t limit() const { return limit_; }

  // RESOURCE_EXHAUSTED for a request of `bytes` that TryAcquire or Acquire
  // refused, saying why and what to do.
  absl::Status Refusal(int64_t bytes) const;

 private:
  int64_t Cost(int64_t bytes) const { return bytes < limit_ ? bytes : limit_; }

  const int64_t limit_;
  mutable absl::Mutex mu_;
  int64_t used_ ABSL_GUARDED_BY(mu_) = 0;
  // Bytes of those waiting.
  int64_t waiting_bytes_ ABSL_GUARDED_BY(mu_) = 0;
  // Waiting, in arrival order: bytes (as counted) and what to run.
  std::deque<std::pair<int64_t, std::function<void()>>> waiting_
      ABSL_GUARDED_BY(mu_);
};

// Returns the allocator's free memory to the system: tcmalloc's page heap
// when the program links tcmalloc (the servers do), else glibc's malloc_trim
// (sanitizer builds).
void ReleaseFreeMemory();

}  // namespace govreport

#endif  // GOVREPORT_INGEST_SERVICE_INFLIGHT_BUDGET_H_
