#include "ingest_service/inflight_budget.h"

#include <vector>

#include "gtest/gtest.h"

namespace govreport {
namespace {

using Admission = InflightBudget::Admission;

TEST(InflightBudgetTest, AdmitsWhatFitsAndRefusesTheRest) {
  InflightBudget budget(100);
  EXPECT_TRUE(budget.TryAcquire(60));
  EXPECT_FALSE(budget.TryAcquire(41));
  EXPECT_TRUE(budget.TryAcquire(40));
  EXPECT_EQ(budget.used(), 100);
  budget.Release(60);
  budget.Release(40);
  EXPECT_EQ(budget.used(), 0);
}

TEST(InflightBudgetTest, LargerThanTheLimitIsAdmittedAlone) {
  InflightBudget budget(100);
  EXPECT_TRUE(budget.TryAcquire(1000));
  EXPECT_EQ(budget.used(), 100);
  EXPECT_FALSE(budget.TryAcquire(1));
  budget.Release(1000);
  EXPECT_EQ(budget.used(), 0);
}

TEST(InflightBudgetTest, WaitersAreAdmittedInOrderOnRelease) {
  InflightBudget budget(100);
  std::vector<int> admitted;
  EXPECT_EQ(budget.Acquire(80, [] {}), Admission::kAdmitted);
  EXPECT_EQ(budget.Acquire(50, [&] { admitted.push_back(1); }),
            Admission::kWaiting);
  EXPECT_EQ(budget.Acquire(10, [&] { admitted.push_back(2); }),
            Admission::kWaiting)
      << "first come, first served: it fits, but one waits before it";
  EXPECT_FALSE(budget.TryAcquire(1)) << "nobody passes those waiting";
  // Those waiting hold 60 of the 100 they may.
  EXPECT_EQ(budget.Acquire(41, [] {}), Admission::kRefused);
  EXPECT_TRUE(admitted.empty());
  budget.Release(80);
  EXPECT_EQ(admitted, (std::vector<int>{1, 2}));
  EXPECT_EQ(budget.used(), 60);
  budget.Release(50);
  budget.Release(10);
  EXPECT_EQ(budget.used(), 0);
  EXPECT_TRUE(budget.TryAcquire(100));
}

// The first waiter may always wait, even larger than what is free, or no
// report larger than the free room could ever run.
TEST(InflightBudgetTest, TheFirstWaiterMayAlwaysWait) {
  InflightBudget budget(100);
  EXPECT_EQ(budget.Acquire(10, [] {}), Admission::kAdmitted);
  bool ran = false;
  EXPECT_EQ(budget.Acquire(500, [&] { ran = true; }), Admission::kWaiting);
  budget.Release(10);
  EXPECT_TRUE(ran);
  EXPECT_EQ(budget.used(), 100);
}

TEST(InflightBudgetTest, RefusalNamesTheFlag) {
  InflightBudget budget(48 << 20);
  absl::Status refusal = budget.Refusal(32 << 20);
  EXPECT_EQ(refusal.code(), absl::StatusCode::kResourceExhausted);
  EXPECT_NE(refusal.message().find("--max_inflight_bytes"),
            absl::string_view::npos);
}

}  // namespace
}  // namespace govreport
