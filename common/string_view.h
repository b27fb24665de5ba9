#ifndef GOVREPORT_COMMON_STRING_VIEW_H_
#define GOVREPORT_COMMON_STRING_VIEW_H_

// Conversions between std::string_view and absl::string_view, which are two
// types with the Debian abseil this project builds against.

#include <string_view>

#include "absl/strings/string_view.h"

namespace govreport {

// Debian's abseil keeps its own absl::string_view, which does not convert
// to or from std::string_view; these convert without copying.
inline absl::string_view AsAbsl(std::string_view s) {
  return absl::string_view(s.data(), s.size());
}
inline std::string_view AsStd(absl::string_view s) {
  return std::string_view(s.data(), s.size());
}

}  // namespace govreport

#endif  // GOVREPORT_COMMON_STRING_VIEW_H_
