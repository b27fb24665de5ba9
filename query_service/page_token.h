#ifndef GOVREPORT_QUERY_SERVICE_PAGE_TOKEN_H_
#define GOVREPORT_QUERY_SERVICE_PAGE_TOKEN_H_

// The opaque page tokens of every list method: where a paged scan stopped,
// bound to the request's filter and signed, so a token cannot be forged or
// reused with another filter. query_service/page_request.h reads them for the
// list methods; query servers share a key through --page_token_key_file.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "absl/status/statusor.h"
#include "google/protobuf/message.h"

// OpenSSL's EVP_MAC_CTX, kept out of this header.
struct evp_mac_ctx_st;

namespace govreport {

// Where a paged scan stopped: the range it was in and the last key it
// returned (the next page starts after it).
struct PageCursor {
  // Index of the scan range in the query's plan.
  uint32_t range = 0;
  // The last key returned; empty to start at the range's beginning.
  std::string last_key;
};

// The secret page tokens are signed with (HMAC-SHA256): a token decodes
// only with the key that made it, so a client can neither forge one nor
// move one to another filter. Query replicas behind one address must share
// a key (FromSecret), or a page token from one is refused by the next.
//
// Immutable, so thread-safe.
class PageTokenKey final {
 public:
  // Shortest secret FromSecret takes.
  static constexpr size_t kMinSecretBytes = 16;

  // A random key of this process alone.
  static PageTokenKey Random();

  // The key of a shared secret (the contents of a key file). InvalidArgument
  // when it is shorter than kMinSecretBytes.
  static absl::StatusOr<PageTokenKey> FromSecret(std::string_view secret);

  // The HMAC-SHA256 of `data` under this key.
  std::string Sign(std::string_view data) const;

 private:
  struct MacContextFree {
    void operator()(evp_mac_ctx_st* context) const;
  };

  explicit PageTokenKey(std::string_view key);

  // An HMAC context keyed once; each Sign works on a copy (keying costs as
  // much as signing a token).
  std::unique_ptr<evp_mac_ctx_st, MacContextFree> keyed_;
};

// A fingerprint of the request fields a token is bound to (the filter,
// never page_size or page_token).
std::string RequestFingerprint(const google::protobuf::Message& filter);

// Encodes a cursor as an opaque, URL-safe token bound to `fingerprint` and
// signed with `key`.
std::string EncodePageToken(const PageTokenKey& key,
                            std::string_view fingerprint,
                            const PageCursor& cursor);

// Decodes a token made by EncodePageToken with the same key.
// InvalidArgument when it is not one (malformed, truncated, altered,
// forged, signed with another key) or was made for another filter.
absl::StatusOr<PageCursor> DecodePageToken(const PageTokenKey& key,
                                           std::string_view token,
                                           std::string_view fingerprint);

}  // namespace govreport

#endif  // GOVREPORT_QUERY_SERVICE_PAGE_TOKEN_H_
