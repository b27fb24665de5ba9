#include "tools/exit_code.h"

#include "absl/strings/cord.h"

namespace govreport::tools {
namespace {

// The payload that tells a usage error from a server's INVALID_ARGUMENT,
// which has the same code.
constexpr char kUsagePayload[] = "type.googleapis.com/govreport.tools.Usage";

}  // namespace

absl::Status UsageError(absl::string_view message) {
  absl::Status status = absl::InvalidArgumentError(message);
  status.SetPayload(kUsagePayload, absl::Cord());
  return status;
}

bool IsUsageError(const absl::Status& status) {
  return status.GetPayload(kUsagePayload).has_value();
}

absl::Status ReportedFailure() { return absl::AbortedError(""); }

int ExitCode(const absl::Status& status) {
  if (status.ok()) return kExitOk;
  return IsUsageError(status) ? kExitUsage : kExitFailed;
}

int ReportStatus(const absl::Status& status, std::ostream& err) {
  if (!status.ok() && !status.message().empty()) {
    err << "reportctl: " << status.message() << "\n";
  }
  return ExitCode(status);
}

}  // namespace govreport::tools
