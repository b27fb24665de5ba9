// Normalize must never crash, must return valid UTF-8, and every warning
// span must lie inside the text.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "common/normalize.h"
#include "common/utf8.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const govreport::Normalizer* normalizer =
      govreport::Normalizer::Create()->release();
  std::string input(reinterpret_cast<const char*>(data), size);
  // Normalize's contract takes UTF-8: feed it only that.
  if (!govreport::IsValidUtf8(input)) return 0;
  govreport::NormalizedText out = normalizer->Normalize(input);
  if (!govreport::IsValidUtf8(out.text)) std::abort();
  for (const auto& w : out.warnings) {
    if (w.begin() < 0 || w.end() < w.begin() ||
        w.end() > static_cast<int>(out.text.size())) {
      std::abort();
    }
  }
  return 0;
}
