// ingest_load: streams a generated corpus to a running ingest server over
// several StreamIngest calls and reports reports/s, MB/s and the latency
// from sending a report to its acknowledgement.

#include <atomic>
#include <chrono>
#include <deque>
#include <iostream>
#include <mutex>
#include <thread>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "bench/corpus.h"
#include "bench/latency.h"
#include "govreport/v1/ingest.grpc.pb.h"
#include "grpcpp/grpcpp.h"

ABSL_FLAG(std::string, target, "127.0.0.1:50051", "ingest server HOST:PORT");
ABSL_FLAG(std::string, samples, "tests/data/reports",
          "folder of sample reports the corpus is made from");
ABSL_FLAG(int, count, 3000, "reports to send");
ABSL_FLAG(int, streams, 1, "concurrent StreamIngest calls");
ABSL_FLAG(uint64_t, seed, 1, "corpus seed");

namespace {

using Clock = std::chrono::steady_clock;

}  // namespace

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  const int streams = std::max(1, absl::GetFlag(FLAGS_streams));
  std::vector<govreport::bench::GeneratedReport> corpus =
      govreport::bench::GenerateCorpus(absl::GetFlag(FLAGS_samples),
                                       absl::GetFlag(FLAGS_count),
                                       absl::GetFlag(FLAGS_seed));
  if (corpus.empty()) {
    std::cerr << "no sample reports in " << absl::GetFlag(FLAGS_samples) << "\n";
    return 2;
  }
  size_t bytes = 0;
  for (const auto& r : corpus) bytes += r.raw.content().size();
  auto channel = grpc::CreateChannel(absl::GetFlag(FLAGS_target),
                                     grpc::InsecureChannelCredentials());
  std::atomic<int> errors{0};
  std::vector<govreport::bench::LatencyRecorder> latencies(streams);
  const Clock::time_point start = Clock::now();
  std::vector<std::thread> threads;
  for (int s = 0; s < streams; ++s) {
    threads.emplace_back([&, s] {
      auto stub = govreport::v1::IngestService::NewStub(channel);
      grpc::ClientContext context;
      auto stream = stub->StreamIngest(&context);
      std::mutex mu;
      std::deque<Clock::time_point> sent;
      std::thread writer([&] {
        for (size_t i = s; i < corpus.size(); i += streams) {
          govreport::v1::StreamIngestRequest request;
          *request.mutable_report() = corpus[i].raw;
          {
            std::lock_guard<std::mutex> lock(mu);
            sent.push_back(Clock::now());
          }
          if (!stream->Write(request)) break;
        }
        stream->WritesDone();
      });
      govreport::v1::StreamIngestResponse response;
      while (stream->Read(&response)) {
        Clock::time_point at;
        {
          std::lock_guard<std::mutex> lock(mu);
          at = sent.front();
          sent.pop_front();
        }
        latencies[s].Add(
            std::chrono::duration<double, std::micro>(Clock::now() - at).count());
        if (response.has_error()) {
          if (errors++ < 5) std::cerr << "error: " << response.error().message() << "\n";
        }
      }
      writer.join();
      grpc::Status status = stream->Finish();
      if (!status.ok()) {
        ++errors;
        std::cerr << "stream failed: " << status.error_message() << "\n";
      }
    });
  }
  for (auto& t : threads) t.join();
  const double seconds =
      std::chrono::duration<double>(Clock::now() - start).count();
  govreport::bench::LatencyRecorder all;
  for (const auto& l : latencies) all.Merge(l);
  std::cout << "ingest_load: " << corpus.size() << " reports ("
            << bytes / 1e6 << " MB) over " << streams << " stream(s) in "
            << seconds << " s: " << corpus.size() / seconds << " reports/s, "
            << bytes / 1e6 / seconds << " MB/s; ack latency " << all.Summary()
            << "; errors " << errors.load() << "\n";
  return errors == 0 ? 0 : 1;
}
