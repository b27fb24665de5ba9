#include "server/process_metrics.h"

#include <unistd.h>

#include <ctime>
#include <map>
#include <string>

#include "gtest/gtest.h"

namespace govreport {
namespace {

TEST(ProcessMetricsTest, ParsesAStatLineWhoseNameHoldsSpacesAndParens) {
  // proc(5): pid (comm) state ppid ... utime(14) stime(15) ... threads(20)
  // itrealvalue(21) starttime(22) vsize(23) rss(24) ...
  const std::string line =
      "4242 (a (b) c) S 1 4242 4242 0 -1 4194560 500 0 0 0 "
      "1234 567 0 0 20 0 9 0 88888 123456789 4321 18446744073709551615 "
      "1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n";
  absl::StatusOr<ProcStat> stat = ParseProcStat(line);
  ASSERT_TRUE(stat.ok()) << stat.status();
  EXPECT_EQ(stat->user_ticks, 1234u);
  EXPECT_EQ(stat->system_ticks, 567u);
  EXPECT_EQ(stat->threads, 9);
  EXPECT_EQ(stat->start_ticks, 88888u);
  EXPECT_EQ(stat->virtual_bytes, 123456789u);
  EXPECT_EQ(stat->resident_pages, 4321);
}

TEST(ProcessMetricsTest, RefusesWhatIsNoStatLine) {
  EXPECT_FALSE(ParseProcStat("").ok());
  EXPECT_FALSE(ParseProcStat("4242 (x) S 1 2").ok());
  EXPECT_FALSE(ParseProcStat("no parenthesis at all").ok());
}

// This very process: every metric present, plausible, of the right type.
TEST(ProcessMetricsTest, CollectsThisProcess) {
  std::map<std::string, prometheus::MetricFamily> families;
  for (prometheus::MetricFamily& family : ProcessCollector().Collect()) {
    ASSERT_EQ(family.metric.size(), 1u) << family.name;
    families[family.name] = std::move(family);
  }
  for (const char* name :
       {"process_cpu_seconds_total", "process_resident_memory_bytes",
        "process_virtual_memory_bytes", "process_open_fds", "process_max_fds",
        "process_start_time_seconds", "process_threads"}) {
    EXPECT_EQ(families.count(name), 1u) << name;
  }
  EXPECT_EQ(families["process_cpu_seconds_total"].type,
            prometheus::MetricType::Counter);
  EXPECT_EQ(families["process_open_fds"].type, prometheus::MetricType::Gauge);
  EXPECT_GT(families["process_resident_memory_bytes"].metric[0].gauge.value,
            1 << 20);
  EXPECT_GE(families["process_open_fds"].metric[0].gauge.value, 3);
  EXPECT_GE(families["process_threads"].metric[0].gauge.value, 1);
  const double start =
      families["process_start_time_seconds"].metric[0].gauge.value;
  const double now = static_cast<double>(time(nullptr));
  EXPECT_LE(start, now + 1);
  EXPECT_GT(start, now - 3600);  // a test runs for less than an hour
}

}  // namespace
}  // namespace govreport
