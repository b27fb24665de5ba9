#ifndef GOVREPORT_SERVER_MEMORY_LIMIT_H_
#define GOVREPORT_SERVER_MEMORY_LIMIT_H_

// How much memory a server process may use, for defaults sized to it (the
// query server's block cache): a container's cgroup limit when it has one,
// else the machine's memory.
//
// Example:
//   const uint64_t quarter = UsableMemoryBytes() / 4;

#include <cstdint>
#include <optional>
#include <string_view>

namespace govreport {

// The limit a cgroup memory file holds (v2 memory.max, v1
// memory.limit_in_bytes): its byte count, or nullopt for "max" (no limit)
// and for text that is no number. v1's "no limit" is a huge number, which
// the machine's memory then undercuts.
std::optional<uint64_t> ParseCgroupMemoryLimit(std::string_view text);

// The memory this process may use, in bytes: the smallest of the machine's
// physical memory and the cgroup limits found under /sys/fs/cgroup (v2,
// then v1). Reads the files at each call.
uint64_t UsableMemoryBytes();

}  // namespace govreport

#endif  // GOVREPORT_SERVER_MEMORY_LIMIT_H_
