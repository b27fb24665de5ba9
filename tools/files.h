#ifndef GOVREPORT_TOOLS_FILES_H_
#define GOVREPORT_TOOLS_FILES_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace govreport::tools {

// Expands command-line paths into report files: a file stands for itself, a
// folder for every regular file below it (sorted, hidden files skipped).
// NotFound naming the path when one does not exist.
absl::StatusOr<std::vector<std::string>> ExpandReportPaths(
    const std::vector<std::string>& paths);

// Reads a whole file. NotFound or Unavailable naming the path on failure.
absl::StatusOr<std::string> ReadFileBytes(const std::string& path);

}  // namespace govreport::tools

#endif  // GOVREPORT_TOOLS_FILES_H_
