#include "tools/flag_values.h"

#include <algorithm>
#include <cmath>
#include <iterator>

#include "absl/flags/commandlineflag.h"
#include "absl/flags/reflection.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/domains.h"
#include "tools/exit_code.h"

namespace govreport::tools {
namespace {

constexpr int kMaxYear = 9999;

// The flags absl::ParseCommandLine answers itself (help and version), which
// no ABSL_FLAG defines in this abseil.
constexpr absl::string_view kUsageFlags[] = {
    "help",    "helpfull",        "helpshort", "helppackage",
    "version", "only_check_args", "helpon",    "helpmatch"};

// One year of a --year value; false when `text` is no year.
bool ParseYear(absl::string_view text, int* year) {
  return absl::SimpleAtoi(text, year) && *year >= 1 && *year <= kMaxYear;
}

}  // namespace

absl::StatusOr<OutputFormat> ParseFormatFlag(absl::string_view text) {
  if (text == "table") return OutputFormat::kTable;
  if (text == "jsonl") return OutputFormat::kJsonl;
  return UsageError(
      absl::StrCat("--format must be table or jsonl, not '", text, "'"));
}

absl::StatusOr<YearRange> ParseYearRangeFlag(absl::string_view text) {
  YearRange range;
  if (text.empty()) return range;
  const absl::Status bad = UsageError(absl::StrCat(
      "--year must be Y or Y1-Y2 (e.g. 2024 or 2020-2024), not '", text, "'"));
  std::vector<absl::string_view> parts = absl::StrSplit(text, '-');
  if (parts.size() == 1) {
    if (!ParseYear(parts[0], &range.from)) return bad;
    range.to = range.from;
    return range;
  }
  if (parts.size() != 2 || (parts[0].empty() && parts[1].empty()) ||
      (!parts[0].empty() && !ParseYear(parts[0], &range.from)) ||
      (!parts[1].empty() && !ParseYear(parts[1], &range.to))) {
    return bad;
  }
  if (range.from != 0 && range.to != 0 && range.from > range.to) {
    return UsageError(
        absl::StrCat("--year range '", text, "' ends before it starts"));
  }
  return range;
}

absl::StatusOr<int> ParseYearFlag(absl::string_view text) {
  int year = 0;
  if (text.empty() || ParseYear(text, &year)) return year;
  return UsageError(absl::StrCat(
      "--year of ingest and extract must be one year Y (e.g. 2024), not '",
      text, "'"));
}

absl::StatusOr<std::vector<v1::ReportLevel>> ParseLevelsFlag(
    absl::string_view text) {
  std::vector<v1::ReportLevel> levels;
  for (const std::string& word : ParseListFlag(text)) {
    v1::ReportLevel level;
    if (!v1::ReportLevel_Parse(
            absl::StrCat("REPORT_LEVEL_", absl::AsciiStrToUpper(word)),
            &level)) {
      return UsageError(absl::StrCat("unknown --level '", word,
                                     "'; use county, city or province"));
    }
    levels.push_back(level);
  }
  return levels;
}

absl::StatusOr<v1::ReportLevel> ParseOneLevelFlag(absl::string_view text) {
  absl::StatusOr<std::vector<v1::ReportLevel>> levels = ParseLevelsFlag(text);
  if (!levels.ok()) return levels.status();
  if (levels->size() > 1) {
    return UsageError(
        absl::StrCat("this command takes one --level, not '", text, "'"));
  }
  return levels->empty() ? v1::REPORT_LEVEL_COUNTY : levels->front();
}

absl::StatusOr<std::vector<v1::Domain>> ParseDomainsFlag(
    absl::string_view text) {
  std::vector<v1::Domain> domains;
  for (const std::string& word : ParseListFlag(text)) {
    std::optional<v1::Domain> domain = ParseDomain(word);
    if (!domain) {
      return UsageError(
          absl::StrCat("unknown --domain '", word,
                       "'; use an id such as employment or education"));
    }
    domains.push_back(*domain);
  }
  return domains;
}

absl::StatusOr<std::optional<v1::Kind>> ParseKindFlag(absl::string_view text) {
  if (text.empty()) return std::optional<v1::Kind>();
  std::optional<v1::Kind> kind = ParseKind(std::string(text));
  if (!kind) {
    return UsageError(
        absl::StrCat("--kind must be target or achievement, not '", text, "'"));
  }
  return kind;
}

std::vector<std::string> ParseListFlag(absl::string_view text) {
  std::vector<std::string> items;
  for (absl::string_view item : absl::StrSplit(text, ',')) {
    item = absl::StripAsciiWhitespace(item);
    if (!item.empty()) items.emplace_back(item);
  }
  return items;
}

absl::StatusOr<int> ParseLimitFlag(int limit) {
  if (limit >= 0) return limit;
  return UsageError(
      absl::StrCat("--limit must be 0 (no limit) or more, not ", limit));
}

absl::StatusOr<absl::Duration> ParseTimeoutFlag(double seconds) {
  if (std::isfinite(seconds) && seconds > 0) return absl::Seconds(seconds);
  return UsageError(absl::StrCat(
      "--timeout must be a positive number of seconds, not ", seconds));
}

absl::Status CheckFlagSyntax(const std::vector<std::string>& args) {
  for (size_t i = 0; i < args.size(); ++i) {
    absl::string_view arg = args[i];
    if (arg == "--") break;
    if (arg.size() < 2 || arg[0] != '-') continue;  // positional, or "-"
    arg.remove_prefix(arg[1] == '-' ? 2 : 1);
    const size_t equals = arg.find('=');
    const absl::string_view name = arg.substr(0, equals);
    if (std::find(std::begin(kUsageFlags), std::end(kUsageFlags), name) !=
        std::end(kUsageFlags)) {
      continue;
    }
    absl::CommandLineFlag* flag = absl::FindCommandLineFlag(name);
    if (flag == nullptr && absl::StartsWith(name, "no") &&
        equals == absl::string_view::npos) {
      // --noquantified: the negation of a bool.
      flag = absl::FindCommandLineFlag(name.substr(2));
      if (flag != nullptr && flag->IsOfType<bool>()) continue;
      flag = nullptr;
    }
    if (flag == nullptr) {
      return UsageError(absl::StrCat("unknown flag --", name,
                                     "; see --helpfull for every flag"));
    }
    std::string value;
    if (equals != absl::string_view::npos) {
      value = std::string(arg.substr(equals + 1));
    } else if (flag->IsOfType<bool>()) {
      continue;
    } else if (i + 1 < args.size()) {
      value = args[++i];
    } else {
      return UsageError(absl::StrCat("--", name, " needs a value"));
    }
    std::string error;
    if (!flag->ParseFrom(value, &error)) {
      return UsageError(absl::StrCat("--", name, "=", value, ": ", error));
    }
  }
  return absl::OkStatus();
}

}  // namespace govreport::tools
