#ifndef GOVREPORT_QUERY_SERVICE_PAGE_REQUEST_H_
#define GOVREPORT_QUERY_SERVICE_PAGE_REQUEST_H_

// The paging fields of a list request (page_size, page_token), read once
// for every list method, and the token of the page after.
//
//   absl::StatusOr<PageRequest> page =
//       ReadPageRequest(size, request.page_token(),
//                       PagedRequestFingerprint(request), key, ranges.size());
//   if (!page.ok()) return page.status();
//   ... at most page->size rows, from page->cursor on ...
//   if (more) response.set_next_page_token(page->NextPageToken(key, next));

#include <cstddef>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "query_service/page_token.h"

namespace govreport {

// One page as a request asks for it.
struct PageRequest {
  // The most rows the page holds (the request's page size, resolved).
  int size = 0;
  // What the request's token is bound to (PagedRequestFingerprint).
  std::string fingerprint;
  // Where the page starts: the beginning without a token.
  PageCursor cursor;

  // The token of the page that starts after `next`.
  std::string NextPageToken(const PageTokenKey& key,
                            const PageCursor& next) const;
};

// The fingerprint a request's tokens are bound to: every field but the
// paging ones and min_sequence_number (which a client may raise from page
// to page). Works on any request message with those three fields.
template <typename Request>
std::string PagedRequestFingerprint(Request request) {
  request.clear_page_size();
  request.clear_page_token();
  request.clear_min_sequence_number();
  return RequestFingerprint(request);
}

// The page of `size` rows that `token` points to (from the beginning when
// empty) for a request of `fingerprint` whose plan has `range_count` scan
// ranges. InvalidArgument when the token is not one of ours, was made for
// another request or names a range the plan lacks.
absl::StatusOr<PageRequest> ReadPageRequest(int size, std::string_view token,
                                            std::string fingerprint,
                                            const PageTokenKey& key,
                                            size_t range_count = 1);

}  // namespace govreport

#endif  // GOVREPORT_QUERY_SERVICE_PAGE_REQUEST_H_
