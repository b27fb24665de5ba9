#include "cluster/replica_applier.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "cluster/log_entry.h"
#include "server/log.h"

namespace govreport::cluster {

absl::Status ReplicaApplierOptions::Validate() const {
  if (batch < 1 || batch > 10000) {
    return absl::InvalidArgumentError("the applier's batch must be 1-10000");
  }
  for (const auto& [name, value] : {std::pair{"fetch_wait", fetch_wait},
                                    std::pair{"retry_pause", retry_pause}}) {
    if (value < std::chrono::milliseconds(10) ||
        value > std::chrono::minutes(1)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "the applier's ", name, " must be between 10 ms and 1 minute"));
    }
  }
  if (start_wait < std::chrono::milliseconds(0) ||
      start_wait > std::chrono::minutes(10)) {
    return absl::InvalidArgumentError(
        "the applier's start_wait must be between 0 and 10 minutes");
  }
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<ReplicaApplier>> ReplicaApplier::Start(
    const ReplicaApplierOptions& options, NatsLog& log, ReportStore& store,
    std::function<void(uint64_t)> on_caught_up) {
  if (absl::Status valid = options.Validate(); !valid.ok()) return valid;
  absl::StatusOr<uint64_t> applied = store.AppliedLogSequence();
  if (!applied.ok()) return applied.status();
  // A stream between leaders answers nothing true about its tail, and the
  // check below would take its 0 for another stream.
  const absl::Time give_up = absl::Now() + absl::FromChrono(options.start_wait);
  absl::StatusOr<uint64_t> tail = log.LastSequence();
  while (absl::IsUnavailable(tail.status()) && absl::Now() < give_up) {
    absl::SleepFor(absl::FromChrono(options.retry_pause));
    tail = log.LastSequence();
  }
  if (!tail.ok()) return tail.status();
  if (*tail < *applied) {
    // The stream was made anew: this database holds another log's entries.
    return absl::FailedPreconditionError(absl::StrCat(
        "this replica's database ", store.path(), " applied the log up to ",
        *applied, " but the stream ends at ", *tail,
        ": it follows another stream; remove the database to rebuild it "
        "from this one"));
  }
  Log(LogLevel::kInfo, absl::StrCat("applying the log from sequence ",
                                    *applied + 1, "; its tail is at ", *tail));
  auto applier = std::unique_ptr<ReplicaApplier>(new ReplicaApplier(
      options, log, store, std::move(on_caught_up), *applied, *tail));
  applier->thread_ = std::thread([a = applier.get()] { a->Run(); });
  return applier;
}

ReplicaApplier::ReplicaApplier(const ReplicaApplierOptions& options,
                               NatsLog& log, ReportStore& store,
                               std::function<void(uint64_t)> on_caught_up,
                               uint64_t applied, uint64_t tail)
    : options_(options),
      log_(log),
      store_(store),
      on_caught_up_(std::move(on_caught_up)),
      start_tail_(tail) {
  lag_.applied = applied;
  lag_.log_last = tail;
}

ReplicaApplier::~ReplicaApplier() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  thread_.join();
}

ReplicaLag ReplicaApplier::lag() const {
  absl::MutexLock lock(&mu_);
  return lag_;
}

bool ReplicaApplier::StopRequestedWithin(absl::Duration timeout) {
  absl::MutexLock lock(&mu_);
  mu_.AwaitWithTimeout(absl::Condition(&stopping_), timeout);
  return stopping_;
}

void ReplicaApplier::ReportFailure(const absl::Status& status) {
  const std::string text = status.ToString();
  if (text == last_failure_) return;
  last_failure_ = text;
  Log(LogLevel::kError, absl::StrCat("cannot apply the log: ", text));
}

absl::Status ReplicaApplier::Apply(const std::vector<LogMessage>& messages,
                                   uint64_t* applied) {
  std::vector<DecodedEntry> entries;
  std::vector<LoggedChange> changes;
  entries.reserve(messages.size());
  absl::Status undecodable;
  for (const LogMessage& message : messages) {
    if (message.sequence <= *applied) continue;
    absl::StatusOr<DecodedEntry> entry = DecodeEntry(message.data);
    if (!entry.ok()) {
      undecodable = absl::Status(entry.status().code(),
                                 absl::StrCat("entry ", message.sequence, ": ",
                                              entry.status().message()));
      break;
    }
    entries.push_back(*std::move(entry));
    const DecodedEntry& decoded = entries.back();
    LoggedChange change;
    change.log_sequence = message.sequence;
    if (decoded.put.has_value()) {
      change.put = &*decoded.put;
      change.original_content = decoded.original_content;
      change.ingest_time_micros = decoded.ingest_time_micros;
    } else {
      change.delete_report_id = decoded.delete_report_id;
    }
    changes.push_back(change);
  }
  const LoggedApplyResult result = store_.ApplyLogged(changes);
  if (result.applied > 0) {
    *applied = changes[result.applied - 1].log_sequence;
    absl::Time stored;
    for (const LogMessage& message : messages) {
      if (message.sequence == *applied) stored = message.stored;
    }
    absl::MutexLock lock(&mu_);
    lag_.applied = *applied;
    // The last message fetched says how many came after it.
    lag_.log_last =
        std::max({lag_.log_last, *applied,
                  messages.back().sequence + messages.back().pending});
    lag_.seconds = std::max(0.0, absl::ToDoubleSeconds(absl::Now() - stored));
  }
  return result.status.ok() ? undecodable : result.status;
}

void ReplicaApplier::Run() {
  uint64_t applied = lag().applied;
  bool caught_up = false;
  const absl::Duration pause = absl::FromChrono(options_.retry_pause);
  while (true) {
    if (!caught_up && applied >= start_tail_) {
      caught_up = true;
      Log(LogLevel::kInfo,
          absl::StrCat("caught up with the log at sequence ", applied));
      if (on_caught_up_) on_caught_up_(applied);
    }
    {
      absl::MutexLock lock(&mu_);
      if (stopping_) return;
    }
    absl::StatusOr<std::vector<LogMessage>> fetched = log_.Fetch(
        applied + 1, options_.batch, absl::FromChrono(options_.fetch_wait));
    if (!fetched.ok()) {
      ReportFailure(fetched.status());
      if (StopRequestedWithin(pause)) return;
      continue;
    }
    if (fetched->empty()) {
      absl::StatusOr<uint64_t> last = log_.LastSequence();
      if (last.ok()) {
        absl::MutexLock lock(&mu_);
        lag_.log_last = std::max(*last, applied);
      }
      continue;
    }
    if (absl::Status status = Apply(*fetched, &applied); !status.ok()) {
      ReportFailure(status);
      if (StopRequestedWithin(pause)) return;
    } else {
      last_failure_.clear();
    }
  }
}

}  // namespace govreport::cluster
