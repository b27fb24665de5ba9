// An ingest_server and a query_server following it, as real processes on
// loopback, on one database in a temporary folder: what the tools' tests
// call.
//
//   testing::TestDbDir dir;
//   testing::ServerPair servers(dir, {"--token_file=" + tokens});
//   ASSERT_TRUE(servers.Start());
//   Reportctl("query --target=" + servers.query().address());

#ifndef GOVREPORT_TESTS_TOOLS_SERVER_PAIR_H_
#define GOVREPORT_TESTS_TOOLS_SERVER_PAIR_H_

#include <string>
#include <vector>

#include "tests/integration/server_process.h"
#include "tests/store/test_db_dir.h"

namespace govreport::testing {

class ServerPair final {
 public:
  // The database and the query server's secondary files go in `dir`, which
  // must outlive the pair; `flags` go to both servers.
  explicit ServerPair(const TestDbDir& dir,
                      const std::vector<std::string>& flags = {})
      : ingest_(std::string(GOVREPORT_BIN_DIR) + "/ingest_server",
                With(flags, {"--db=" + dir.Sub("db")})),
        query_(std::string(GOVREPORT_BIN_DIR) + "/query_server",
               With(flags, {"--db=" + dir.Sub("db"),
                            "--secondary_dir=" + dir.Sub("secondary")})) {}

  // Starts both; true once both are SERVING.
  bool Start() {
    ingest_.Start();
    if (!ingest_.WaitServing()) return false;
    query_.Start();
    return query_.WaitServing();
  }

  ServerProcess& ingest() { return ingest_; }
  ServerProcess& query() { return query_; }

 private:
  static std::vector<std::string> With(std::vector<std::string> flags,
                                       const std::vector<std::string>& more) {
    flags.insert(flags.end(), more.begin(), more.end());
    return flags;
  }

  ServerProcess ingest_;
  ServerProcess query_;
};

}  // namespace govreport::testing

#endif  // GOVREPORT_TESTS_TOOLS_SERVER_PAIR_H_
