#include "server/env_flags.h"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <iterator>
#include <string_view>

#include "absl/flags/commandlineflag.h"
#include "absl/flags/reflection.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/close_matches.h"

namespace govreport {

namespace {

// GOVREPORT_ variables that are no server flag: reportctl's.
constexpr std::string_view kClientVariables[] = {"GOVREPORT_TOKEN",
                                                 "GOVREPORT_TARGET"};

// A GOVREPORT_ variable naming no flag is a typo that would otherwise
// leave a setting silently at its default (GOVREPORT_WORKER=8).
absl::Status CheckNoUnknownVariables(
    const std::vector<std::string>& variables,
    const std::vector<std::string>& flags,
    const std::vector<std::string>& other_variables) {
  for (char** entry = environ; *entry != nullptr; ++entry) {
    const std::string_view assignment(*entry);
    const std::string variable(assignment.substr(0, assignment.find('=')));
    if (!absl::StartsWith(variable, "GOVREPORT_") ||
        std::find(variables.begin(), variables.end(), variable) !=
            variables.end() ||
        std::find(other_variables.begin(), other_variables.end(), variable) !=
            other_variables.end() ||
        std::find(std::begin(kClientVariables), std::end(kClientVariables),
                  variable) != std::end(kClientVariables)) {
      continue;
    }
    std::string message = absl::StrCat("environment variable ", variable,
                                       " names no flag of this server");
    const std::vector<std::string_view> candidates(variables.begin(),
                                                   variables.end());
    const std::vector<size_t> close = CloseMatches(variable, candidates, 1);
    if (!close.empty()) {
      absl::StrAppend(&message, "; did you mean ", variables[close[0]], " (--",
                      flags[close[0]], ")?");
    }
    absl::StrAppend(&message, " (see --helpfull)");
    return absl::InvalidArgumentError(message);
  }
  return absl::OkStatus();
}

}  // namespace

std::string FlagEnvironmentVariable(const std::string& flag_name) {
  return "GOVREPORT_" + absl::AsciiStrToUpper(flag_name);
}

absl::Status ApplyEnvironmentToFlags(
    const std::vector<std::string>& defining_files,
    const std::vector<std::string>& other_variables) {
  // Every variable a flag of these files reads, and its flag.
  std::vector<std::string> variables;
  std::vector<std::string> flag_names;
  for (const auto& [name, flag] : absl::GetAllFlags()) {
    const std::string file = flag->Filename();
    if (std::none_of(defining_files.begin(), defining_files.end(),
                     [&file](const std::string& suffix) {
                       return absl::EndsWith(file, suffix);
                     })) {
      continue;
    }
    const std::string variable = FlagEnvironmentVariable(std::string(name));
    variables.push_back(variable);
    flag_names.emplace_back(name);
    const char* value = std::getenv(variable.c_str());
    if (value == nullptr) continue;
    std::string error;
    if (!flag->ParseFrom(value, &error)) {
      return absl::InvalidArgumentError(
          absl::StrCat("environment variable ", variable, ": ", error));
    }
  }
  return CheckNoUnknownVariables(variables, flag_names, other_variables);
}

}  // namespace govreport
