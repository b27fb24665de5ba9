#ifndef GOVREPORT_SERVER_DB_METRICS_H_
#define GOVREPORT_SERVER_DB_METRICS_H_

// RocksDB figures as Prometheus gauges, read at each scrape: each server's
// main() registers DbGauges of its store or reader with
// ServerMetrics::AddScrapeGauges.
//
// Example:
//   metrics->AddScrapeGauges([store] { return DbGauges(*store); });

#include <vector>

#include "server/observability.h"
#include "store/report_reader.h"
#include "store/report_store.h"

namespace govreport {

// The RocksDB gauges of the primary (the ingest server): SST and memtable
// bytes, pending compaction bytes, write stalls, write groups, and the
// sequence number of the last write.
std::vector<GaugeReading> DbGauges(const ReportStore& store);

// The RocksDB gauges of a secondary (the query server): SST and memtable
// bytes only, since it never writes, flushes or compacts.
std::vector<GaugeReading> DbGauges(const ReportReader& reader);

}  // namespace govreport

#endif  // GOVREPORT_SERVER_DB_METRICS_H_
