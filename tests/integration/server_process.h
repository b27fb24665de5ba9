#ifndef GOVREPORT_TESTS_INTEGRATION_SERVER_PROCESS_H_
#define GOVREPORT_TESTS_INTEGRATION_SERVER_PROCESS_H_

// The integration tests' way to run the real servers: ingest_server and
// query_server started as child processes on free loopback ports, reached
// over gRPC like any client (no mocks).
//
// Example:
//   ServerProcess ingest(std::string(GOVREPORT_BIN_DIR) + "/ingest_server",
//                        {"--db=" + dir.Sub("db")});
//   ingest.Start();
//   ASSERT_TRUE(ingest.WaitServing());
//   auto stub = v1::IngestService::NewStub(ingest.Channel());

#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "server/health_client.h"

namespace govreport::testing {

// A free loopback TCP port, found by binding port 0.
inline int FreePort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
  socklen_t len = sizeof(addr);
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  close(fd);
  return ntohs(addr.sin_port);
}

// One server binary run as a child process on a loopback port; stopped with
// SIGTERM (or killed) when the object goes away.
class ServerProcess final {
 public:
  ServerProcess(std::string binary, std::vector<std::string> flags)
      : binary_(std::move(binary)),
        flags_(std::move(flags)),
        port_(FreePort()) {}
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;
  ~ServerProcess() {
    if (pid_ > 0) Stop(SIGKILL);
  }

  void Start() {
    std::vector<std::string> args = {
        binary_, "--listen=127.0.0.1:" + std::to_string(port_)};
    args.insert(args.end(), flags_.begin(), flags_.end());
    // argv is built before fork: the child of a multithreaded process may
    // only make async-signal-safe calls. An allocation there can wait for
    // ever on an allocator lock another thread held at the fork (seen with
    // AddressSanitizer's allocator in the crash test).
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    const char* log_file = log_file_.empty() ? nullptr : log_file_.c_str();
    pid_ = fork();
    if (pid_ == 0) {
      if (log_file != nullptr) {
        int fd = open(log_file, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (fd >= 0) dup2(fd, STDERR_FILENO);
      }
      execv(argv[0], argv.data());
      _exit(127);
    }
    ASSERT_GT(pid_, 0);
  }

  // Sends `signal` and waits for the exit; returns the exit status.
  int Stop(int signal = SIGTERM) {
    kill(pid_, signal);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
    return status;
  }

  // Waits until the health service says SERVING; false after `timeout`.
  bool WaitServing(std::chrono::seconds timeout = std::chrono::seconds(30)) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      absl::StatusOr<bool> serving =
          CheckServing(Channel(), std::chrono::milliseconds(500));
      if (serving.ok() && *serving) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
  }

  // A channel with the credentials given to set_credentials (plaintext by
  // default).
  std::shared_ptr<grpc::Channel> Channel() const {
    return ChannelWith(credentials_);
  }

  std::shared_ptr<grpc::Channel> ChannelWith(
      std::shared_ptr<grpc::ChannelCredentials> credentials) const {
    grpc::ChannelArguments args;
    args.SetMaxReceiveMessageSize(64 << 20);
    return grpc::CreateCustomChannel(address(), credentials, args);
  }

  void set_credentials(std::shared_ptr<grpc::ChannelCredentials> credentials) {
    credentials_ = std::move(credentials);
  }

  std::string address() const { return "localhost:" + std::to_string(port_); }

  // Sends the server's log (its standard error) to `path` from the next
  // Start on.
  void set_log_file(std::string path) { log_file_ = std::move(path); }

 private:
  const std::string binary_;
  const std::vector<std::string> flags_;
  const int port_;
  std::shared_ptr<grpc::ChannelCredentials> credentials_ =
      grpc::InsecureChannelCredentials();
  std::string log_file_;
  pid_t pid_ = -1;
};

}  // namespace govreport::testing

#endif  // GOVREPORT_TESTS_INTEGRATION_SERVER_PROCESS_H_
