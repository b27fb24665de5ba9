#ifndef GOVREPORT_COMMON_UNITS_H_
#define GOVREPORT_COMMON_UNITS_H_

// Unit and comparator words next to a number (data/lexicon/units.tsv,
// comparators.tsv), for the quantity stage (common/quantities.h).
//
// Example:
//   std::optional<UnitMatch> unit = ReadUnit("万平方米", 0);
//   // unit->unit == "平方米", unit->factor == 1e4

#include <cstddef>
#include <optional>
#include <string_view>

#include "govreport/v1/records.pb.h"

namespace govreport {

// A unit word as written, and what it means.
struct UnitMatch {
  // The base unit: "平方米" for 平米 and 万平方米, "元" for 亿元, "%".
  std::string_view unit;
  // The factor the unit word carries (1e4 for 万平方米).
  double factor = 1;
  // Bytes of the unit word in the text.
  size_t length = 0;
  // True for units that count things (个, 所, 人): their metric is often
  // the noun right after them ("4所学校").
  bool counts = false;
  // True for durations (分钟, 小时): followed by a noun they qualify it
  // ("24小时自助图书馆", "15分钟健身圈") rather than state a quantity.
  bool duration = false;
  // For the one-character units of a tally ("4金5银6铜"), what they count
  // (金牌), which is the figure's metric; empty for other units. A tally
  // follows Arabic digits only: after a Chinese numeral the character makes
  // a word (五金).
  std::string_view tally_noun = {};
};

// The longest unit word at `pos` (data/lexicon/units.tsv: counts, areas,
// lengths, money, percentages, durations, with synonyms), or nullopt.
std::optional<UnitMatch> ReadUnit(std::string_view text, size_t pos);

// A comparator word next to a number.
struct ComparatorMatch {
  govreport::v1::Comparator comparator;
  // Bytes of the word.
  size_t length = 0;
};

// A comparator word that ends at `end` (before a number): 不少于, 超过,
// 突破, 控制在, 不超过, 约, 近 ... (data/lexicon/comparators.tsv). The
// longest wins; nullopt when that is a word ending like one (签约).
std::optional<ComparatorMatch> ComparatorBefore(std::string_view text,
                                                size_t end);

// A comparator word at `pos` (after a number and its unit): 以上, 以内,
// 以下, 左右, 多 ...
std::optional<ComparatorMatch> ComparatorAfter(std::string_view text,
                                               size_t pos);

}  // namespace govreport

#endif  // GOVREPORT_COMMON_UNITS_H_
