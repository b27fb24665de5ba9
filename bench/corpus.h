#ifndef GOVREPORT_BENCH_CORPUS_H_
#define GOVREPORT_BENCH_CORPUS_H_

// The benchmark corpus: thousands of plausible government work reports made
// from the sample reports (tests/data/reports) by rewriting each for another
// district and year. make_corpus writes it to files and ingest_load makes it
// in memory (bench/corpus_flags.h gives both the flags); pipeline_bench reads
// the sample files themselves.
//
// Example:
//   CorpusOptions options;
//   options.samples_dir = "tests/data/reports";
//   options.count = 100;
//   absl::StatusOr<std::vector<GeneratedReport>> corpus =
//       GenerateCorpus(options);

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "govreport/v1/records.pb.h"

namespace govreport::bench {

// A file of the sample folder.
struct SampleFile {
  std::string name;
  std::string content;
};

// Every *.txt file of `dir`, ordered by name. NotFound when the folder
// cannot be read or holds none.
absl::StatusOr<std::vector<SampleFile>> ReadSampleFiles(const std::string& dir);

// How to generate a corpus.
struct CorpusOptions {
  // Folder of sample reports (UTF-8) the corpus is made from.
  std::string samples_dir;
  // Number of reports.
  int count = 3000;
  // The same seed gives the same corpus; a smaller count gives a prefix.
  uint64_t seed = 1;
  // Plan years are drawn uniformly from [first_year, last_year].
  int first_year = 2015;
  int last_year = 2025;
};

// One generated report.
struct GeneratedReport {
  // "<district code>-<year>-<ordinal>.txt".
  std::string file_name;
  // UTF-8 text: a title line such as "山东省青岛市李沧区2024年政府工作报告",
  // a blank line, then the rewritten sample.
  std::string content;
  // The district and the year the report was written for.
  govreport::v1::District district;
  int year = 0;
};

// Builds a corpus from the sample reports. Report i is sample i mod the
// number of samples, rewritten for a district drawn from the gazetteer:
// the sample district's official and short names, and its city's and
// province's, become the new district's; every Arabic number is scaled by a
// factor drawn from [0.5, 1.5) with as many decimals as before (percentages
// stay at most 100; years move with the plan year; dates, ordinals and
// numbers glued to Latin letters such as "5G" are kept); a title line names
// the province, city, district and year. InvalidArgument for bad options,
// NotFound without samples, FailedPrecondition when the gazetteer cannot
// tell a sample's district.
absl::StatusOr<std::vector<GeneratedReport>> GenerateCorpus(
    const CorpusOptions& options);

}  // namespace govreport::bench

#endif  // GOVREPORT_BENCH_CORPUS_H_
