#include "ingest_service/inflight_budget.h"

#include <malloc.h>

#include <vector>

#include "absl/strings/str_cat.h"

// tcmalloc's C entry point, declared weak: the ingest library is linked
// into programs with tcmalloc (the servers) and without it (sanitizer
// builds, tests), and only the program knows which.
extern "C" void MallocExtension_ReleaseFreeMemory(void) __attribute__((weak));

namespace govreport {

void ReleaseFreeMemory() {
  if (MallocExtension_ReleaseFreeMemory != nullptr) {
    MallocExtension_ReleaseFreeMemory();
  } else {
    malloc_trim(0);
  }
}

bool InflightBudget::TryAcquire(int64_t bytes) {
  const int64_t cost = Cost(bytes);
  absl::MutexLock lock(&mu_);
  if (!waiting_.empty() || used_ + cost > limit_) return false;
  used_ += cost;
  return true;
}

InflightBudget::Admission InflightBudget::Acquire(
    int64_t bytes, std::function<void()> admitted) {
  const int64_t cost = Cost(bytes);
  absl::MutexLock lock(&mu_);
  if (waiting_.empty() && used_ + cost <= limit_) {
    used_ += cost;
    return Admission::kAdmitted;
  }
  // The first to wait always may: else a request larger than what is free
  // could never run.
  if (!waiting_.empty() && waiting_bytes_ + cost > limit_) {
    return Admission::kRefused;
  }
  waiting_bytes_ += cost;
  waiting_.emplace_back(cost, std::move(admitted));
  return Admission::kWaiting;
}

void InflightBudget::Release(int64_t bytes) {
  const int64_t cost = Cost(bytes);
  std::vector<std::function<void()>> admitted;
  {
    absl::MutexLock lock(&mu_);
    used_ -= cost;
    while (!waiting_.empty() && used_ + waiting_.front().first <= limit_) {
      used_ += waiting_.front().first;
      waiting_bytes_ -= waiting_.front().first;
      admitted.push_back(std::move(waiting_.front().second));
      waiting_.pop_front();
    }
  }
  if (bytes >= kReleaseMemoryBytes) ReleaseFreeMemory();
  for (std::function<void()>& run : admitted) run();
}

int64_t InflightBudget::used() const {
  absl::MutexLock lock(&mu_);
  return used_;
}

absl::Status InflightBudget::Refusal(int64_t bytes) const {
  int64_t used, waiting;
  {
    absl::MutexLock lock(&mu_);
    used = used_;
    waiting = waiting_bytes_;
  }
  return absl::ResourceExhaustedError(absl::StrCat(
      "the server is already reading ", used >> 20, " MiB of reports (and ",
      waiting >> 20, " MiB wait for room): this request of ", bytes >> 20,
      " MiB does not fit in its --max_inflight_bytes of ", limit_ >> 20,
      " MiB (memory); send it again in a few seconds, with backoff"));
}

}  // namespace govreport
