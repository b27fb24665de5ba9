#ifndef GOVREPORT_TOOLS_COMMANDS_H_
#define GOVREPORT_TOOLS_COMMANDS_H_

#include <string>
#include <vector>

namespace govreport::tools {

// reportctl's subcommands. Each takes the positional arguments after the
// subcommand's name (flags are parsed already), prints its results to
// stdout and its errors to stderr, and returns the process exit code:
// 0 on success, 1 when the work failed, 2 on a usage error.

// extract FILE...: runs the pipeline locally, no server.
int RunExtract(const std::vector<std::string>& args);
// ingest PATH...: streams files and folders over one StreamIngest call.
int RunIngest(const std::vector<std::string>& args);
// query: ListCommitments, following page tokens.
int RunQuery(const std::vector<std::string>& args);
// report ID: GetReport.
int RunReport(const std::vector<std::string>& args);
// reports: ListReports.
int RunReports(const std::vector<std::string>& args);
// districts: ListDistricts.
int RunDistricts(const std::vector<std::string>& args);
// metrics: ListMetrics.
int RunMetrics(const std::vector<std::string>& args);
// compare: CompareMetric.
int RunCompare(const std::vector<std::string>& args);
// track: TrackMetric.
int RunTrack(const std::vector<std::string>& args);
// summary: SummarizeCommitments.
int RunSummary(const std::vector<std::string>& args);
// search: SearchCommitments, following page tokens.
int RunSearch(const std::vector<std::string>& args);
// delete ID: DeleteReport.
int RunDelete(const std::vector<std::string>& args);
// health: exits 0 when the server's health service says SERVING for
// --service ("" is the server as a whole).
int RunHealth(const std::vector<std::string>& args);

}  // namespace govreport::tools

#endif  // GOVREPORT_TOOLS_COMMANDS_H_
