#include "bench/corpus_flags.h"

#include <cstdint>
#include <string>

#include "absl/flags/flag.h"

ABSL_FLAG(std::string, samples, GOVREPORT_TEST_DATA_DIR "/reports",
          "folder of UTF-8 sample reports (*.txt) the corpus is made from");
ABSL_FLAG(int, count, 3000, "number of reports to generate");
ABSL_FLAG(uint64_t, seed, 1,
          "corpus seed: the same seed gives the same reports");
ABSL_FLAG(int, first_year, 2015, "earliest plan year of a generated report");
ABSL_FLAG(int, last_year, 2025, "latest plan year of a generated report");

namespace govreport::bench {

CorpusOptions CorpusOptionsFromFlags() {
  CorpusOptions options;
  options.samples_dir = absl::GetFlag(FLAGS_samples);
  options.count = absl::GetFlag(FLAGS_count);
  options.seed = absl::GetFlag(FLAGS_seed);
  options.first_year = absl::GetFlag(FLAGS_first_year);
  options.last_year = absl::GetFlag(FLAGS_last_year);
  return options;
}

}  // namespace govreport::bench
