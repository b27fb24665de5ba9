#include "tools/files.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace govreport::tools {

namespace fs = std::filesystem;

namespace {

// True when the extension of `file` (after its last dot, none for a name
// starting with its only dot) is one of `extensions`, or they hold "*".
bool HasReportExtension(const fs::path& file,
                        const std::vector<std::string>& extensions) {
  const std::string name = file.filename().string();
  const size_t dot = name.find_last_of('.');
  const std::string extension = absl::AsciiStrToLower(
      dot == std::string::npos || dot == 0 ? "" : name.substr(dot + 1));
  for (const std::string& wanted : extensions) {
    if (wanted == "*" || absl::AsciiStrToLower(wanted) == extension) {
      return true;
    }
  }
  return false;
}

}  // namespace

absl::StatusOr<ReportPaths> ExpandReportPaths(
    const std::vector<std::string>& paths,
    const std::vector<std::string>& extensions) {
  ReportPaths expanded;
  for (const std::string& path : paths) {
    std::error_code error;
    fs::file_status status = fs::status(path, error);
    if (error || !fs::exists(status)) {
      return absl::NotFoundError(
          absl::StrCat("no such file or folder: ", path));
    }
    if (!fs::is_directory(status)) {
      expanded.files.push_back(path);
      continue;
    }
    std::vector<std::string> found;
    for (auto it = fs::recursive_directory_iterator(path, error);
         !error && it != fs::recursive_directory_iterator();
         it.increment(error)) {
      std::string name = it->path().filename().string();
      if (!name.empty() && name[0] == '.') {
        if (it->is_directory()) it.disable_recursion_pending();
        continue;
      }
      if (!it->is_regular_file()) continue;
      if (HasReportExtension(it->path(), extensions)) {
        found.push_back(it->path().string());
      } else {
        expanded.skipped.push_back(it->path().string());
      }
    }
    if (error) {
      return absl::UnavailableError(
          absl::StrCat("cannot list ", path, ": ", error.message()));
    }
    std::sort(found.begin(), found.end());
    expanded.files.insert(expanded.files.end(), found.begin(), found.end());
  }
  std::sort(expanded.skipped.begin(), expanded.skipped.end());
  return expanded;
}

absl::StatusOr<std::string> ReadFileBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot open ", path));
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad())
    return absl::UnavailableError(absl::StrCat("cannot read ", path));
  return buffer.str();
}

}  // namespace govreport::tools
