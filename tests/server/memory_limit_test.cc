#include "server/memory_limit.h"

#include <unistd.h>

#include "gtest/gtest.h"

namespace govreport {
namespace {

TEST(MemoryLimitTest, ParsesCgroupFiles) {
  EXPECT_EQ(ParseCgroupMemoryLimit("2147483648\n"), 2147483648u);
  // v1's "no limit": a number the machine's memory undercuts.
  EXPECT_EQ(ParseCgroupMemoryLimit("9223372036854771712\n"),
            9223372036854771712u);
  EXPECT_EQ(ParseCgroupMemoryLimit("max\n"), std::nullopt);
  EXPECT_EQ(ParseCgroupMemoryLimit(""), std::nullopt);
  EXPECT_EQ(ParseCgroupMemoryLimit("-1"), std::nullopt);
}

TEST(MemoryLimitTest, UsableMemoryIsAtMostTheMachines) {
  const uint64_t physical = static_cast<uint64_t>(sysconf(_SC_PHYS_PAGES)) *
                            static_cast<uint64_t>(sysconf(_SC_PAGE_SIZE));
  const uint64_t usable = UsableMemoryBytes();
  EXPECT_GT(usable, 0u);
  EXPECT_LE(usable, physical);
}

}  // namespace
}  // namespace govreport
