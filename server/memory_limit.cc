#include "server/memory_limit.h"

#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"

namespace govreport {

std::optional<uint64_t> ParseCgroupMemoryLimit(std::string_view text) {
  uint64_t bytes = 0;
  if (!absl::SimpleAtoi(absl::StripAsciiWhitespace(
                            absl::string_view(text.data(), text.size())),
                        &bytes)) {
    return std::nullopt;
  }
  return bytes;
}

uint64_t UsableMemoryBytes() {
  uint64_t usable = static_cast<uint64_t>(sysconf(_SC_PHYS_PAGES)) *
                    static_cast<uint64_t>(sysconf(_SC_PAGE_SIZE));
  // In a container the cgroup namespace puts the process's own cgroup at
  // the root of this tree.
  for (const char* path : {"/sys/fs/cgroup/memory.max",
                           "/sys/fs/cgroup/memory/memory.limit_in_bytes"}) {
    std::ifstream file(path);
    if (!file) continue;
    std::stringstream text;
    text << file.rdbuf();
    if (std::optional<uint64_t> limit = ParseCgroupMemoryLimit(text.str())) {
      usable = std::min(usable, *limit);
    }
  }
  return usable;
}

}  // namespace govreport
