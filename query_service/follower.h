#ifndef GOVREPORT_QUERY_SERVICE_FOLLOWER_H_
#define GOVREPORT_QUERY_SERVICE_FOLLOWER_H_

// How a query server reads the database the ingest server writes: a
// ReportReader (a RocksDB secondary instance) kept caught up with the primary
// (or, in cluster mode, with the replica's own database the ReplicaApplier
// writes), and the min_sequence_number waits of read-your-writes queries.
//
// Example:
//   absl::StatusOr<std::unique_ptr<Follower>> follower =
//       Follower::Start(options, [] { /* ready: start serving */ });
//   absl::StatusOr<std::shared_ptr<ReportReader>> reader =
//       (*follower)->reader();  // Unavailable until the database exists

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

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
  // The longest a call may wait for a sequence number (1 ms-10 min),
  // whatever its own deadline: waits hold memory, not threads, but a
  // client without a deadline must not hold them for good.
  std::chrono::milliseconds max_sequence_wait{30000};
  // Cluster mode: the sequence calls wait for is the replicated log's, as
  // the database applied it (ReportReader::AppliedLogSequence), not
  // RocksDB's own.
  bool log_sequence = false;

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
  // InvalidArgument for bad options; a database that does not exist yet is
  // no error (reader() is Unavailable until it does).
  static absl::StatusOr<std::unique_ptr<Follower>> Start(
      const FollowerOptions& options, std::function<void()> on_ready);

  Follower(const Follower&) = delete;
  Follower& operator=(const Follower&) = delete;
  // Stops the thread; readers handed out stay valid while held.
  ~Follower();

  // The reader. Unavailable, with a message saying why, until the
  // database exists and has been read once.
  absl::StatusOr<std::shared_ptr<ReportReader>> reader() const;

  // How far past what this replica has seen a sequence number may be: the
  // primary writes a few thousand sequence numbers a second, so a number
  // further ahead than this was never handed out.
  static constexpr uint64_t kMaxSequenceLead = uint64_t{1} << 32;

  // Calls `done` once the reader has seen `sequence`: with OK; with
  // DeadlineExceeded when `deadline` (or the options' max_sequence_wait)
  // passes first; Cancelled once `cancelled` returns true (checked on every
  // catch-up); Unavailable when there is no reader yet or the follower
  // stops; OutOfRange at once for a sequence kMaxSequenceLead past what the
  // replica has seen. `done` runs exactly once, on the caller's thread when
  // the answer is known at once, otherwise on the follower's thread: it
  // must hand real work elsewhere. No thread waits meanwhile.
  void AwaitSequence(uint64_t sequence, absl::Time deadline,
                     std::function<bool()> cancelled,
                     std::function<void(absl::Status)> done) const;

  // Answers every waiting call Unavailable now, and every later one at
  // once: a server shutting down must not spend its grace period on calls
  // waiting for writes. Following goes on.
  void RefuseWaits();

  // When the last catch-up succeeded; InfinitePast before the first.
  absl::Time last_catch_up() const;

 private:
  Follower(const FollowerOptions& options, std::function<void()> on_ready);

  // The thread's body: open, then catch up until stopped.
  void Run();

  // Waits up to `timeout` for the destructor or a new waiter; true when the
  // destructor was called.
  bool StopRequestedWithin(absl::Duration timeout);

  // Answers the waiters whose sequence has been seen, whose deadline has
  // passed or whose call was cancelled; with `stopping`, all of them.
  void AnswerWaiters(bool stopping);

  // A call waiting in AwaitSequence.
  struct Waiter {
    uint64_t sequence;
    absl::Time deadline;
    std::function<bool()> cancelled;
    std::function<void(absl::Status)> done;
  };

  const FollowerOptions options_;
  const std::function<void()> on_ready_;

  mutable absl::Mutex mu_;
  std::shared_ptr<ReportReader> reader_ ABSL_GUARDED_BY(mu_);
  // Why there is no reader yet.
  absl::Status open_status_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  bool refusing_waits_ ABSL_GUARDED_BY(mu_) = false;
  absl::Time last_catch_up_ ABSL_GUARDED_BY(mu_) = absl::InfinitePast();
  // The sequence the reader has seen (see FollowerOptions::log_sequence),
  // as of the last catch-up.
  uint64_t seen_ ABSL_GUARDED_BY(mu_) = 0;
  mutable std::vector<Waiter> waiters_ ABSL_GUARDED_BY(mu_);
  // A waiter arrived since the thread last looked: catch up now.
  mutable bool waiter_added_ ABSL_GUARDED_BY(mu_) = false;

  std::thread thread_;
};

}  // namespace govreport

#endif  // GOVREPORT_QUERY_SERVICE_FOLLOWER_H_
