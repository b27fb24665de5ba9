// Decode must never crash, and what it returns must be valid UTF-8.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "common/decode.h"
#include "common/utf8.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  // The first byte picks a hint, so that forced charsets are exercised too.
  static const char* const kHints[] = {"", "UTF-8", "GB18030", "Big5",
                                       "UTF-16LE", "UTF-16BE"};
  govreport::DecodeOptions options;
  if (!bytes.empty()) {
    options.charset_hint = kHints[static_cast<uint8_t>(bytes[0]) % 6];
    bytes.remove_prefix(1);
  }
  absl::StatusOr<govreport::DecodedText> decoded =
      govreport::Decode(bytes, options);
  if (decoded.ok() && !govreport::IsValidUtf8(decoded->text)) std::abort();
  return 0;
}
