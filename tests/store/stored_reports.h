#ifndef GOVREPORT_TESTS_STORE_STORED_REPORTS_H_
#define GOVREPORT_TESTS_STORE_STORED_REPORTS_H_

// What a database holds, read back for the tests that check a store after
// crashes and replays (crash_test, the cluster-mode test).

#include <set>
#include <string>
#include <string_view>

#include "gtest/gtest.h"
#include "store/keys.h"
#include "store/report_reader.h"

namespace govreport::testing {

// The ids of every report `reader` sees; a failed scan fails the test.
inline std::set<std::string> StoredReportIds(const ReportReader& reader) {
  std::set<std::string> stored;
  absl::Status scanned =
      reader.Scan(keys::ColumnFamily::kReports, "", "",
                  [&stored](std::string_view key, std::string_view) {
                    stored.insert(std::string(key));
                    return true;
                  });
  EXPECT_TRUE(scanned.ok()) << scanned;
  return stored;
}

}  // namespace govreport::testing

#endif  // GOVREPORT_TESTS_STORE_STORED_REPORTS_H_
