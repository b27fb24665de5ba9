// ReplicaApplierOptions' checks. The applier's loop runs against real NATS
// servers in tests/integration_cluster/cluster_mode_test.cc.

#include "cluster/replica_applier.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace govreport::cluster {
namespace {

using std::chrono::milliseconds;

TEST(ReplicaApplierOptionsTest, TheDefaultsAreValid) {
  EXPECT_TRUE(ReplicaApplierOptions().Validate().ok());
}

TEST(ReplicaApplierOptionsTest, EachFieldOutOfItsRangeIsNamed) {
  struct Case {
    ReplicaApplierOptions options;
    const char* field;
  };
  std::vector<Case> cases(7);
  cases[0] = {{}, "batch"};
  cases[0].options.batch = 0;
  cases[1] = {{}, "batch"};
  cases[1].options.batch = 10001;
  cases[2] = {{}, "fetch_wait"};
  cases[2].options.fetch_wait = milliseconds(9);
  cases[3] = {{}, "retry_pause"};
  cases[3].options.retry_pause = milliseconds(60001);
  cases[4] = {{}, "start_wait"};
  cases[4].options.start_wait = milliseconds(-1);
  cases[5] = {{}, "start_wait"};
  cases[5].options.start_wait = milliseconds(600001);
  cases[6] = {{}, "fetch_wait"};
  cases[6].options.fetch_wait = milliseconds(60001);
  for (const Case& c : cases) {
    const absl::Status status = c.options.Validate();
    EXPECT_TRUE(absl::IsInvalidArgument(status)) << c.field;
    EXPECT_NE(status.message().find(c.field), std::string::npos)
        << status.message();
  }
  ReplicaApplierOptions no_wait;
  no_wait.start_wait = milliseconds(0);
  EXPECT_TRUE(no_wait.Validate().ok());
}

}  // namespace
}  // namespace govreport::cluster
