#include "query_service/page_request.h"

#include <utility>

namespace govreport {

std::string PageRequest::NextPageToken(const PageTokenKey& key,
                                       const PageCursor& next) const {
  return EncodePageToken(key, fingerprint, next);
}

absl::StatusOr<PageRequest> ReadPageRequest(int size, std::string_view token,
                                            std::string fingerprint,
                                            const PageTokenKey& key,
                                            size_t range_count) {
  PageRequest page;
  page.size = size;
  page.fingerprint = std::move(fingerprint);
  if (token.empty()) return page;
  absl::StatusOr<PageCursor> cursor =
      DecodePageToken(key, token, page.fingerprint);
  if (!cursor.ok()) return cursor.status();
  // A token of the same request names a range of the same plan, unless the
  // gazetteer or the catalogue changed the plan between pages.
  if (cursor->range >= range_count) {
    return absl::InvalidArgumentError(
        "page_token does not fit this request; start again without a token");
  }
  page.cursor = *std::move(cursor);
  return page;
}

}  // namespace govreport
