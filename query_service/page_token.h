#ifndef GOVREPORT_QUERY_SERVICE_PAGE_TOKEN_H_
#define GOVREPORT_QUERY_SERVICE_PAGE_TOKEN_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "google/protobuf/message.h"

namespace govreport {

// Where a paged scan stopped: the range it was in and the last key it
// returned (the next page starts after it).
struct PageCursor {
  // Index of the scan range in the query's plan.
  uint32_t range = 0;
  // The last key returned; empty to start at the range's beginning.
  std::string last_key;
};

// A fingerprint of the request fields a token is bound to (the filter,
// never page_size or page_token).
std::string RequestFingerprint(const google::protobuf::Message& filter);

// Encodes a cursor as an opaque, URL-safe token bound to `fingerprint`.
std::string EncodePageToken(std::string_view fingerprint,
                            const PageCursor& cursor);

// Decodes a token made by EncodePageToken. InvalidArgument when it is not
// one (malformed, truncated, altered) or was made for another filter.
absl::StatusOr<PageCursor> DecodePageToken(std::string_view token,
                                           std::string_view fingerprint);

}  // namespace govreport

#endif  // GOVREPORT_QUERY_SERVICE_PAGE_TOKEN_H_
