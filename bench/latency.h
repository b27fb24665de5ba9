#ifndef GOVREPORT_BENCH_LATENCY_H_
#define GOVREPORT_BENCH_LATENCY_H_

// Latency recording and the table the load generators (ingest_load,
// query_load) print: each client thread records its calls, the recorders are
// merged, and PrintLatencyTable prints the quantiles docs/BENCHMARKS.md
// quotes.
//
// Example:
//   LatencyRow row{"Get"};
//   Clock::time_point start = Clock::now();
//   ...  // the call
//   row.latencies.Add(Clock::now() - start);
//   PrintLatencyTable({std::move(row)}, seconds, std::cout);

#include <chrono>
#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

namespace govreport::bench {

using Clock = std::chrono::steady_clock;

// Latencies of one kind of call. Not thread-safe: each thread keeps its
// own recorders and they are merged at the end.
class LatencyRecorder final {
 public:
  void Add(Clock::duration latency) {
    nanos_.push_back(latency.count());
    sorted_ = false;
  }
  void Merge(const LatencyRecorder& other);
  size_t count() const { return nanos_.size(); }

  // The q-quantile (q in [0, 1], nearest rank) in milliseconds; 0 without
  // samples.
  double QuantileMs(double q);

 private:
  std::vector<Clock::rep> nanos_;
  bool sorted_ = true;
};

// One line of a latency table.
struct LatencyRow {
  std::string name;
  LatencyRecorder latencies;
  // Calls that failed (their latencies are recorded too).
  int64_t errors = 0;
};

// Prints one line per row: calls, errors, calls per second over `seconds`,
// and p50, p90, p99, p99.9 and max in milliseconds, under a header.
void PrintLatencyTable(std::vector<LatencyRow> rows, double seconds,
                       std::ostream& out);

}  // namespace govreport::bench

#endif  // GOVREPORT_BENCH_LATENCY_H_
