#ifndef GOVREPORT_BENCH_CORPUS_FLAGS_H_
#define GOVREPORT_BENCH_CORPUS_FLAGS_H_

#include "bench/corpus.h"

namespace govreport::bench {

// The corpus options given by the flags --samples, --count, --seed,
// --first_year and --last_year, which programs linking this get.
CorpusOptions CorpusOptionsFromFlags();

}  // namespace govreport::bench

#endif  // GOVREPORT_BENCH_CORPUS_FLAGS_H_
