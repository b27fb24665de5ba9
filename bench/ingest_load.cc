// ingest_load: streams a generated corpus (bench/corpus.h) to a running
// ingest server over --streams concurrent StreamIngest calls, each on its
// own connection, and prints reports/s, MB/s and the latency of each
// report from its write to its answer. Exits 1, naming each failure, when
// any answer is an error or a stream fails.

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <iostream>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_format.h"
#include "bench/corpus.h"
#include "bench/corpus_flags.h"
#include "bench/latency.h"
#include "govreport/v1/ingest.grpc.pb.h"
#include "grpcpp/grpcpp.h"

ABSL_FLAG(std::string, target, "127.0.0.1:50051",
          "the ingest server: HOST:PORT or unix:PATH");
ABSL_FLAG(int, streams, 1,
          "concurrent StreamIngest calls, each on its own connection; report "
          "i goes to stream i mod streams");
ABSL_FLAG(int, in_flight, 64,
          "most unanswered reports per stream (the server's default window "
          "is 32); 0 writes as fast as HTTP/2 flow control lets the client, "
          "so that ack latency mostly measures the client's own queue");

namespace govreport::bench {
namespace {

using ReportStream =
    grpc::ClientReaderWriter<v1::StreamIngestRequest, v1::StreamIngestResponse>;

// What one stream measured.
struct StreamResult {
  LatencyRecorder latencies;
  int64_t answered = 0;
  int64_t errors = 0;
  // Answers for content already stored (no-ops).
  int64_t unchanged = 0;
  // Stored under another district or year than the one it was written for.
  int64_t other_district = 0;
  int64_t other_year = 0;
  grpc::Status status;
};

std::shared_ptr<grpc::Channel> NewChannel(const std::string& target) {
  grpc::ChannelArguments args;
  // A connection of its own, as separate clients would have.
  args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  args.SetMaxSendMessageSize(-1);
  return grpc::CreateCustomChannel(target, grpc::InsecureChannelCredentials(),
                                   args);
}

// Checks one answer against the report it answers; prints failures.
void CheckAnswer(const v1::StreamIngestResponse& response,
                 const GeneratedReport& report, StreamResult& result) {
  if (response.index() != result.answered ||
      response.file_name() != report.file_name) {
    ++result.errors;
    std::cerr << absl::StrFormat(
        "ingest_load: ERROR answer %d (%s) came for report %d (%s)\n",
        response.index(), response.file_name(), result.answered,
        report.file_name);
  } else if (response.has_error() || !response.has_result()) {
    ++result.errors;
    std::cerr << absl::StrFormat("ingest_load: ERROR %s: code %d: %s\n",
                                 report.file_name, response.error().code(),
                                 response.error().message());
  } else {
    const v1::IngestResult& stored = response.result();
    result.unchanged += stored.unchanged();
    result.other_district += stored.district().code() != report.district.code();
    result.other_year += stored.year() != report.year;
  }
}

// Sends `reports` over one StreamIngest call on `channel`, writing and
// reading concurrently, and times each report from its write to its
// answer (answers come in request order).
StreamResult RunStream(const std::shared_ptr<grpc::Channel>& channel,
                       const std::vector<const GeneratedReport*>& reports,
                       int in_flight) {
  StreamResult result;
  std::unique_ptr<v1::IngestService::Stub> stub =
      v1::IngestService::NewStub(channel);
  grpc::ClientContext context;
  std::unique_ptr<ReportStream> stream = stub->StreamIngest(&context);
  std::mutex mu;
  std::condition_variable answered;
  std::deque<Clock::time_point> sent;  // Guarded by mu.
  bool reading = true;                 // Guarded by mu.
  std::thread writer([&] {
    v1::StreamIngestRequest request;
    for (const GeneratedReport* report : reports) {
      request.mutable_report()->set_content(report->content);
      request.mutable_report()->set_file_name(report->file_name);
      {
        std::unique_lock<std::mutex> lock(mu);
        answered.wait(lock, [&] {
          return !reading || in_flight <= 0 ||
                 static_cast<int>(sent.size()) < in_flight;
        });
        if (!reading) break;
        sent.push_back(Clock::now());
      }
      if (!stream->Write(request)) break;
    }
    stream->WritesDone();
  });
  v1::StreamIngestResponse response;
  while (stream->Read(&response)) {
    const Clock::time_point now = Clock::now();
    Clock::time_point written;
    {
      std::lock_guard<std::mutex> lock(mu);
      if (sent.empty()) {
        ++result.errors;
        std::cerr << "ingest_load: ERROR an answer for no report\n";
        context.TryCancel();
        continue;
      }
      written = sent.front();
      sent.pop_front();
    }
    answered.notify_one();
    result.latencies.Add(now - written);
    // A report is in `sent` until answered, so this one was written.
    CheckAnswer(response, *reports[result.answered], result);
    ++result.answered;
  }
  {
    std::lock_guard<std::mutex> lock(mu);
    reading = false;
  }
  answered.notify_one();
  writer.join();
  result.status = stream->Finish();
  return result;
}

int Run() {
  const int streams = absl::GetFlag(FLAGS_streams);
  if (streams < 1) {
    std::cerr << "ingest_load: --streams must be at least 1\n";
    return 2;
  }
  absl::StatusOr<std::vector<GeneratedReport>> corpus =
      GenerateCorpus(CorpusOptionsFromFlags());
  if (!corpus.ok()) {
    std::cerr << "ingest_load: " << corpus.status() << "\n";
    return 2;
  }
  std::vector<std::vector<const GeneratedReport*>> shares(streams);
  int64_t bytes = 0;
  for (size_t i = 0; i < corpus->size(); ++i) {
    shares[i % streams].push_back(&(*corpus)[i]);
    bytes += (*corpus)[i].content.size();
  }
  const std::string target = absl::GetFlag(FLAGS_target);
  std::vector<std::shared_ptr<grpc::Channel>> channels;
  for (int s = 0; s < streams; ++s) {
    channels.push_back(NewChannel(target));
    if (!channels.back()->WaitForConnected(std::chrono::system_clock::now() +
                                           std::chrono::seconds(10))) {
      std::cerr << "ingest_load: cannot connect to " << target << "\n";
      return 1;
    }
  }

  const int in_flight = absl::GetFlag(FLAGS_in_flight);
  std::vector<StreamResult> results(streams);
  const Clock::time_point start = Clock::now();
  std::vector<std::thread> threads;
  for (int s = 0; s < streams; ++s) {
    threads.emplace_back(
        [&, s] { results[s] = RunStream(channels[s], shares[s], in_flight); });
  }
  for (std::thread& t : threads) t.join();
  const double seconds =
      std::chrono::duration<double>(Clock::now() - start).count();

  LatencyRow acks{"ack", {}, 0};
  int64_t answered = 0, unchanged = 0, other_district = 0, other_year = 0;
  bool failed = false;
  for (int s = 0; s < streams; ++s) {
    const StreamResult& r = results[s];
    acks.latencies.Merge(r.latencies);
    acks.errors += r.errors;
    answered += r.answered;
    unchanged += r.unchanged;
    other_district += r.other_district;
    other_year += r.other_year;
    if (!r.status.ok() ||
        r.answered != static_cast<int64_t>(shares[s].size())) {
      failed = true;
      std::cerr << absl::StrFormat(
          "ingest_load: ERROR stream %d ended after %d of %d answers: code %d: "
          "%s\n",
          s, r.answered, shares[s].size(), r.status.error_code(),
          r.status.error_message());
    }
  }
  std::cout << absl::StrFormat(
      "ingest_load: %d reports (%.1f MB) over %d stream(s) in %.2f s: %.1f "
      "reports/s, %.2f MB/s\n",
      answered, bytes / 1e6, streams, seconds, answered / seconds,
      bytes / 1e6 / seconds);
  const int64_t errors = acks.errors;
  PrintLatencyTable({std::move(acks)}, seconds, std::cout);
  std::cout << absl::StrFormat(
      "answers: %d errors, %d unchanged (already stored); detected district "
      "differs from the generated one for %d, year for %d\n",
      errors, unchanged, other_district, other_year);
  if (errors > 0 || failed) {
    std::cerr << absl::StrFormat(
        "ingest_load: FAILED: %d error answers, %d of %d reports answered\n",
        errors, answered, corpus->size());
    return 1;
  }
  return 0;
}

}  // namespace
}  // namespace govreport::bench

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "Streams a generated corpus to a running ingest server and measures "
      "throughput and ack latency.\n"
      "  ingest_load --target=HOST:PORT [--count=3000] [--streams=1] "
      "[--seed=1]");
  absl::ParseCommandLine(argc, argv);
  return govreport::bench::Run();
}
