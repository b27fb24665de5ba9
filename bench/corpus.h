#ifndef GOVREPORT_BENCH_CORPUS_H_
#define GOVREPORT_BENCH_CORPUS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "govreport/v1/records.pb.h"

namespace govreport::bench {

// A generated report: the raw request a client would send.
struct GeneratedReport {
  std::string file_name;
  govreport::v1::RawReport raw;
};

// Builds `count` realistic reports from the sample reports in `samples_dir`:
// each is a sample rewritten for another district of the gazetteer (its
// full and short names replaced) and a year in 2015-2025, with a title line
// naming both, and every Arabic number scaled by a random factor in
// [0.5, 1.5). Deterministic in `seed`.
std::vector<GeneratedReport> GenerateCorpus(const std::string& samples_dir,
                                            int count, uint64_t seed);

}  // namespace govreport::bench

#endif  // GOVREPORT_BENCH_CORPUS_H_
