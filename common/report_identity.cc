#include "common/report_identity.h"

#include <algorithm>
#include <iterator>
#include <map>
#include <utility>

#include "absl/container/inlined_vector.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/string_view.h"
#include "common/unicode.h"
#include "common/utf8.h"

namespace govreport {
namespace {

using govreport::v1::District;
using govreport::v1::IdentityEvidence;
using govreport::v1::ReportLevel;

// How a report names itself is read only in its opening: title, session
// line, byline and address stand in the first few hundred characters, and
// the body names other places (the city, neighbours, partner counties).
constexpr size_t kOpeningBytes = 4096;
// The title is one of the first lines.
constexpr int kTitleLines = 8;
// A heading or title line is short; a sentence is longer.
constexpr size_t kMaxHeadingChars = 50;
// In a heading the year comes first ("一、2019年工作回顾", "（一）2020年主要
// 预期目标"): at most this many characters of markers before it.
constexpr size_t kMaxHeadingYearOffsetChars = 10;

bool IsDigit(char c) {
  return absl::ascii_isdigit(static_cast<unsigned char>(c));
}

// Reads four ASCII digits at `pos`, not part of a longer number; -1 when
// there are not four.
int FourDigitsAt(std::string_view text, size_t pos) {
  if (pos + 4 > text.size()) return -1;
  int value = 0;
  for (size_t i = pos; i < pos + 4; ++i) {
    if (!IsDigit(text[i])) return -1;
    value = value * 10 + (text[i] - '0');
  }
  if (pos > 0 && IsDigit(text[pos - 1])) return -1;
  if (pos + 4 < text.size() && IsDigit(text[pos + 4])) return -1;
  return value;
}

// Utf8Length(text) > max_chars, counting no further than that: most lines
// of a report are paragraphs, far longer than a heading.
bool LongerThan(std::string_view text, size_t max_chars) {
  // A character has one to four bytes.
  if (text.size() <= max_chars) return false;
  if (text.size() > 4 * max_chars) return true;
  size_t chars = 0;
  for (size_t i = 0; i < text.size(); i += Utf8SequenceLength(text[i])) {
    if (++chars > max_chars) return true;
  }
  return false;
}

// A line of the text and where it starts.
struct Line {
  std::string_view text;
  size_t begin;
};

std::vector<Line> LinesOf(std::string_view text) {
  std::vector<Line> lines;
  for (size_t start = 0; start < text.size();) {
    size_t end = std::min(text.find('\n', start), text.size());
    lines.push_back({text.substr(start, end - start), start});
    start = end + 1;
  }
  return lines;
}

// The line without leading and trailing blanks (ASCII and full-width
// spaces, markdown emphasis) and carriage returns.
std::string_view TrimLine(std::string_view line) {
  constexpr std::string_view kBlankBytes = " \t\r*#";
  constexpr std::string_view kWideSpace = "\u3000";
  for (bool trimmed = true; trimmed;) {
    trimmed = true;
    if (!line.empty() && kBlankBytes.find(line.front()) != line.npos) {
      line.remove_prefix(1);
    } else if (line.substr(0, kWideSpace.size()) == kWideSpace) {
      line.remove_prefix(kWideSpace.size());
    } else if (!line.empty() && kBlankBytes.find(line.back()) != line.npos) {
      line.remove_suffix(1);
    } else if (line.size() >= kWideSpace.size() &&
               line.substr(line.size() - kWideSpace.size()) == kWideSpace) {
      line.remove_suffix(kWideSpace.size());
    } else {
      trimmed = false;
    }
  }
  return line;
}

constexpr std::string_view kSentenceEnds[] = {"。", "；", "！", "？", "：",
                                              ";",  "!",  "?",  ":"};

bool EndsAsASentence(std::string_view line) {
  return std::any_of(std::begin(kSentenceEnds), std::end(kSentenceEnds),
                     [&](std::string_view end) {
                       return absl::EndsWith(AsAbsl(line), AsAbsl(end));
                     });
}

IdentityEvidence MakeEvidence(std::string_view field, std::string_view cue,
                              std::string_view text, size_t begin) {
  IdentityEvidence e;
  e.set_field(std::string(field));
  e.set_cue(std::string(cue));
  e.set_text(std::string(text));
  e.set_begin(static_cast<int32_t>(begin));
  e.set_end(static_cast<int32_t>(begin + text.size()));
  return e;
}

// ---------------------------------------------------------------- year

// Phrases after "YYYY年" in a heading that say which year the report is
// for: a review of year Y belongs to the report delivered in Y+1.
struct YearCue {
  std::string_view phrase;
  int delivery_year_offset;
};
constexpr YearCue kReviewCues[] = {{"工作回顾", 1}, {"工作总结", 1},
                                   {"执行情况", 1}, {"完成情况", 1},
                                   {"工作成绩", 1}, {"工作情况", 1}};
constexpr YearCue kPlanCues[] = {
    {"政府工作报告", 0}, {"重点工作", 0}, {"工作安排", 0},
    {"主要预期目标", 0}, {"预期目标", 0}, {"工作总体要求", 0},
    {"总体要求", 0},     {"计划草案", 0}, {"主要任务", 0},
    {"工作任务", 0},     {"工作建议", 0}, {"工作思路", 0},
    {"目标任务", 0}};
// A review of half a year is given in that year ("2021年上半年工作总结").
constexpr std::string_view kHalfYear = "上半年";
// Words before "YYYY年" that open a review of that year ("回顾2023年",
// "刚刚过去的2016年，是…").
constexpr std::string_view kReviewPrefixes[] = {"回顾", "过去的"};

bool EndsWithReviewPrefix(std::string_view before) {
  return std::any_of(std::begin(kReviewPrefixes), std::end(kReviewPrefixes),
                     [&](std::string_view prefix) {
                       return absl::EndsWith(AsAbsl(before), AsAbsl(prefix));
                     });
}

// How far after "YYYY年" a cue may stand ("2018年发展主要预期目标",
// "2025年全区经济社会发展的主要预期目标"): up to this many characters,
// and never past a digit (the next year) or a punctuation mark.
constexpr size_t kMaxYearCueGapChars = 24;
constexpr std::string_view kYearCueStops[] = {"，", "。", "；", "：", "、",
                                              "（", ",",  ";",  ":",  "("};

// The part of `rest` (the text after "YYYY年") a year cue may stand in.
std::string_view YearCueWindow(std::string_view rest) {
  size_t end = 0;
  for (size_t chars = 0; end < rest.size() && chars < kMaxYearCueGapChars;
       ++chars) {
    const char c = rest[end];
    if (IsDigit(c) || c == '\n') break;
    const std::string_view here = rest.substr(end);
    if (std::any_of(std::begin(kYearCueStops), std::end(kYearCueStops),
                    [&](std::string_view stop) {
                      return absl::StartsWith(AsAbsl(here), AsAbsl(stop));
                    })) {
      break;
    }
    end += Utf8SequenceLength(c);
  }
  return rest.substr(0, std::min(end, rest.size()));
}

// The delivery year a year followed by `window` stands for under the cue
// tables, or 0 when the window holds no cue.
int CuedYear(int year, std::string_view window) {
  for (const YearCue& cue : kReviewCues) {
    if (FindUtf8(window, cue.phrase) != std::string_view::npos) {
      return FindUtf8(window, kHalfYear) != std::string_view::npos
                 ? year
                 : year + cue.delivery_year_offset;
    }
  }
  for (const YearCue& cue : kPlanCues) {
    if (FindUtf8(window, cue.phrase) != std::string_view::npos) return year;
  }
  return 0;
}

constexpr std::string_view kYearChar = "年";
constexpr std::string_view kMonthChar = "月";
constexpr std::string_view kDayChar = "日";
// "在" opens the session's place: "2020年1月13日在…", "在涞源县第十六届…".
constexpr std::string_view kSessionPrefix = "在";

// Blanks a PDF may leave inside or after a year's digits ("2 016 年").
constexpr int kMaxYearBlanks = 2;

// Each "YYYY年" of `text` (a valid year) with the offset of its first digit.
template <typename Visit>
void ForEachYear(std::string_view text, Visit visit) {
  for (size_t pos = FindUtf8(text, kYearChar); pos != std::string_view::npos;
       pos = FindUtf8(text, kYearChar, pos + 1)) {
    // "2016 年" and "2 016 年": blanks a PDF left inside the number.
    int year = 0, digits = 0, blanks = 0;
    size_t begin = pos;
    while (begin > 0 && digits < 4 &&
           (IsDigit(text[begin - 1]) ||
            (text[begin - 1] == ' ' && blanks < kMaxYearBlanks))) {
      --begin;
      if (text[begin] == ' ') {
        ++blanks;
        continue;
      }
      year += (text[begin] - '0') * (digits == 0   ? 1
                                     : digits == 1 ? 10
                                     : digits == 2 ? 100
                                                   : 1000);
      ++digits;
    }
    if (digits != 4 || (begin > 0 && IsDigit(text[begin - 1])) ||
        !IsReportYear(year)) {
      continue;
    }
    visit(year, begin, pos + kYearChar.size());
  }
}

// The length of the full date `rest` (after "YYYY年") starts with ("1月13
// 日", "2 月 26 日"), or 0 when it starts with none.
size_t FullDateLength(std::string_view rest) {
  size_t i = 0;
  while (i < rest.size() && rest[i] == ' ') ++i;
  size_t digits = 0;
  while (i < rest.size() && IsDigit(rest[i]) && digits < 2) ++i, ++digits;
  if (digits == 0 || rest.substr(i, kMonthChar.size()) != kMonthChar) {
    return 0;
  }
  i += kMonthChar.size();
  while (i < rest.size() && rest[i] == ' ') ++i;
  digits = 0;
  while (i < rest.size() && IsDigit(rest[i]) && digits < 2) ++i, ++digits;
  if (digits == 0 || rest.substr(i, kDayChar.size()) != kDayChar) return 0;
  return i + kDayChar.size();
}

// Words of a congress session line, or of the line next to a date that
// belongs to one ("——在阜平县第十七届人民代表大会第一次会议上\n（2017年2月
// 26日）").
constexpr std::string_view kSessionWords[] = {"人民代表大会", "人大", "会议",
                                              "工作报告", "大会"};

bool HoldsSessionWord(std::string_view line) {
  return std::any_of(std::begin(kSessionWords), std::end(kSessionWords),
                     [&](std::string_view w) {
                       return FindUtf8(line, w) != std::string_view::npos;
                     });
}

// Tier 1: the session's date in the opening.
int SessionDateYear(const std::vector<Line>& opening,
                    IdentityEvidence* evidence) {
  for (size_t n = 0; n < opening.size(); ++n) {
    const std::string_view line = opening[n].text;
    int found = 0;
    ForEachYear(line, [&](int year, size_t begin, size_t after) {
      const size_t date = FullDateLength(line.substr(after));
      if (found != 0 || date == 0) return;
      // "2020年1月13日在…人民代表大会…", or a short line of its own beside
      // the session's ("（2017年2月26日）", "title: 三亚市政府工作报告
      // （2023年1月7日 陈希）"); a date inside a paragraph is an event's.
      std::string_view next = line.substr(after + date);
      while (!next.empty() && next.front() == ' ') next.remove_prefix(1);
      const bool session =
          absl::StartsWith(AsAbsl(next), AsAbsl(kSessionPrefix)) ||
          (!LongerThan(TrimLine(line), kMaxHeadingChars) &&
           !EndsAsASentence(TrimLine(line)) &&
           (HoldsSessionWord(line) ||
            (n > 0 && HoldsSessionWord(opening[n - 1].text)) ||
            (n + 1 < opening.size() && HoldsSessionWord(opening[n + 1].text))));
      if (!session) return;
      found = year;
      if (evidence != nullptr) {
        *evidence = MakeEvidence(
            "year", "session", TrimLine(line),
            opening[n].begin + (TrimLine(line).data() - line.data()));
      }
    });
    if (found != 0) return found;
  }
  return 0;
}

constexpr std::string_view kReportWord = "报告";

// Tier 2: the title, one of the first lines naming a report, not a
// sentence: its latest year ("关于2023年…执行情况与2024年…计划草案的报告"
// is 2024's).
int TitleYear(const std::vector<Line>& opening, IdentityEvidence* evidence) {
  int lines = 0;
  for (const Line& line : opening) {
    const std::string_view trimmed = TrimLine(line.text);
    if (trimmed.empty()) continue;
    if (++lines > kTitleLines) break;
    if (trimmed.find(kReportWord) == std::string_view::npos ||
        EndsAsASentence(trimmed) || LongerThan(trimmed, 2 * kMaxHeadingChars)) {
      continue;
    }
    int latest = 0;
    ForEachYear(trimmed, [&](int year, size_t, size_t) {
      latest = std::max(latest, year);
    });
    // "政府工作报告（2016）": the year in brackets, without 年.
    for (size_t i = 0; i + 4 <= trimmed.size(); ++i) {
      const int year = FourDigitsAt(trimmed, i);
      if (IsReportYear(year) && trimmed.substr(i + 4, 1) != "年" &&
          (trimmed.substr(i + 4).empty() || trimmed[i + 4] == ')' ||
           absl::StartsWith(AsAbsl(trimmed.substr(i + 4)), "）"))) {
        latest = std::max(latest, year);
      }
    }
    if (latest != 0) {
      if (evidence != nullptr) {
        *evidence =
            MakeEvidence("year", "title", trimmed,
                         line.begin + (trimmed.data() - line.text.data()));
      }
      return latest;
    }
  }
  return 0;
}

// Tier 3: headings of review and plan parts, voted.
int HeadingYear(const std::vector<Line>& lines, IdentityEvidence* evidence) {
  std::map<int, int> votes;
  std::map<int, std::pair<const Line*, std::string_view>> first;
  for (const Line& line : lines) {
    const std::string_view trimmed = TrimLine(line.text);
    if (trimmed.empty() || LongerThan(trimmed, kMaxHeadingChars) ||
        EndsAsASentence(trimmed)) {
      continue;
    }
    ForEachYear(trimmed, [&](int year, size_t begin, size_t after) {
      std::string_view before = trimmed.substr(0, begin);
      if (LongerThan(before, kMaxHeadingYearOffsetChars)) return;
      int voted = EndsWithReviewPrefix(before)
                      ? year + 1
                      : CuedYear(year, YearCueWindow(trimmed.substr(after)));
      if (voted == 0) return;
      ++votes[voted];
      first.emplace(voted, std::make_pair(&line, trimmed));
    });
  }
  if (votes.empty()) return 0;
  // Most votes; among equals the later year (a plan heading beside its
  // review heading agree; a stray heading of last year's plan does not).
  auto best = std::max_element(votes.begin(), votes.end(),
                               [](const auto& a, const auto& b) {
                                 return std::make_pair(a.second, a.first) <
                                        std::make_pair(b.second, b.first);
                               });
  if (evidence != nullptr) {
    const auto& [line, trimmed] = first.at(best->first);
    *evidence =
        MakeEvidence("year", "heading", trimmed,
                     line->begin + (trimmed.data() - line->text.data()));
  }
  return best->first;
}

// Tier 4: cues anywhere in the text ("报告指出，2018年发展主要预期目标是"),
// voted, then the year most sentences open with ("2016年，全县生产总值…"),
// a review's, so the next one.
int SentenceYear(std::string_view text, IdentityEvidence* evidence) {
  std::map<int, int> cued, opening_years;
  ForEachYear(text, [&](int year, size_t begin, size_t after) {
    const int voted = EndsWithReviewPrefix(text.substr(0, begin))
                          ? year + 1
                          : CuedYear(year, YearCueWindow(text.substr(after)));
    if (voted != 0) ++cued[voted];
    const std::string_view rest = text.substr(after);
    const bool sentence_start =
        begin == 0 || text[begin - 1] == '\n' ||
        absl::EndsWith(AsAbsl(text.substr(0, begin)), "。") ||
        absl::EndsWith(AsAbsl(text.substr(0, begin)), "\u3000");
    if (sentence_start && (absl::StartsWith(AsAbsl(rest), "，") ||
                           absl::StartsWith(AsAbsl(rest), ","))) {
      ++opening_years[year + 1];
    }
  });
  const std::map<int, int>& votes = cued.empty() ? opening_years : cued;
  if (votes.empty()) return 0;
  auto best = std::max_element(
      votes.begin(), votes.end(),
      [](const auto& a, const auto& b) { return a.second < b.second; });
  if (evidence != nullptr) {
    *evidence = MakeEvidence(
        "year", cued.empty() ? "review_year" : "sentence",
        absl::StrCat(best->first, " (", best->second, " cues)"), 0);
    evidence->set_end(0);
  }
  return best->first;
}

std::vector<Line> OpeningLines(std::string_view text) {
  if (text.size() > kOpeningBytes) {
    text = text.substr(0, PreviousUtf8Start(text, kOpeningBytes + 1));
  }
  return LinesOf(text);
}

// ---------------------------------------------------------------- unit

// Administrative words a report calls itself by without its name ("我代表
// 县人民政府", "在县十六届人民代表大会", "省长"): the level, and for a
// county the suffix its name ends with.
struct LevelWord {
  std::string_view word;
  ReportLevel level;
  // For a county, the suffix of its official name; empty when any.
  std::string_view county_suffix;
  // "市" is a prefecture-level city or a county-level one.
  bool either_city_or_county;
};
constexpr LevelWord kLevelWords[] = {
    {"自治区", v1::REPORT_LEVEL_PROVINCE, "", false},
    {"省", v1::REPORT_LEVEL_PROVINCE, "", false},
    {"自治州", v1::REPORT_LEVEL_CITY, "", false},
    {"州", v1::REPORT_LEVEL_CITY, "", false},
    {"盟", v1::REPORT_LEVEL_CITY, "", false},
    {"自治县", v1::REPORT_LEVEL_COUNTY, "县", false},
    {"县", v1::REPORT_LEVEL_COUNTY, "县", false},
    {"区", v1::REPORT_LEVEL_COUNTY, "区", false},
    {"新区", v1::REPORT_LEVEL_COUNTY, "", false},
    {"旗", v1::REPORT_LEVEL_COUNTY, "旗", false},
    {"市", v1::REPORT_LEVEL_CITY, "市", true},
};

// Office holders of a byline, and the level word each stands for.
struct Office {
  std::string_view title;
  std::string_view level_word;
};
constexpr Office kOffices[] = {
    {"县长", "县"}, {"区长", "区"},     {"市长", "市"},
    {"省长", "省"}, {"州长", "州"},     {"旗长", "旗"},
    {"盟长", "盟"}, {"主席", "自治区"}, {"主任", "新区"}};

// The government, after a unit's name ("涞源县人民政府").
constexpr std::string_view kGovernmentWords[] = {"人民政府", "政府", "管委会",
                                                 "管理委员会"};

// Units the gazetteer does not list that publish reports too: new
// districts, development zones. They keep their name and no code.
constexpr std::string_view kNonStatutorySuffixes[] = {
    "经济技术开发区", "高新技术产业开发区",
    "高新区",         "开发区",
    "新区",           "管理区",
    "示范区",         "园区"};

// The run of Han characters ending at `end` in `text`, at most `max_chars`.
std::string_view HanRunBefore(std::string_view text, size_t end,
                              size_t max_chars = 16) {
  size_t begin = end;
  for (size_t chars = 0; begin > 0 && chars < max_chars; ++chars) {
    const size_t previous = PreviousUtf8Start(text, begin);
    size_t length = 0;
    if (!IsHanIdeograph(DecodeUtf8At(text, previous, &length))) break;
    begin = previous;
  }
  return text.substr(begin, end - begin);
}

std::string_view StripGovernmentWord(std::string_view name) {
  for (std::string_view word : kGovernmentWords) {
    if (absl::EndsWith(AsAbsl(name), AsAbsl(word))) {
      return name.substr(0, name.size() - word.size());
    }
  }
  return name;
}

constexpr std::string_view kOrdinalChars[] = {"第", "一", "二", "三", "四",
                                              "五", "六", "七", "八", "九",
                                              "十", "百", "零", "〇", "届"};

// Drops a session's ordinal ("第十六届", "十六届") from the end of `name`.
std::string_view StripOrdinal(std::string_view name) {
  for (bool changed = true; changed;) {
    changed = false;
    for (std::string_view c : kOrdinalChars) {
      if (absl::EndsWith(AsAbsl(name), AsAbsl(c))) {
        name.remove_suffix(c.size());
        changed = true;
      }
    }
  }
  return name;
}

// A name the report gives itself, and where.
struct SelfName {
  std::string_view cue;  // "session", "byline", "address", "title"
  std::string_view name;  // "涞源县", "县", "保定市满城区"; may be empty
  std::string_view office;  // the byline's level word, else empty
  Line line;
};

constexpr std::string_view kSessionAnchors[] = {"人民代表大会", "人大"};
constexpr std::string_view kAddressAnchor = "我代表";

// The anchors of the cues by index in CueAnchors: the session's, then the
// offices' (as kOffices), then the address's.
constexpr size_t kOfficeAnchors = std::size(kSessionAnchors);
constexpr size_t kAddressAnchorIndex = kOfficeAnchors + std::size(kOffices);

// One pass over a line finds every anchor: none holds another, and no
// anchor's end begins one, so the matcher's longest-then-skip reading
// finds each occurrence a search per anchor would.
const NameMatcher& CueAnchors() {
  static const NameMatcher* const anchors = [] {
    std::vector<std::string> words(std::begin(kSessionAnchors),
                                   std::end(kSessionAnchors));
    for (const Office& office : kOffices) {
      words.emplace_back(office.title);
    }
    words.emplace_back(kAddressAnchor);
    return new NameMatcher(words);
  }();
  return *anchors;
}

// The names the opening gives its unit, in the order of trust.
std::vector<SelfName> FindSelfNames(const std::vector<Line>& opening) {
  std::vector<SelfName> session, byline, address, title;
  int nonempty_lines = 0;
  for (const Line& line : opening) {
    const std::string_view text = line.text;
    // Ordered as the cues' lists are: by anchor, then position.
    absl::InlinedVector<std::pair<size_t, size_t>, 8> anchors;
    CueAnchors().ForEachMatch(text,
                              [&](size_t at, const NameMatcher::Match& match) {
                                anchors.emplace_back(match.index, at);
                              });
    std::stable_sort(
        anchors.begin(), anchors.end(),
        [](const auto& a, const auto& b) { return a.first < b.first; });
    for (const auto& [anchor, at] : anchors) {
      if (anchor < kOfficeAnchors) {
        std::string_view run = HanRunBefore(text, at, 24);
        std::string_view name = StripOrdinal(run);
        if (name.size() == run.size()) continue;  // no "届": not a session
        const size_t in = name.rfind(kSessionPrefix);
        if (in != std::string_view::npos) {
          name = name.substr(in + kSessionPrefix.size());
        }
        session.push_back({"session", name, "", line});
      } else if (anchor < kAddressAnchorIndex) {
        const Office& office = kOffices[anchor - kOfficeAnchors];
        std::string_view run = HanRunBefore(text, at);
        // "副县长" is someone else; "代县长", "代理县长" are the reporter.
        if (absl::EndsWith(AsAbsl(run), "副")) continue;
        for (std::string_view acting : {"代理", "代"}) {
          if (absl::EndsWith(AsAbsl(run), AsAbsl(acting))) {
            run.remove_suffix(acting.size());
            break;
          }
        }
        const std::string_view name = StripGovernmentWord(run);
        // A byline starts its line or follows the government's name.
        const size_t run_begin = run.data() - text.data();
        if (name.size() == run.size() &&
            !TrimLine(text.substr(0, run_begin)).empty()) {
          continue;
        }
        byline.push_back({"byline", name, office.level_word, line});
      } else {
        const size_t from = at + kAddressAnchor.size();
        std::string_view rest = text.substr(from, 48);
        for (std::string_view word : kGovernmentWords) {
          const size_t end = rest.find(word);
          if (end == std::string_view::npos) continue;
          std::string_view name = rest.substr(0, end);
          if (HanRunBefore(name, name.size(), 16).size() != name.size()) break;
          address.push_back({"address", name, "", line});
          break;
        }
      }
    }
    const std::string_view trimmed = TrimLine(text);
    if (!trimmed.empty() && ++nonempty_lines <= kTitleLines &&
        trimmed.find(kReportWord) != std::string_view::npos &&
        !EndsAsASentence(trimmed)) {
      // "title: 2020年涞源县政府工作报告", "标题：2021年保定市政府工作报告",
      // "江苏省政府2014年政府工作报告", "包头市政府工作报告（2024年…）".
      size_t at = trimmed.find(kReportWord);
      std::string_view head = trimmed.substr(0, at);
      // Skip labels and years: the name is the first Han run.
      size_t begin = 0;
      while (begin < head.size()) {
        size_t length = 0;
        const uint32_t c = DecodeUtf8At(head, begin, &length);
        const bool year_char = head.substr(begin, length) == kYearChar &&
                               begin > 0 && IsDigit(head[begin - 1]);
        const bool label =
            absl::StartsWith(AsAbsl(head.substr(begin)), "标题") ||
            absl::StartsWith(AsAbsl(head.substr(begin)), "题目");
        if (IsHanIdeograph(c) && !year_char && !label) break;
        begin += label ? std::string_view("标题").size() : length;
      }
      size_t end = begin;
      while (end < head.size()) {
        size_t length = 0;
        if (!IsHanIdeograph(DecodeUtf8At(head, end, &length))) break;
        end += length;
      }
      std::string_view name = head.substr(begin, end - begin);
      for (std::string_view word : kGovernmentWords) {
        const size_t cut = name.find(word);
        if (cut != std::string_view::npos) name = name.substr(0, cut);
      }
      for (std::string_view word :
           {std::string_view("政府工作"), std::string_view("工作")}) {
        if (absl::EndsWith(AsAbsl(name), AsAbsl(word))) {
          name.remove_suffix(word.size());
        }
      }
      if (!name.empty()) title.push_back({"title", name, "", line});
    }
  }
  std::vector<SelfName> all;
  for (auto* cues : {&session, &byline, &address, &title}) {
    all.insert(all.end(), cues->begin(), cues->end());
  }
  return all;
}

const LevelWord* FindLevelWord(std::string_view word) {
  for (const LevelWord& w : kLevelWords) {
    if (w.word == word) return &w;
  }
  return nullptr;
}

bool HasNonStatutorySuffix(std::string_view name) {
  return std::any_of(std::begin(kNonStatutorySuffixes),
                     std::end(kNonStatutorySuffixes),
                     [&](std::string_view suffix) {
                       return name.size() > suffix.size() &&
                              absl::EndsWith(AsAbsl(name), AsAbsl(suffix));
                     });
}

// Records `cue` as why the unit and level were decided; with
// `by_mentions`, the cue gave the level only and the names the text uses
// most chose the unit ("address+mentions").
void SetUnitEvidence(const SelfName& cue, bool by_mentions,
                     ReportIdentity* identity) {
  const std::string_view line = TrimLine(cue.line.text);
  const size_t begin = cue.line.begin + (line.data() - cue.line.text.data());
  const std::string district_cue =
      by_mentions ? absl::StrCat(AsAbsl(cue.cue), "+mentions")
                  : std::string(cue.cue);
  identity->evidence.push_back(
      MakeEvidence("district", district_cue, line, begin));
  identity->evidence.push_back(MakeEvidence("level", cue.cue, line, begin));
}

// Fills the unit from the names the opening gives; false when none says
// which unit or level it is.
bool UnitFromSelfNames(std::string_view text,
                       const std::vector<SelfName>& names,
                       const Gazetteer& gazetteer, ReportIdentity* identity) {
  // A name the gazetteer knows settles it.
  for (const SelfName& cue : names) {
    if (cue.name.empty() || FindLevelWord(cue.name) != nullptr) continue;
    std::optional<Gazetteer::NamedUnit> unit =
        gazetteer.FindUnit(cue.name, text);
    if (!unit.has_value()) {
      if (!HasNonStatutorySuffix(cue.name)) continue;
      // A new district or development zone: its own name, its city.
      District d;
      std::string_view name = cue.name;
      std::optional<Gazetteer::NamedUnit> prefix;
      for (size_t cut = name.size(); cut > 0;
           cut = PreviousUtf8Start(name, cut)) {
        prefix = gazetteer.FindUnit(name.substr(0, cut));
        if (prefix.has_value() && prefix->level == v1::REPORT_LEVEL_CITY) {
          name.remove_prefix(cut);
          break;
        }
        prefix.reset();
      }
      std::optional<District> city = prefix.has_value()
                                         ? prefix->district
                                         : gazetteer.MostMentionedCity(text);
      if (city.has_value()) {
        d.set_city(city->city());
        d.set_province(city->province());
      }
      d.set_name(std::string(name));
      identity->level = v1::REPORT_LEVEL_COUNTY;
      identity->district = std::move(d);
      if (name != cue.name) identity->name_as_written = std::string(cue.name);
      SetUnitEvidence(cue, /*by_mentions=*/false, identity);
      return true;
    }
    identity->level = unit->level;
    if (unit->level == v1::REPORT_LEVEL_COUNTY &&
        unit->district.name() != cue.name) {
      identity->name_as_written = std::string(cue.name);
    }
    identity->district = std::move(unit->district);
    SetUnitEvidence(cue, /*by_mentions=*/false, identity);
    return true;
  }
  // Else the first level word: the level, and a county's suffix.
  for (const SelfName& cue : names) {
    const LevelWord* word =
        FindLevelWord(cue.name.empty() ? cue.office : cue.name);
    if (word == nullptr) continue;
    std::optional<District> county;
    if (word->level == v1::REPORT_LEVEL_COUNTY || word->either_city_or_county) {
      county = gazetteer.Detect(text, word->county_suffix);
    }
    if (word->either_city_or_county && county.has_value() &&
        !absl::StrContains(AsAbsl(text), AsAbsl(county->name()))) {
      county.reset();  // a county-level city names itself officially
    }
    if (county.has_value()) {
      identity->level = v1::REPORT_LEVEL_COUNTY;
      identity->district = std::move(county);
    } else if (word->level == v1::REPORT_LEVEL_COUNTY) {
      identity->level = v1::REPORT_LEVEL_COUNTY;
    } else if (word->level == v1::REPORT_LEVEL_CITY) {
      identity->level = v1::REPORT_LEVEL_CITY;
      identity->district = gazetteer.MostMentionedCity(text);
    } else {
      identity->level = v1::REPORT_LEVEL_PROVINCE;
      identity->district = gazetteer.MostMentionedProvince(text);
    }
    SetUnitEvidence(cue, /*by_mentions=*/true, identity);
    return true;
  }
  return false;
}

}  // namespace

int DetectReportYear(std::string_view text, IdentityEvidence* evidence) {
  const std::vector<Line> opening = OpeningLines(text);
  if (int year = SessionDateYear(opening, evidence); year != 0) return year;
  if (int year = TitleYear(opening, evidence); year != 0) return year;
  if (int year = HeadingYear(LinesOf(text), evidence); year != 0) return year;
  return SentenceYear(text, evidence);
}

ReportIdentity IdentifyReport(std::string_view text,
                              const Gazetteer& gazetteer) {
  ReportIdentity identity;
  const std::vector<SelfName> names = FindSelfNames(OpeningLines(text));
  if (!UnitFromSelfNames(text, names, gazetteer, &identity)) {
    identity.district = gazetteer.Detect(text);
    if (identity.district.has_value()) {
      identity.evidence.push_back(
          MakeEvidence("district", "mentions", identity.district->name(), 0));
      identity.evidence.back().set_end(0);
    }
  }
  IdentityEvidence year_evidence;
  identity.year = DetectReportYear(text, &year_evidence);
  if (identity.year != 0) identity.evidence.push_back(std::move(year_evidence));
  return identity;
}

}  // namespace govreport
