#include "tools/exit_code.h"

#include <sstream>

#include "absl/status/statusor.h"
#include "gtest/gtest.h"

namespace govreport::tools {
namespace {

// Each status maps to the exit code the README's table gives it, and is
// printed as one "reportctl: " line unless the command printed it already.
TEST(ExitCodeTest, OneStatusOneCodeOneLine) {
  const struct {
    const char* rule;
    absl::Status status;
    int code;
    const char* printed;
  } kCases[] = {
      {"ok is 0, silent", absl::OkStatus(), kExitOk, ""},
      {"a usage error is 2", UsageError("--year must be Y"), kExitUsage,
       "reportctl: --year must be Y\n"},
      {"a server's INVALID_ARGUMENT is a failed call, 1",
       absl::InvalidArgumentError("GetReport failed: bad id"), kExitFailed,
       "reportctl: GetReport failed: bad id\n"},
      {"any other error is 1", absl::UnavailableError("down"), kExitFailed,
       "reportctl: down\n"},
      {"a failure already printed is 1, silent", ReportedFailure(), kExitFailed,
       ""},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.rule);
    std::ostringstream err;
    EXPECT_EQ(ReportStatus(c.status, err), c.code);
    EXPECT_EQ(err.str(), c.printed);
    EXPECT_EQ(ExitCode(c.status), c.code);
  }
}

// The usage mark survives copies and StatusOr.
TEST(ExitCodeTest, UsageMarkTravelsWithTheStatus) {
  absl::StatusOr<int> value = UsageError("bad");
  absl::Status copy = value.status();
  EXPECT_TRUE(IsUsageError(copy));
  EXPECT_EQ(copy.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_FALSE(IsUsageError(absl::InvalidArgumentError("bad")));
}

}  // namespace
}  // namespace govreport::tools
