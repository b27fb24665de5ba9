#include "common/segment.h"

namespace govreport {

// Placeholder until the extraction work lands: one sentence per line.
SegmentedText Segment(std::string_view text) {
  SegmentedText out;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    if (nl > pos) {
      Sentence s;
      s.begin = static_cast<int>(pos);
      s.end = static_cast<int>(nl);
      out.sentences.push_back(s);
    }
    pos = nl + 1;
  }
  return out;
}

}  // namespace govreport
