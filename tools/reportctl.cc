// reportctl: the command-line client of the ingest and query services, and
// the offline extractor.

#include <functional>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "tools/commands.h"
#include "tools/exit_code.h"
#include "tools/flag_values.h"

namespace {

constexpr char kUsage[] =
    R"(reportctl: client of the govreport ingest and query services.

Usage: reportctl COMMAND [FLAGS] [ARGS]

Commands:
  extract [--format=jsonl|table] PATH...     run the pipeline locally, print commitments
  ingest  --target=HOST:PORT PATH...         stream report files and folders to the ingest service
  query   --target=HOST:PORT [--district=] [--domain=] [--metric=] [--year=Y|Y1-Y2]
          [--kind=] [--city=] [--province=] [--level=] [--text=] [--format=] [--limit=N]
  report  --target=HOST:PORT ID              one report
  reports --target=HOST:PORT [--district=] [--year=] [--level=]
  districts --target=HOST:PORT [--province=] [--city=] [--level=]
  metrics --target=HOST:PORT [--domain=]
  compare --target=HOST:PORT --metric= [--year=] [--kind=] [--city=] [--province=] [--limit=] [--level=]
  track   --target=HOST:PORT --district= --metric= [--year=Y1-Y2]
  summary --target=HOST:PORT [--district=|--city=|--province=] [--year=] [--level=]
  search  --target=HOST:PORT --text= [query filters] [--limit=]
  delete  --target=HOST:PORT ID              delete a report (ingest service)
  health  --target=HOST:PORT [--service=liveness]  exit 0 when the server (or service) is SERVING

A folder stands for its .txt, .text, .htm and .html files (--include=md,csv
adds extensions, --include=* takes every file); the others are listed as
skipped. Query commands take --min_sequence=N (or --min-sequence=N): answer only once
the query service has seen that ingest sequence number.
A failed call prints "reportctl: METHOD failed: CODE_NAME: message".
Exit codes: 0 success; 1 a call or the work failed (health: not SERVING);
2 usage: bad command, flags or arguments, a flag value that does not
parse (--year=abc, --format=xml), or an unreadable --tls_*/--token_file file.
Run 'reportctl --helpfull' for every flag.)";

// absl flags name flags with underscores; accept dashes too
// ("--min-sequence=3" is "--min_sequence=3").
void NormalizeFlagNames(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    char* arg = argv[i];
    if (arg[0] != '-' || arg[1] != '-') continue;
    for (char* c = arg + 2; *c != '\0' && *c != '='; ++c) {
      if (*c == '-') *c = '_';
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(kUsage);
  NormalizeFlagNames(argc, argv);
  // absl::ParseCommandLine exits 1 on these; they are usage errors, 2.
  const absl::Status syntax = govreport::tools::CheckFlagSyntax(
      std::vector<std::string>(argv + 1, argv + argc));
  if (!syntax.ok()) return govreport::tools::ReportStatus(syntax, std::cerr);
  std::vector<char*> positional = absl::ParseCommandLine(argc, argv);
  if (positional.size() < 2) {
    std::cerr << kUsage << "\n";
    return govreport::tools::kExitUsage;
  }
  const std::map<std::string,
                 std::function<absl::Status(const std::vector<std::string>&)>>
      commands = {
          {"extract", govreport::tools::RunExtract},
          {"ingest", govreport::tools::RunIngest},
          {"query", govreport::tools::RunQuery},
          {"report", govreport::tools::RunReport},
          {"reports", govreport::tools::RunReports},
          {"districts", govreport::tools::RunDistricts},
          {"metrics", govreport::tools::RunMetrics},
          {"compare", govreport::tools::RunCompare},
          {"track", govreport::tools::RunTrack},
          {"summary", govreport::tools::RunSummary},
          {"search", govreport::tools::RunSearch},
          {"delete", govreport::tools::RunDelete},
          {"health", govreport::tools::RunHealth},
      };
  auto command = commands.find(positional[1]);
  if (command == commands.end()) {
    std::cerr << "reportctl: unknown command '" << positional[1] << "'\n\n"
              << kUsage << "\n";
    return govreport::tools::kExitUsage;
  }
  return govreport::tools::ReportStatus(
      command->second(
          std::vector<std::string>(positional.begin() + 2, positional.end())),
      std::cerr);
}
