#include "cluster/nats_log.h"

#include <nats/nats.h>
#include <unistd.h>

#include <algorithm>
#include <thread>
#include <utility>

#include "absl/base/const_init.h"
#include "absl/container/flat_hash_set.h"
#include "absl/random/random.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "cluster/log_entry.h"
#include "prometheus/histogram.h"
#include "prometheus/registry.h"
#include "server/log.h"

namespace govreport::cluster {
namespace {

// A publish whose ack did not come within this long is sent again (same
// message id): long enough for a stream leader election after the loss of
// a server, short enough to resend soon once the client reconnected.
constexpr absl::Duration kAttemptWait = absl::Seconds(2);
// After a refused attempt (no responders during an election, the
// reconnect buffer full), wait this long before the next one.
constexpr absl::Duration kRetryPause = absl::Milliseconds(100);
// The server drops a reading consumer this long after its replica stopped
// asking (a replica that died leaves none behind for long).
constexpr absl::Duration kConsumerInactiveThreshold = absl::Seconds(60);
// JetStream puts the message id in this header.
constexpr char kMsgIdHeader[] = "Nats-Msg-Id";

std::vector<std::string> ServerUrls(const std::string& servers) {
  std::vector<std::string> urls;
  for (absl::string_view url : absl::StrSplit(servers, ',')) {
    url = absl::StripAsciiWhitespace(url);
    if (!url.empty()) urls.emplace_back(url);
  }
  return urls;
}

// The client library's words for a failure: the status, the JetStream
// error code when there is one, and the last error's detail.
std::string NatsError(natsStatus status, jsErrCode code = jsErrCode(0)) {
  std::string text = natsStatus_GetText(status);
  if (code != 0) absl::StrAppend(&text, " (JetStream error ", code, ")");
  const char* last = nats_GetLastError(nullptr);
  absl::string_view detail = last == nullptr ? "" : last;
  // It starts with the library's source position: "(conn.c:2088): ".
  if (absl::StartsWith(detail, "(")) {
    const size_t end = detail.find("): ");
    if (end != absl::string_view::npos) detail.remove_prefix(end + 3);
  }
  if (!detail.empty() && text.find(std::string(detail)) == std::string::npos) {
    absl::StrAppend(&text, ": ", detail);
  }
  return text;
}

int64_t Millis(absl::Duration d) { return absl::ToInt64Milliseconds(d); }

// The client library runs its handlers on its own threads and may run one
// after natsConnection_Destroy returned (nats.c issue 735: a disconnect
// posted by the close itself, an ack already in delivery). A handler
// therefore reaches its log only through this set, holding its lock, and
// a log leaves the set before anything of it is destroyed.
ABSL_CONST_INIT absl::Mutex live_logs_mu(absl::kConstInit);

absl::flat_hash_set<const void*>& LiveLogs()
    ABSL_EXCLUSIVE_LOCKS_REQUIRED(live_logs_mu) {
  static auto* const logs = new absl::flat_hash_set<const void*>();
  return *logs;
}

void OnReconnected(natsConnection* connection, void*) {
  char url[256] = {0};
  natsConnection_GetConnectedUrl(connection, url, sizeof(url));
  Log(LogLevel::kInfo, absl::StrCat("reconnected to NATS at ", url));
}

}  // namespace

struct NatsLog::PendingAck {
  // The fields below are guarded by NatsLog::mu_.
  bool done = false;
  natsStatus status = NATS_OK;
  jsErrCode code = jsErrCode(0);
  std::string error_text;
  uint64_t sequence = 0;
};

absl::Status NatsLogOptions::Validate() const {
  if (ServerUrls(servers).empty()) {
    return absl::InvalidArgumentError(
        "the NATS servers (--nats) are empty: give nats://HOST:PORT URLs, "
        "comma-separated");
  }
  if (stream.empty() ||
      stream.find_first_of(" \t.*>/\\") != std::string::npos) {
    return absl::InvalidArgumentError(absl::StrCat(
        "the stream name \"", stream,
        "\" must be non-empty, without spaces, '.', '*', '>', '/' or '\\'"));
  }
  if (subject.empty() || subject.find_first_of(" \t*>") != std::string::npos) {
    return absl::InvalidArgumentError(
        absl::StrCat("the subject \"", subject,
                     "\" must be non-empty, without spaces or wildcards"));
  }
  if (replicas < 1 || replicas > 5) {
    return absl::InvalidArgumentError(
        absl::StrCat("the stream replicas must be 1-5, not ", replicas));
  }
  if (publish_timeout < std::chrono::milliseconds(100) ||
      publish_timeout > std::chrono::minutes(10)) {
    return absl::InvalidArgumentError(
        "the publish timeout must be between 100 ms and 10 minutes");
  }
  if (max_pending_acks < 1 || max_pending_acks > 65536) {
    return absl::InvalidArgumentError("the most pending acks must be 1-65536");
  }
  if (connect_timeout < std::chrono::milliseconds(100) ||
      connect_timeout > std::chrono::minutes(1)) {
    return absl::InvalidArgumentError(
        "the connect timeout must be between 100 ms and 1 minute");
  }
  if (jetstream_wait < std::chrono::milliseconds(100) ||
      jetstream_wait > std::chrono::minutes(10)) {
    return absl::InvalidArgumentError(
        "the wait for JetStream must be between 100 ms and 10 minutes");
  }
  return absl::OkStatus();
}

NatsLog::NatsLog(const NatsLogOptions& options, std::string id_prefix)
    : options_(options), id_prefix_(std::move(id_prefix)) {
  absl::MutexLock lock(&live_logs_mu);
  LiveLogs().insert(this);
}

void NatsLog::OnDisconnected(natsConnection*, void* closure) {
  absl::MutexLock lock(&live_logs_mu);
  // A log being destroyed has left the set: its own close is no news.
  if (!LiveLogs().contains(closure)) return;
  Log(LogLevel::kWarning,
      absl::StrCat("lost the connection to NATS (",
                   static_cast<NatsLog*>(closure)->options_.servers,
                   "); reconnecting"));
}

NatsLog::~NatsLog() {
  {
    absl::MutexLock lock(&live_logs_mu);
    LiveLogs().erase(this);
  }
  DropSubscription();
  if (js_ != nullptr) jsCtx_Destroy(js_);
  if (connection_ != nullptr) natsConnection_Destroy(connection_);
}

absl::StatusOr<std::unique_ptr<NatsLog>> NatsLog::Open(
    const NatsLogOptions& options, prometheus::Registry* registry) {
  if (absl::Status valid = options.Validate(); !valid.ok()) return valid;
  absl::BitGen random;
  auto log = std::unique_ptr<NatsLog>(new NatsLog(
      options,
      absl::StrCat(absl::Hex(absl::Uniform<uint64_t>(random), absl::kZeroPad16),
                   "-", getpid())));
  if (registry != nullptr) {
    log->publish_seconds_ =
        &prometheus::BuildHistogram()
             .Name("govreport_nats_publish_seconds")
             .Help(
                 "Time from publishing a change to JetStream's ack (a "
                 "quorum of NATS servers stored it), resends included")
             .Register(*registry)
             .Add({}, prometheus::Histogram::BucketBoundaries{
                          0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
                          0.25, 0.5, 1, 2.5, 5, 10});
  }

  natsOptions* nats_options = nullptr;
  if (natsOptions_Create(&nats_options) != NATS_OK) {
    return absl::InternalError("cannot create the NATS client options");
  }
  const std::vector<std::string> urls = ServerUrls(options.servers);
  std::vector<const char*> url_pointers;
  for (const std::string& url : urls) url_pointers.push_back(url.c_str());
  natsStatus status = natsOptions_SetServers(
      nats_options, url_pointers.data(), static_cast<int>(url_pointers.size()));
  if (status == NATS_OK) {
    status = natsOptions_SetName(nats_options, options.client_name.c_str());
  }
  if (status == NATS_OK) {
    status = natsOptions_SetTimeout(
        nats_options, Millis(absl::FromChrono(options.connect_timeout)));
  }
  // Once connected, the client reconnects for ever: a publish meanwhile
  // fails by its own timeout, and the server keeps serving.
  if (status == NATS_OK) status = natsOptions_SetMaxReconnect(nats_options, -1);
  if (status == NATS_OK) {
    status = natsOptions_SetReconnectWait(nats_options, 200);
  }
  if (status == NATS_OK) {
    status = natsOptions_SetDisconnectedCB(nats_options,
                                           &NatsLog::OnDisconnected, log.get());
  }
  if (status == NATS_OK) {
    status = natsOptions_SetReconnectedCB(nats_options, OnReconnected, nullptr);
  }
  if (status != NATS_OK) {
    natsOptions_Destroy(nats_options);
    return absl::InvalidArgumentError(
        absl::StrCat("bad NATS client options (--nats=", options.servers,
                     "): ", NatsError(status)));
  }
  status = natsConnection_Connect(&log->connection_, nats_options);
  natsOptions_Destroy(nats_options);
  if (status != NATS_OK) {
    log->connection_ = nullptr;
    return absl::UnavailableError(absl::StrCat(
        "cannot connect to NATS at ", options.servers, ": ", NatsError(status),
        "; check that nats-server runs there (with JetStream) and --nats"));
  }

  jsOptions js_options;
  jsOptions_Init(&js_options);
  js_options.PublishAsync.MaxPending = options.max_pending_acks;
  js_options.PublishAsync.AckHandler = &NatsLog::OnAck;
  js_options.PublishAsync.AckHandlerClosure = log.get();
  js_options.PublishAsync.StallWait =
      Millis(absl::FromChrono(options.publish_timeout));
  status = natsConnection_JetStream(&log->js_, log->connection_, &js_options);
  if (status != NATS_OK) {
    log->js_ = nullptr;
    return absl::InternalError(
        absl::StrCat("cannot start a JetStream context: ", NatsError(status)));
  }
  if (absl::Status stream = log->EnsureStream(); !stream.ok()) return stream;
  return log;
}

absl::Status NatsLog::EnsureStream() {
  const absl::Time deadline =
      absl::Now() + absl::FromChrono(options_.jetstream_wait);
  while (true) {
    absl::Status ensured = TryEnsureStream();
    if (!absl::IsUnavailable(ensured) || absl::Now() >= deadline) {
      return ensured;
    }
    absl::SleepFor(absl::Milliseconds(250));
  }
}

absl::Status NatsLog::TryEnsureStream() {
  const std::string wanted =
      absl::StrCat("subject ", options_.subject,
                   ", file storage, replicas=", options_.replicas);
  jsStreamInfo* info = nullptr;
  jsErrCode code = jsErrCode(0);
  natsStatus status =
      js_GetStreamInfo(&info, js_, options_.stream.c_str(), nullptr, &code);
  if (status == NATS_NOT_FOUND || code == JSStreamNotFoundErr) {
    jsStreamConfig config;
    jsStreamConfig_Init(&config);
    const char* subjects[] = {options_.subject.c_str()};
    config.Name = options_.stream.c_str();
    config.Subjects = subjects;
    config.SubjectsLen = 1;
    config.Storage = js_FileStorage;
    config.Replicas = options_.replicas;
    code = jsErrCode(0);
    status = js_AddStream(&info, js_, &config, nullptr, &code);
    if (status == NATS_OK) {
      Log(LogLevel::kInfo, absl::StrCat("created the JetStream stream ",
                                        options_.stream, " (", wanted, ")"));
      jsStreamInfo_Destroy(info);
      return absl::OkStatus();
    }
    if (status == NATS_TIMEOUT || status == NATS_NO_RESPONDERS ||
        code == JSClusterNotAvailErr) {
      return absl::UnavailableError(
          absl::StrCat("cannot create the JetStream stream ", options_.stream,
                       ": ", NatsError(status, code)));
    }
    if (code != JSStreamNameExistErr) {
      return absl::FailedPreconditionError(absl::StrCat(
          "cannot create the JetStream stream ", options_.stream, " (", wanted,
          "): ", NatsError(status, code),
          code == JSStreamReplicasNotSupportedErr ||
                  code == JSInsufficientResourcesErr ||
                  code == JSClusterNoPeersErr
              ? "; the NATS cluster needs as many servers with JetStream as "
                "--nats_replicas"
              : ""));
    }
    // Another server created it meanwhile: verify that one.
    code = jsErrCode(0);
    status =
        js_GetStreamInfo(&info, js_, options_.stream.c_str(), nullptr, &code);
  }
  if (status != NATS_OK) {
    return absl::UnavailableError(absl::StrCat(
        "cannot read the JetStream stream ", options_.stream, " at ",
        options_.servers, ": ", NatsError(status, code),
        status == NATS_NO_RESPONDERS
            ? "; is JetStream enabled on the NATS servers (jetstream {} in "
              "their configuration)?"
            : ""));
  }
  const jsStreamConfig& config = *info->Config;
  std::vector<std::string> subjects(config.Subjects,
                                    config.Subjects + config.SubjectsLen);
  const bool matches = subjects == std::vector<std::string>{options_.subject} &&
                       config.Storage == js_FileStorage &&
                       config.Replicas == options_.replicas &&
                       config.Retention == js_LimitsPolicy;
  std::string found = absl::StrCat(
      "subjects [", absl::StrJoin(subjects, ", "), "], ",
      config.Storage == js_FileStorage ? "file" : "memory",
      " storage, replicas=", config.Replicas,
      config.Retention == js_LimitsPolicy ? "" : ", retention not limits");
  jsStreamInfo_Destroy(info);
  if (!matches) {
    return absl::FailedPreconditionError(absl::StrCat(
        "the JetStream stream ", options_.stream, " exists with ", found,
        ", but this server needs ", wanted,
        ": use another --nats_stream, or the stream's --nats_replicas"));
  }
  return absl::OkStatus();
}

void NatsLog::OnAck(jsCtx*, natsMsg* msg, jsPubAck* ack, jsPubAckErr* error,
                    void* closure) {
  absl::MutexLock live(&live_logs_mu);
  bool still_in_publish = false;
  if (LiveLogs().contains(closure)) {
    auto* log = static_cast<NatsLog*>(closure);
    const char* id = nullptr;
    if (natsMsgHeader_Get(msg, kMsgIdHeader, &id) != NATS_OK) id = nullptr;
    absl::MutexLock lock(&log->mu_);
    auto publishing = log->in_publish_.find(msg);
    if (publishing != log->in_publish_.end()) {
      publishing->second = true;
      still_in_publish = true;
    }
    auto pending = id != nullptr ? log->pending_.find(id) : log->pending_.end();
    if (pending != log->pending_.end() && !pending->second->done) {
      PendingAck& answer = *pending->second;
      answer.done = true;
      if (ack != nullptr) {
        answer.status = NATS_OK;
        answer.sequence = ack->Sequence;
      } else {
        answer.status = error != nullptr ? error->Err : NATS_ERR;
        answer.code = error != nullptr ? error->ErrCode : jsErrCode(0);
        answer.error_text = error != nullptr && error->ErrText != nullptr
                                ? error->ErrText
                                : natsStatus_GetText(answer.status);
      }
    }
  }
  if (!still_in_publish) natsMsg_Destroy(msg);
}

absl::StatusOr<uint64_t> NatsLog::Publish(const v1::LogEntry& entry) {
  const std::string data = entry.SerializeAsString();
  const std::string id = absl::StrCat(id_prefix_, "-", next_id_++);
  auto ack = std::make_shared<PendingAck>();
  {
    absl::MutexLock lock(&mu_);
    pending_[id] = ack;
  }
  const absl::Time start = absl::Now();
  const absl::Time deadline =
      start + absl::FromChrono(options_.publish_timeout);
  std::string last_failure = "no attempt";
  absl::StatusOr<uint64_t> result;
  while (true) {
    const absl::Time now = absl::Now();
    if (now >= deadline) {
      result = absl::UnavailableError(absl::StrCat(
          "NATS JetStream did not acknowledge the change within ",
          absl::FormatDuration(absl::FromChrono(options_.publish_timeout)),
          " (", last_failure,
          "): it is not acknowledged and may or may not be stored; send it "
          "again"));
      break;
    }
    const absl::Duration attempt = std::min(kAttemptWait, deadline - now);
    {
      absl::MutexLock lock(&mu_);
      ack->done = false;
    }
    natsMsg* msg = nullptr;
    natsStatus status =
        natsMsg_Create(&msg, options_.subject.c_str(), nullptr, data.data(),
                       static_cast<int>(data.size()));
    if (status == NATS_OK) {
      jsPubOptions publish_options;
      jsPubOptions_Init(&publish_options);
      publish_options.MsgId = id.c_str();
      publish_options.MaxWait = std::max<int64_t>(1, Millis(attempt));
      natsMsg* const sent = msg;
      {
        absl::MutexLock lock(&mu_);
        in_publish_[sent] = false;
      }
      status = js_PublishMsgAsync(js_, &msg, &publish_options);
      bool handed_to_on_ack;
      {
        absl::MutexLock lock(&mu_);
        handed_to_on_ack = in_publish_.extract(sent).mapped();
      }
      // A message the library took is null here, and is its own, unless
      // OnAck has already had it and left it to this thread.
      if (handed_to_on_ack && msg == nullptr) natsMsg_Destroy(sent);
    }
    natsMsg_Destroy(msg);
    if (status == NATS_MAX_PAYLOAD) {
      result = absl::ResourceExhaustedError(
          absl::StrCat("the report's log entry is ", data.size(),
                       " bytes, over the NATS servers' max_payload of ",
                       natsConnection_GetMaxPayload(connection_),
                       " bytes: raise max_payload in their configuration"));
      break;
    }
    if (status != NATS_OK) {
      last_failure = NatsError(status);
      absl::SleepFor(std::min(kRetryPause, deadline - absl::Now()));
      continue;
    }
    bool pause = false;
    {
      absl::MutexLock lock(&mu_);
      // The library reports the attempt's timeout itself; the margin
      // covers an ack handler that never runs (a connection closed
      // meanwhile).
      mu_.AwaitWithDeadline(absl::Condition(&ack->done),
                            now + attempt + absl::Seconds(1));
      if (!ack->done) {
        last_failure = "no answer";
        continue;
      }
      if (ack->status == NATS_OK) {
        result = ack->sequence;
        break;
      }
      last_failure = ack->error_text;
      if (ack->code == JSStreamMessageExceedsMaximumErr) {
        result = absl::ResourceExhaustedError(absl::StrCat(
            "the report's log entry is ", data.size(),
            " bytes, over the stream's largest message: ", ack->error_text));
        break;
      }
      // Refused at once (no stream leader during an election, say) rather
      // than timed out: pause before the next attempt.
      pause = ack->status != NATS_TIMEOUT;
    }
    if (pause) absl::SleepFor(std::min(kRetryPause, deadline - absl::Now()));
  }
  {
    absl::MutexLock lock(&mu_);
    pending_.erase(id);
  }
  if (result.ok() && publish_seconds_ != nullptr) {
    publish_seconds_->Observe(absl::ToDoubleSeconds(absl::Now() - start));
  }
  return result;
}

absl::StatusOr<StoreResult> NatsLog::Put(const Analysis& analysis,
                                         std::string_view original_content,
                                         int64_t ingest_time_micros) {
  absl::StatusOr<uint64_t> sequence =
      Publish(PutEntry(analysis, original_content, ingest_time_micros));
  if (!sequence.ok()) return sequence.status();
  StoreResult result;
  result.report_id = analysis.report().id();
  result.commitment_count = analysis.commitments().size();
  result.sequence_number = *sequence;
  return result;
}

absl::StatusOr<DeleteResult> NatsLog::Delete(std::string_view report_id) {
  absl::StatusOr<uint64_t> sequence = Publish(DeleteEntry(report_id));
  if (!sequence.ok()) return sequence.status();
  DeleteResult result;
  result.sequence_number = *sequence;
  return result;
}

int NatsLog::pending_acks() const {
  absl::MutexLock lock(&mu_);
  return static_cast<int>(pending_.size());
}

absl::StatusOr<uint64_t> NatsLog::LastSequence() {
  jsStreamInfo* info = nullptr;
  jsErrCode code = jsErrCode(0);
  natsStatus status =
      js_GetStreamInfo(&info, js_, options_.stream.c_str(), nullptr, &code);
  if (status != NATS_OK) {
    return absl::UnavailableError(
        absl::StrCat("cannot read the JetStream stream ", options_.stream, ": ",
                     NatsError(status, code)));
  }
  // Without a leader (an election, a server recovering its store) the
  // answer comes from the cluster's metadata and says 0 whatever the
  // stream holds.
  const bool leaderless =
      info->Cluster != nullptr && info->Cluster->Name != nullptr &&
      (info->Cluster->Leader == nullptr || info->Cluster->Leader[0] == '\0');
  const uint64_t last = info->State.LastSeq;
  jsStreamInfo_Destroy(info);
  if (leaderless) {
    return absl::UnavailableError(absl::StrCat(
        "the JetStream stream ", options_.stream,
        " has no leader now (an election or a recovery is under way)"));
  }
  return last;
}

void NatsLog::DropSubscription() {
  if (subscription_ == nullptr) return;
  // Unsubscribing deletes the server's consumer; a lost server has none
  // to delete, so its failure is of no interest.
  (void)natsSubscription_Unsubscribe(subscription_);
  natsSubscription_Destroy(subscription_);
  subscription_ = nullptr;
}

absl::StatusOr<std::vector<LogMessage>> NatsLog::Fetch(uint64_t from_sequence,
                                                       int max,
                                                       absl::Duration wait) {
  if (subscription_ == nullptr || subscription_next_ != from_sequence) {
    DropSubscription();
    // An ephemeral pull consumer from `from_sequence` on: a replica keeps
    // its position in its own database, not in NATS.
    jsSubOptions sub_options;
    jsSubOptions_Init(&sub_options);
    sub_options.Stream = options_.stream.c_str();
    sub_options.Config.DeliverPolicy = js_DeliverByStartSequence;
    sub_options.Config.OptStartSeq = from_sequence;
    sub_options.Config.AckPolicy = js_AckNone;
    sub_options.Config.InactiveThreshold =
        absl::ToInt64Nanoseconds(kConsumerInactiveThreshold);
    jsErrCode code = jsErrCode(0);
    natsStatus status =
        js_PullSubscribe(&subscription_, js_, options_.subject.c_str(), nullptr,
                         nullptr, &sub_options, &code);
    if (status != NATS_OK) {
      subscription_ = nullptr;
      return absl::UnavailableError(
          absl::StrCat("cannot read the JetStream stream ", options_.stream,
                       ": ", NatsError(status, code)));
    }
    subscription_next_ = from_sequence;
    subscription_fresh_ = true;
  }
  natsMsgList list = {nullptr, 0};
  jsErrCode code = jsErrCode(0);
  natsStatus status = natsSubscription_Fetch(
      &list, subscription_, max, std::max<int64_t>(1, Millis(wait)), &code);
  std::vector<LogMessage> messages;
  // A fetch that got some entries before its time ran out may say so.
  if (status == NATS_TIMEOUT && list.Count > 0) status = NATS_OK;
  if (status == NATS_TIMEOUT) {
    // Nothing came: the log has nothing new, or the consumer was lost with
    // its server. In the second case the next call makes a new one.
    absl::StatusOr<uint64_t> last = LastSequence();
    if (last.ok() && *last >= from_sequence) DropSubscription();
    return messages;
  }
  if (status != NATS_OK) {
    DropSubscription();
    return absl::UnavailableError(
        absl::StrCat("cannot read the JetStream stream ", options_.stream, ": ",
                     NatsError(status, code)));
  }
  messages.reserve(list.Count);
  absl::Status failure;
  bool gap = false;
  for (int i = 0; i < list.Count; ++i) {
    jsMsgMetaData* meta = nullptr;
    if (natsMsg_GetMetaData(&meta, list.Msgs[i]) != NATS_OK) {
      failure = absl::DataLossError(
          "a message of the stream carries no JetStream metadata");
      break;
    }
    LogMessage message;
    message.sequence = meta->Sequence.Stream;
    message.stored = absl::FromUnixNanos(meta->Timestamp);
    message.pending = meta->NumPending;
    jsMsgMetaData_Destroy(meta);
    // The consumer acks nothing, so it never sends a message again: what
    // it sent to a connection that was then lost is gone for it, and its
    // next delivery comes after that. A sequence other than the next is
    // such a loss (unless a new consumer skips a hole of the stream): the
    // entries before it are returned, and the next call reads from the
    // first missing one with a new consumer.
    if (message.sequence != subscription_next_) {
      if (!subscription_fresh_ || message.sequence < subscription_next_ ||
          !StreamHasNoneBetween(subscription_next_, message.sequence)) {
        Log(LogLevel::kWarning,
            absl::StrCat("NATS delivered entry ", message.sequence, " where ",
                         subscription_next_,
                         " was next (deliveries lost with a connection); "
                         "reading again from ",
                         subscription_next_));
        gap = true;
        break;
      }
      Log(LogLevel::kInfo,
          absl::StrCat("the stream holds no entry ", subscription_next_, " to ",
                       message.sequence - 1,
                       " (deleted or expired); reading "
                       "on from ",
                       message.sequence));
    }
    subscription_fresh_ = false;
    message.data.assign(natsMsg_GetData(list.Msgs[i]),
                        natsMsg_GetDataLength(list.Msgs[i]));
    subscription_next_ = message.sequence + 1;
    messages.push_back(std::move(message));
  }
  natsMsgList_Destroy(&list);
  if (!failure.ok()) {
    DropSubscription();
    return failure;
  }
  if (gap) DropSubscription();
  return messages;
}

bool NatsLog::StreamHasNoneBetween(uint64_t from, uint64_t to) {
  // With the sequences of the deleted entries: a clustered stream deletes
  // some of its own (an entry found a duplicate after a leader change
  // leaves a hole), so that "the stream has holes" says nothing of this
  // range, and only the list does.
  jsOptions options;
  jsOptions_Init(&options);
  options.Stream.Info.DeletedDetails = true;
  jsStreamInfo* info = nullptr;
  jsErrCode code = jsErrCode(0);
  if (js_GetStreamInfo(&info, js_, options_.stream.c_str(), &options, &code) !=
      NATS_OK) {
    return false;  // not known: read again rather than skip
  }
  // Entries before the first are gone (limits, a purge); deleted ones are
  // listed, each once.
  const uint64_t first = std::max(from, info->State.FirstSeq);
  uint64_t deleted = 0;
  for (int i = 0; i < info->State.DeletedLen; ++i) {
    const uint64_t sequence = info->State.Deleted[i];
    deleted += sequence >= first && sequence < to;
  }
  const bool none = first >= to || deleted == to - first;
  jsStreamInfo_Destroy(info);
  return none;
}

}  // namespace govreport::cluster
