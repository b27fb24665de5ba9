#ifndef GOVREPORT_COMMON_ANALYSIS_H_
#define GOVREPORT_COMMON_ANALYSIS_H_

// What the text pipeline makes of one report (Pipeline::Analyze in
// common/pipeline.h) and what the store keeps of it (ReportStore::Put in
// store/report_store.h). A header of its own, so that code storing or
// reading records needs none of the pipeline.

#include <memory>

#include "google/protobuf/arena.h"
#include "google/protobuf/repeated_ptr_field.h"
#include "govreport/v1/records.pb.h"

namespace govreport {

// A report read by the pipeline: what the ingest service stores. The
// records live on an arena the analysis owns: a report's commitments are
// hundreds of small messages and strings, made and dropped together, and
// one arena makes and frees them at a fraction of the cost of one heap
// allocation each. Moving an analysis moves the arena (a moved-from
// analysis may only be assigned to or destroyed); copying one is not
// offered. A plain value otherwise; not synchronized.
class Analysis final {
 public:
  // An empty report with no commitments.
  Analysis()
      : arena_(std::make_unique<google::protobuf::Arena>()),
        report_(google::protobuf::Arena::CreateMessage<govreport::v1::Report>(
            arena_.get())),
        commitments_(google::protobuf::Arena::CreateMessage<
                     google::protobuf::RepeatedPtrField<v1::Commitment>>(
            arena_.get())) {}

  Analysis(Analysis&&) noexcept = default;
  Analysis& operator=(Analysis&&) noexcept = default;

  // The report; its commitment_count is set, ingest_time_micros is not.
  const govreport::v1::Report& report() const { return *report_; }
  govreport::v1::Report* mutable_report() { return report_; }

  // Its commitments in text order, with ids "<report id>/<ordinal>".
  // Messages added here are made on the analysis's arena.
  const google::protobuf::RepeatedPtrField<v1::Commitment>& commitments()
      const {
    return *commitments_;
  }
  google::protobuf::RepeatedPtrField<v1::Commitment>* mutable_commitments() {
    return commitments_;
  }

  // The arena holding the records, for code that builds or parses
  // messages to be swapped into them without a copy.
  google::protobuf::Arena* arena() { return arena_.get(); }

 private:
  std::unique_ptr<google::protobuf::Arena> arena_;
  // Both on *arena_, which frees them.
  govreport::v1::Report* report_;
  google::protobuf::RepeatedPtrField<v1::Commitment>* commitments_;
};

}  // namespace govreport

#endif  // GOVREPORT_COMMON_ANALYSIS_H_
