#include "query_service/follower.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "server/log.h"

namespace govreport {
namespace {

// While calls wait for a sequence number, catch up this often: short, since
// a client is waiting, but not a busy loop (one catch-up serves them all).
constexpr absl::Duration kWaitPollInterval = absl::Milliseconds(2);

}  // namespace

absl::Status FollowerOptions::Validate() const {
  if (absl::Status valid = reader.Validate(); !valid.ok()) return valid;
  if (catch_up_interval < std::chrono::milliseconds(1) ||
      catch_up_interval > std::chrono::minutes(1)) {
    return absl::InvalidArgumentError(
        "the catch-up interval must be between 1 ms and 1 minute");
  }
  if (max_sequence_wait < std::chrono::milliseconds(1) ||
      max_sequence_wait > std::chrono::minutes(10)) {
    return absl::InvalidArgumentError(
        "the longest wait for a sequence number must be between 1 ms and 10 "
        "minutes");
  }
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<Follower>> Follower::Start(
    const FollowerOptions& options, std::function<void()> on_ready) {
  if (absl::Status valid = options.Validate(); !valid.ok()) return valid;
  auto follower =
      std::unique_ptr<Follower>(new Follower(options, std::move(on_ready)));
  follower->thread_ = std::thread([f = follower.get()] { f->Run(); });
  return follower;
}

Follower::Follower(const FollowerOptions& options,
                   std::function<void()> on_ready)
    : options_(options),
      on_ready_(std::move(on_ready)),
      open_status_(absl::UnavailableError(
          "the query service is starting and has not read the database "
          "yet")) {}

Follower::~Follower() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  thread_.join();
  RefuseWaits();
}

void Follower::RefuseWaits() {
  {
    absl::MutexLock lock(&mu_);
    refusing_waits_ = true;
  }
  AnswerWaiters(/*stopping=*/true);
}

void Follower::Run() {
  bool ready = false;
  std::string last_open_error;
  do {
    std::shared_ptr<ReportReader> reader;
    {
      absl::MutexLock lock(&mu_);
      reader = reader_;
    }
    if (reader == nullptr) {
      absl::StatusOr<std::unique_ptr<ReportReader>> opened =
          ReportReader::Open(options_.reader);
      if (!opened.ok()) {
        absl::MutexLock lock(&mu_);
        open_status_ = absl::UnavailableError(absl::StrCat(
            "the database is not available yet: ", opened.status().message()));
        // Logged once per distinct reason, not at every poll.
        if (open_status_.message() != last_open_error) {
          last_open_error = std::string(open_status_.message());
          Log(LogLevel::kWarning, last_open_error);
        }
        continue;
      }
      reader = *std::move(opened);
      absl::MutexLock lock(&mu_);
      reader_ = reader;
      open_status_ = absl::OkStatus();
    }
    absl::Status caught_up = reader->CatchUp();
    absl::StatusOr<uint64_t> seen = reader->SequenceNumber();
    if (caught_up.ok() && options_.log_sequence) {
      seen = reader->AppliedLogSequence();
      caught_up = seen.status();
    }
    if (caught_up.ok()) {
      absl::MutexLock lock(&mu_);
      last_catch_up_ = absl::Now();
      seen_ = *seen;
    }
    AnswerWaiters(/*stopping=*/false);
    if (!caught_up.ok()) {
      Log(LogLevel::kWarning, caught_up.message());
    } else if (!ready) {
      ready = true;
      Log(LogLevel::kInfo,
          absl::StrCat("following ", options_.reader.primary_path,
                       " at sequence ", reader->SequenceNumber()));
      if (on_ready_) on_ready_();
    }
  } while (!StopRequestedWithin(absl::FromChrono(options_.catch_up_interval)));
}

bool Follower::StopRequestedWithin(absl::Duration timeout) {
  absl::MutexLock lock(&mu_);
  if (!waiters_.empty()) timeout = std::min(timeout, kWaitPollInterval);
  auto wake = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return stopping_ || waiter_added_;
  };
  mu_.AwaitWithTimeout(absl::Condition(&wake), timeout);
  waiter_added_ = false;
  return stopping_;
}

void Follower::AnswerWaiters(bool stopping) {
  std::vector<std::pair<std::function<void(absl::Status)>, absl::Status>>
      answers;
  {
    absl::MutexLock lock(&mu_);
    if (waiters_.empty()) return;
    const uint64_t seen = seen_;
    const absl::Time now = absl::Now();
    auto answered = [&](Waiter& w) {
      absl::Status status;
      if (w.sequence <= seen) {
        status = absl::OkStatus();
      } else if (stopping) {
        status = absl::UnavailableError(
            "the query service is shutting down; retry on another replica");
      } else if (w.cancelled()) {
        status = absl::CancelledError(
            "the call was cancelled while it "
            "waited for its sequence number");
      } else if (now >= w.deadline) {
        status = absl::DeadlineExceededError(absl::StrCat(
            "the query service has seen sequence ", seen, ", not yet ",
            w.sequence, "; retry, or allow a longer deadline (at most ",
            absl::FormatDuration(absl::FromChrono(options_.max_sequence_wait)),
            " is waited)"));
      } else {
        return false;
      }
      answers.emplace_back(std::move(w.done), std::move(status));
      return true;
    };
    waiters_.erase(std::remove_if(waiters_.begin(), waiters_.end(), answered),
                   waiters_.end());
  }
  for (auto& [done, status] : answers) done(std::move(status));
}

absl::Time Follower::last_catch_up() const {
  absl::MutexLock lock(&mu_);
  return last_catch_up_;
}

absl::StatusOr<std::shared_ptr<ReportReader>> Follower::reader() const {
  absl::MutexLock lock(&mu_);
  if (reader_ == nullptr) return open_status_;
  return reader_;
}

void Follower::AwaitSequence(uint64_t sequence, absl::Time deadline,
                             std::function<bool()> cancelled,
                             std::function<void(absl::Status)> done) const {
  absl::Status now;
  {
    absl::MutexLock lock(&mu_);
    if (reader_ == nullptr) {
      now = open_status_;
    } else if (sequence <= seen_) {
      now = absl::OkStatus();
    } else if (sequence - seen_ > kMaxSequenceLead) {
      now = absl::OutOfRangeError(
          absl::StrCat("min_sequence_number ", sequence,
                       " was never handed out: this replica has seen ", seen_,
                       "; send the sequence_number an ingest answered"));
    } else if (refusing_waits_) {
      now = absl::UnavailableError(
          "the query service is shutting down; retry on another replica");
    } else {
      waiters_.push_back(
          {sequence,
           std::min(deadline,
                    absl::Now() + absl::FromChrono(options_.max_sequence_wait)),
           std::move(cancelled), std::move(done)});
      waiter_added_ = true;
      return;
    }
  }
  done(std::move(now));
}

}  // namespace govreport
