#ifndef GOVREPORT_TOOLS_FILES_H_
#define GOVREPORT_TOOLS_FILES_H_

// reportctl's file access: command-line paths (files and folders) expanded
// into the report files a command such as `reportctl ingest` or `extract`
// reads, and the reading itself, with errors naming the path.
//
// Example:
//   absl::StatusOr<ReportPaths> paths =
//       ExpandReportPaths({"reports/"}, DefaultReportExtensions());
//   for (const std::string& file : paths->files) ReadFileBytes(file);

#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace govreport::tools {

// The extensions of the files a folder contributes by default: those the
// pipeline reads (plain text in any charset, HTML pages).
inline const std::vector<std::string>& DefaultReportExtensions() {
  static const auto* extensions =
      new std::vector<std::string>{"htm", "html", "text", "txt"};
  return *extensions;
}

// What command-line paths stand for.
struct ReportPaths {
  // The files to read, in argument order, each folder's sorted.
  std::vector<std::string> files;
  // Files found in folders and left out for their extension, sorted.
  std::vector<std::string> skipped;
};

// Expands command-line paths into report files: a file named stands for
// itself whatever its name; a folder for the regular files below it
// (hidden files and folders skipped) whose extension, compared without
// case, is in `extensions` ("*" there takes every file). NotFound naming the
// path when one does not exist; Unavailable when a folder cannot be listed.
absl::StatusOr<ReportPaths> ExpandReportPaths(
    const std::vector<std::string>& paths,
    const std::vector<std::string>& extensions);

// Reads a whole file. NotFound or Unavailable naming the path on failure.
absl::StatusOr<std::string> ReadFileBytes(const std::string& path);

}  // namespace govreport::tools

#endif  // GOVREPORT_TOOLS_FILES_H_
