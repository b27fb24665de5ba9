#include "server/env_flags.h"

#include <algorithm>
#include <cstdlib>

#include "absl/flags/commandlineflag.h"
#include "absl/flags/reflection.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace govreport {

std::string FlagEnvironmentVariable(const std::string& flag_name) {
  return "GOVREPORT_" + absl::AsciiStrToUpper(flag_name);
}

absl::Status ApplyEnvironmentToFlags(
    const std::vector<std::string>& defining_files) {
  for (const auto& [name, flag] : absl::GetAllFlags()) {
    const std::string file = flag->Filename();
    if (std::none_of(defining_files.begin(), defining_files.end(),
                     [&file](const std::string& suffix) {
                       return absl::EndsWith(file, suffix);
                     })) {
      continue;
    }
    const std::string variable = FlagEnvironmentVariable(std::string(name));
    const char* value = std::getenv(variable.c_str());
    if (value == nullptr) continue;
    std::string error;
    if (!flag->ParseFrom(value, &error)) {
      return absl::InvalidArgumentError(
          absl::StrCat("environment variable ", variable, ": ", error));
    }
  }
  return absl::OkStatus();
}

}  // namespace govreport
