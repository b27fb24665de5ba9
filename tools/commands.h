// reportctl's subcommands, one function each, over tools/client.h. Each
// takes the positional arguments after the subcommand's name (flags are
// parsed already), prints its results to stdout and its progress to
// stderr, and returns how it ended; reportctl.cc turns that into the exit
// code with ReportStatus (tools/exit_code.h):
//
//   return ReportStatus(RunQuery(args), std::cerr);
//
// A bad flag value or argument is a UsageError (exit 2); a failed call is
// CallError's "METHOD failed: CODE_NAME: message" (exit 1).

#ifndef GOVREPORT_TOOLS_COMMANDS_H_
#define GOVREPORT_TOOLS_COMMANDS_H_

#include <string>
#include <vector>

#include "absl/status/status.h"

namespace govreport::tools {

// extract FILE...: runs the pipeline locally, no server.
absl::Status RunExtract(const std::vector<std::string>& args);
// ingest PATH...: streams files and folders over one StreamIngest call.
absl::Status RunIngest(const std::vector<std::string>& args);
// query: ListCommitments, following page tokens.
absl::Status RunQuery(const std::vector<std::string>& args);
// report ID: GetReport.
absl::Status RunReport(const std::vector<std::string>& args);
// reports: ListReports.
absl::Status RunReports(const std::vector<std::string>& args);
// districts: ListDistricts.
absl::Status RunDistricts(const std::vector<std::string>& args);
// metrics: ListMetrics.
absl::Status RunMetrics(const std::vector<std::string>& args);
// compare: CompareMetric.
absl::Status RunCompare(const std::vector<std::string>& args);
// track: TrackMetric.
absl::Status RunTrack(const std::vector<std::string>& args);
// summary: SummarizeCommitments.
absl::Status RunSummary(const std::vector<std::string>& args);
// search: SearchCommitments, following page tokens.
absl::Status RunSearch(const std::vector<std::string>& args);
// delete ID: DeleteReport.
absl::Status RunDelete(const std::vector<std::string>& args);
// health: OK when the server's health service says SERVING for --service
// ("" is the server as a whole); ReportedFailure after printing
// NOT_SERVING otherwise.
absl::Status RunHealth(const std::vector<std::string>& args);

}  // namespace govreport::tools

#endif  // GOVREPORT_TOOLS_COMMANDS_H_
