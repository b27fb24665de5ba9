#include "common/report_id.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/string_view.h"

namespace govreport {
namespace {

constexpr size_t kMaxReportIdLength = 128;

}  // namespace

std::string ContentReportId(std::string_view text_sha256_hex) {
  return absl::StrCat("r", AsAbsl(text_sha256_hex.substr(0, 16)));
}

bool IsContentReportId(std::string_view id) {
  return id.size() == 17 && id[0] == 'r' &&
         std::all_of(id.begin() + 1, id.end(), [](char c) {
           return absl::ascii_isxdigit(static_cast<unsigned char>(c));
         });
}

absl::Status ValidateReportId(std::string_view id, std::string_view field) {
  bool valid_chars = std::all_of(id.begin(), id.end(), [](char c) {
    return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '.' ||
           c == '_' || c == '-';
  });
  if (id.empty() || id.size() > kMaxReportIdLength || !valid_chars) {
    return absl::InvalidArgumentError(
        absl::StrCat(AsAbsl(field),
                     " must be 1-128 characters of letters, digits, '.', "
                     "'_' and '-'"));
  }
  return absl::OkStatus();
}

}  // namespace govreport
