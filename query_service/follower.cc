#include "query_service/follower.h"

#include "absl/strings/str_cat.h"
#include "server/log.h"

namespace govreport {
namespace {

// While waiting for a sequence number, catch up this often: short, since a
// client is waiting, but not a busy loop.
constexpr absl::Duration kWaitPollInterval = absl::Milliseconds(2);

}  // namespace

absl::Status FollowerOptions::Validate() const {
  if (absl::Status valid = reader.Validate(); !valid.ok()) return valid;
  if (catch_up_interval < std::chrono::milliseconds(1) ||
      catch_up_interval > std::chrono::minutes(1)) {
    return absl::InvalidArgumentError(
        "the catch-up interval must be between 1 ms and 1 minute");
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
    if (caught_up.ok()) {
      absl::MutexLock lock(&mu_);
      last_catch_up_ = absl::Now();
    }
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
  return mu_.AwaitWithTimeout(absl::Condition(&stopping_), timeout);
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

absl::Status Follower::WaitForSequence(uint64_t sequence,
                                       absl::Time deadline) const {
  absl::StatusOr<std::shared_ptr<ReportReader>> reader = this->reader();
  if (!reader.ok()) return reader.status();
  while ((*reader)->SequenceNumber() < sequence) {
    if (absl::Now() >= deadline) {
      return absl::DeadlineExceededError(absl::StrCat(
          "the query service has seen sequence ", (*reader)->SequenceNumber(),
          ", not yet ", sequence, "; retry, or allow a longer deadline"));
    }
    absl::Status caught_up = (*reader)->CatchUp();
    if (!caught_up.ok()) return caught_up;
    if ((*reader)->SequenceNumber() < sequence)
      absl::SleepFor(kWaitPollInterval);
  }
  return absl::OkStatus();
}

}  // namespace govreport
