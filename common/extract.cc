#include "common/extract.h"

#include <algorithm>
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include "absl/types/span.h"
#include "common/domain_classifier.h"
#include "common/lexicon.h"
#include "common/metrics.h"
#include "common/quantities.h"
#include "common/utf8.h"
#include "common/word_set.h"
#include "unicode/uchar.h"

namespace govreport {
namespace {

using govreport::v1::Commitment;

// Quotes and brackets: no clause ends inside them.
constexpr std::string_view kOpenings[] = {"“", "（", "("};
constexpr std::string_view kClosings[] = {"”", "）", ")"};

std::vector<std::string_view> ClauseMarks(
    std::initializer_list<absl::Span<const std::string_view>> tables) {
  std::vector<std::string_view> marks;
  for (absl::Span<const std::string_view> table : tables) {
    marks.insert(marks.end(), table.begin(), table.end());
  }
  return marks;
}

// The word tables above and those of data/lexicon/, indexed for lookups at
// every character.
struct Tables {
  // Declared before the sets over them, so built first.
  std::vector<std::string_view> clause_break_list =
      Lexicon("clause_breaks").FirstColumnWhere(1, "sentence");
  std::vector<std::string_view> adverb_list =
      Lexicon("action_words").FirstColumnWhere(1, "adverb");
  std::vector<std::string_view> action_verb_list =
      Lexicon("action_words").FirstColumnWhere(1, "verb");
  WordSet clause_breaks{clause_break_list};
  WordSet openings{kOpenings};
  WordSet closings{kClosings};
  WordSet adverbs{adverb_list};
  WordSet action_verbs{action_verb_list};
  // data/lexicon/not_commitments.tsv: procedure, thanks, problems.
  std::vector<std::string_view> not_commitment_list =
      Lexicon("not_commitments").FirstColumn();
  WordSet not_commitments{not_commitment_list};
  // Openings, closings and clause breaks in one set: Clauses steps over a
  // character that starts none (nearly all) at one table load.
  std::vector<std::string_view> clause_mark_list =
      ClauseMarks({clause_break_list, kOpenings, kClosings});
  WordSet clause_marks{clause_mark_list};
};

const Tables& T() {
  static const Tables* tables = new Tables();
  return *tables;
}

// Whether `sentence` holds a letter or a digit of any script (ICU's
// properties): one of marks alone (a lost character "\uFFFD" left by an
// invalid byte, a stray bracket) states nothing.
bool HoldsWords(std::string_view sentence) {
  for (size_t i = 0; i < sentence.size();) {
    size_t length = 1;
    if (u_isalnum(static_cast<UChar32>(DecodeUtf8At(sentence, i, &length)))) {
      return true;
    }
    i += std::max<size_t>(length, 1);
  }
  return false;
}

// Whether a clause opens with an action verb, after adverbs.
bool OpensWithAction(std::string_view clause) {
  size_t pos = 0;
  for (int i = 0; i < 3; ++i) {
    if (T().action_verbs.LongestAt(clause, pos) >= 0) return true;
    size_t adverb = T().adverbs.LengthAt(clause, pos);
    if (adverb == 0) return false;
    pos += adverb;
  }
  return false;
}

// A clause without verb or figure that leads a sentence is its time or
// link ("2019年", "同时", "目前", "五年来", "初步预计") when it is this
// short; a longer one states something ("纺织产业转型步伐加快").
constexpr size_t kMaxLeadCharacters = 6;

// Clause spans [begin, end) of a sentence, separators included at the end,
// into `clauses` (cleared first).
void Clauses(std::string_view sentence,
             std::vector<std::pair<size_t, size_t>>* clauses) {
  clauses->clear();
  const Tables& t = T();
  size_t start = 0;
  int quote_depth = 0;
  size_t i = 0;
  while (i < sentence.size()) {
    i = t.clause_marks.SkipToPossibleStart(sentence, i, sentence.size());
    if (i >= sentence.size()) break;
    if (t.openings.LongestAt(sentence, i) >= 0) {
      ++quote_depth;
    } else if (t.closings.LongestAt(sentence, i) >= 0) {
      if (quote_depth > 0) --quote_depth;
    } else if (quote_depth == 0) {
      size_t n = t.clause_breaks.LengthAt(sentence, i);
      if (n > 0) {
        clauses->emplace_back(start, i + n);
        i += n;
        start = i;
        continue;
      }
    }
    i += Utf8SequenceLength(sentence[i]);
  }
  if (start < sentence.size()) clauses->emplace_back(start, sentence.size());
}

// Whether `c` is a half-width mark or a space that may end a clause.
bool IsAsciiEnd(char c) {
  switch (c) {
    case ',':
    case ';':
    case ':':
    case '!':
    case '?':
    case ' ':
      return true;
    default:
      return false;
  }
}

// Drops trailing separators and spaces from a clause's text.
std::string_view TrimClause(std::string_view clause) {
  constexpr std::string_view kWideEnds[] = {"，", "；", "：", "。",
                                            "！", "？", "、"};
  // Every wide end takes three bytes, and none ends in an ASCII byte.
  while (!clause.empty()) {
    if (IsAsciiEnd(clause.back())) {
      clause.remove_suffix(1);
    } else if (clause.size() >= 3 &&
               std::find(std::begin(kWideEnds), std::end(kWideEnds),
                         clause.substr(clause.size() - 3)) !=
                   std::end(kWideEnds)) {
      clause.remove_suffix(3);
    } else {
      break;
    }
  }
  return clause;
}

// Kind of a clause in a sentence of kind `section_kind`: a standing
// obligation in a review ("确保…保持在…以上") still pledges.
v1::Kind KindOf(v1::Kind section_kind, std::string_view clause) {
  if (section_kind == v1::KIND_ACHIEVEMENT &&
      (clause.find("确保") != std::string_view::npos ||
       clause.find("力争") != std::string_view::npos)) {
    return v1::KIND_TARGET;
  }
  return section_kind;
}

// Whether a commitment's figures count different things (their metric
// phrases differ).
bool ListsDifferentThings(const Commitment& c) {
  for (const v1::Quantity& q : c.quantities()) {
    if (q.metric() != c.quantities(0).metric()) return true;
  }
  return false;
}

// A clause listing figures of different things under one verb ("建设8处
// 创新创业孵化载体、2处中小企业公共服务示范平台") holds one pledge per
// thing: split it after each figure's phrase, so each gets its own domain.
// Figures of one thing ("分别提高5%和7.4%") stay together.
void SplitListsOfDifferentThings(
    std::string_view text, int first,
    google::protobuf::RepeatedPtrField<Commitment>* commitments) {
  // Most sentences list nothing: leave their commitments where they are.
  if (std::none_of(commitments->begin() + first, commitments->end(),
                   ListsDifferentThings)) {
    return;
  }
  // The sentence's commitments are rebuilt after the others, then the
  // originals are dropped. Elements keep their addresses as the field
  // grows, and a swap within one arena moves no string.
  const int end = commitments->size();
  for (int k = first; k < end; ++k) {
    Commitment& c = *commitments->Mutable(k);
    if (!ListsDifferentThings(c)) {
      commitments->Add()->Swap(&c);
      continue;
    }
    // The figures leave c, and its text is rebuilt for each piece: the
    // copies of c below take neither, and each piece is handed its own
    // figures (the field and c share an arena, or both are on the heap).
    std::vector<v1::Quantity*> figures(c.quantities_size());
    for (size_t i = figures.size(); i-- > 0;) {
      figures[i] = c.mutable_quantities()->UnsafeArenaReleaseLast();
    }
    c.clear_text();
    // Figures joined by joiners alone, each of its own thing, were paired
    // by 分别 with the things named before them ("资产总额和净利润分别增长
    // 5.6%、10.9%"): every piece keeps the whole clause, which names them.
    constexpr std::string_view kRespectively = "分别";
    bool respective =
        FindUtf8(text.substr(c.begin(), figures[0]->begin() - c.begin()),
                 kRespectively) != std::string_view::npos;
    for (size_t i = 1; i < figures.size() && respective; ++i) {
      const int gap_begin = figures[i - 1]->end();
      respective = figures[i]->begin() == figures[i - 1]->begin() ||
                   OnlyListJoiners(
                       text.substr(gap_begin, figures[i]->begin() - gap_begin));
    }
    int piece_begin = c.begin();
    for (size_t i = 0; i < figures.size();) {
      // The figures of one span (a range's two ends) make one piece.
      size_t next = i + 1;
      while (next < figures.size() &&
             figures[next]->begin() == figures[i]->begin()) {
        ++next;
      }
      const v1::Quantity& q = *figures[next - 1];
      // The piece ends where the next figure's list item starts: at the
      // last 、 or 和 before it, or at the clause's end.
      int piece_end = c.end();
      if (respective) {
        piece_begin = c.begin();
      } else if (next < figures.size()) {
        const int next_begin = figures[next]->begin();
        std::string_view between = text.substr(q.end(), next_begin - q.end());
        size_t cut = between.rfind("、");
        piece_end = cut == std::string_view::npos
                        ? next_begin
                        : q.end() + static_cast<int>(cut + 3);
      }
      Commitment& piece = *commitments->Add();
      piece = c;
      for (; i < next; ++i) {
        piece.mutable_quantities()->UnsafeArenaAddAllocated(figures[i]);
      }
      piece.set_begin(piece_begin);
      piece.set_end(piece_end);
      piece.set_text(std::string(
          TrimClause(text.substr(piece_begin, piece_end - piece_begin))));
      if (piece.text().size() >= 3 &&
          piece.text().substr(piece.text().size() - 3) == "、") {
        piece.mutable_text()->resize(piece.text().size() - 3);
      }
      piece_begin = piece_end;
    }
  }
  commitments->DeleteSubrange(first, end - first);
}

}  // namespace

void ExtractCommitments(std::string_view text, const SegmentedText& segmented,
                        google::protobuf::RepeatedPtrField<Commitment>* out) {
  // Reports hold up to two commitments a sentence (about 1.3 in the
  // samples): reserved so, the field's array rarely grows.
  out->Reserve(out->size() + static_cast<int>(2 * segmented.sentences.size()));
  // The keyword points of the section path last classified under (its
  // index): the sentences of a section share it.
  int scored_path = -1;
  ContextScores section_scores;
  // Scratch space, reused from sentence to sentence.
  std::vector<std::pair<size_t, size_t>> clauses;
  std::vector<std::string_view> metrics;
  for (const Sentence& s : segmented.sentences) {
    if (s.is_heading || s.is_note) continue;
    std::string_view sentence = text.substr(s.begin, s.end - s.begin);
    std::vector<v1::Quantity> quantities = FindQuantities(sentence, s.begin);
    // The address to the congress, thanks and the statement of problems
    // ("还存在一些不容忽视的问题和不足") pledge nothing.
    if (quantities.empty() &&
        (T().not_commitments.Find(sentence) != std::string_view::npos ||
         !HoldsWords(sentence))) {
      continue;
    }
    const int first_of_sentence = out->size();
    Clauses(sentence, &clauses);
    // Where the sentence's first commitment starts: before its clause when
    // clauses without verb or figure lead it.
    size_t lead_begin = std::string_view::npos;
    for (const auto& [begin, end] : clauses) {
      std::string_view clause = sentence.substr(begin, end - begin);
      const int abs_begin = s.begin + static_cast<int>(begin);
      const int abs_end = s.begin + static_cast<int>(end);
      bool has_quantity = false;
      for (const v1::Quantity& q : quantities) {
        has_quantity |= q.begin() >= abs_begin && q.begin() < abs_end;
      }
      if (!has_quantity && !OpensWithAction(clause)) {
        // A clause without its own verb or figure continues the previous
        // commitment of its sentence ("…, 让居民生活更便捷"); before the
        // first, it is that one's time or link ("2019年，", "同时，",
        // "目前，"), no commitment of its own.
        if (out->size() > first_of_sentence) {
          out->Mutable(out->size() - 1)->set_end(abs_end);
          continue;
        }
        if (end < sentence.size() &&
            Utf8Length(TrimClause(clause)) <= kMaxLeadCharacters) {
          lead_begin = std::min(lead_begin, begin);
          continue;
        }
      }
      const size_t own_begin = std::min(lead_begin, begin);
      lead_begin = std::string_view::npos;
      Commitment& c = *out->Add();
      c.set_begin(s.begin + static_cast<int>(own_begin));
      c.set_end(abs_end);
      c.set_sentence(std::string(sentence));
      const std::vector<std::string>& path = segmented.PathOf(s);
      c.mutable_section_path()->Add(path.begin(), path.end());
      c.set_kind(KindOf(s.kind, sentence.substr(own_begin, end - own_begin)));
    }
    // Each commitment's text, now that its continuations extend it.
    for (int i = first_of_sentence; i < out->size(); ++i) {
      Commitment& c = *out->Mutable(i);
      c.set_text(
          std::string(TrimClause(text.substr(c.begin(), c.end() - c.begin()))));
    }
    // Quantities go to the commitment whose span holds them.
    for (v1::Quantity& q : quantities) {
      for (int i = first_of_sentence; i < out->size(); ++i) {
        Commitment& c = *out->Mutable(i);
        if (q.begin() >= c.begin() && q.begin() < c.end()) {
          // Handed over whole: the arena takes the heap-made quantity and
          // its strings, where a move across arenas would copy them.
          c.mutable_quantities()->AddAllocated(new v1::Quantity(std::move(q)));
          break;
        }
      }
    }
    SplitListsOfDifferentThings(text, first_of_sentence, out);
    // The sentence's keywords, found once they are needed.
    std::optional<SentenceKeywords> keywords;
    for (int i = first_of_sentence; i < out->size(); ++i) {
      Commitment& c = *out->Mutable(i);
      // c.text() as a view into the sentence, where it starts at c.begin().
      const std::string_view clause = text.substr(c.begin(), c.text().size());
      std::optional<v1::Domain> cue_domain;
      // What kind of figure each quantity is, for the catalogue and the
      // keywords: its metric, but an investment's word alone (a project's
      // name is read with the sentence).
      metrics.clear();
      for (const v1::Quantity& q : c.quantities()) {
        metrics.push_back(MetricKind(q, sentence, s.begin));
      }
      // A cue reads the whole metric: "总投资10亿元的…项目成功签约" is a
      // project's investment, signed.
      for (const v1::Quantity& q : c.quantities()) {
        if (!cue_domain) cue_domain = CueDomain(q.metric(), clause, sentence);
      }
      if (cue_domain) {
        c.set_domain(*cue_domain);
        continue;
      }
      v1::Domain catalogue_domain = v1::DOMAIN_UNSPECIFIED;
      for (std::string_view metric : metrics) {
        // The catalogue knows a metric's domain whatever the unit the
        // figure is in (metric_id only names figures in the metric's unit).
        if (const MetricInfo* m = FindMetricIn(metric)) {
          if (catalogue_domain == v1::DOMAIN_UNSPECIFIED) {
            catalogue_domain = m->domain;
          }
        }
      }
      if (catalogue_domain != v1::DOMAIN_UNSPECIFIED) {
        c.set_domain(catalogue_domain);
        continue;
      }
      if (!keywords) keywords.emplace(sentence);
      if (scored_path != s.section_path_index) {
        section_scores = SectionScores(segmented.PathOf(s));
        scored_path = s.section_path_index;
      }
      c.set_domain(ClassifyDomain(metrics, clause, *keywords, section_scores));
    }
  }
}

}  // namespace govreport
