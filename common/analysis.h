#ifndef GOVREPORT_COMMON_ANALYSIS_H_
#define GOVREPORT_COMMON_ANALYSIS_H_

// What the text pipeline makes of one report (Pipeline::Analyze in
// common/pipeline.h) and what the store keeps of it (ReportStore::Put in
// store/report_store.h). A header of its own, so that code storing or
// reading records needs none of the pipeline.

#include <vector>

#include "govreport/v1/records.pb.h"

namespace govreport {

// A report read by the pipeline: what the ingest service stores. A plain
// value; not synchronized.
struct Analysis {
  // The report; its commitment_count is set, ingest_time_micros is not.
  govreport::v1::Report report;
  // Its commitments in text order, with ids "<report id>/<ordinal>".
  std::vector<govreport::v1::Commitment> commitments;
};

}  // namespace govreport

#endif  // GOVREPORT_COMMON_ANALYSIS_H_
