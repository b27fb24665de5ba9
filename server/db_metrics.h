#ifndef GOVREPORT_SERVER_DB_METRICS_H_
#define GOVREPORT_SERVER_DB_METRICS_H_

#include <vector>

#include "server/observability.h"
#include "store/report_reader.h"
#include "store/report_store.h"

namespace govreport {

// The RocksDB gauges both servers export: SST and memtable bytes, pending
// compaction bytes, write stalls.
std::vector<GaugeReading> DbGauges(const ReportStore& store);
std::vector<GaugeReading> DbGauges(const ReportReader& reader);

}  // namespace govreport

#endif  // GOVREPORT_SERVER_DB_METRICS_H_
