// Parsing of reportctl's flag values into the typed values its requests
// carry, in one place, so that a bad value is a usage error (exit code 2,
// see tools/exit_code.h) with the same message whichever command took it,
// never silently ignored or replaced by a default.
//
//   absl::StatusOr<YearRange> years = ParseYearRangeFlag("2020-2024");
//   if (!years.ok()) return years.status();  // "--year must be Y or Y1-Y2 ..."
//   request.set_year_from(years->from);
//
// Each Parse function is pure (no flag or environment access) and returns
// a UsageError naming the flag and the value it got when the value is bad.
// CheckFlagSyntax runs before absl::ParseCommandLine, which would exit 1 on
// an unknown flag or a value of the wrong type; reportctl exits 2 instead.

#ifndef GOVREPORT_TOOLS_FLAG_VALUES_H_
#define GOVREPORT_TOOLS_FLAG_VALUES_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "govreport/v1/records.pb.h"
#include "tools/output.h"

namespace govreport::tools {

// An inclusive range of plan years; 0 leaves that end open.
struct YearRange {
  int from = 0;
  int to = 0;
};

// --format: "table" or "jsonl".
absl::StatusOr<OutputFormat> ParseFormatFlag(absl::string_view text);

// --year of the query commands: "" (all years), "Y", "Y1-Y2", "Y1-" or
// "-Y2". Years are 1 to 9999; Y1 may not be after Y2.
absl::StatusOr<YearRange> ParseYearRangeFlag(absl::string_view text);

// --year of ingest and extract, a hint for every file: "" (0, no hint) or
// one year Y (1 to 9999).
absl::StatusOr<int> ParseYearFlag(absl::string_view text);

// --level of query, reports and summary: comma-separated county, city or
// province (any case), in order; empty for "".
absl::StatusOr<std::vector<v1::ReportLevel>> ParseLevelsFlag(
    absl::string_view text);

// --level of districts and compare: at most one level; county for "".
absl::StatusOr<v1::ReportLevel> ParseOneLevelFlag(absl::string_view text);

// --domain: comma-separated domain ids (e.g. employment,education); empty
// for "".
absl::StatusOr<std::vector<v1::Domain>> ParseDomainsFlag(
    absl::string_view text);

// --kind: "target" or "achievement"; nullopt (any kind) for "".
absl::StatusOr<std::optional<v1::Kind>> ParseKindFlag(absl::string_view text);

// --district and other list flags: the comma-separated items, each
// trimmed of ASCII whitespace, empty ones dropped. Never fails.
std::vector<std::string> ParseListFlag(absl::string_view text);

// --limit: 0 (no limit) or more.
absl::StatusOr<int> ParseLimitFlag(int limit);

// --timeout in seconds: positive and finite.
absl::StatusOr<absl::Duration> ParseTimeoutFlag(double seconds);

// Checks the command-line arguments (argv without the program name) the
// way absl::ParseCommandLine reads them ("--name=value", "--name value"
// for a non-bool flag, "--name" and "--noname" for a bool, one dash or
// two, nothing after "--"; --help, --helpfull, --version and absl's other
// usage flags pass): a UsageError for a flag no linked code defines
// ("unknown flag --nme; see --helpfull") or a value that does not parse as
// its flag's type ("--limit=abc: ..."). Flags it checks may be set to the
// value given, as ParseCommandLine would set them anyway. Not thread-safe
// against other flag access.
absl::Status CheckFlagSyntax(const std::vector<std::string>& args);

}  // namespace govreport::tools

#endif  // GOVREPORT_TOOLS_FLAG_VALUES_H_
