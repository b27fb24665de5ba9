#include "server/db_metrics.h"

namespace govreport {
namespace {

// What a primary and a secondary both hold.
std::vector<GaugeReading> SizeGaugesOf(const DbStats& stats) {
  return {
      {"govreport_db_sst_bytes", "Bytes in RocksDB SST files",
       static_cast<double>(stats.sst_bytes)},
      {"govreport_db_memtable_bytes", "Bytes in RocksDB memtables",
       static_cast<double>(stats.memtable_bytes)},
      {"govreport_db_level0_files",
       "RocksDB level-0 files, all column families: a scan seeks in each",
       static_cast<double>(stats.level0_files)},
  };
}

// A primary's writes, flushes and compactions: a secondary does none, so
// these would always be 0 on the query server.
std::vector<GaugeReading> WriteGaugesOf(const DbStats& stats) {
  return {
      {"govreport_db_pending_compaction_bytes",
       "Bytes RocksDB compaction still has to rewrite",
       static_cast<double>(stats.pending_compaction_bytes)},
      {"govreport_db_writes_stopped", "1 while RocksDB stops writes",
       stats.writes_stopped ? 1.0 : 0.0},
      {"govreport_db_delayed_write_rate",
       "Rate RocksDB slows writes to while it delays them, bytes/s",
       static_cast<double>(stats.delayed_write_rate)},
      {"govreport_db_write_groups",
       "Write groups (one synced write each) since the primary opened",
       static_cast<double>(stats.write_groups)},
      {"govreport_db_grouped_writes",
       "Reports stored or deleted by those write groups",
       static_cast<double>(stats.grouped_writes)},
  };
}

}  // namespace

std::vector<GaugeReading> DbGauges(const ReportStore& store) {
  const DbStats stats = store.Stats();
  std::vector<GaugeReading> gauges = SizeGaugesOf(stats);
  for (GaugeReading& gauge : WriteGaugesOf(stats)) {
    gauges.push_back(std::move(gauge));
  }
  // The name the query service gives the last write it has seen: the
  // difference is a replica's lag in writes, to alert on.
  gauges.push_back({"govreport_sequence_number",
                    "Sequence number of the last write stored",
                    static_cast<double>(store.LatestSequenceNumber())});
  return gauges;
}

std::vector<GaugeReading> DbGauges(const ReportReader& reader) {
  return SizeGaugesOf(reader.Stats());
}

}  // namespace govreport
