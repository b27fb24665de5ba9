#include "query_service/page_token.h"

#include "absl/strings/escaping.h"
#include "common/keys.h"
#include "common/pipeline.h"
#include "common/string_view.h"

namespace govreport {
namespace {

constexpr char kVersion = 1;
constexpr size_t kFingerprintBytes = 8;
constexpr size_t kTagBytes = 8;
// The tag detects altered and truncated tokens; a token is a position in
// public data, so it needs integrity, not secrecy.
constexpr std::string_view kTagDomain = "govreport.v1 page token";

std::string Tag(std::string_view payload) {
  std::string input(kTagDomain);
  input.append(payload.data(), payload.size());
  return Sha256Hex(input).substr(0, kTagBytes * 2);
}

absl::Status Invalid() {
  return absl::InvalidArgumentError(
      "page_token is not valid: pass the next_page_token of the previous "
      "response unchanged, with the same filter");
}

}  // namespace

std::string RequestFingerprint(const google::protobuf::Message& filter) {
  std::string bytes;
  filter.SerializeToString(&bytes);
  return Sha256Hex(bytes).substr(0, kFingerprintBytes * 2);
}

std::string EncodePageToken(std::string_view fingerprint,
                            const PageCursor& cursor) {
  std::string payload(1, kVersion);
  payload.append(fingerprint.data(), fingerprint.size());
  keys::AppendBigEndian32(cursor.range, &payload);
  payload += cursor.last_key;
  std::string token = payload + Tag(payload);
  return absl::WebSafeBase64Escape(token);
}

absl::StatusOr<PageCursor> DecodePageToken(std::string_view token,
                                           std::string_view fingerprint) {
  std::string raw;
  if (!absl::WebSafeBase64Unescape(AsAbsl(token), &raw)) return Invalid();
  const size_t header = 1 + fingerprint.size() + 4;
  const size_t tag_size = kTagBytes * 2;
  if (raw.size() < header + tag_size || raw[0] != kVersion) return Invalid();
  std::string_view payload(raw.data(), raw.size() - tag_size);
  if (raw.substr(raw.size() - tag_size) != Tag(payload)) return Invalid();
  if (payload.substr(1, fingerprint.size()) != fingerprint) {
    return absl::InvalidArgumentError(
        "page_token was issued for a different filter; start again without "
        "a token");
  }
  PageCursor cursor;
  cursor.range = keys::ReadBigEndian32(payload.substr(1 + fingerprint.size()));
  cursor.last_key = std::string(payload.substr(header));
  return cursor;
}

}  // namespace govreport
