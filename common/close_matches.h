#ifndef GOVREPORT_COMMON_CLOSE_MATCHES_H_
#define GOVREPORT_COMMON_CLOSE_MATCHES_H_

// "Did you mean" suggestions: which of a list of known names a misspelt one
// is close to. Used for the hints in error messages about an unknown metric
// (query_service/analytics.cc) or environment variable (server/env_flags.cc).
//
// Example:
//   std::vector<size_t> close = CloseMatches("新增就业", names, 3);
//   for (size_t i : close) hint += names[i];

#include <cstddef>
#include <string_view>
#include <vector>

namespace govreport {

// The indexes of up to `max` of `candidates` that are close to `input`,
// closest first (ties in candidate order): a candidate is close when its
// edit distance to `input`, counted in characters with ASCII letters
// folded to lower case, is at most a third of the longer one's length (at
// least 1), or when one holds the other ("新增就业" and "新增城镇就业").
// For "did you mean" hints on names a request got wrong. Thread-safe.
std::vector<size_t> CloseMatches(
    std::string_view input, const std::vector<std::string_view>& candidates,
    size_t max);

}  // namespace govreport

#endif  // GOVREPORT_COMMON_CLOSE_MATCHES_H_
