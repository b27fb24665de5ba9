#ifndef GOVREPORT_BENCH_CORPUS_FLAGS_H_
#define GOVREPORT_BENCH_CORPUS_FLAGS_H_

// The corpus flags (--samples, --count, --seed, --first_year, --last_year)
// shared by make_corpus and ingest_load, so that both make the same corpus
// from the same command line.

#include "bench/corpus.h"

namespace govreport::bench {

// The corpus options given by the flags --samples, --count, --seed,
// --first_year and --last_year, which programs linking this get.
CorpusOptions CorpusOptionsFromFlags();

}  // namespace govreport::bench

#endif  // GOVREPORT_BENCH_CORPUS_FLAGS_H_
