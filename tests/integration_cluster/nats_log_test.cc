// NatsLog against a real nats-server: what only the client library's own
// threads can show.

#include "cluster/nats_log.h"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>

#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "tests/integration_cluster/nats_server_process.h"
#include "tests/store/test_db_dir.h"

namespace govreport::cluster {
namespace {

// A loopback port whose connections the kernel completes and nobody
// answers: a NATS server hung before its greeting.
class SilentListener final {
 public:
  SilentListener() : fd_(socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof(addr);
    if (bind(fd_, reinterpret_cast<sockaddr*>(&addr), len) == 0 &&
        listen(fd_, 16) == 0 &&
        getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
      port_ = ntohs(addr.sin_port);
    }
  }
  SilentListener(const SilentListener&) = delete;
  SilentListener& operator=(const SilentListener&) = delete;
  ~SilentListener() { close(fd_); }

  // Zero when the socket could not listen.
  int port() const { return port_; }
  std::string url() const {
    return "nats://127.0.0.1:" + std::to_string(port_);
  }

 private:
  const int fd_;
  int port_ = 0;
};

// One nats-server of its own per test, and options for a log on it.
class NatsLogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_.Start({});
    ASSERT_TRUE(server_.WaitListening());
    options_.servers = server_.url();
    options_.replicas = 1;
  }

  testing::TestDbDir dir_;
  testing::NatsServerProcess server_{"n0", dir_.Sub("nats")};
  NatsLogOptions options_;
};

// The client library runs its handlers on threads of its own, and runs
// some after natsConnection_Destroy returned: the disconnect that closing
// posts, an ack already in delivery. The sanitizer build turns a handler
// reaching a destroyed log into a failure; a round loses that race only
// now and then, hence hundreds of them (1.5 s in that build).
TEST_F(NatsLogTest, DestroyedWhileTheLibraryStillDeliversIsSafe) {
  for (int i = 1; i <= 400; ++i) {
    absl::StatusOr<std::unique_ptr<NatsLog>> log = NatsLog::Open(options_);
    ASSERT_TRUE(log.ok()) << log.status();
    absl::StatusOr<DeleteResult> deleted =
        (*log)->Delete("report-" + std::to_string(i));
    ASSERT_TRUE(deleted.ok()) << deleted.status();
    EXPECT_EQ(deleted->sequence_number, static_cast<uint64_t>(i));
  }
  // The last log's posted handlers run meanwhile.
  absl::SleepFor(absl::Milliseconds(200));
}

// A server lost under a live log: publishing fails within its timeout with
// a message saying what to do, and the log is then destroyed while the
// library keeps reconnecting.
TEST_F(NatsLogTest, ServerLostPublishIsUnavailableThenDestroyIsSafe) {
  options_.publish_timeout = std::chrono::milliseconds(500);
  absl::StatusOr<std::unique_ptr<NatsLog>> log = NatsLog::Open(options_);
  ASSERT_TRUE(log.ok()) << log.status();
  server_.Kill();
  absl::StatusOr<DeleteResult> deleted = (*log)->Delete("report-1");
  ASSERT_FALSE(deleted.ok());
  EXPECT_TRUE(absl::IsUnavailable(deleted.status())) << deleted.status();
  EXPECT_NE(deleted.status().message().find("send it again"),
            std::string::npos)
      << deleted.status();
  log->reset();
  absl::SleepFor(absl::Milliseconds(200));
}

// The client library registers an async publish, and starts the timer of
// its wait, before it writes the message; writing waits for the
// connection's lock, which a reconnect holds through a server's greeting.
// Here the only other server never greets, so each publish's wait ends
// while the publish still waits for the lock, and the library hands the
// message to the ack handler. The sanitizer build turns a message freed
// then, and read by the publish afterwards, into a failure (libnats 3.4.1
// crashed an ingest server so).
TEST_F(NatsLogTest, PublishOutlastingItsWaitInTheLibraryIsSafe) {
  SilentListener silent;
  ASSERT_NE(silent.port(), 0);
  options_.servers = server_.url() + "," + silent.url();
  options_.connect_timeout = std::chrono::milliseconds(1500);
  options_.publish_timeout = std::chrono::milliseconds(400);
  absl::StatusOr<std::unique_ptr<NatsLog>> log = NatsLog::Open(options_);
  ASSERT_TRUE(log.ok()) << log.status();
  server_.Kill();
  for (int i = 1; i <= 4; ++i) {
    absl::StatusOr<DeleteResult> deleted =
        (*log)->Delete("report-" + std::to_string(i));
    ASSERT_FALSE(deleted.ok());
    EXPECT_TRUE(absl::IsUnavailable(deleted.status())) << deleted.status();
  }
  log->reset();
  absl::SleepFor(absl::Milliseconds(200));
}

}  // namespace
}  // namespace govreport::cluster
