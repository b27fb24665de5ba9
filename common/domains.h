#ifndef GOVREPORT_COMMON_DOMAINS_H_
#define GOVREPORT_COMMON_DOMAINS_H_

// The names of the Domain and Kind enums as clients write them ("economy",
// "target"): parsed from reportctl's flags, and written as ids in its output
// and in the index keys (store/keys.cc).
//
// Example:
//   // DOMAIN_ECONOMY, and back to "economy":
//   std::optional<v1::Domain> domain = ParseDomain("Economy");
//   std::string id = DomainId(*domain);

#include <optional>
#include <string>
#include <string_view>

#include "govreport/v1/records.pb.h"

namespace govreport {

// The annotation guide's id of a domain ("economy" for DOMAIN_ECONOMY); empty
// for DOMAIN_UNSPECIFIED or an unknown number.
std::string DomainId(govreport::v1::Domain domain);

// Parses a domain given as its id ("economy") or its enum name
// ("DOMAIN_ECONOMY"), any case. nullopt when it names no domain.
std::optional<govreport::v1::Domain> ParseDomain(std::string_view text);

// Parses a kind given as "target", "achievement" or the enum name, any case.
// nullopt when it names no kind (KIND_UNSPECIFIED included).
std::optional<govreport::v1::Kind> ParseKind(std::string_view text);

}  // namespace govreport

#endif  // GOVREPORT_COMMON_DOMAINS_H_
