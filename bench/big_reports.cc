// big_reports: sends --reports IngestReport calls at once (or with
// --stream one StreamIngest call each, of one report), each of
// --report_bytes of report text (a real report repeated, distinct per call),
// to a running ingest server, and prints how each ended. With
// bench/run_memory.sh it measures the server's peak RSS under the largest
// reports it accepts.

#include <chrono>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "govreport/v1/ingest.grpc.pb.h"
#include "grpcpp/grpcpp.h"

ABSL_FLAG(std::string, target, "127.0.0.1:50051", "ingest server HOST:PORT");
ABSL_FLAG(int, reports, 8, "calls sent at once");
ABSL_FLAG(int64_t, report_bytes, 32 << 20,
          "content bytes of each report (at most the server's "
          "--max_report_bytes)");
ABSL_FLAG(bool, stream, false,
          "send each report over a StreamIngest call of its own");
ABSL_FLAG(int, rounds, 1, "times to send the batch, one after the other");
ABSL_FLAG(std::string, sample, "tests/data/reports/licang.txt",
          "report text repeated to fill each report");

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "big_reports --target=HOST:PORT: sends large reports at once");
  absl::ParseCommandLine(argc, argv);
  std::ifstream in(absl::GetFlag(FLAGS_sample), std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string sample = buffer.str();
  if (sample.empty()) {
    std::cerr << "cannot read " << absl::GetFlag(FLAGS_sample) << "\n";
    return 1;
  }
  const int64_t size = absl::GetFlag(FLAGS_report_bytes);
  std::map<std::string, int> outcomes;
  for (int round = 0; round < absl::GetFlag(FLAGS_rounds); ++round) {
    const int n = absl::GetFlag(FLAGS_reports);
    std::vector<std::thread> clients;
    std::vector<std::string> results(n);
    for (int i = 0; i < n; ++i) {
      clients.emplace_back([&, i] {
        // Each call on its own channel, as separate clients send.
        grpc::ChannelArguments args;
        args.SetMaxSendMessageSize(1 << 30);
        args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
        auto stub =
            govreport::v1::IngestService::NewStub(grpc::CreateCustomChannel(
                absl::GetFlag(FLAGS_target), grpc::InsecureChannelCredentials(),
                args));
        govreport::v1::IngestReportRequest request;
        std::string& content = *request.mutable_report()->mutable_content();
        content.reserve(size);
        // A distinct first line, so that no report is a copy of another.
        content = "第" + std::to_string(round * n + i) + "份。\n";
        while (static_cast<int64_t>(content.size() + sample.size()) <= size) {
          content += sample;
        }
        request.mutable_report()->set_year_hint(2024);
        grpc::ClientContext context;
        context.set_deadline(std::chrono::system_clock::now() +
                             std::chrono::minutes(10));
        if (absl::GetFlag(FLAGS_stream)) {
          auto stream = stub->StreamIngest(&context);
          govreport::v1::StreamIngestRequest item;
          *item.mutable_report() = std::move(*request.mutable_report());
          stream->Write(item);
          stream->WritesDone();
          govreport::v1::StreamIngestResponse answer;
          const bool answered = stream->Read(&answer);
          grpc::Status status = stream->Finish();
          if (!status.ok()) {
            results[i] = "stream " + std::to_string(status.error_code()) + " " +
                         status.error_message();
          } else if (!answered) {
            results[i] = "no answer";
          } else if (answer.has_error()) {
            results[i] = std::to_string(answer.error().code()) + " " +
                         answer.error().message();
          } else {
            results[i] = "OK";
          }
          return;
        }
        govreport::v1::IngestReportResponse response;
        grpc::Status status = stub->IngestReport(&context, request, &response);
        results[i] = status.ok() ? "OK"
                                 : std::to_string(status.error_code()) + " " +
                                       status.error_message();
      });
    }
    for (std::thread& t : clients) t.join();
    for (const std::string& r : results) ++outcomes[r];
  }
  for (const auto& [outcome, count] : outcomes) {
    std::cout << count << " x " << outcome << "\n";
  }
  return 0;
}
