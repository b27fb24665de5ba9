#ifndef GOVREPORT_COMMON_REPORT_ID_H_
#define GOVREPORT_COMMON_REPORT_ID_H_

// Report ids: the two forms a report's id takes and the check a client's id
// must pass. A report sent without a client id is named after its
// normalized text ("r" and 16 hex digits of text_sha256), so the same
// report sent again, in another charset too, keeps its id; a client id is
// any other name of 1-128 characters of [A-Za-z0-9._-].
//
// Example:
//   std::string id = ContentReportId(Sha256Hex(normalized_text));
//   IsContentReportId(id)  // true
//   if (absl::Status s = ValidateReportId(client_id, "client_id"); !s.ok())
//     return s;

#include <string>
#include <string_view>

#include "absl/status/status.h"

namespace govreport {

// The id of a report without a client id: "r" and the first 16 hex digits
// of its normalized text's SHA-256 (Report.text_sha256).
std::string ContentReportId(std::string_view text_sha256_hex);

// Whether `id` has the form of a content id ("r" and 16 hex digits), which
// client ids may not take.
bool IsContentReportId(std::string_view id);

// OK when `id` is 1-128 characters of [A-Za-z0-9._-]; InvalidArgument naming
// `field` otherwise.
absl::Status ValidateReportId(std::string_view id, std::string_view field);

}  // namespace govreport

#endif  // GOVREPORT_COMMON_REPORT_ID_H_
