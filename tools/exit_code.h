// reportctl's exit codes and the one path from a command's absl::Status to
// one of them. Commands return an absl::Status and never exit themselves;
// main hands it to ReportStatus:
//
//   absl::Status status = RunQuery(args);   // UsageError("...") on bad flags
//   return ReportStatus(status, std::cerr);  // 0, 1 or 2
//
// Exit codes: kExitOk (0) success; kExitFailed (1) a call or the work
// failed (health: not SERVING); kExitUsage (2) bad command, flags or
// arguments, or an unreadable --tls_*/--token_file file.

#ifndef GOVREPORT_TOOLS_EXIT_CODE_H_
#define GOVREPORT_TOOLS_EXIT_CODE_H_

#include <ostream>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace govreport::tools {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailed = 1;
inline constexpr int kExitUsage = 2;

// An InvalidArgument status marked as the user's mistake (a bad flag value
// or argument), which exits with kExitUsage. `message` says what is wrong
// and what is expected, e.g. "--year must be Y or Y1-Y2, not 'abc'".
absl::Status UsageError(absl::string_view message);

// True for a status made by UsageError (and copies of it); false for any
// other, including an INVALID_ARGUMENT answer of a server.
bool IsUsageError(const absl::Status& status);

// A failure the command has already described on its output (e.g. each
// failed report of an ingest, or NOT_SERVING): exits kExitFailed, and
// ReportStatus adds nothing.
absl::Status ReportedFailure();

// The exit code of a command that ended with `status`: kExitOk when ok,
// kExitUsage for a usage error, kExitFailed otherwise.
int ExitCode(const absl::Status& status);

// Writes "reportctl: <message>\n" to `err` when `status` is an error with a
// message (every error but ReportedFailure's) and returns ExitCode(status).
int ReportStatus(const absl::Status& status, std::ostream& err);

}  // namespace govreport::tools

#endif  // GOVREPORT_TOOLS_EXIT_CODE_H_
