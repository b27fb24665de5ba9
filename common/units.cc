#include "common/units.h"

#include "common/word_set.h"

namespace govreport {
namespace {

using govreport::v1::Comparator;

struct UnitWord {
  std::string_view word;
  std::string_view unit;
  double factor;
  bool counts;
  bool duration = false;
};

// Every unit word reports use. Magnitude-prefixed forms (万平方米, 亿元) are
// listed so that "万" binds to the unit when the number is read without it.
constexpr UnitWord kUnits[] = {
    // Counts.
    {"个百分点", "个百分点", 1, false},
    {"百分点", "个百分点", 1, false},
    {"人次", "人次", 1, true},
    {"场次", "场次", 1, true},
    {"批次", "批次", 1, true},
    {"户次", "户次", 1, true},
    {"家次", "家次", 1, true},
    {"人", "人", 1, true},
    {"名", "名", 1, true},
    {"个", "个", 1, true},
    {"所", "所", 1, true},
    {"座", "座", 1, true},
    {"条", "条", 1, true},
    {"处", "处", 1, true},
    {"家", "家", 1, true},
    {"项", "项", 1, true},
    {"件", "件", 1, true},
    {"场", "场", 1, true},
    {"张", "张", 1, true},
    {"套", "套", 1, true},
    {"户", "户", 1, true},
    {"节", "节", 1, true},
    {"类", "类", 1, true},
    {"台", "台", 1, true},
    {"辆", "辆", 1, true},
    {"栋", "栋", 1, true},
    {"幢", "幢", 1, true},
    {"间", "间", 1, true},
    {"床", "张", 1, true},
    {"支", "支", 1, true},
    {"部", "部", 1, true},
    {"篇", "篇", 1, true},
    {"期", "期", 1, true},
    {"届", "届", 1, true},
    {"次", "次", 1, true},
    {"棵", "棵", 1, true},
    {"株", "株", 1, true},
    {"只", "只", 1, true},
    {"头", "头", 1, true},
    {"宗", "宗", 1, true},
    {"份", "份", 1, true},
    {"根", "根", 1, true},
    {"盏", "盏", 1, true},
    {"组", "组", 1, true},
    {"册", "册", 1, true},
    {"款", "款", 1, true},
    {"例", "例", 1, true},
    {"位", "位", 1, true},
    {"倍", "倍", 1, false},
    // Areas.
    {"万平方米", "平方米", 1e4, false},
    {"万平米", "平方米", 1e4, false},
    {"平方公里", "平方公里", 1, false},
    {"平方千米", "平方公里", 1, false},
    {"平方米", "平方米", 1, false},
    {"平米", "平方米", 1, false},
    {"㎡", "平方米", 1, false},
    {"万亩", "亩", 1e4, false},
    {"亩", "亩", 1, false},
    {"公顷", "公顷", 1, false},
    // Lengths.
    {"公里", "公里", 1, false},
    {"千米", "公里", 1, false},
    {"km", "公里", 1, false},
    {"米", "米", 1, false},
    // Money.
    {"万亿元", "元", 1e12, false},
    {"亿元", "元", 1e8, false},
    {"万元", "元", 1e4, false},
    {"千元", "元", 1e3, false},
    {"元", "元", 1, false},
    {"亿美元", "美元", 1e8, false},
    {"万美元", "美元", 1e4, false},
    {"美元", "美元", 1, false},
    // Rates.
    {"%", "%", 1, false},
    {"％", "%", 1, false},
    {"‰", "‰", 1, false},
    // Mass, energy, volume.
    {"万吨", "吨", 1e4, false},
    {"吨", "吨", 1, false},
    {"万千瓦", "千瓦", 1e4, false},
    {"千瓦时", "千瓦时", 1, false},
    {"千瓦", "千瓦", 1, false},
    {"兆瓦", "兆瓦", 1, false},
    {"万立方米", "立方米", 1e4, false},
    {"立方米", "立方米", 1, false},
    // Durations (service-radius pledges: "15分钟健身圈").
    {"分钟", "分钟", 1, false, true},
    {"毫秒", "毫秒", 1, false, true},
    {"小时", "小时", 1, false, true},
    {"个工作日", "个工作日", 1, false, true},
    {"工作日", "个工作日", 1, false, true},
    {"天", "天", 1, false, true},
    // Concentrations (PM2.5).
    {"微克/立方米", "微克/立方米", 1, false},
    {"微克每立方米", "微克/立方米", 1, false},
    {"μg/m³", "微克/立方米", 1, false},
    // Masses.
    {"公斤", "公斤", 1, false},
    {"千克", "公斤", 1, false},
    {"万斤", "斤", 1e4, false},
    {"斤", "斤", 1, false},
};

struct ComparatorWord {
  std::string_view word;
  Comparator comparator;
};

constexpr ComparatorWord kBefore[] = {
    {"不少于", v1::COMPARATOR_AT_LEAST}, {"不低于", v1::COMPARATOR_AT_LEAST},
    {"至少", v1::COMPARATOR_AT_LEAST},   {"超过", v1::COMPARATOR_AT_LEAST},
    {"突破", v1::COMPARATOR_AT_LEAST},   {"高于", v1::COMPARATOR_AT_LEAST},
    {"不超过", v1::COMPARATOR_AT_MOST},  {"不高于", v1::COMPARATOR_AT_MOST},
    {"控制在", v1::COMPARATOR_AT_MOST},  {"低于", v1::COMPARATOR_AT_MOST},
    {"最多", v1::COMPARATOR_AT_MOST},    {"大约", v1::COMPARATOR_APPROX},
    {"约", v1::COMPARATOR_APPROX},       {"近", v1::COMPARATOR_APPROX},
    {"将近", v1::COMPARATOR_APPROX},     {"接近", v1::COMPARATOR_APPROX},
    {"逼近", v1::COMPARATOR_APPROX},     {"超", v1::COMPARATOR_AT_LEAST},
    {"逾", v1::COMPARATOR_AT_LEAST},
};

constexpr ComparatorWord kAfter[] = {
    {"及以上", v1::COMPARATOR_AT_LEAST}, {"以上", v1::COMPARATOR_AT_LEAST},
    {"多", v1::COMPARATOR_AT_LEAST},     {"余", v1::COMPARATOR_AT_LEAST},
    {"以下", v1::COMPARATOR_AT_MOST},    {"以内", v1::COMPARATOR_AT_MOST},
    {"之内", v1::COMPARATOR_AT_MOST},    {"左右", v1::COMPARATOR_APPROX},
};

const WordTable<UnitWord>& Units() {
  static const auto* table = new WordTable<UnitWord>(kUnits);
  return *table;
}

const WordTable<ComparatorWord>& ComparatorsBefore() {
  static const auto* table = new WordTable<ComparatorWord>(kBefore);
  return *table;
}

const WordTable<ComparatorWord>& ComparatorsAfter() {
  static const auto* table = new WordTable<ComparatorWord>(kAfter);
  return *table;
}

}  // namespace

std::optional<UnitMatch> ReadUnit(std::string_view text, size_t pos) {
  const UnitWord* u = Units().LongestAt(text, pos);
  if (u == nullptr) return std::nullopt;
  return UnitMatch{u->unit, u->factor, u->word.size(), u->counts, u->duration};
}

std::optional<ComparatorMatch> ComparatorBefore(std::string_view text,
                                                size_t end) {
  const ComparatorWord* c = ComparatorsBefore().LongestBefore(text, end);
  if (c == nullptr) return std::nullopt;
  return ComparatorMatch{c->comparator, c->word.size()};
}

// No word of kAfter begins with another, so at most one matches.
std::optional<ComparatorMatch> ComparatorAfter(std::string_view text,
                                               size_t pos) {
  const ComparatorWord* c = ComparatorsAfter().LongestAt(text, pos);
  if (c == nullptr) return std::nullopt;
  return ComparatorMatch{c->comparator, c->word.size()};
}

}  // namespace govreport
