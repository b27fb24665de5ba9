#ifndef GOVREPORT_COMMON_PIPELINE_H_
#define GOVREPORT_COMMON_PIPELINE_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "common/gazetteer.h"
#include "common/normalize.h"
#include "govreport/v1/records.pb.h"

namespace govreport {

// A report read by the pipeline: what the ingest service stores.
struct Analysis {
  // The report; its commitment_count is set, ingest_time_micros is not.
  govreport::v1::Report report;
  // Its commitments in text order, with ids "<report id>/<ordinal>".
  std::vector<govreport::v1::Commitment> commitments;
};

// The whole text pipeline, bytes in, records out: decode, normalize,
// segment, extract, then district, year and ids. No I/O.
//
// Thread-safe: one instance serves any number of threads.
class Pipeline final {
 public:
  // Builds the normalizer's converters. Internal when ICU data is missing.
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

// The id of a report without a client id: "r" and the first 16 hex digits
// of its normalized text's SHA-256 (Report.text_sha256).
std::string ContentReportId(std::string_view text_sha256_hex);

// Whether `id` has the form of a content id ("r" and 16 hex digits), which
// client ids may not take.
bool IsContentReportId(std::string_view id);

// OK when `id` is 1-128 characters of [A-Za-z0-9._-]; InvalidArgument naming
// `field` otherwise.
absl::Status ValidateReportId(std::string_view id, std::string_view field);

// Hex SHA-256 of `data`.
std::string Sha256Hex(std::string_view data);

}  // namespace govreport

#endif  // GOVREPORT_COMMON_PIPELINE_H_
