#ifndef GOVREPORT_CLUSTER_REPLICA_APPLIER_H_
#define GOVREPORT_CLUSTER_REPLICA_APPLIER_H_

// The query replica's side of cluster mode: a thread that applies the
// replicated log (cluster/nats_log.h) to the replica's own ReportStore, so
// that its queries see what the ingest server published.
// Data flow: ingest pipeline → NatsLog::Put → JetStream → ReplicaApplier →
// ReportStore::ApplyLogged → the replica's RocksDB.
//
// Example:
//   absl::StatusOr<std::unique_ptr<ReplicaApplier>> applier =
//       ReplicaApplier::Start(ReplicaApplierOptions(), *log, *store,
//                             [](uint64_t applied) { /* now serving */ });

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
#include "cluster/nats_log.h"
#include "store/report_store.h"

namespace govreport::cluster {

// Options of ReplicaApplier::Start.
struct ReplicaApplierOptions {
  // Entries read from the log at once (1-10000).
  int batch = 256;
  // How long one read waits for new entries (10 ms-1 min); after an empty
  // one the applier checks the stream's tail.
  std::chrono::milliseconds fetch_wait{1000};
  // The pause after a failure before trying again (10 ms-1 min).
  std::chrono::milliseconds retry_pause{500};
  // How long Start asks again for the log's tail while the stream cannot
  // answer (no leader during an election, say) (0-10 min).
  std::chrono::milliseconds start_wait{30000};

  // OK, or InvalidArgument naming the bad field.
  absl::Status Validate() const;
};

// How far a replica is behind the log, for monitoring.
struct ReplicaLag {
  // The log sequence of the last entry applied.
  uint64_t applied = 0;
  // The log's last sequence as last seen (at least `applied`).
  uint64_t log_last = 0;
  // Time from the last applied entry's storing in the log to its applying
  // here; 0 before the first.
  double seconds = 0;
};

// A query replica's consumer loop in cluster mode: reads the replicated log
// from the entry after the last one the replica's database applied, and
// applies them in log order, a batch at a time, through
// ReportStore::ApplyLogged, which records the last applied entry's sequence
// in the same atomic write: a crash at any moment resumes exactly once. An
// empty database replays the whole log. An entry that cannot be applied (one
// that does not decode, a failed write) is tried again after a pause, never
// skipped: the lag figures show a replica stuck on one, and the log says why.
//
// Thread-safe: the loop runs on a thread of its own.
class ReplicaApplier final {
 public:
  // Starts applying `log` to `store` (both borrowed; they must outlive the
  // applier). `on_caught_up` is called once, from the applier's thread,
  // with the sequence applied once every entry the log held at Start is
  // applied. InvalidArgument for bad options; Unavailable when the log's
  // tail cannot be read within start_wait; the store's errors when its applied
  // sequence cannot be; FailedPrecondition when the database applied more
  // entries than the stream holds (it followed another stream).
  static absl::StatusOr<std::unique_ptr<ReplicaApplier>> Start(
      const ReplicaApplierOptions& options, NatsLog& log, ReportStore& store,
      std::function<void(uint64_t)> on_caught_up);

  ReplicaApplier(const ReplicaApplier&) = delete;
  ReplicaApplier& operator=(const ReplicaApplier&) = delete;
  // Stops once the entry being applied is.
  ~ReplicaApplier();

  // The current lag figures.
  ReplicaLag lag() const;

 private:
  ReplicaApplier(const ReplicaApplierOptions& options, NatsLog& log,
                 ReportStore& store, std::function<void(uint64_t)> on_caught_up,
                 uint64_t applied, uint64_t tail);

  // The thread's body.
  void Run();

  // Applies `messages` (in log order, after `applied`) to the store as
  // far as it can, moving `applied` on; the status of the first entry that
  // could not be applied.
  absl::Status Apply(const std::vector<LogMessage>& messages,
                     uint64_t* applied);

  // Logs `status` when it differs from the last failure logged.
  void ReportFailure(const absl::Status& status);

  // Waits up to `timeout` for the destructor; true when it was called.
  bool StopRequestedWithin(absl::Duration timeout);

  const ReplicaApplierOptions options_;
  NatsLog& log_;
  ReportStore& store_;
  const std::function<void(uint64_t)> on_caught_up_;
  // The log's last sequence at Start: caught up once it is applied.
  const uint64_t start_tail_;
  std::string last_failure_;

  mutable absl::Mutex mu_;
  ReplicaLag lag_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;

  std::thread thread_;
};

}  // namespace govreport::cluster

#endif  // GOVREPORT_CLUSTER_REPLICA_APPLIER_H_
