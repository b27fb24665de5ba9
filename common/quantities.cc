#include "common/quantities.h"

#include <algorithm>
#include <optional>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/lexicon.h"
#include "common/metrics.h"
#include "common/numbers.h"
#include "common/quantities_internal.h"
#include "common/string_view.h"
#include "common/unicode.h"
#include "common/units.h"
#include "common/utf8.h"
#include "common/word_set.h"

namespace govreport {
namespace quantities_internal {
namespace {

using govreport::v1::Quantity;

// Words that only scope a figure ("全区100%网格…"): no metric of their own.
constexpr std::string_view kScopeWords[] = {"全区", "全市", "全县", "全年",
                                            "全部", "区域", "域内"};
// Units of money: a sum joined by 的 to a noun is no measure of the noun.
constexpr std::string_view kMoneyUnits[] = {"元", "美元"};

// Units of a plant's capacity, and the words that end the name of a plant
// or project: "年产6万吨莱赛尔项目", "1200兆瓦抽水蓄能电站" name a project
// by its size, they count nothing.
constexpr std::string_view kCapacityUnits[] = {"吨", "千瓦", "兆瓦"};
constexpr std::string_view kPlantEnds[] = {"项目", "厂", "生产线", "电站"};
// A plant's name ends with its clause: at most this long, and before these.
constexpr size_t kMaxPlantNameChars = 30;
constexpr std::string_view kPlantNameBreaks[] = {"，", "；", "。", ",", ";"};
// Words that join list items: a phrase of only these inherits the metric.
constexpr std::string_view kJoiners[] = {"和", "及", "与", "、", "或", "至"};
// Joiners of a list of bare numbers that share the last one's unit (至
// makes a range).
constexpr std::string_view kBareListJoiners[] = {"和", "及", "与", "、", "或"};
constexpr size_t kMaxBareListNumbers = 6;

constexpr size_t kMaxMetricChars = 24;
// A list of things a sentence gives figures for, each item whole.
constexpr size_t kMaxListMetricChars = 40;
constexpr size_t kMaxAfterPhraseChars = 16;
// A project's name may be long ("华讯方舟太赫兹国际科技产业基地项目"): with
// an investment word of up to four characters after it, it fits
// kMaxMetricChars.
constexpr size_t kMaxInvestedNounChars = kMaxMetricChars - 4;

// The start of the character that ends at `pos`.
size_t PreviousChar(std::string_view text, size_t pos) {
  return pos == 0 ? 0 : PreviousUtf8Start(text, pos);
}

// The character before `pos`, spaces skipped; empty at the start.
std::string_view CharBefore(std::string_view text, size_t pos) {
  while (pos > 0 && text[pos - 1] == ' ') --pos;
  if (pos == 0) return {};
  size_t start = PreviousChar(text, pos);
  return text.substr(start, pos - start);
}

// A Chinese numeral that opens with a bare magnitude is an idiom ("千亩花海",
// "百亿级"), not a figure.
constexpr std::string_view kIdiomaticMagnitudes[] = {"百", "千"};

// Units that after a Chinese numeral and before a noun number a session or
// a round ("十八届人大三次会议", "二十届三中全会", "第二批次"), not a count.
constexpr std::string_view kOrdinalUnits[] = {"届", "次", "期", "批", "轮"};

constexpr std::string_view kOpeningQuotes[] = {"“", "\"", "「", "‘", "『"};
constexpr std::string_view kClosingQuotes[] = {"”", "」", "’", "』"};

// Rate qualifiers that may stand between 由 or 从 and a starting value
// ("由每人每月150元提高到180元").
constexpr std::string_view kRateQualifiers[] = {
    "每人每月", "每人每年", "每户每月", "每月", "每年", "每人"};

// Words after a number that make it approximate ("2800多人", "10余家").
constexpr std::string_view kApproximateSuffixes[] = {"多", "余"};

// The words of a table of data/lexicon/ (see its header).
std::vector<std::string_view> LexiconWords(std::string_view table) {
  return Lexicon(table).FirstColumn();
}

// The word tables above and those of data/lexicon/, indexed for lookups at
// every character.
struct Tables {
  // Declared before the sets over them, so built first.
  std::vector<std::string_view> phrase_break_words =
      LexiconWords("metric_phrase_breaks");
  std::vector<std::string_view> leading_word_list =
      LexiconWords("metric_leading_words");
  std::vector<std::string_view> trailing_word_list =
      LexiconWords("metric_trailing_words");
  std::vector<std::string_view> protected_word_list =
      LexiconWords("metric_protected_words");

  std::vector<std::string_view> comparison_base_list =
      LexiconWords("metric_comparison_bases");
  std::vector<std::string_view> preposition_list =
      LexiconWords("metric_prepositions");
  std::vector<std::string_view> investment_word_list =
      LexiconWords("metric_investment_words");
  std::vector<std::string_view> attributive_investment_word_list =
      Lexicon("metric_investment_words").FirstColumnWhere(1, "any");
  std::vector<std::string_view> funding_verb_list =
      LexiconWords("metric_funding_verbs");

  std::vector<std::string_view> change_verb_list =
      LexiconWords("metric_change_verbs");
  std::vector<std::string_view> unconditional_change_verb_list =
      Lexicon("metric_change_verbs").FirstColumnWhere(1, "any");
  std::vector<std::string_view> clause_break_list =
      LexiconWords("clause_breaks");
  std::vector<std::string_view> counting_verb_list =
      LexiconWords("counting_verbs");
  WordSet clause_breaks{clause_break_list};
  WordSet change_verbs{change_verb_list};
  WordSet unconditional_change_verbs{unconditional_change_verb_list};
  WordSet money_units{kMoneyUnits};
  WordSet comparison_bases{comparison_base_list};
  std::vector<std::string_view> level_qualifier_list =
      LexiconWords("metric_level_qualifiers");
  WordSet level_qualifiers{level_qualifier_list};
  WordSet phrase_breaks{phrase_break_words};
  WordSet leading_words{leading_word_list};
  WordSet trailing_words{trailing_word_list};
  WordSet protected_words{protected_word_list};
  WordSet prepositions{preposition_list};
  WordSet investment_words{investment_word_list};
  WordSet attributive_investment_words{attributive_investment_word_list};
  WordSet funding_verbs{funding_verb_list};
  WordSet scope_words{kScopeWords};
  WordSet joiners{kJoiners};
  WordSet counting_verbs{counting_verb_list};
  std::vector<std::string_view> numeral_count_unit_list =
      Lexicon("numeral_counts").FirstColumnWhere(1, "unit");
  std::vector<std::string_view> numeral_rule_noun_list =
      Lexicon("numeral_counts").FirstColumnWhere(1, "rule");
  WordSet numeral_count_units{numeral_count_unit_list};
  WordSet numeral_rule_nouns{numeral_rule_noun_list};
  std::vector<std::string_view> people_noun_list =
      Lexicon("people_nouns").FirstColumn();
  WordSet people_nouns{people_noun_list};
  WordSet idiomatic_magnitudes{kIdiomaticMagnitudes};
  WordSet ordinal_units{kOrdinalUnits};
  WordSet opening_quotes{kOpeningQuotes};
  WordSet closing_quotes{kClosingQuotes};
  WordSet rate_qualifiers{kRateQualifiers};
  WordSet approximate_suffixes{kApproximateSuffixes};
  WordSet plant_ends{kPlantEnds};
  WordSet plant_name_breaks{kPlantNameBreaks};
};

const Tables& T() {
  static const Tables* tables = new Tables();
  return *tables;
}

bool IsAsciiLetter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }

// The start of the clause holding `pos`: just after the last clause break
// before it.
size_t ClauseStart(std::string_view text, size_t pos) {
  const WordSet& breaks = T().clause_breaks;
  for (size_t end = pos; end > 0; end = PreviousChar(text, end)) {
    if (breaks.LongestBefore(text, end) >= 0) return end;
  }
  return 0;
}

// Where a short bracketed aside of words ending right at `end`
// ("平安村（社区）") opens, or `end` when none does.
constexpr size_t kMaxAsideChars = 8;
size_t AsideStart(std::string_view text, size_t end) {
  constexpr std::pair<std::string_view, std::string_view> kBrackets[] = {
      {"（", "）"}, {"(", ")"}};
  for (const auto& [open, close] : kBrackets) {
    if (end < close.size() ||
        text.substr(end - close.size(), close.size()) != close) {
      continue;
    }
    size_t i = end - close.size();
    // A note's number ("清四乱”（4）") is no aside: one has words.
    bool words = false;
    for (size_t chars = 0; i > 0 && chars < kMaxAsideChars; ++chars) {
      i = PreviousChar(text, i);
      if (text.substr(i, open.size()) == open) return words ? i : end;
      if (T().clause_breaks.LongestAt(text, i) >= 0) break;
      size_t length = 0;
      words |= IsHanIdeograph(DecodeUtf8At(text, i, &length));
    }
  }
  return end;
}

// The length of the dash of a range ("1-2", "3～5", "1—2", "2至3") at
// `pos`, or 0.
size_t RangeDashAt(std::string_view text, size_t pos) {
  if (pos >= text.size()) return 0;
  if (text[pos] == '-' || text[pos] == '~') return 1;
  for (std::string_view dash : {"～", "至", "—", "–", "－"}) {
    if (text.substr(pos, dash.size()) == dash) return dash.size();
  }
  return 0;
}

// Whether a measure word of concrete things at `pos`, after a Chinese
// numeral, counts the Chinese noun after it (data/lexicon/numeral_counts.tsv):
// "五条生产线", not "十五条硬措施".
bool CountsConcreteThings(std::string_view text, size_t pos) {
  constexpr size_t kMaxRuleNounDistance = 3;
  const size_t unit = T().numeral_count_units.LengthAt(text, pos);
  if (unit == 0 || pos + unit >= text.size()) return false;
  size_t length = 0;
  if (!IsHanIdeograph(DecodeUtf8At(text, pos + unit, &length))) return false;
  size_t at = pos + unit;
  for (size_t i = 0; i < kMaxRuleNounDistance && at < text.size(); ++i) {
    if (T().numeral_rule_nouns.LengthAt(text, at) > 0) return false;
    at += Utf8SequenceLength(text[at]);
  }
  return true;
}

// Whether a counting verb opens the clause that `end` is in ("新增托位
// 三百个") or stands right before `end` ("新建三所").
bool CountingVerbInClause(std::string_view text, size_t end) {
  const WordSet& verbs = T().counting_verbs;
  if (verbs.LongestBefore(text, end) >= 0) return true;
  // "Opens": starts within two characters of the clause's start.
  size_t start = ClauseStart(text, end);
  for (size_t at = start; at < end && at <= start + 6; ++at) {
    if (verbs.LongestAt(text, at) >= 0) return true;
  }
  return false;
}

// Whether a phrase before a figure is only the base it is compared with
// ("较年初", "分别比2019年", "比上年同期"): a word of
// metric_comparison_bases.tsv opening a short phrase that ends in a time
// word or a year, or a year alone.
bool IsComparisonBase(std::string_view phrase) {
  constexpr size_t kMaxBaseChars = 10;
  // A year alone ("2019年" after 同比 was stripped as a leading word).
  size_t digits = 0;
  while (digits < phrase.size() && IsAsciiDigit(phrase[digits])) ++digits;
  if (digits == 4 && phrase.substr(digits) == "年") return true;
  const size_t opener = T().comparison_bases.LengthAt(phrase, 0);
  if (opener == 0 || Utf8Length(phrase) > kMaxBaseChars) return false;
  // The rest names a time ("年初", "2019年", "上年同期", "去年", a plan
  // period: "“十二五”末", "“十五”"), else it is a metric that starts with
  // the word (比重).
  const std::string_view rest = phrase.substr(opener);
  for (std::string_view end :
       {"年", "年初", "同期", "年末", "去年", "期", "末", "”"}) {
    if (rest.size() >= end.size() &&
        rest.substr(rest.size() - end.size()) == end) {
      return true;
    }
  }
  return false;
}

// Strips trailing link words ("开放率达" -> "开放率") from a phrase; a
// phrase that is only link words ("提升到" between two figures) names
// nothing and comes out empty.
std::string_view TrimTrailing(std::string_view phrase) {
  while (size_t n = T().trailing_words.LengthBefore(phrase, phrase.size())) {
    phrase.remove_suffix(n);
  }
  return phrase;
}

// Bytes of a year opening `phrase` ("2019年", "2018年度", "2022年底"), 0
// for none.
size_t LeadingYearLength(std::string_view phrase) {
  constexpr size_t kDigits = 4;
  constexpr std::string_view kYear = "年";
  // Each one character: 年度, 年底, 年末, 年初.
  constexpr std::string_view kPartsOfAYear[] = {"度", "底", "末", "初"};
  for (size_t i = 0; i < kDigits; ++i) {
    if (i >= phrase.size() || !IsAsciiDigit(phrase[i])) return 0;
  }
  if (phrase.substr(kDigits, kYear.size()) != kYear) return 0;
  size_t length = kDigits + kYear.size();
  for (std::string_view part : kPartsOfAYear) {
    if (phrase.substr(length, part.size()) == part) return length + part.size();
  }
  return length;
}

// Strips leading verbs, scope words and years and trailing link words from
// a phrase before a number.
std::string_view TrimMetric(std::string_view phrase) {
  // "生猪、肉牛分别出栏": 分别 ("respectively") and a bare verb after it are
  // the predicate; the things it pairs with figures stand before it. A
  // verb with its object ("巨力、风帆分别实现税收") keeps the phrase whole:
  // the object is what is counted.
  constexpr std::string_view kRespectively = "分别";
  constexpr size_t kMaxBareVerbChars = 2;
  if (const size_t respectively = FindUtf8(phrase, kRespectively);
      respectively != std::string_view::npos &&
      Utf8Length(phrase.substr(0, respectively)) >= 2 &&
      Utf8Length(phrase.substr(respectively + kRespectively.size())) <=
          kMaxBareVerbChars) {
    phrase = phrase.substr(0, respectively);
  }
  bool changed = true;
  while (changed && !phrase.empty()) {
    changed = false;
    // "2019年完成投资": the year says when, not what is counted.
    if (size_t n = LeadingYearLength(phrase);
        n > 0 && Utf8Length(phrase.substr(n)) >= 2) {
      phrase.remove_prefix(n);
      changed = true;
    }
    // A word is no leading word where it leaves one character: that is a
    // compound's head ("招聘会", "培训班"), not what is counted; nor where
    // it opens a longer noun ("服务业增加值").
    if (size_t n = T().leading_words.LengthAt(phrase, 0);
        n > 0 && Utf8Length(phrase.substr(n)) != 1 &&
        T().protected_words.LengthAt(phrase, 0) <= n) {
      phrase.remove_prefix(n);
      changed = true;
    }
    if (size_t n = T().trailing_words.LengthBefore(phrase, phrase.size());
        n > 0) {
      phrase.remove_suffix(n);
      changed = true;
    }
    while (!phrase.empty() && (phrase.front() == ' ' || phrase.back() == ' ')) {
      phrase = phrase.front() == ' ' ? phrase.substr(1)
                                     : phrase.substr(0, phrase.size() - 1);
      changed = true;
    }
  }
  // An adverbial opened by a preposition ("向困难群众发放各类救助款") ends
  // at the last verb or link word inside the phrase; what follows it is
  // counted.
  if (T().prepositions.LengthAt(phrase, 0) > 0) {
    size_t object = 0;
    for (size_t k = T().prepositions.LengthAt(phrase, 0); k < phrase.size();
         k += Utf8SequenceLength(phrase[k])) {
      const size_t n = T().leading_words.LengthAt(phrase, k);
      if (n > 0 && Utf8Length(phrase.substr(k + n)) >= 2) object = k + n;
    }
    if (object > 0) return TrimMetric(phrase.substr(object));
  }
  // A base ending the phrase ("森林覆盖率由2015年", "总量是2011年") is
  // no part of what is counted.
  // (A phrase that is all base stays whole: the caller drops it.)
  const WordSet& bases = T().comparison_bases;
  if (!IsComparisonBase(phrase)) {
    for (size_t k = bases.SkipToPossibleStart(phrase, 0, phrase.size());
         k < phrase.size();
         k = bases.SkipToPossibleStart(
             phrase, k + Utf8SequenceLength(phrase[k]), phrase.size())) {
      if (k > 0 && bases.LengthAt(phrase, k) > 0 &&
          IsComparisonBase(phrase.substr(k))) {
        phrase = TrimTrailing(phrase.substr(0, k));
        break;
      }
    }
  }
  // Keep the tail of an overlong phrase: the counted noun ends it. A list
  // of things ("规模以上工业增加值、固定资产投资、社会消费品零售总额") keeps
  // whole items: its first item cut would name no thing ("以上工业增加值"),
  // and 分别 pairs the items with figures. Examples before 等 are no such
  // list: the noun after them is counted ("A、B等各类年会"), and the cut
  // moves on to the next whole item.
  if (Utf8Length(phrase) > kMaxMetricChars) {
    constexpr std::string_view kListMark = "、";
    constexpr std::string_view kExamplesEnd = "等";
    size_t drop = Utf8Advance(phrase, 0, Utf8Length(phrase) - kMaxMetricChars);
    const size_t next_mark = FindUtf8(phrase, kListMark, drop);
    const size_t mark = phrase.substr(0, drop).rfind(kListMark);
    const size_t item =
        mark == std::string_view::npos ? 0 : mark + kListMark.size();
    if (next_mark != std::string_view::npos && item != drop) {
      drop = FindUtf8(phrase, kExamplesEnd) == std::string_view::npos &&
                     Utf8Length(phrase.substr(item)) <= kMaxListMetricChars
                 ? item
                 : next_mark + kListMark.size();
    }
    phrase.remove_prefix(drop);
  }
  return phrase;
}

bool OnlyJoiners(std::string_view phrase) {
  while (!phrase.empty()) {
    size_t n = T().joiners.LengthAt(phrase, 0);
    if (n == 0) return false;
    phrase.remove_prefix(n);
  }
  return true;
}

// Whether the digit at `pos` belongs to a name written with Latin letters
// ("5G基站", "4K", "G11项目"): digits after a letter or running into one.
bool DigitOfAName(std::string_view text, size_t pos) {
  size_t start = pos;
  while (start > 0 && IsAsciiDigit(text[start - 1])) --start;
  if (start > 0 && IsAsciiLetter(text[start - 1])) return true;
  while (pos < text.size() && IsAsciiDigit(text[pos])) ++pos;
  return pos < text.size() && IsAsciiLetter(text[pos]);
}

// The noun phrase right after a unit ("4所学校" -> 学校), up to
// `max_chars` characters, or empty. A figure nested right after
// ("5类29项民生实事") is skipped: both count the same thing.
std::string_view PhraseAfter(std::string_view text, size_t pos,
                             size_t max_chars = kMaxAfterPhraseChars) {
  if (std::optional<NumberMatch> nested = ReadArabicNumber(text, pos)) {
    if (std::optional<UnitMatch> unit = ReadUnit(text, pos + nested->length)) {
      pos += nested->length + unit->length;
    }
  }
  size_t i = pos;
  size_t chars = 0;
  // A quoted name may hold digits (4个“15分钟生活圈”); elsewhere a digit
  // starts the next figure.
  bool quoted = false;
  const Tables& t = T();
  while (i < text.size() && chars < max_chars) {
    if (text[i] == '"') {
      quoted = !quoted;
    } else if (t.opening_quotes.LongestAt(text, i) >= 0) {
      quoted = true;
    } else if (t.closing_quotes.LongestAt(text, i) >= 0) {
      quoted = false;
    }
    if (!quoted && ((IsAsciiDigit(text[i]) && !DigitOfAName(text, i)) ||
                    t.phrase_breaks.LongestAt(text, i) >= 0)) {
      break;
    }
    i += Utf8SequenceLength(text[i]);
    ++chars;
  }
  // The next figure's comparator ("获得授信约2亿元") is no part of it.
  if (i < text.size() && IsAsciiDigit(text[i])) {
    if (std::optional<ComparatorMatch> c = ComparatorBefore(text, i);
        c && c->length <= i - pos) {
      i -= c->length;
    }
  }
  return text.substr(pos, i - pos);
}

// Whether a stored unit is a sum of money (元).
bool IsMoney(std::string_view unit) {
  return T().money_units.LengthAt(unit, 0) == unit.size() && !unit.empty();
}

// The name of a project invested in, read after what links the sum to it
// (的, a verb) at `pos`: the phrase there, through a measure inside the
// name ("黄花滩1200兆瓦抽水蓄能项目", "容固路7.2公里改建工程"); a count
// ("工业技改项目17个"), a sum or a date ends it.
std::string_view InvestedNounAt(std::string_view text, size_t pos) {
  const std::string_view head = PhraseAfter(text, pos, kMaxInvestedNounChars);
  const size_t begin = static_cast<size_t>(head.data() - text.data());
  size_t end = begin + head.size();
  if (!head.empty() && end < text.size() && IsAsciiDigit(text[end])) {
    const std::optional<NumberMatch> number = ReadArabicNumber(text, end);
    const std::optional<UnitMatch> unit =
        number ? ReadUnit(text, end + number->length) : std::nullopt;
    if (unit && !unit->counts && !unit->duration && !IsMoney(unit->unit)) {
      const size_t rest = end + number->length + unit->length;
      const size_t used = Utf8Length(text.substr(begin, rest - begin));
      const std::string_view tail =
          used < kMaxInvestedNounChars
              ? PhraseAfter(text, rest, kMaxInvestedNounChars - used)
              : std::string_view();
      if (Utf8Length(tail) >= 2) {
        end = static_cast<size_t>(tail.data() - text.data()) + tail.size();
      }
    }
  }
  return TrimTrailing(text.substr(begin, end - begin));
}

// What joins a sum invested, ending at `pos`, to the thing it pays for: 的
// ("投资1.87亿元的新垃圾综合处理厂") or a verb of metric_funding_verbs.tsv
// with any 了 after it ("投资2910万元完成了园区一期征地").
struct InvestmentLink {
  // Bytes of the link, 0 for none.
  size_t length = 0;
  // Whether it is 的 rather than a verb.
  bool attributive = false;
};
InvestmentLink InvestmentLinkAt(std::string_view text, size_t pos) {
  constexpr std::string_view kAttributive = "的", kPerfective = "了";
  if (text.substr(pos, kAttributive.size()) == kAttributive) {
    return {kAttributive.size(), true};
  }
  size_t length = T().funding_verbs.LengthAt(text, pos);
  if (length > 0 &&
      text.substr(pos + length, kPerfective.size()) == kPerfective) {
    length += kPerfective.size();
  }
  return {length, false};
}

// The thing a sum invested pays for, after its link at `pos` (see
// InvestmentLinkAt), or empty. After a verb the thing ends its clause: a
// figure inside it ("完成了全长25.4公里的7条农村公路建设", "实施覆盖36个村
// 的…工程") leaves only a fragment, a list ("完成府河、金线河水质提升") its
// first item, and a second verb ("启动实施") no object yet.
std::string_view InvestedThingAt(std::string_view text, size_t pos,
                                 const InvestmentLink& link) {
  const size_t begin = pos + link.length;
  const std::string_view noun = InvestedNounAt(text, begin);
  const size_t end =
      static_cast<size_t>(noun.data() - text.data()) + noun.size();
  // A threshold ("75个千万元以上重点项目": 千万元) names no project.
  if (Utf8Length(noun) < 2 || ReadChineseNumber(noun, 0)) return {};
  if (!link.attributive && ((end < text.size() && IsAsciiDigit(text[end])) ||
                            T().joiners.LengthAt(text, end) > 0 ||
                            T().funding_verbs.LengthAt(noun, 0) > 0)) {
    return {};
  }
  return noun;
}

// Whether a word other than a comparator starts at `pos` ("24小时自助图书馆"
// but not "3天以内", "5天内").
bool NounAt(std::string_view text, size_t pos) {
  if (pos >= text.size() || ComparatorAfter(text, pos) ||
      text.substr(pos, 3) == "内") {
    return false;
  }
  size_t length = 0;
  return IsHanIdeograph(DecodeUtf8At(text, pos, &length));
}

}  // namespace

std::optional<size_t> FromWordStart(std::string_view text, size_t number_begin,
                                    size_t end) {
  size_t pos =
      number_begin - T().rate_qualifiers.LengthBefore(text, number_begin);
  if (pos == 0) return std::nullopt;
  size_t prev = PreviousChar(text, pos);
  std::string_view before = text.substr(prev, pos - prev);
  if (before != "由" && before != "从") return std::nullopt;
  std::string_view rest = text.substr(end, 30);
  if (rest.find("到") == std::string_view::npos &&
      rest.find("至") == std::string_view::npos) {
    return std::nullopt;
  }
  return prev;
}

void ShareHeadNouns(std::string_view text, int base,
                    std::vector<Quantity>* quantities) {
  constexpr std::string_view kOpen = "“", kClose = "”";
  for (size_t i = quantities->size(); i-- > 1;) {
    Quantity& q = (*quantities)[i - 1];
    const std::string& next = (*quantities)[i].metric();
    const std::string& metric = q.metric();
    bool only_quoted = metric.rfind(kOpen, 0) == 0 &&
                       metric.size() >= kOpen.size() + kClose.size() &&
                       metric.compare(metric.size() - kClose.size(),
                                      kClose.size(), kClose) == 0 &&
                       metric.find(kClose) == metric.size() - kClose.size();
    size_t close = next.find(kClose);
    // Only items of one list share it: nothing but the modifier and a
    // joiner stands between the two figures.
    std::string_view between =
        text.substr(q.end() - base, (*quantities)[i].begin() - q.end());
    bool adjacent = between.substr(0, metric.size()) == metric &&
                    OnlyJoiners(between.substr(metric.size()));
    if (!only_quoted || !adjacent || next.rfind(kOpen, 0) != 0 ||
        close == std::string::npos || close + kClose.size() >= next.size()) {
      continue;
    }
    q.set_metric(next.substr(close + kClose.size()));
  }
}

void ShareQualifiedNouns(std::string_view text, int base,
                         std::vector<Quantity>* quantities) {
  const WordSet& levels = T().level_qualifiers;
  const auto only_level = [&](const std::string& metric) {
    return !metric.empty() &&
           static_cast<size_t>(levels.LengthAt(metric, 0)) == metric.size();
  };
  for (size_t i = quantities->size(); i-- > 0;) {
    Quantity& q = (*quantities)[i];
    if (!only_level(q.metric())) continue;
    if (i + 1 < quantities->size() &&
        !only_level((*quantities)[i + 1].metric())) {
      const Quantity& next = (*quantities)[i + 1];
      const std::string_view between =
          text.substr(q.end() - base, next.begin() - q.end());
      if (between.substr(0, q.metric().size()) == q.metric() &&
          OnlyJoiners(between.substr(q.metric().size()))) {
        q.set_metric(next.metric());
        continue;
      }
    }
    if (i > 0 && !only_level((*quantities)[i - 1].metric())) {
      q.set_metric((*quantities)[i - 1].metric());
    }
  }
}

std::optional<NumberMatch> ReadCandidateNumber(std::string_view text,
                                               size_t begin) {
  const size_t prev = PreviousChar(text, begin);
  // A number after 第 is an ordinal ("第14届", "居全市第1位"), in either
  // script.
  if (CharBefore(text, begin) == "第") return std::nullopt;
  if (IsAsciiDigit(text[begin])) {
    if (begin == 0 || !(IsAsciiDigit(text[prev]) || text[prev] == '.' ||
                        IsAsciiLetter(text[prev]) || text[prev] == '-')) {
      return ReadArabicNumber(text, begin);
    }
    return std::nullopt;
  }
  std::optional<NumberMatch> chinese = ReadChineseNumber(text, begin);
  if (!chinese) return std::nullopt;
  // Numerals inside words (一体化, 十大工程) have no unit after them and
  // fall out later; 一 is nearly always such a word; other numerals count
  // after a counting verb or a comparator, or before a measure word of
  // concrete things (a structure's "四个方面" takes 个 or 项).
  size_t verb_end = begin;
  while (verb_end > 0 && text[verb_end - 1] == ' ') --verb_end;
  const bool after_comparator = ComparatorBefore(text, verb_end).has_value();
  // A comparator makes a bare magnitude a figure ("突破千亿元", "超百场");
  // elsewhere it is an idiom.
  const bool idiom =
      T().idiomatic_magnitudes.LongestAt(text, begin) >= 0 && !after_comparator;
  if ((chinese->percent_words || (chinese->value > 1 && !idiom)) &&
      (CountingVerbInClause(text, verb_end) || after_comparator)) {
    return chinese;
  }
  if (chinese->value > 1 && !idiom &&
      CountsConcreteThings(text, begin + chinese->length)) {
    return chinese;
  }
  return std::nullopt;
}

std::optional<Figure> ReadFigure(std::string_view text, size_t begin,
                                 const NumberMatch& number) {
  Figure figure;
  figure.begin = begin;
  figure.number = number;
  size_t pos = begin + number.length;
  // A figure with a magnitude word may count people without a unit
  // ("50多万游客"): the noun of people after it implies 人. (A Chinese
  // numeral's 万 is one of its digits: "十万群众" is no such figure.)
  bool magnitude = number.length > number.digits_length;
  // Bytes of such a noun at `at`, 0 for none.
  auto people_noun_at = [&](size_t at) -> size_t {
    return magnitude ? T().people_nouns.LengthAt(text, at) : 0;
  };
  // "2800多人", "10余家", and with the magnitude after the suffix
  // "50多万人次" (where "多万元" reads 万元 as the unit).
  if (size_t n = T().approximate_suffixes.LengthAt(text, pos); n > 0) {
    double factor = 1;
    size_t unit_at = pos + n;
    if (!ReadUnit(text, unit_at)) {
      if (std::optional<Magnitude> word = ReadMagnitude(text, unit_at)) {
        factor = word->factor;
        unit_at += word->length;
        magnitude = true;
      }
    }
    if (ReadUnit(text, unit_at) || people_noun_at(unit_at) > 0) {
      figure.comparator = v1::COMPARATOR_AT_LEAST;
      figure.number.value *= factor;
      pos = unit_at;
    }
  }
  std::optional<UnitMatch> unit;
  if (number.percent_words) {
    unit = UnitMatch{"%", 1, 0, false};
  } else {
    unit = ReadUnit(text, pos);
    if (unit && !unit->tally_noun.empty() && number.chinese) unit.reset();
  }
  if (!unit) {
    figure.people_noun_length = people_noun_at(pos);
    if (figure.people_noun_length > 0) {
      unit = UnitMatch{"人", 1, 0, /*counts=*/true, /*duration=*/false};
    }
  }
  // A range "1-2项", "1—2家": both ends, each a quantity of its own.
  const size_t dash = RangeDashAt(text, pos);
  if (!unit && dash > 0 && pos + dash < text.size() &&
      IsAsciiDigit(text[pos + dash])) {
    if (std::optional<NumberMatch> upper = ReadArabicNumber(text, pos + dash)) {
      if (std::optional<UnitMatch> upper_unit =
              ReadUnit(text, pos + dash + upper->length)) {
        figure.range_low = figure.number;
        figure.number = *upper;
        pos += dash + upper->length;
        unit = upper_unit;
      }
    }
  }
  // "产值分别突破70和50亿元", "由45、38、35个工作日压缩至…": a bare number
  // opening a list of numbers takes the unit of the list's last figure,
  // and its magnitude when it has none of its own (70亿元).
  if (!unit && !number.chinese) {
    size_t at = pos;
    for (size_t n = 0; n < kMaxBareListNumbers; ++n) {
      size_t joiner = 0;
      for (std::string_view word : kBareListJoiners) {
        if (text.substr(at, word.size()) == word) joiner = word.size();
      }
      if (joiner == 0 || at + joiner >= text.size() ||
          !IsAsciiDigit(text[at + joiner])) {
        break;
      }
      const std::optional<NumberMatch> next =
          ReadArabicNumber(text, at + joiner);
      if (!next) break;
      const std::optional<Magnitude> magnitude =
          ReadMagnitude(text, at + joiner + next->digits_length);
      at += joiner + next->length;
      if (std::optional<UnitMatch> last_unit = ReadUnit(text, at)) {
        unit = last_unit;
        if (magnitude && number.length == number.digits_length) {
          figure.number.value *= magnitude->factor;
        }
        figure.bare_number_end = pos;
        pos = at;
        break;
      }
    }
  }
  if (!unit) return std::nullopt;
  figure.unit = *unit;
  figure.unit_end = pos + unit->length;
  return figure;
}

// Whether [begin, end) lies in a short quoted name ("“八抓20项”督查"): a
// wide opening quote at most kMaxSloganChars characters before it and a
// closing one as near after it, with no other quote between. A long quoted
// passage may state real figures; a slogan is a few characters.
constexpr size_t kMaxSloganChars = 8;
bool InShortQuote(std::string_view text, size_t begin, size_t end) {
  const Tables& t = T();
  bool opened = false;
  size_t i = begin;
  for (size_t chars = 0; i > 0 && chars < kMaxSloganChars && !opened; ++chars) {
    i = PreviousChar(text, i);
    if (t.closing_quotes.LongestAt(text, i) >= 0 || text[i] == '"') {
      return false;
    }
    opened = t.opening_quotes.LongestAt(text, i) >= 0;
  }
  if (!opened) return false;
  i = end;
  for (size_t chars = 0; i < text.size() && chars < kMaxSloganChars; ++chars) {
    if (t.closing_quotes.LongestAt(text, i) >= 0) return true;
    if (t.opening_quotes.LongestAt(text, i) >= 0 || text[i] == '"') {
      return false;
    }
    i += Utf8SequenceLength(text[i]);
  }
  return false;
}

// Whether the figure is the size that names a plant or project its clause
// goes on to name ("50万吨饲料厂正在施工", "万基60万吨铝热连轧等谋划项目"),
// with no 的 right after it.
bool NamesAPlantBySize(std::string_view text, const Figure& figure) {
  const std::string_view unit = figure.unit.unit;
  if (std::find(std::begin(kCapacityUnits), std::end(kCapacityUnits), unit) ==
          std::end(kCapacityUnits) ||
      !NounAt(text, figure.unit_end) ||
      text.substr(figure.unit_end, 3) == "的") {
    return false;
  }
  // The plant's name runs on to the end of the figure's clause, a list of
  // such names included ("玖兴农牧20万吨肉鸡、3万吨熟食深加工项目",
  // "20万吨电池级磷酸铁及磷酸铁锂等9个重点项目").
  size_t clause_end = figure.unit_end;
  for (size_t i = 0; i < kMaxPlantNameChars && clause_end < text.size() &&
                     T().plant_name_breaks.LengthAt(text, clause_end) == 0;
       ++i) {
    clause_end += Utf8SequenceLength(text[clause_end]);
  }
  return T().plant_ends.Find(
             text.substr(figure.unit_end, clause_end - figure.unit_end)) !=
         std::string_view::npos;
}

bool IsNameOrQualifier(std::string_view text, const Figure& figure) {
  const size_t begin = figure.begin, unit_end = figure.unit_end;
  const size_t prev = PreviousChar(text, begin);
  const bool touches_letters =
      (begin > 0 && (IsAsciiLetter(text[prev]) || text[prev] == '-'));
  const bool quoted = T().opening_quotes.LongestBefore(text, begin) >= 0 ||
                      InShortQuote(text, begin, unit_end);
  const size_t unit_begin = unit_end - figure.unit.length;
  // "20万吨级泊位", "300吨级矿用车": a class, not an amount.
  const bool grade = text.substr(unit_end, 3) == "级";
  return touches_letters || quoted || grade ||
         NamesAPlantBySize(text, figure) ||
         (figure.unit.duration && NounAt(text, unit_end)) ||
         (figure.number.chinese &&
          T().ordinal_units.LongestAt(text, unit_begin) >= 0 &&
          NounAt(text, unit_end));
}

void ExtendFigure(std::string_view text, Figure* figure) {
  size_t end = figure->unit_end;
  // "3200套(间)": an alternative unit in brackets belongs to the figure.
  for (std::string_view open :
       {std::string_view("("), std::string_view("（")}) {
    if (text.substr(end, open.size()) == open) {
      std::optional<UnitMatch> alternative = ReadUnit(text, end + open.size());
      size_t close =
          end + open.size() + (alternative ? alternative->length : 0);
      for (std::string_view c :
           {std::string_view(")"), std::string_view("）")}) {
        if (alternative && text.substr(close, c.size()) == c) {
          end = close + c.size();
        }
      }
    }
  }
  if (std::optional<ComparatorMatch> after = ComparatorAfter(text, end)) {
    figure->comparator = after->comparator;
    end += after->length;
  }
  figure->end = end;
  figure->number_begin = figure->begin;
  if (std::optional<ComparatorMatch> before =
          ComparatorBefore(text, figure->begin)) {
    if (!figure->comparator) figure->comparator = before->comparator;
    figure->number_begin = figure->begin - before->length;
  }
  if (figure->range_low && !figure->comparator) {
    figure->comparator = v1::COMPARATOR_AT_MOST;
  }
}

MetricPhrase FindMetric(std::string_view text, const Figure& figure,
                        const MetricContext& context) {
  // The noun that gave the unit names what is counted, and nothing after
  // it does ("10.8万群众下山进城").
  if (figure.people_noun_length > 0) {
    return {text.substr(figure.unit_end, figure.people_noun_length)};
  }
  if (!figure.unit.tally_noun.empty()) return {figure.unit.tally_noun};
  const size_t end = figure.end;
  const std::string_view any_after = TrimTrailing(PhraseAfter(text, end));
  std::string_view after = figure.unit.counts ? any_after : "";
  const size_t phrase_end = context.phrase_end.value_or(figure.number_begin);
  // "创建平安村（社区）4个": a bracketed aside right before the figure
  // belongs to its phrase; the bracket ends no clause there.
  const size_t aside = AsideStart(text, phrase_end);
  const size_t clause_start = std::min(
      std::max(ClauseStart(text, aside), context.last_end), phrase_end);
  std::string_view before =
      TrimMetric(text.substr(clause_start, phrase_end - clause_start));
  // An aside after no phrase of its own ("同比增长（下同）") names nothing.
  if (aside < phrase_end && aside >= clause_start &&
      TrimMetric(text.substr(clause_start, aside - clause_start)).empty()) {
    before = {};
  }
  // "较年初分别增长15.8%": a comparison base names no metric; the figure
  // is the growth of the thing counted before it.
  if (IsComparisonBase(before)) before = {};
  const bool names_before =
      !before.empty() && !OnlyJoiners(before) &&
      T().scope_words.LengthAt(before, 0) != before.size();
  // A sum of money is what its own phrase names; when that ends with an
  // investment and 的 or a verb joins the sum to what it pays for, it is
  // that thing's investment ("总投资18.8亿元的53个集镇建设项目": 集镇建设项目
  // 总投资; "投入资金4071.8万元实施危房改造": 危房改造资金), where the
  // investment word alone would make every project of every report one
  // metric.
  const std::string_view unit = figure.unit.unit;
  const bool money = IsMoney(unit);
  if (money && names_before) {
    const InvestmentLink link = InvestmentLinkAt(text, end);
    const size_t word = (link.attributive ? T().attributive_investment_words
                                          : T().investment_words)
                            .LengthBefore(before, before.size());
    const std::string_view noun = link.length > 0 && word > 0
                                      ? InvestedThingAt(text, end, link)
                                      : std::string_view();
    if (!noun.empty()) return {noun, before.substr(before.size() - word)};
  }
  // "200公里的农村通畅公路": another amount joined by 的 to a noun measures
  // that noun. A rate so joined ("100%的行政村") scopes its noun instead.
  constexpr std::string_view kAttributive = "的";
  if (text.substr(end, kAttributive.size()) == kAttributive && unit != "%" &&
      unit != "个百分点" && !(money && names_before)) {
    const std::string_view noun =
        TrimTrailing(PhraseAfter(text, end + kAttributive.size()));
    if (Utf8Length(noun) >= 2) after = noun;
  }
  // "通兴西路、振兴路等13.5公里市政道路": the examples before 等 are of
  // the thing the figure measures, named after it.
  constexpr std::string_view kExamplesEnd = "等";
  if (absl::EndsWith(AsAbsl(text.substr(0, phrase_end)),
                     AsAbsl(kExamplesEnd)) &&
      Utf8Length(any_after) >= 2) {
    after = any_after;
  }
  if (Utf8Length(after) >= 2) return {after};
  // "重点项目17个，总投资91.8亿元": a sum named by an investment word alone,
  // in a clause of its own right after the clause a count ends, is what
  // the things counted cost (or were invested in).
  const auto only_breaks = [&](size_t from, size_t to) {
    while (from < to) {
      const size_t n = T().clause_breaks.LengthAt(text, from);
      if (n == 0) return false;
      from += n;
    }
    return true;
  };
  if (money && names_before && context.last_counts &&
      !context.last_metric.noun.empty() &&
      context.last_metric.investment.empty() &&
      T().investment_words.LengthAt(before, 0) == before.size() &&
      context.last_end < clause_start &&
      only_breaks(context.last_end, clause_start) &&
      (end == text.size() || T().clause_breaks.LengthAt(text, end) > 0)) {
    return {context.last_metric.noun, before};
  }
  if (names_before) return {before};
  if (Utf8Length(any_after) >= 2) return {any_after};
  if (!context.last_metric.empty()) return context.last_metric;
  return {before};
}

// The guide's rule reads "分别增长7.5%、8.5%以上" as two floors; a
// prefix word bounds what follows it the same way ("不低于60%、55%").
// Only figures joined by joiners alone form a list: "超过5700个基站、
// 3400根智能杆" names a thing between them, and the second stays exact.
void ShareListComparators(std::string_view text, int base,
                          std::vector<Quantity>* out) {
  const auto joined = [&](size_t j) {
    const int gap_begin = (*out)[j - 1].end();
    const std::string_view between =
        text.substr(static_cast<size_t>(gap_begin - base),
                    static_cast<size_t>((*out)[j].begin() - gap_begin));
    return OnlyListJoiners(between);
  };
  const auto exact = [&](size_t j) {
    return (*out)[j].comparator() == v1::COMPARATOR_EXACT;
  };
  for (size_t k = 0; k < out->size(); ++k) {
    // Most figures stand alone: nothing to share.
    if (!(k > 0 && joined(k)) && !(k + 1 < out->size() && joined(k + 1))) {
      continue;
    }
    const Quantity& q = (*out)[k];
    const size_t begin = static_cast<size_t>(q.begin() - base);
    if (const std::optional<ComparatorMatch> before =
            ComparatorBefore(text, begin)) {
      for (size_t j = k + 1; j < out->size() && joined(j) && exact(j); ++j) {
        (*out)[j].set_comparator(before->comparator);
      }
      continue;
    }
    // A word after the unit ends the raw text ("8.5%以上"); one inside the
    // number ("30多家") bounds that figure alone.
    const size_t end = static_cast<size_t>(q.end() - base);
    bool after = false;
    for (size_t pos = end; pos > begin && !after;) {
      pos = PreviousUtf8Start(text, pos);
      const std::optional<ComparatorMatch> word = ComparatorAfter(text, pos);
      after = word && pos + word->length == end;
    }
    if (!after) continue;
    for (size_t j = k; j > 0 && joined(j) && exact(j - 1); --j) {
      (*out)[j - 1].set_comparator(q.comparator());
    }
  }
}

}  // namespace quantities_internal

namespace {

using govreport::v1::Quantity;
using quantities_internal::ExtendFigure;
using quantities_internal::Figure;
using quantities_internal::FindMetric;
using quantities_internal::FromWordStart;
using quantities_internal::IsAsciiDigit;
using quantities_internal::IsNameOrQualifier;
using quantities_internal::MetricContext;
using quantities_internal::MetricPhrase;
using quantities_internal::ReadCandidateNumber;
using quantities_internal::ReadFigure;
using quantities_internal::ShareHeadNouns;
using quantities_internal::ShareListComparators;
using quantities_internal::ShareQualifiedNouns;

// Where the figure's own words end: a bare number of a list ends with
// itself, the words after the list belonging to its last figure.
size_t OwnEnd(const Figure& figure) {
  return figure.bare_number_end > 0 ? figure.bare_number_end : figure.end;
}

Quantity MakeQuantity(std::string_view text, int base, const Figure& figure,
                      std::string metric) {
  Quantity q;
  q.set_value(figure.number.value * figure.unit.factor);
  q.set_unit(std::string(figure.unit.unit));
  q.set_comparator(figure.comparator.value_or(v1::COMPARATOR_EXACT));
  const size_t end = OwnEnd(figure);
  q.set_raw(std::string(text.substr(figure.begin, end - figure.begin)));
  q.set_begin(base + static_cast<int>(figure.begin));
  q.set_end(base + static_cast<int>(end));
  // A canonical metric is a quantity in its unit: "地区生产总值1700亿元"
  // is no growth rate, and comparisons across districts must not mix the
  // two.
  if (const MetricInfo* canonical = FindMetricIn(metric, q.unit());
      canonical != nullptr) {
    q.set_metric_id(std::string(canonical->id));
  }
  q.set_metric(std::move(metric));
  return q;
}

// What a figure ending at `end` with `metric` leaves for the next.
MetricContext ContextAfter(std::string_view text, size_t end,
                           const MetricPhrase& metric) {
  MetricContext context;
  context.last_metric = metric;
  context.last_end = end;
  // A phrase read after the figure ("4所学校、2所幼儿园") is no part of
  // the next figure's phrase before it. A project invested in stays in
  // it, as the clause goes on about the project ("投资162亿元的长城汽车项目
  // 累计完成投资65.2亿元", "总投资63亿元的工业技改项目17个"), unless the
  // next item of a list follows ("投资2.8亿元的洲际假日、投资2.5亿元的…").
  const std::string_view noun = metric.noun;
  const char* text_end = text.data() + text.size();
  const char* noun_end = noun.data() + noun.size();
  const bool ends_item =
      metric.investment.empty() ||
      quantities_internal::T().joiners.LengthAt(
          text, static_cast<size_t>(noun_end - text.data())) > 0;
  if (noun.data() >= text.data() + end && noun_end <= text_end && ends_item) {
    context.last_end =
        static_cast<size_t>(noun.data() - text.data()) + noun.size();
  }
  return context;
}

// Whether a stored unit counts things one by one (个, 家, 所).
bool IsCountUnit(std::string_view unit) {
  const std::optional<UnitMatch> match = ReadUnit(unit, 0);
  return match && match->length == unit.size() && match->counts;
}

// Whether `between`, the text between two figures, separates two items:
// a clause break or a list's 、 ("播种面积稳定在108.2万亩以上、生猪存栏…").
bool SeparatedItems(std::string_view between) {
  return between.find("、") != std::string_view::npos ||
         quantities_internal::T().clause_breaks.Find(between) !=
             std::string_view::npos;
}

// Drops the thresholds among `out`: an amount bounded by 以上 or 以下
// ("5亿元及以上的重点项目7个", "500万元以上企业32家") followed in its clause,
// directly after its noun, by a count of what it qualifies, and a sum so
// bounded joined by 的 to what it qualifies ("50万元以上的经济强村数量",
// "5万元以下的村"), counted or not. The count is the quantity; the
// threshold says which things were counted. Shares and counts bounded so
// ("95%以上村庄", "10个以上省级卫生村") are quantities.
void DropThresholds(std::string_view text, int base,
                    std::vector<Quantity>* out) {
  constexpr std::string_view kAttributive = "的";
  // Compacted in place: a figure is judged before any later one moves.
  size_t kept = 0;
  for (size_t k = 0; k < out->size(); ++k) {
    const Quantity& q = (*out)[k];
    const bool bounded = absl::EndsWith(AsAbsl(q.raw()), "以上") ||
                         absl::EndsWith(AsAbsl(q.raw()), "以下");
    const size_t end = static_cast<size_t>(q.end() - base);
    const bool threshold =
        bounded &&
        ((quantities_internal::IsMoney(q.unit()) &&
          text.substr(end, kAttributive.size()) == kAttributive) ||
         (k + 1 < out->size() && !IsCountUnit(q.unit()) && q.unit() != "%" &&
          q.unit() != "‰" && q.unit() != "个百分点" &&
          IsCountUnit((*out)[k + 1].unit()) &&
          !SeparatedItems(text.substr(end, (*out)[k + 1].begin() - q.end()))));
    if (threshold) continue;
    if (kept != k) (*out)[kept] = std::move((*out)[k]);
    ++kept;
  }
  out->resize(kept);
}

// The n items of a list phrase ("A、B和C"): split at 、, then, one item
// short, at the last item's last other joiner. Empty unless there are n.
std::vector<std::string_view> SplitListItems(std::string_view phrase,
                                             size_t n) {
  std::vector<std::string_view> items;
  for (std::string_view rest = phrase;;) {
    const size_t mark = FindUtf8(rest, "、");
    items.push_back(rest.substr(0, mark));
    if (mark == std::string_view::npos) break;
    rest.remove_prefix(mark + std::string_view("、").size());
  }
  if (items.size() + 1 == n) {
    const std::string_view last = items.back();
    size_t cut = std::string_view::npos;
    size_t cut_length = 0;
    for (size_t pos = 0; pos < last.size();
         pos += Utf8SequenceLength(last[pos])) {
      if (const size_t length =
              quantities_internal::T().joiners.LengthAt(last, pos);
          length > 0) {
        cut = pos;
        cut_length = length;
      }
    }
    if (cut != std::string_view::npos) {
      items.back() = last.substr(0, cut);
      items.push_back(last.substr(cut + cut_length));
    }
  }
  if (items.size() != n) return {};
  return items;
}

// What an item of a list phrase names. A name in quotes alone is a
// modifier sharing the head after the last item's quotes ("“十强产业”、
// “四新”经济增加值"). A short item may be one too ("城镇和农村居民人均可
// 支配收入"), where it takes the last item's head in the modifier's place:
// parallel modifiers are mostly of one length (城镇/农村, 肉/蛋/奶). Items
// before the last of other lengths ("索具、汽车零部件和石油物探装备…"), or a
// longer modifier in the last item that shows ("工业、服务业增加值"), leave
// the item alone; so does a pair of two-character items unless the
// catalogue knows the result, two items being no evidence of a parallel.
std::string ListItemName(std::string_view item,
                         const std::vector<std::string_view>& items) {
  const std::string_view last = items.back();
  constexpr size_t kMaxModifierChars = 2;
  constexpr std::string_view kOpen = "“", kClose = "”";
  if (item.empty() || item.data() == last.data()) return std::string(item);
  const size_t close = last.find(kClose);
  if (absl::StartsWith(AsAbsl(item), AsAbsl(kOpen)) &&
      item.find(kClose) == item.size() - kClose.size() &&
      absl::StartsWith(AsAbsl(last), AsAbsl(kOpen)) &&
      close != std::string_view::npos) {
    return absl::StrCat(AsAbsl(item),
                        AsAbsl(last.substr(close + kClose.size())));
  }
  const size_t chars = Utf8Length(item);
  const bool parallel = std::all_of(
      items.begin(), items.end() - 1,
      [&](std::string_view other) { return Utf8Length(other) == chars; });
  if (parallel && chars <= kMaxModifierChars && Utf8Length(last) >= chars + 2) {
    const std::string_view head = last.substr(Utf8Advance(last, 0, chars));
    // A longer modifier in the last item shows as a doubled character at
    // the join ("工业、服务业增加值": 工业 + 业增加值).
    const size_t item_last = PreviousUtf8Start(item, item.size());
    std::string borrowed = absl::StrCat(AsAbsl(item), AsAbsl(head));
    // Two items show no parallel but their own ("教育、医疗卫生财政投入"):
    // the catalogue must know the result.
    if (head.substr(0, item.size() - item_last) != item.substr(item_last) &&
        (items.size() > 2 || chars == 1 || FindMetricIn(borrowed) != nullptr)) {
      return borrowed;
    }
  }
  return std::string(item);
}

// The two things a word of data/lexicon/metric_paired_words.tsv names in
// `metric`, in order: the metric with the word replaced by each ("城乡居民
// 人均可支配收入": 城镇居民人均可支配收入, 农村居民人均可支配收入). Empty
// when no such word is in it.
std::vector<std::string> PairedWordNames(std::string_view metric) {
  const std::vector<std::string_view>* found = nullptr;
  size_t at = std::string_view::npos;
  for (const std::vector<std::string_view>& row :
       Lexicon("metric_paired_words").rows) {
    if (row.size() != 3) {
      LexiconRowError("metric_paired_words", row,
                      "want word, first thing, second thing");
    }
    const size_t pos = FindUtf8(metric, row[0]);
    if (pos != std::string_view::npos &&
        (found == nullptr || row[0].size() > (*found)[0].size())) {
      found = &row;
      at = pos;
    }
  }
  if (found == nullptr) return {};
  const std::string_view before = metric.substr(0, at);
  const std::string_view after = metric.substr(at + (*found)[0].size());
  return {absl::StrCat(AsAbsl(before), AsAbsl((*found)[1]), AsAbsl(after)),
          absl::StrCat(AsAbsl(before), AsAbsl((*found)[2]), AsAbsl(after))};
}

// Whether `text` ends with a clause break followed by nothing but a
// comparison base or a word of two characters ("，同比", "，比2010年"):
// what comes after it names no thing of its own.
bool OnlyBaseSince(std::string_view text) {
  constexpr size_t kMaxAdverbChars = 2;
  const WordSet& breaks = quantities_internal::T().clause_breaks;
  size_t lead = std::string_view::npos;
  for (size_t pos = 0; pos < text.size();
       pos += Utf8SequenceLength(text[pos])) {
    if (const size_t length = breaks.LengthAt(text, pos); length > 0) {
      lead = pos + length;
    }
  }
  if (lead == std::string_view::npos) return false;
  const std::string_view rest = text.substr(lead);
  return Utf8Length(rest) <= kMaxAdverbChars ||
         quantities_internal::IsComparisonBase(rest);
}

// "分别" pairs the n things named before it with the n figures after it,
// in order; the guide's gold names each figure by its own thing. A word
// naming two things (城乡) pairs them with two figures, 分别 or not.
void PairRespectiveLists(std::string_view text, int base,
                         std::vector<Quantity>* out) {
  constexpr std::string_view kRespectively = "分别";
  // The text between figure j and the one before (a range's two ends
  // share their place: nothing).
  const auto gap_before = [&](size_t j) {
    const size_t from =
        j == 0 ? 0 : static_cast<size_t>((*out)[j - 1].end() - base);
    const size_t to = static_cast<size_t>((*out)[j].begin() - base);
    return to > from ? text.substr(from, to - from) : std::string_view();
  };
  // The last list paired: where it ended and the phrase its figures had,
  // which a list after it may carry.
  size_t paired_end = std::string_view::npos;
  std::string paired_metric;
  for (size_t k = 0; k < out->size();) {
    // The list: figures joined by joiners alone, all of one metric.
    size_t m = k + 1;
    while (m < out->size() && OnlyListJoiners(gap_before(m)) &&
           (*out)[m].metric() == (*out)[k].metric()) {
      ++m;
    }
    const size_t n = m - k;
    const std::string_view gap = gap_before(k);
    const size_t respectively =
        n < 2 ? std::string_view::npos : FindUtf8(gap, kRespectively);
    const std::string metric = (*out)[k].metric();
    // A word naming two things pairs them with two figures, 分别 or not
    // ("城乡居民人均可支配收入增长8%和9%").
    const std::vector<std::string> paired_names =
        n == 2 ? PairedWordNames(metric) : std::vector<std::string>();
    if (respectively == std::string_view::npos && paired_names.empty()) {
      k = m;
      continue;
    }
    const bool own =
        FindUtf8(gap.substr(0, respectively), metric) != std::string_view::npos;
    const bool carried =
        !own && k > 0 && respectively != std::string_view::npos &&
        metric == (k == paired_end ? paired_metric : (*out)[k - 1].metric()) &&
        OnlyBaseSince(gap.substr(0, respectively));
    std::vector<std::string> names;
    // The things are the items of the list's phrase, its own ("工业投资、
    // 技改投资分别增长25.2%、18.6%") or carried over a clause break ("财政
    // 收入和一般预算收入增长18%，分别达到7亿元和3.7亿元").
    if (own || carried) {
      const std::vector<std::string_view> items = SplitListItems(metric, n);
      for (std::string_view item : items) {
        names.push_back(ListItemName(item, items));
      }
      if (names.empty()) names = paired_names;
    }
    if (names.empty() && carried && k >= n) {
      // The phrase is the last figure's, carried over a clause break: the
      // things are those of the n figures before, if they differ ("接待
      // 游客800万人次，旅游收入90亿元，分别增长16.9%、33.3%").
      for (size_t j = k - n; j < k; ++j) {
        const std::string& name = (*out)[j].metric();
        if (name.empty() ||
            std::find(names.begin(), names.end(), name) != names.end()) {
          names.clear();
          break;
        }
        names.push_back(name);
      }
    }
    if (names.size() == n) {
      paired_end = m;
      paired_metric = metric;
      for (size_t j = 0; j < n; ++j) {
        Quantity& q = (*out)[k + j];
        q.set_metric(names[j]);
        const MetricInfo* canonical = FindMetricIn(q.metric(), q.unit());
        q.set_metric_id(canonical != nullptr ? std::string(canonical->id)
                                             : std::string());
      }
    }
    k = m;
  }
}

// An amount right after a verb of change ("同比增加29天", "比2006年增长
// 6116元", data/lexicon/metric_change_verbs.tsv) is the change of what its
// metric names, not the level the catalogue's indicator counts: it keeps
// its phrase and loses the canonical id. Rates are changes by nature.
void DropLevelIdsOfChanges(std::string_view text, int base,
                           std::vector<Quantity>* out) {
  const quantities_internal::Tables& tables = quantities_internal::T();
  for (Quantity& q : *out) {
    if (q.metric_id().empty() || q.unit() == "%" || q.unit() == "个百分点" ||
        q.unit() == "倍") {
      continue;
    }
    const size_t number = static_cast<size_t>(q.begin() - base);
    const size_t verb = tables.change_verbs.LengthBefore(text, number);
    if (verb == 0) continue;
    const size_t verb_begin = number - verb;
    const size_t clause_start =
        quantities_internal::ClauseStart(text, verb_begin);
    const std::string_view clause =
        text.substr(clause_start, verb_begin - clause_start);
    const bool unconditional =
        tables.unconditional_change_verbs.LengthBefore(text, number) == verb;
    // The change of a thing named before the verb ("优良天数增加77天"),
    // or of one compared with a base; a verb before the thing it counts
    // adds such things ("增加1500个公办学位").
    if (unconditional || FindUtf8(clause, "比") != std::string_view::npos ||
        FindUtf8(clause, "较") != std::string_view::npos ||
        FindUtf8(clause, q.metric()) != std::string_view::npos) {
      q.clear_metric_id();
    }
  }
}

}  // namespace

std::vector<Quantity> FindQuantities(std::string_view text, int base) {
  std::vector<Quantity> out;
  // Metric phrases are views into `text` until they are stored.
  MetricContext context;
  // Just past the last starting value of a from-to skipped, while no
  // other figure followed it; 0 otherwise.
  size_t starting_values_end = 0;
  size_t i = 0;
  // From number to number: the characters between start none.
  while ((i = NextNumberStart(text, i)) < text.size()) {
    const size_t begin = i;
    const std::optional<NumberMatch> number = ReadCandidateNumber(text, begin);
    if (!number) {
      i += IsAsciiDigit(text[i]) ? 1 : Utf8SequenceLength(text[i]);
      while (i < text.size() && IsAsciiDigit(text[i]) &&
             IsAsciiDigit(text[i - 1]))
        ++i;
      continue;
    }
    std::optional<Figure> figure = ReadFigure(text, begin, *number);
    if (!figure || IsNameOrQualifier(text, *figure)) {
      i = begin +
          std::max<size_t>((figure ? figure->number : *number).length, 1);
      continue;
    }
    // "分别从32875元、15000元提高到…": the starting values of a list run
    // on over joiners.
    const bool starts_on =
        starting_values_end > 0 &&
        OnlyListJoiners(
            text.substr(starting_values_end, begin - starting_values_end));
    if (std::optional<size_t> from =
            FromWordStart(text, begin, figure->unit_end);
        from || starts_on) {
      // The starting value's phrase is the next figure's.
      if (from) context.phrase_end = *from;
      i = starting_values_end = figure->unit_end;
      continue;
    }
    starting_values_end = 0;
    ExtendFigure(text, &*figure);
    const MetricPhrase metric = FindMetric(text, *figure, context);
    Quantity quantity = MakeQuantity(text, base, *figure, metric.Text());
    // A range states its low end as a floor, then its high end as a cap.
    if (figure->range_low) {
      Quantity& low = out.emplace_back(quantity);
      low.set_value(figure->range_low->value * figure->unit.factor);
      low.set_comparator(v1::COMPARATOR_AT_LEAST);
    }
    out.push_back(std::move(quantity));
    context = ContextAfter(text, OwnEnd(*figure), metric);
    context.last_counts = figure->unit.counts;
    i = OwnEnd(*figure);
  }
  ShareListComparators(text, base, &out);
  DropThresholds(text, base, &out);
  ShareHeadNouns(text, base, &out);
  ShareQualifiedNouns(text, base, &out);
  PairRespectiveLists(text, base, &out);
  DropLevelIdsOfChanges(text, base, &out);
  return out;
}

bool OnlyListJoiners(std::string_view between) {
  return !between.empty() && quantities_internal::OnlyJoiners(between);
}

std::string_view MetricKind(const Quantity& quantity, std::string_view sentence,
                            int base) {
  const std::string_view metric = quantity.metric();
  const size_t word = quantities_internal::T().investment_words.LengthBefore(
      metric, metric.size());
  // FindMetric builds such a metric from the noun after what links the
  // figure to it (behind a count of it: "总投资35.6亿元的24个城建重点项目"),
  // then the investment word.
  const size_t after = static_cast<size_t>(quantity.end() - base);
  const std::string_view noun = metric.substr(0, metric.size() - word);
  const size_t link =
      after <= sentence.size()
          ? quantities_internal::InvestmentLinkAt(sentence, after).length
          : 0;
  if (word == 0 || noun.empty() || link == 0 ||
      sentence.find(noun, after + link) == std::string_view::npos) {
    return metric;
  }
  return metric.substr(noun.size());
}

}  // namespace govreport
