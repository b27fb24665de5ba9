#ifndef GOVREPORT_QUERY_SERVICE_FOLLOWER_H_
#define GOVREPORT_QUERY_SERVICE_FOLLOWER_H_

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "store/report_reader.h"

namespace govreport {

// Options of Follower::Start.
struct FollowerOptions {
  // How to open the reader (the primary's folder, the reader's own).
  ReportReaderOptions reader;
  // How often to catch up with the primary (1 ms-1 min).
  std::chrono::milliseconds catch_up_interval{100};

  // OK, or InvalidArgument naming the bad field.
  absl::Status Validate() const;
};

// Keeps a ReportReader following the primary: opens it once the database
// exists, then catches up on an interval in a thread of its own.
//
// Thread-safe.
class Follower final {
 public:
  // Starts following. `on_ready` is called (from the follower's thread)
  // once, when the reader is open and has caught up for the first time.
  static absl::StatusOr<std::unique_ptr<Follower>> Start(
      const FollowerOptions& options, std::function<void()> on_ready);

  Follower(const Follower&) = delete;
  Follower& operator=(const Follower&) = delete;
  // Stops the thread; readers handed out stay valid while held.
  ~Follower();

  // The reader. Unavailable, with a message saying why, until the
  // database exists and has been read once.
  absl::StatusOr<std::shared_ptr<ReportReader>> reader() const;

  // Returns once the reader has seen `sequence`, catching up as often as
  // needed. DeadlineExceeded when `deadline` passes first; Unavailable when
  // there is no reader yet.
  absl::Status WaitForSequence(uint64_t sequence, absl::Time deadline) const;

  // When the last catch-up succeeded; InfinitePast before the first.
  absl::Time last_catch_up() const;

 private:
  Follower(const FollowerOptions& options, std::function<void()> on_ready);

  // The thread's body: open, then catch up until stopped.
  void Run();

  // Waits up to `timeout` for the destructor; true when it was called.
  bool StopRequestedWithin(absl::Duration timeout);

  const FollowerOptions options_;
  const std::function<void()> on_ready_;

  mutable absl::Mutex mu_;
  std::shared_ptr<ReportReader> reader_ ABSL_GUARDED_BY(mu_);
  // Why there is no reader yet.
  absl::Status open_status_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  absl::Time last_catch_up_ ABSL_GUARDED_BY(mu_) = absl::InfinitePast();

  std::thread thread_;
};

}  // namespace govreport

#endif  // GOVREPORT_QUERY_SERVICE_FOLLOWER_H_
