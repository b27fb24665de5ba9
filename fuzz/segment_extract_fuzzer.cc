// Segment and ExtractCommitments must never crash on any UTF-8 text, and
// every offset they return must lie inside the text.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "common/extract.h"
#include "common/segment.h"
#include "common/utf8.h"

namespace {

void CheckSpan(int begin, int end, size_t size) {
  if (begin < 0 || end < begin || static_cast<size_t>(end) > size) {
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  if (!govreport::IsValidUtf8(text)) return 0;
  govreport::SegmentedText segmented = govreport::Segment(text);
  for (const auto& s : segmented.sentences) CheckSpan(s.begin, s.end, size);
  google::protobuf::RepeatedPtrField<govreport::v1::Commitment> commitments;
  govreport::ExtractCommitments(text, segmented, &commitments);
  for (const auto& c : commitments) {
    CheckSpan(c.begin(), c.end(), size);
    for (const auto& q : c.quantities()) {
      CheckSpan(q.begin(), q.end(), size);
      if (q.value() != q.value()) std::abort();  // NaN
    }
  }
  return 0;
}
