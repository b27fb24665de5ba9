#ifndef GOVREPORT_COMMON_EXTRACT_H_
#define GOVREPORT_COMMON_EXTRACT_H_

// The pipeline's last stage: the commitments (pledged targets and reported
// achievements, with their quantities and domain) of a segmented report.
// decode → normalize → segment → extract; common/pipeline.h runs them all and
// fills the fields this stage leaves to the caller.
//
// Example:
//   SegmentedText segmented = Segment(normalized.text);
//   google::protobuf::RepeatedPtrField<v1::Commitment> commitments;
//   ExtractCommitments(normalized.text, segmented, &commitments);

#include <string_view>

#include "common/segment.h"
#include "google/protobuf/repeated_ptr_field.h"
#include "govreport/v1/records.pb.h"

namespace govreport {

// Reads commitments out of segmented report text: one per pledged action or
// reported result (a clause led by an action verb, with its object), each
// with its kind, domain and quantities (value in base units, unit,
// comparator, metric phrase and canonical metric id when known).
//
// Appends them to `out`, in text order, on its arena if it has one. Fills
// Commitment's text, sentence, section_path, kind, domain, quantities,
// begin and end; the caller sets id, report_id, district, year and
// low_confidence. Offsets are byte offsets into `text`.
//
// Pure and thread-safe; the rule tables are built once, on first use.
void ExtractCommitments(
    std::string_view text, const SegmentedText& segmented,
    google::protobuf::RepeatedPtrField<govreport::v1::Commitment>* out);

}  // namespace govreport

#endif  // GOVREPORT_COMMON_EXTRACT_H_
