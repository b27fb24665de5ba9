// Any string given as a page token is refused or decodes to a cursor;
// a decoded cursor encodes back to a token that decodes the same.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "query_service/page_token.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const govreport::PageTokenKey key = govreport::PageTokenKey::Random();
  const std::string fingerprint = "0123456789abcdef";
  std::string token(reinterpret_cast<const char*>(data), size);
  absl::StatusOr<govreport::PageCursor> cursor =
      govreport::DecodePageToken(key, token, fingerprint);
  if (!cursor.ok()) return 0;
  auto again = govreport::DecodePageToken(
      key, govreport::EncodePageToken(key, fingerprint, *cursor), fingerprint);
  if (!again.ok() || again->range != cursor->range ||
      again->last_key != cursor->last_key) {
    std::abort();
  }
  return 0;
}
