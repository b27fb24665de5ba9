#include "common/decode.h"

namespace govreport {

// Placeholder until the decoding work lands: UTF-8 only.
absl::StatusOr<DecodedText> Decode(std::string_view content,
                                   const DecodeOptions& options) {
  if (content.empty()) return absl::InvalidArgumentError("content is empty");
  DecodedText out;
  out.text = std::string(content);
  out.charset = "UTF-8";
  return out;
}

}  // namespace govreport
