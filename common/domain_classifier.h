#ifndef GOVREPORT_COMMON_DOMAIN_CLASSIFIER_H_
#define GOVREPORT_COMMON_DOMAIN_CLASSIFIER_H_

#include <string>
#include <string_view>
#include <vector>

#include "govreport/v1/records.pb.h"

namespace govreport {

// Picks the domain of a commitment from a keyword table (domain_classifier.cc):
// keywords found in the metric phrases weigh most, then the clause, then the
// whole sentence and the enclosing section titles; a longer keyword weighs
// more than a shorter one. Falls back to DOMAIN_ECONOMY when nothing
// matches. Pure and thread-safe.
govreport::v1::Domain ClassifyDomain(
    const std::vector<std::string_view>& metric_phrases,
    std::string_view clause, std::string_view sentence,
    const std::vector<std::string>& section_path);

}  // namespace govreport

#endif  // GOVREPORT_COMMON_DOMAIN_CLASSIFIER_H_
