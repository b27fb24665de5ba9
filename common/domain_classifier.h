#ifndef GOVREPORT_COMMON_DOMAIN_CLASSIFIER_H_
#define GOVREPORT_COMMON_DOMAIN_CLASSIFIER_H_

// Which policy domain (economy, education, environment, ...) a commitment
// belongs to: keyword points from data/lexicon/domain_keywords.tsv plus a
// naive Bayes model (data/lexicon/domain_model.tsv) for commitments with
// figures. The extract stage (common/extract.cc) classifies every
// commitment; it computes SentenceKeywords and SectionScores once for the
// commitments of a sentence or section, where a one-off caller uses the
// first ClassifyDomain.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/inlined_vector.h"
#include "govreport/v1/records.pb.h"

namespace govreport {

// Keyword points by domain (indexed by govreport::v1::Domain).
using DomainScores = std::array<int, govreport::v1::Domain_ARRAYSIZE>;

// The domain model's points by domain (indexed by govreport::v1::Domain).
using ModelScores = std::array<int64_t, govreport::v1::Domain_ARRAYSIZE>;

// The points of a commitment's context that its sentence or its section
// shares with other commitments: computed once for them all.
struct ContextScores {
  DomainScores keywords{};
  ModelScores model{};
};

// The domain model of data/lexicon/domain_model.tsv (trained by
// tools/train_domain_model.py from the annotated sets; its header says how
// it scores): naive Bayes over the character n-grams (1 to 3 characters)
// of a commitment's metric phrases, their ends, its sentence and its
// section titles. Immutable once loaded, so thread-safe.
class DomainModel final {
 public:
  // What a text is to the commitment; each field has its own weights.
  enum class Field { kMetric, kMetricEnd, kSentence, kHeading };

  // The compiled-in model, parsed on first use.
  static const DomainModel& Get();

  // Adds the points of every n-gram of `text` read as `field` (kMetric,
  // kSentence or kHeading): one hash lookup per n-gram, none for the
  // longer n-grams of a character whose shorter one has no row when the
  // field's table is suffix-closed.
  void AddText(Field field, std::string_view text, ModelScores* scores) const;

  // Adds the points of the last one, two and three characters of a metric
  // phrase (its head).
  void AddMetricEnd(std::string_view metric, ModelScores* scores) const;

  // Every domain's points before any text is read (the training set's
  // share of each).
  const ModelScores& prior() const { return prior_; }

  // Model points a keyword point is worth when the two are added.
  int rule_weight() const { return rule_weight_; }

 private:
  DomainModel();
  void Add(Field field, uint64_t ngram, int* found, ModelScores* scores) const;

  static constexpr int kFields = 4;
  // One n-gram's row: its key and its points in every domain, in one cache
  // line. The pipeline looks up three n-grams at every character of a
  // sentence; a hash map pointing into a list of (domain, points) pairs
  // read two or three lines a row found, and was an eighth of Analyze's
  // time.
  // Points by domain, padded with zeros to whole 16-byte vectors (eight
  // lanes): a row found is summed in three vector additions, where the
  // last two domains took scalar ones.
  static constexpr int kPointLanes =
      (govreport::v1::Domain_ARRAYSIZE + 7) / 8 * 8;
  struct alignas(64) Row {
    // The n-gram's code points (each plus one, in 21 bits apiece), so
    // never 0: 0 marks an empty slot.
    uint64_t key = 0;
    std::array<int16_t, kPointLanes> points{};
  };
  // A field's rows by key: open addressing with linear probing, at most
  // half full, behind a bit filter (one bit per key, 8 KB) that answers
  // most n-grams without a row from the L1 cache.
  struct Rows {
    std::vector<Row> slots;  // a power of two of them
    // Whether the n-gram of every row but a character's has a row without
    // its first character too ("城市建" has one, so "市建" has), as the
    // trainer writes them: then an n-gram whose end has no row has none.
    bool suffix_closed = false;
    // The largest magnitude of a row's points.
    int max_points = 0;
    static constexpr int kFilterBits = 1 << 16;
    std::array<uint64_t, kFilterBits / 64> filter{};

    // slots.size() - 1, and 64 - log2(slots.size()).
    size_t mask = 0;
    int slot_shift = 64;

    // One multiplication for both the filter and the first slot, each
    // from its top bits.
    static uint64_t Hash(uint64_t key) { return key * 0x9E3779B97F4A7C15u; }
    static uint32_t FilterBit(uint64_t hash) {
      return static_cast<uint32_t>(hash >> 48);
    }
    size_t SlotHash(uint64_t hash) const {
      return static_cast<size_t>(hash >> slot_shift);
    }
    // Fills the table with `rows` (keys distinct).
    void Build(const std::vector<Row>& rows);
    // The row of `key`, or nullptr.
    const Row* Find(uint64_t key) const;
  };
  Rows rows_[kFields];
  // What every n-gram with a row adds besides its row's points.
  ModelScores floors_[kFields] = {};
  ModelScores prior_{};
  int rule_weight_ = 0;
};

// Picks the domain of a commitment from the keyword points of
// data/lexicon/domain_keywords.tsv: keywords found in the metric phrases
// weigh most, then the clause, then the whole sentence and the enclosing
// section titles; a longer keyword weighs more than a shorter one. A
// commitment with figures (`metric_phrases` not empty) adds the domain
// model's points (above) to its keyword points times the model's rule
// weight; the model learned from figures, and knows nothing of the rest.
// Ties go to the domain listed first (DOMAIN_ECONOMY). Pure and
// thread-safe.
govreport::v1::Domain ClassifyDomain(
    const std::vector<std::string_view>& metric_phrases,
    std::string_view clause, std::string_view sentence,
    const std::vector<std::string>& section_path);

namespace domain_internal {

// A keyword of data/lexicon/domain_keywords.tsv found in a text: its byte
// offset and its row.
struct KeywordMatch {
  size_t begin;
  int keyword;
};

// What the classifier's one scan of a text finds: every keyword that starts
// at a character of `text` (as Utf8SequenceLength steps through it), in text
// order, the longest first at an offset (among equally long ones, in table
// order). Exposed for its test.
std::vector<KeywordMatch> FindKeywords(std::string_view text);

}  // namespace domain_internal

// The domain keywords of a sentence, found in one scan and shared by the
// clauses of all its commitments.
class SentenceKeywords final {
 public:
  explicit SentenceKeywords(std::string_view sentence);

  // Adds the sentence's keyword points, as the context of a commitment.
  void AddSentencePoints(DomainScores* scores) const;

  // Adds the sentence's model points, computed on first use: a sentence
  // without figures never needs them. Not thread-safe.
  void AddModelPoints(ModelScores* scores) const;

  // Adds the points of `clause`, a part of the sentence (a view into the
  // same text), as a commitment's clause.
  void AddClausePoints(std::string_view clause, DomainScores* scores) const;

 private:
  // A keyword found, with what its points need.
  struct Found {
    size_t begin;
    size_t end;
    // The index in matches_ of the keyword's previous place, or -1: a
    // keyword counts once in a text.
    int previous;
    int keyword;
    int domain;
    // Its weight times four (times the text's weight, it is its points).
    int points;
  };

  std::string_view sentence_;
  // In text order; a sentence holds a few dozen at most.
  absl::InlinedVector<Found, 32> matches_;
  DomainScores sentence_points_{};
  mutable std::optional<ModelScores> model_points_;
};

// The points of a commitment's enclosing section titles: the same for every
// sentence of a section, so that a caller classifying many computes them
// once.
ContextScores SectionScores(const std::vector<std::string>& section_path);

// ClassifyDomain for a clause of the sentence `sentence` holds the keywords
// of, with the section titles' points already computed.
govreport::v1::Domain ClassifyDomain(
    const std::vector<std::string_view>& metric_phrases,
    std::string_view clause, const SentenceKeywords& sentence,
    const ContextScores& section_scores);

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
