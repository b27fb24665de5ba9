#include "query_service/page_token.h"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <openssl/rand.h>

#include <cstdlib>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "common/hashing.h"
#include "common/string_view.h"
#include "store/keys.h"

namespace govreport {
namespace {

constexpr char kVersion = 2;
constexpr size_t kFingerprintBytes = 8;
// 128 bits of HMAC: a token is a position in public data, so it needs
// integrity (no forged cursor escapes its filter), not secrecy.
constexpr size_t kTagBytes = 16;
constexpr size_t kRandomKeyBytes = 32;

absl::Status Invalid() {
  return absl::InvalidArgumentError(
      "page_token is not valid: pass the next_page_token of the previous "
      "response unchanged, with the same filter");
}

}  // namespace

PageTokenKey PageTokenKey::Random() {
  std::string key(kRandomKeyBytes, '\0');
  // Without randomness there is no secret: better no server than one whose
  // tokens can be forged.
  if (RAND_bytes(reinterpret_cast<unsigned char*>(key.data()),
                 static_cast<int>(key.size())) != 1) {
    std::abort();
  }
  return PageTokenKey(key);
}

PageTokenKey::PageTokenKey(std::string_view key) {
  static EVP_MAC* const hmac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
  char digest[] = "SHA256";
  OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
      OSSL_PARAM_construct_end()};
  keyed_.reset(EVP_MAC_CTX_new(hmac));
  if (keyed_ == nullptr ||
      EVP_MAC_init(keyed_.get(),
                   reinterpret_cast<const unsigned char*>(key.data()),
                   key.size(), params) != 1) {
    std::abort();  // OpenSSL without HMAC-SHA256: a broken installation
  }
}

void PageTokenKey::MacContextFree::operator()(evp_mac_ctx_st* context) const {
  EVP_MAC_CTX_free(context);
}

absl::StatusOr<PageTokenKey> PageTokenKey::FromSecret(std::string_view secret) {
  if (secret.size() < kMinSecretBytes) {
    return absl::InvalidArgumentError(
        absl::StrCat("a page token key must hold at least ", kMinSecretBytes,
                     " bytes (it holds ", secret.size(),
                     "); e.g. head -c 32 /dev/urandom | base64"));
  }
  return PageTokenKey(secret);
}

std::string PageTokenKey::Sign(std::string_view data) const {
  std::unique_ptr<EVP_MAC_CTX, MacContextFree> context(
      EVP_MAC_CTX_dup(keyed_.get()));
  unsigned char mac[EVP_MAX_MD_SIZE];
  size_t length = 0;
  if (context == nullptr ||
      EVP_MAC_update(context.get(),
                     reinterpret_cast<const unsigned char*>(data.data()),
                     data.size()) != 1 ||
      EVP_MAC_final(context.get(), mac, &length, sizeof(mac)) != 1) {
    std::abort();  // out of memory
  }
  return std::string(reinterpret_cast<const char*>(mac), length);
}

std::string RequestFingerprint(const google::protobuf::Message& filter) {
  std::string bytes;
  filter.SerializeToString(&bytes);
  return Sha256Hex(bytes).substr(0, kFingerprintBytes * 2);
}

std::string EncodePageToken(const PageTokenKey& key,
                            std::string_view fingerprint,
                            const PageCursor& cursor) {
  std::string payload(1, kVersion);
  payload.append(fingerprint.data(), fingerprint.size());
  keys::AppendBigEndian32(cursor.range, &payload);
  payload += cursor.last_key;
  std::string token = payload + key.Sign(payload).substr(0, kTagBytes);
  return absl::WebSafeBase64Escape(token);
}

absl::StatusOr<PageCursor> DecodePageToken(const PageTokenKey& key,
                                           std::string_view token,
                                           std::string_view fingerprint) {
  std::string raw;
  if (!absl::WebSafeBase64Unescape(AsAbsl(token), &raw)) return Invalid();
  const size_t header = 1 + fingerprint.size() + 4;
  if (raw.size() < header + kTagBytes || raw[0] != kVersion) return Invalid();
  std::string_view payload(raw.data(), raw.size() - kTagBytes);
  const std::string expected = key.Sign(payload);
  // Constant time: how much of a tag matched must not show in the timing.
  if (CRYPTO_memcmp(raw.data() + payload.size(), expected.data(), kTagBytes) !=
      0) {
    return Invalid();
  }
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
