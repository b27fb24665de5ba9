#include "common/extract.h"

namespace govreport {

// Placeholder until the extraction work lands: one commitment per sentence.
std::vector<govreport::v1::Commitment> ExtractCommitments(
    std::string_view text, const SegmentedText& segmented) {
  std::vector<govreport::v1::Commitment> out;
  for (const Sentence& s : segmented.sentences) {
    govreport::v1::Commitment c;
    c.set_text(std::string(text.substr(s.begin, s.end - s.begin)));
    c.set_sentence(c.text());
    c.set_kind(s.kind);
    c.set_domain(govreport::v1::DOMAIN_ECONOMY);
    c.set_begin(s.begin);
    c.set_end(s.end);
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace govreport
