#ifndef GOVREPORT_TESTS_INTEGRATION_CLUSTER_NATS_SERVER_PROCESS_H_
#define GOVREPORT_TESTS_INTEGRATION_CLUSTER_NATS_SERVER_PROCESS_H_

// Real NATS JetStream servers for the cluster-mode tests: one nats-server per
// object, or a three-server NatsCluster whose urls() is the servers' --nats.
//
// Example:
//   NatsCluster nats(dir.Sub("nats"));
//   nats.Start();
//   ServerProcess ingest(binary, {"--nats=" + nats.urls(), ...});

#include <fcntl.h>
#include <nats/nats.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "gtest/gtest.h"
#include "tests/integration/server_process.h"

namespace govreport::testing {

// Debian's nats-server (deploy/setup.sh installs it).
inline constexpr char kNatsServerBinary[] = "/usr/sbin/nats-server";

// One nats-server with JetStream (file store in its own folder) on
// loopback, as a child process; killed when the object goes away. With
// routes, a member of a cluster named "govreport".
class NatsServerProcess final {
 public:
  NatsServerProcess(std::string name, std::string dir)
      : name_(std::move(name)),
        dir_(std::move(dir)),
        port_(FreePort()),
        route_port_(FreePort()) {}
  NatsServerProcess(const NatsServerProcess&) = delete;
  NatsServerProcess& operator=(const NatsServerProcess&) = delete;
  ~NatsServerProcess() {
    if (pid_ > 0) Kill();
  }

  // Writes the configuration (routes to every port of `route_ports`, none
  // for a single server) and starts the server.
  void Start(const std::vector<int>& route_ports) {
    ASSERT_TRUE(std::filesystem::exists(kNatsServerBinary))
        << kNatsServerBinary << " is missing: run deploy/setup.sh";
    std::filesystem::create_directories(dir_);
    const std::string config = dir_ + "/nats.conf";
    {
      std::ofstream out(config);
      out << "server_name: " << name_ << "\n"
          << "listen: 127.0.0.1:" << port_ << "\n"
          << "jetstream { store_dir: \"" << dir_ << "/js\" }\n";
      if (!route_ports.empty()) {
        out << "cluster {\n  name: govreport\n  listen: 127.0.0.1:"
            << route_port_ << "\n  routes: [\n";
        for (int port : route_ports) {
          out << "    nats-route://127.0.0.1:" << port << "\n";
        }
        out << "  ]\n}\n";
      }
    }
    std::vector<std::string> args = {kNatsServerBinary, "-c", config};
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    const std::string log = dir_ + "/nats.log";
    pid_ = fork();
    if (pid_ == 0) {
      int fd = open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
      if (fd >= 0) {
        dup2(fd, STDOUT_FILENO);
        dup2(fd, STDERR_FILENO);
      }
      execv(argv[0], argv.data());
      _exit(127);
    }
    ASSERT_GT(pid_, 0);
  }

  // Waits until the server accepts connections; false after `timeout`.
  bool WaitListening(std::chrono::seconds timeout = std::chrono::seconds(20)) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      int fd = socket(AF_INET, SOCK_STREAM, 0);
      sockaddr_in addr{};
      addr.sin_family = AF_INET;
      addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
      addr.sin_port = htons(port_);
      const bool connected =
          connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0;
      close(fd);
      if (connected) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
  }

  // SIGKILL, and waits for the exit.
  void Kill() { Stop(SIGKILL); }

  // Sends `signal` and waits for the exit. SIGTERM is an orderly stop: the
  // server writes out its stores before it exits.
  void Stop(int signal) {
    kill(pid_, signal);
    waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }

  // Removes the JetStream store (the server must be stopped): started
  // again, the server copies the streams back from the cluster.
  void RemoveStore() { std::filesystem::remove_all(dir_ + "/js"); }

  std::string url() const {
    return "nats://127.0.0.1:" + std::to_string(port_);
  }
  int route_port() const { return route_port_; }

 private:
  const std::string name_;
  const std::string dir_;
  const int port_;
  const int route_port_;
  pid_t pid_ = -1;
};

// Three NATS servers routed to each other: a JetStream cluster.
class NatsCluster final {
 public:
  explicit NatsCluster(const std::string& dir) {
    for (int i = 0; i < 3; ++i) {
      servers_.push_back(std::make_unique<NatsServerProcess>(
          "n" + std::to_string(i), dir + "/n" + std::to_string(i)));
    }
  }

  // Starts the servers and waits until each accepts connections.
  void Start() {
    for (int i = 0; i < 3; ++i) servers_[i]->Start(RoutePorts());
    for (int i = 0; i < 3; ++i) ASSERT_TRUE(servers_[i]->WaitListening());
  }

  // Starts server `i` again (after Stop), with its store.
  void Restart(int i) { servers_[i]->Start(RoutePorts()); }
  // Starts server `i` again (after Stop) with an empty store, as a crashed
  // server's replacement: it copies the streams from the others.
  void RestartEmpty(int i) {
    servers_[i]->RemoveStore();
    Restart(i);
  }
  // Stops server `i` with `signal` (NatsServerProcess::Stop).
  void Stop(int i, int signal) { servers_[i]->Stop(signal); }

  // Waits until `stream` has a leader and every other server holds a
  // current copy of it (JetStream's stream info says so); false after
  // `timeout`. A server restarted empty copies the stream meanwhile.
  bool WaitStreamCurrent(const std::string& stream,
                         std::chrono::seconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    natsConnection* connection = nullptr;
    jsCtx* js = nullptr;
    bool current = false;
    if (natsConnection_ConnectTo(&connection, urls().c_str()) == NATS_OK &&
        natsConnection_JetStream(&js, connection, nullptr) == NATS_OK) {
      while (!current && std::chrono::steady_clock::now() < deadline) {
        jsStreamInfo* info = nullptr;
        if (js_GetStreamInfo(&info, js, stream.c_str(), nullptr, nullptr) ==
            NATS_OK) {
          const jsClusterInfo* cluster = info->Cluster;
          current =
              cluster != nullptr && cluster->Leader != nullptr &&
              cluster->Leader[0] != '\0' &&
              cluster->ReplicasLen + 1 == static_cast<int>(servers_.size());
          for (int i = 0; current && i < cluster->ReplicasLen; ++i) {
            // Seen within the last second: not the stale state of a
            // server stopped a moment ago.
            const jsPeerInfo& peer = *cluster->Replicas[i];
            current =
                peer.Current && !peer.Offline && peer.Active < 1'000'000'000;
          }
          jsStreamInfo_Destroy(info);
        }
        if (!current) {
          std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
      }
    }
    jsCtx_Destroy(js);
    natsConnection_Destroy(connection);
    return current;
  }

  // The --nats flag value: every server's URL.
  std::string urls() const {
    std::string urls;
    for (const auto& server : servers_) {
      urls += (urls.empty() ? "" : ",") + server->url();
    }
    return urls;
  }

 private:
  std::vector<int> RoutePorts() const {
    std::vector<int> ports;
    for (const auto& server : servers_) ports.push_back(server->route_port());
    return ports;
  }

  std::vector<std::unique_ptr<NatsServerProcess>> servers_;
};

}  // namespace govreport::testing

#endif  // GOVREPORT_TESTS_INTEGRATION_CLUSTER_NATS_SERVER_PROCESS_H_
