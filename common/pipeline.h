#ifndef GOVREPORT_COMMON_PIPELINE_H_
#define GOVREPORT_COMMON_PIPELINE_H_

// The text pipeline as one call: a raw report's bytes in, its Analysis
// (common/analysis.h: the report record and its commitments) out. The
// ingest service and `reportctl extract` run it; the stages are their own
// components (decode.h, normalize.h, segment.h, extract.h,
// report_identity.h), and report ids and digests are report_id.h's and
// hashing.h's.
//
// Example:
//   absl::StatusOr<std::unique_ptr<Pipeline>> pipeline = Pipeline::Create();
//   if (!pipeline.ok()) return pipeline.status();
//   v1::RawReport raw;
//   raw.set_content(file_bytes);
//   absl::StatusOr<Analysis> analysis = (*pipeline)->Analyze(raw);

#include <memory>

#include "absl/status/statusor.h"
#include "common/analysis.h"
#include "common/gazetteer.h"
#include "common/normalize.h"
#include "govreport/v1/records.pb.h"

namespace govreport {

// The whole text pipeline, bytes in, records out: decode, normalize,
// segment, extract, then district, year and ids. No I/O.
//
// Thread-safe: one instance serves any number of threads.
class Pipeline final {
 public:
  // Builds the normalizer's converters. Internal when ICU data is missing,
  // FailedPrecondition when ICU's Traditional-Simplified rules are not
  // what TraditionalConverter can run (common/traditional.h).
  static absl::StatusOr<std::unique_ptr<Pipeline>> Create();

  // Most commitments one report may hold.
  static constexpr size_t kMaxCommitments = 20000;

  Pipeline(const Pipeline&) = delete;
  Pipeline& operator=(const Pipeline&) = delete;

  // Reads one raw report. InvalidArgument, naming the field, for: empty or
  // non-text content, text without any Chinese character, text holding
  // nothing but its title once page furniture is removed, an unknown charset
  // hint, an unknown or ambiguous district hint, a year hint outside
  // 1949-2100, a malformed client id. ResourceExhausted for a text holding
  // more than kMaxCommitments commitments (no real report comes near; split
  // such a file). A district or year that cannot be determined is not an
  // error: it is left empty (0) and recorded as a warning.
  absl::StatusOr<Analysis> Analyze(const govreport::v1::RawReport& raw) const;

 private:
  explicit Pipeline(std::unique_ptr<Normalizer> normalizer);

  const std::unique_ptr<Normalizer> normalizer_;
  const Gazetteer& gazetteer_;
};

}  // namespace govreport

#endif  // GOVREPORT_COMMON_PIPELINE_H_
