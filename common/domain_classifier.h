#ifndef GOVREPORT_COMMON_DOMAIN_CLASSIFIER_H_
#define GOVREPORT_COMMON_DOMAIN_CLASSIFIER_H_

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/inlined_vector.h"
#include "govreport/v1/records.pb.h"

namespace govreport {

// Keyword points by domain (indexed by govreport::v1::Domain).
using DomainScores = std::array<int, govreport::v1::Domain_ARRAYSIZE>;

// Picks the domain of a commitment from a keyword table
// (data/lexicon/domain_keywords.tsv):
// keywords found in the metric phrases weigh most, then the clause, then the
// whole sentence and the enclosing section titles; a longer keyword weighs
// more than a shorter one. Falls back to DOMAIN_ECONOMY when nothing
// matches. Pure and thread-safe.
govreport::v1::Domain ClassifyDomain(
    const std::vector<std::string_view>& metric_phrases,
    std::string_view clause, std::string_view sentence,
    const std::vector<std::string>& section_path);

// The domain keywords of a sentence, found in one scan and shared by the
// clauses of all its commitments.
class SentenceKeywords final {
 public:
  explicit SentenceKeywords(std::string_view sentence);

  // Adds the sentence's points, as the context of a commitment.
  void AddSentencePoints(DomainScores* scores) const;

  // Adds the points of `clause`, a part of the sentence (a view into the
  // same text), as a commitment's clause.
  void AddClausePoints(std::string_view clause, DomainScores* scores) const;

 private:
  // A keyword (its index in the table) and its offset in the sentence.
  struct Match {
    size_t begin;
    int keyword;
  };

  std::string_view sentence_;
  // In text order; a sentence holds a few dozen at most.
  absl::InlinedVector<Match, 32> matches_;
  DomainScores sentence_points_{};
};

// The points of a commitment's enclosing section titles: the same for every
// sentence of a section, so that a caller classifying many computes them
// once.
DomainScores SectionScores(const std::vector<std::string>& section_path);

// ClassifyDomain for a clause of the sentence `sentence` holds the keywords
// of, with the section titles' points already computed.
govreport::v1::Domain ClassifyDomain(
    const std::vector<std::string_view>& metric_phrases,
    std::string_view clause, const SentenceKeywords& sentence,
    const DomainScores& section_scores);

// The domain a row of data/lexicon/domain_cues.tsv settles for a quantity
// whose metric phrase is `metric`, in the commitment clause `clause` of
// `sentence`: a counted thing whose domain the text around it decides
// (projects in a sentence about attracting investment). nullopt when no
// row matches. Pure and thread-safe.
std::optional<govreport::v1::Domain> CueDomain(std::string_view metric,
                                               std::string_view clause,
                                               std::string_view sentence);

}  // namespace govreport

#endif  // GOVREPORT_COMMON_DOMAIN_CLASSIFIER_H_
