#ifndef GOVREPORT_BENCH_LATENCY_H_
#define GOVREPORT_BENCH_LATENCY_H_

#include <string>
#include <vector>

namespace govreport::bench {

// Latency samples of one kind of call, in microseconds. Not thread-safe:
// each thread keeps its own and they are merged at the end.
class LatencyRecorder final {
 public:
  void Add(double micros) { samples_.push_back(micros); }
  void Merge(const LatencyRecorder& other);
  size_t count() const { return samples_.size(); }

  // "n=… p50=…ms p90=… p99=… p99.9=… max=…" over the samples.
  std::string Summary();

 private:
  std::vector<double> samples_;
};

}  // namespace govreport::bench

#endif  // GOVREPORT_BENCH_LATENCY_H_
