#ifndef GOVREPORT_BENCH_RANDOM_H_
#define GOVREPORT_BENCH_RANDOM_H_

// Reproducible randomness for the benchmarks: the corpus generator
// (bench/corpus.cc) and query_load draw from it so that a seed names the same
// corpus and the same query mix on every machine.

#include <cstddef>
#include <cstdint>
#include <random>
#include <vector>

namespace govreport::bench {

// A deterministic source of randomness: the same seed gives the same draws
// on every platform (no std:: distributions, whose output is
// implementation-defined). Not thread-safe.
class Random final {
 public:
  explicit Random(uint64_t seed) : engine_(seed) {}

  // Uniform in [0, n); n > 0.
  size_t Below(size_t n) { return engine_() % n; }

  // Uniform in [0.5, 1.5).
  double Factor() {
    return 0.5 + static_cast<double>(engine_() >> 11) * 0x1p-53;
  }

  // One of `values`, which is not empty.
  template <typename T>
  const T& Pick(const std::vector<T>& values) {
    return values[Below(values.size())];
  }

 private:
  std::mt19937_64 engine_;
};

}  // namespace govreport::bench

#endif  // GOVREPORT_BENCH_RANDOM_H_
