#ifndef GOVREPORT_COMMON_QUANTITIES_INTERNAL_H_
#define GOVREPORT_COMMON_QUANTITIES_INTERNAL_H_

// The stages of FindQuantities (common/quantities.h), declared here so that
// each has unit tests of its own. Not for use outside common/quantities.cc
// and its tests: call FindQuantities.
//
// FindQuantities walks a sentence from number to number (NextNumberStart);
// at each it runs
//
//   ReadCandidateNumber  a number that may state a quantity
//   ReadFigure           its unit (or a range's upper end and unit)
//   IsNameOrQualifier    figures that name or qualify, no quantity
//   FromWordStart        the starting value of a from-to is skipped
//   ExtendFigure         bracketed alternative unit, comparators around it
//   FindMetric           the phrase naming what is counted
//
// and, once the sentence is read, ShareHeadNouns and ShareQualifiedNouns
// give metrics that are only a modifier the noun of a neighbour, and
// ShareListComparators gives a list's figures the comparator of its ends.
//
// All are pure functions of their arguments, and thread-safe. Positions
// are byte offsets into the sentence `text`.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/numbers.h"
#include "common/units.h"
#include "govreport/v1/records.pb.h"

namespace govreport {
namespace quantities_internal {

// A number with its unit: a quantity unless IsNameOrQualifier says
// otherwise.
struct Figure {
  // Where the number starts.
  size_t begin = 0;
  // The number; for a range ("1-2项") its upper end.
  NumberMatch number;
  // For a range, its lower end.
  std::optional<NumberMatch> range_low;
  // Its unit ("%" of length 0 after "百分之…").
  UnitMatch unit;
  // Just past the unit.
  size_t unit_end = 0;
  // For a bare number of a list, which takes the unit of the list's last
  // figure ("70和50亿元": 70 of 亿元), just past the number itself; the
  // unit, unit_end and end are then the last figure's. 0 otherwise.
  size_t bare_number_end = 0;
  // Bytes of the noun of people after the figure when it gave the unit
  // ("50多万游客": 游客, unit 人 of length 0); the noun is then the metric.
  size_t people_noun_length = 0;
  // COMPARATOR_AT_LEAST for an approximate figure ("2800多人"); after
  // ExtendFigure, the comparator of the words around the figure, and
  // COMPARATOR_AT_MOST for a range without one (the upper end's).
  std::optional<govreport::v1::Comparator> comparator;
  // Set by ExtendFigure: where the figure's words start (a comparator
  // before the number, else begin) and end (past a bracketed alternative
  // unit and a comparator after the unit, else unit_end).
  size_t number_begin = 0;
  size_t end = 0;
};

// The number at `begin` (a NextNumberStart) when it may state a quantity:
// never after 第; an Arabic number not run into from a digit, a letter or
// a dash; a Chinese numeral above one, or a percentage, after a counting
// verb or a comparator, or before a measure word of concrete things and a
// noun ("五条生产线"; data/lexicon/numeral_counts.tsv); a bare 百 or 千
// only after a comparator. nullopt otherwise.
std::optional<NumberMatch> ReadCandidateNumber(std::string_view text,
                                               size_t begin);

// `number`, read at `begin`, with its unit: after an approximate suffix
// (多, 余: COMPARATOR_AT_LEAST), or as the lower end of a range ("1-2项",
// "3～5个", "1—2家"), whose upper end becomes the figure's number, or,
// for a bare Arabic number, the unit of the list of numbers it opens
// ("70和50亿元", "45、38、35个工作日"). nullopt when no unit follows.
std::optional<Figure> ReadFigure(std::string_view text, size_t begin,
                                 const NumberMatch& number);

// Whether `figure` names or qualifies rather than states a quantity: its
// number touches Latin letters (5G, 220KV, K-15), it stands in quotes or in
// a short quoted name ("水十条"), its unit is followed by 级 (20万吨级), it
// is the size naming a plant or project its clause names (50万吨饲料厂,
// 万基60万吨铝热连轧等项目), a duration before a
// noun ("24小时自助图书馆") or a Chinese ordinal before a noun ("三次会议").
bool IsNameOrQualifier(std::string_view text, const Figure& figure);

// When the figure at `number_begin` (its unit ending at `end`) is the
// starting value of a from-to ("由2300元提高到5000元", "从…增加至…"), the
// start of its 由 or 从; nullopt otherwise.
std::optional<size_t> FromWordStart(std::string_view text, size_t number_begin,
                                    size_t end);

// Sets figure->end past a bracketed alternative unit ("3200套(间)") and a
// comparator after it (以上), figure->number_begin at a comparator before
// the number (超过), and figure->comparator: the one after, else the
// approximate suffix's, else the one before, else AT_MOST for a range.
void ExtendFigure(std::string_view text, Figure* figure);

// The phrase naming what a figure counts (FindMetric), as views into the
// sentence.
struct MetricPhrase {
  // What is counted; with `investment`, the thing invested in.
  std::string_view noun = {};
  // The investment word before a sum of money that 的 or a verb joins to
  // `noun` ("投资1.87亿元的新垃圾综合处理厂": 投资): the figure is the
  // noun's investment, and the metric is `noun` then this word. Empty
  // otherwise.
  std::string_view investment = {};

  bool empty() const { return noun.empty() && investment.empty(); }
  // The metric as stored ("新垃圾综合处理厂投资").
  std::string Text() const { return std::string(noun).append(investment); }
};

// What the figures before a figure leave for its metric.
struct MetricContext {
  // The previous figure's metric; empty before the first.
  MetricPhrase last_metric;
  // No phrase before the figure reaches back past this: the end of the
  // previous figure, or of a metric read after it. 0 before the first.
  size_t last_end = 0;
  // Where the phrase before the figure ends when not at its number: at the
  // 由 of a from-value skipped since the previous figure.
  std::optional<size_t> phrase_end;
  // Whether the previous figure counted things one by one (its unit
  // counts: 个, 项, 家).
  bool last_counts = false;
};

// The phrase naming what `figure` (after ExtendFigure) counts, in order of
// preference: the noun of people that gave the unit ("50多万游客打卡":
// 游客), the noun after a counting unit ("4所学校") or after 的
// ("200公里的农村公路"), the thing invested in after 的 or a verb
// (data/lexicon/metric_funding_verbs.tsv) when the phrase before a sum of
// money ends with an investment word (metric_investment_words.tsv;
// "总投资35.6亿元的24个城建重点项目": 城建重点项目总投资; "投入资金4071.8万元
// 实施危房改造": 危房改造资金), the things just counted for a sum named by
// an investment word alone ("重点项目17个，总投资91.8亿元": 重点项目总投资),
// the phrase before the number within its clause
// ("新增城镇就业2.2万人"), the words after any unit ("全区100%网格达到
// 示范标准"), the previous figure's metric. Empty when nothing names it.
MetricPhrase FindMetric(std::string_view text, const Figure& figure,
                        const MetricContext& context);

// Quantities whose metric is only a quoted modifier take the head noun of
// the next one's ("建成2个“示范型”、15个“精品型”退役军人服务站").
// `base` is FindQuantities's.
void ShareHeadNouns(std::string_view text, int base,
                    std::vector<govreport::v1::Quantity>* quantities);

// Quantities whose metric is only a level (metric_level_qualifiers.tsv)
// take the noun of the next quantity when the two are items of one list,
// else that of the quantity before ("建成4个省级、12个市级美丽乡村示范村").
void ShareQualifiedNouns(std::string_view text, int base,
                         std::vector<govreport::v1::Quantity>* quantities);

// A list of figures joined by joiners alone (和, 及, 与, 、 ...) shares a
// comparator written at one end: a word before its first figure bounds
// the figures after it ("分别突破30亿元、40亿元"), a word after its last
// figure's unit bounds the figures before it ("增长7.5%、8.5%以上"). A
// figure with a comparator of its own keeps it and ends the sharing.
// `base` is FindQuantities's.
void ShareListComparators(std::string_view text, int base,
                          std::vector<govreport::v1::Quantity>* quantities);

}  // namespace quantities_internal
}  // namespace govreport

#endif  // GOVREPORT_COMMON_QUANTITIES_INTERNAL_H_
