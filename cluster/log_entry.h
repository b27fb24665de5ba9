#ifndef GOVREPORT_CLUSTER_LOG_ENTRY_H_
#define GOVREPORT_CLUSTER_LOG_ENTRY_H_

// The entries of the replicated ingestion log (cluster mode): what the
// ingest server publishes and each query replica applies, as the records
// the pipeline made, so that replicas never run the pipeline. Pure
// encoding, no I/O: NatsLog (cluster/nats_log.h) carries the bytes.
//
// Example:
//   std::string bytes = PutEntry(analysis, content, now_micros)
//                           .SerializeAsString();
//   absl::StatusOr<DecodedEntry> entry = DecodeEntry(bytes);  // a replica

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "common/analysis.h"
#include "govreport/v1/log.pb.h"

namespace govreport::cluster {

// The entry storing `analysis` with its original bytes, ingested at
// `ingest_time_micros`.
v1::LogEntry PutEntry(const Analysis& analysis,
                      std::string_view original_content,
                      int64_t ingest_time_micros);

// The entry deleting the report `report_id`.
v1::LogEntry DeleteEntry(std::string_view report_id);

// A change read back from the log: either a report to store or the id of
// one to delete.
struct DecodedEntry {
  // The report to store, with its commitments; nullopt for a delete.
  std::optional<Analysis> put;
  // A put's original bytes.
  std::string original_content;
  // A put's ingest time.
  int64_t ingest_time_micros = 0;
  // A delete's report id.
  std::string delete_report_id;
};

// Decodes one entry's bytes. DataLoss, saying what is wrong, for bytes
// that are no LogEntry, an entry holding no change, a put without a report
// id or with commitments of another report, or a delete without an id:
// such an entry can only come from a foreign or corrupted publisher.
absl::StatusOr<DecodedEntry> DecodeEntry(std::string_view bytes);

}  // namespace govreport::cluster

#endif  // GOVREPORT_CLUSTER_LOG_ENTRY_H_
