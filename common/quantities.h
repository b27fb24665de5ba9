#ifndef GOVREPORT_COMMON_QUANTITIES_H_
#define GOVREPORT_COMMON_QUANTITIES_H_

// The quantities of a sentence (value in base units, unit, comparator,
// metric phrase), found by the extract stage for each commitment (and by
// segment to tell a heading from a sentence). Built on numbers.h, units.h and
// metrics.h; its named stages are in quantities_internal.h.
//
// Example:
//   std::vector<v1::Quantity> found =
//       FindQuantities("新增城镇就业1.6万人。", 0);
//   // one quantity: value 16000, unit "人", metric_id "urban_new_jobs"

#include <string_view>
#include <vector>

#include "govreport/v1/records.pb.h"

namespace govreport {

// Finds the quantities a sentence states: a number (Arabic or Chinese, with
// magnitude words) followed by a unit from the unit table, with its
// comparator and the phrase naming what is counted. Leaves out numbers
// that are names, slogans or qualifiers: ordinals (第五次, 第14届),
// numbers touching Latin letters (5g, 220KV, K-15), numbers in short
// quoted names (“1246”, “水十条”), classes (20万吨级), the size that names
// a plant or project (50万吨饲料厂), an amount that says which things a
// following count counts (5亿元以上项目12个), numbers without a unit
// (营商环境6.0), dates and ages (年, 岁 are no units), the starting value
// of a from-to (由2300元提高到5000元), and the Chinese numeral 一 (一张网,
// 一件事).
//
// Figures listed after 分别 ("respectively") are named by the things listed
// before it, in order ("工业投资、技改投资分别增长25.2%、18.6%"), and a
// comparator at either end of a list of figures bounds each of them
// ("分别增长7.5%、8.5%以上").
//
// Offsets (begin, end) are byte offsets into `sentence` plus `base`.
// metric_id is set when the phrase names a canonical metric. Pure and
// thread-safe.
std::vector<govreport::v1::Quantity> FindQuantities(std::string_view sentence,
                                                    int base);

// The words of `quantity`'s metric that say what kind of figure it is, for
// the domain rules: the metric, except for an investment in a thing named
// after the figure ("投资1.87亿元的新垃圾综合处理厂", metric
// 新垃圾综合处理厂投资; "投入资金4071.8万元实施危房改造", 危房改造资金),
// where it is the investment word (投资, 资金): the thing is read with the
// sentence. `quantity`
// must come from FindQuantities(sentence, base); the view is into its
// metric.
std::string_view MetricKind(const govreport::v1::Quantity& quantity,
                            std::string_view sentence, int base);

// Whether `between`, the text between two figures of a sentence, joins
// them as items of one list and nothing else ("、", "和": "分别增长5.6%、
// 10.9%"). Pure and thread-safe.
bool OnlyListJoiners(std::string_view between);

}  // namespace govreport

#endif  // GOVREPORT_COMMON_QUANTITIES_H_
