#ifndef GOVREPORT_CLUSTER_NATS_LOG_H_
#define GOVREPORT_CLUSTER_NATS_LOG_H_

// Cluster mode's replicated ingestion log on NATS JetStream. The ingest
// server runs the pipeline and publishes each change here (NatsLog::Put,
// Delete) instead of writing RocksDB; every query replica reads the log in
// order and applies it to a database of its own (cluster/replica_applier.h).
//
// Example:
//   absl::StatusOr<std::unique_ptr<NatsLog>> log =
//       NatsLog::Open(NatsLogOptionsFromFlags("govreport-ingest"));
//   if (!log.ok()) return log.status();
//   absl::StatusOr<StoreResult> published =
//       (*log)->Put(analysis, content, now_micros);

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/analysis.h"
#include "govreport/v1/log.pb.h"
#include "store/report_store.h"

struct __natsConnection;
struct __natsMsg;
struct __natsSubscription;
struct __jsCtx;
struct jsPubAck;
struct jsPubAckErr;

namespace prometheus {
class Histogram;
class Registry;
}  // namespace prometheus

namespace govreport::cluster {

// Options of NatsLog::Open.
struct NatsLogOptions {
  // The NATS servers: comma-separated URLs (nats://host:port,...); the
  // client connects to one and moves to another when it is lost. Required.
  std::string servers;
  // The JetStream stream holding the log; created when missing.
  std::string stream = "GOVREPORT";
  // The subject entries are published on: the stream's only subject.
  std::string subject = "govreport.log";
  // Copies of the stream the NATS cluster keeps (1-5), each on its own
  // server: a publish is acknowledged once a majority of them stored it.
  // An existing stream must have the same count.
  int replicas = 3;
  // Longest a publish waits for JetStream's ack, resends included
  // (100 ms-10 min); past it the change is Unavailable and may or may not
  // be in the log.
  std::chrono::milliseconds publish_timeout{10000};
  // Publishes waiting for their ack at once, at most (1-65536); one more
  // waits for room within its publish_timeout.
  int max_pending_acks = 256;
  // Longest the connection to each server may take at start (100 ms-1 min).
  std::chrono::milliseconds connect_timeout{2000};
  // Longest Open waits for JetStream to answer once connected (100 ms-10
  // min): a cluster just started elects its leaders first.
  std::chrono::milliseconds jetstream_wait{30000};
  // The name this client gives the servers (their monitoring shows it).
  std::string client_name = "govreport";

  // OK, or InvalidArgument naming the bad field.
  absl::Status Validate() const;
};

// One entry read from the log.
struct LogMessage {
  // Its stream sequence: 1, 2, ... in log order.
  uint64_t sequence = 0;
  // When JetStream stored it.
  absl::Time stored;
  // Entries after it in the log when it was delivered.
  uint64_t pending = 0;
  // The LogEntry's bytes (cluster/log_entry.h decodes them).
  std::string data;
};

// The replicated ingestion log of cluster mode on NATS JetStream: the
// connection, the stream (created or verified at Open), publishing
// changes (the ingest server) and reading them in order (query replicas).
//
// A publish is asynchronous under the hood: the caller's thread waits for
// its ack while up to max_pending_acks others are outstanding on the one
// connection, so concurrent callers (a StreamIngest window, many unary
// calls) share the round trips. Each entry carries a message id of its
// own; a publish whose ack does not come is sent again under the same id
// until publish_timeout, and JetStream's duplicate window makes the resend
// a no-op when the first copy was stored.
//
// Thread-safe, except Fetch, which one thread at a time may call.
class NatsLog final {
 public:
  // Connects and creates the stream, or checks that the existing one has
  // the options' subject, file storage and replica count. InvalidArgument
  // for bad options (Validate) or servers the client cannot parse;
  // Unavailable, naming the servers, when no server answers;
  // FailedPrecondition when the stream's settings conflict or the cluster
  // cannot place its replicas.
  // With `registry`, registers the publish latency histogram there (it
  // must outlive the log).
  static absl::StatusOr<std::unique_ptr<NatsLog>> Open(
      const NatsLogOptions& options, prometheus::Registry* registry = nullptr);

  NatsLog(const NatsLog&) = delete;
  NatsLog& operator=(const NatsLog&) = delete;
  // Closes the connection; publishes still waiting end Unavailable.
  ~NatsLog();

  // Publishes the storing of an analysed report and returns once JetStream
  // acknowledged it. The result's sequence_number is the stream sequence;
  // unchanged and replaced are never set (the replicas decide). Unavailable
  // when no ack came within publish_timeout; ResourceExhausted for an
  // entry over the servers' max_payload.
  absl::StatusOr<StoreResult> Put(const Analysis& analysis,
                                  std::string_view original_content,
                                  int64_t ingest_time_micros);

  // Publishes the deletion of a report, as Put. The result holds the
  // stream sequence only: whether the report existed is not known here.
  absl::StatusOr<DeleteResult> Delete(std::string_view report_id);

  // The stream's last sequence now (0 when empty). Unavailable when the
  // stream cannot be asked or has no leader to answer for it.
  absl::StatusOr<uint64_t> LastSequence();

  // Reads up to `max` entries from `from_sequence` on, in order, waiting up
  // to `wait` for the first; an empty answer when none came. The entries
  // follow each other without a gap (the first may come after a hole of
  // the stream); deliveries lost with a connection end the answer early.
  // Unavailable when the servers cannot be read; the next call starts
  // over.
  absl::StatusOr<std::vector<LogMessage>> Fetch(uint64_t from_sequence, int max,
                                                absl::Duration wait);

  // Publishes waiting for their ack now.
  int pending_acks() const;

 private:
  struct PendingAck;

  NatsLog(const NatsLogOptions& options, std::string id_prefix);

  // Publishes `entry` and waits for its ack: its stream sequence.
  absl::StatusOr<uint64_t> Publish(const v1::LogEntry& entry);

  // Called by the client library for every ack or failed publish.
  static void OnAck(__jsCtx* js, __natsMsg* msg, jsPubAck* ack,
                    jsPubAckErr* error, void* closure);

  // Logs the loss of the connection, unless the log is closing.
  static void OnDisconnected(__natsConnection* connection, void* closure);

  // Creates or verifies the stream, waiting up to jetstream_wait while
  // JetStream is not ready.
  absl::Status EnsureStream();
  absl::Status TryEnsureStream();

  // Drops the read subscription (the next Fetch makes a new one).
  void DropSubscription();

  const NatsLogOptions options_;
  // Message ids are this prefix (random, per process) and a counter.
  const std::string id_prefix_;
  std::atomic<uint64_t> next_id_{0};
  prometheus::Histogram* publish_seconds_ = nullptr;

  __natsConnection* connection_ = nullptr;
  __jsCtx* js_ = nullptr;

  mutable absl::Mutex mu_;
  // Publishes waiting for their ack, by message id.
  absl::flat_hash_map<std::string, std::shared_ptr<PendingAck>> pending_
      ABSL_GUARDED_BY(mu_);
  // Messages inside js_PublishMsgAsync now, and whether the library has
  // handed the message to OnAck meanwhile. It registers a message, and
  // starts the timer of its wait, before it writes it, and writing waits
  // for the connection's lock, which a reconnect holds through a server's
  // handshake: its timeout can reach OnAck while the call still reads the
  // message. OnAck then leaves the message to the publishing thread.
  absl::flat_hash_map<__natsMsg*, bool> in_publish_ ABSL_GUARDED_BY(mu_);

  // Whether the stream holds no entry in [from, to): a new consumer
  // asked to start at `from` may then start at `to`.
  bool StreamHasNoneBetween(uint64_t from, uint64_t to);

  // Fetch's pull subscription, the sequence it delivers next, and whether
  // it has delivered nothing yet.
  __natsSubscription* subscription_ = nullptr;
  uint64_t subscription_next_ = 0;
  bool subscription_fresh_ = false;
};

}  // namespace govreport::cluster

#endif  // GOVREPORT_CLUSTER_NATS_LOG_H_
