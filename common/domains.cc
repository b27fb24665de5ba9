#include "common/domains.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"

namespace govreport {
namespace {

// Upper-cases `text` and adds the enum prefix unless it is already there, so
// that "economy" and "DOMAIN_ECONOMY" both name DOMAIN_ECONOMY.
std::string EnumName(std::string_view text, std::string_view prefix) {
  std::string upper = absl::AsciiStrToUpper(absl::string_view(text.data(), text.size()));
  if (absl::StartsWith(upper, absl::string_view(prefix.data(), prefix.size()))) {
    return upper;
  }
  return std::string(prefix) + upper;
}

}  // namespace

std::string DomainId(govreport::v1::Domain domain) {
  if (domain == govreport::v1::DOMAIN_UNSPECIFIED ||
      !govreport::v1::Domain_IsValid(domain)) {
    return "";
  }
  return absl::AsciiStrToLower(
      govreport::v1::Domain_Name(domain).substr(sizeof("DOMAIN_") - 1));
}

std::optional<govreport::v1::Domain> ParseDomain(std::string_view text) {
  govreport::v1::Domain domain;
  if (!govreport::v1::Domain_Parse(EnumName(text, "DOMAIN_"), &domain) ||
      domain == govreport::v1::DOMAIN_UNSPECIFIED) {
    return std::nullopt;
  }
  return domain;
}

std::optional<govreport::v1::Kind> ParseKind(std::string_view text) {
  govreport::v1::Kind kind;
  if (!govreport::v1::Kind_Parse(EnumName(text, "KIND_"), &kind) ||
      kind == govreport::v1::KIND_UNSPECIFIED) {
    return std::nullopt;
  }
  return kind;
}

}  // namespace govreport
