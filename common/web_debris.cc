#include "common/web_debris.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/string_view.h"
#include "common/unicode.h"
#include "common/utf8.h"

namespace govreport {
namespace {

// Phrases only site chrome uses: copyright and registration footers,
// disclaimers, permalinks, comment boxes. A line of up to kMaxChromeChars
// holding one goes from any text, a page saved as plain text included: no
// report sentence says them, and a disclaimer is itself a sentence.
constexpr std::string_view kChromeMarkers[] = {
    "版权所有",   "ICP备",      "ICP证",      "公网安备",
    "网站标识码", "本文仅代表", "不代表本站", "不得转载",
    "本文地址",   "本文链接",   "留言与评论", "发表评论"};
constexpr size_t kMaxChromeChars = 200;

// Navigation, tool bars and page information. Reports use these words too
// ("无障碍设施", "老字号", "技术支持服务", "首页"), so a line holding one is
// furniture only when the text is a web page (see StripWebDebris), the line
// is at most kMaxFurnitureChars long, and it neither ends as a sentence does
// nor states a quantity. A marker ending in "：" matches either colon.
constexpr std::string_view kFurnitureMarkers[] = {
    "首页",       "网站地图",   "联系我们",   "当前位置",   "您的位置",
    "打印本页",   "关闭窗口",   "分享到",     "字号：",     "【大 中 小】",
    "【大中小】", "无障碍浏览", "无障碍阅读", "主办单位：", "承办单位：",
    "技术支持：", "浏览次数",   "阅读次数",   "扫一扫",     "上一篇",
    "下一篇",     "相关链接",   "发布时间：", "来源：",     "责任编辑",
    "验证码：",   "Copyright",  "copyright",  "时间：",     "作者：",
    "阅读：",     "评论：",     "点击：",     "浏览："};
constexpr size_t kMaxFurnitureChars = 60;

// A portal's summary box repeats the report's opening ("内容摘要：2020年1月
// 13日在县十六届人民代表大会……一......"): a line starting so is furniture of
// a web page whatever its length, and must not vote for a year or district.
constexpr std::string_view kSummaryMarkers[] = {"内容摘要", "内容提要",
                                                "摘要："};

// Headings of a portal's footer: share bars, links to the neighbouring
// articles, lists of other reports ("本栏推荐", "阅读排行"). In a web page,
// every short line after one that neither ends as a sentence nor states a
// quantity is furniture too ("焦作市解放区2025年政府工作报告", "12-03",
// "QQ空间"): the titles listed would otherwise vote for their own districts
// and years.
constexpr std::string_view kFooterMarkers[] = {
    "分享到",   "上一篇",   "下一篇",   "相关文章", "相关阅读", "相关新闻",
    "本栏推荐", "阅读排行", "标签云",   "热门文章", "推荐阅读", "热点推荐",
    "猜你喜欢", "热门标签", "最新文章", "延伸阅读"};

// Plain text is a saved web page when it holds a line of chrome or this
// many lines of furniture; a report alone holds at most a stray one.
constexpr int kMinFurnitureLinesOfAPage = 2;

constexpr std::string_view kColon = "：";

// Endings of a line that is a sentence, never furniture.
constexpr std::string_view kSentenceEnds[] = {"。", "；", "！", "？",
                                              ";",  "!",  "?"};

// Characters after a number that make it a date or a time, not a quantity
// ("上一篇：2023年政府工作报告", "发布时间：2024年1月15日").
constexpr std::string_view kDateCharacters = "年月日时分秒号";

constexpr std::string_view kBlockTags[] = {
    "p",  "br", "div", "li", "tr",      "h1",      "h2",
    "h3", "h4", "h5",  "h6", "section", "article", "table"};

struct Entity {
  std::string_view name;
  std::string_view text;
};
constexpr Entity kEntities[] = {
    {"&nbsp;", " "},  {"&lt;", "<"},    {"&gt;", ">"},    {"&amp;", "&"},
    {"&quot;", "\""}, {"&#39;", "'"},   {"&ldquo;", "“"}, {"&rdquo;", "”"},
    {"&mdash;", "—"}, {"&hellip;", "…"}};

// A token ending this many lines is a watermark; a report's own line that
// ends in ASCII ("…建成5G") does not repeat so.
constexpr int kMinWatermarkLines = 3;
// Watermark tokens are short.
constexpr size_t kMaxWatermarkBytes = 6;

bool IsAsciiAlnum(char c) {
  return absl::ascii_isalnum(static_cast<unsigned char>(c));
}

// The line without trailing spaces and carriage returns.
std::string_view TrimLineEnd(std::string_view line) {
  while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) {
    line.remove_suffix(1);
  }
  return line;
}

// The run of ASCII letters and digits that ends `line` right after a
// non-ASCII character or a punctuation mark (glued to the text), or empty.
std::string_view TrailingAsciiToken(std::string_view line) {
  line = TrimLineEnd(line);
  size_t begin = line.size();
  while (begin > 0 && IsAsciiAlnum(line[begin - 1])) --begin;
  if (begin == 0 || begin == line.size() ||
      line.size() - begin > kMaxWatermarkBytes ||
      (static_cast<unsigned char>(line[begin - 1]) < 0x80 &&
       !absl::ascii_ispunct(static_cast<unsigned char>(line[begin - 1])))) {
    return {};
  }
  return line.substr(begin);
}

// The lines of `text`, without their line breaks.
std::vector<std::string_view> SplitLines(std::string_view text) {
  std::vector<std::string_view> lines;
  for (size_t start = 0; start <= text.size();) {
    size_t end = std::min(text.find('\n', start), text.size());
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

// Removes watermark tokens from line ends (see StripWebDebris); adds their
// number to *removed.
std::string StripWatermarks(std::string body, int* removed) {
  std::vector<std::string_view> lines = SplitLines(body);
  absl::flat_hash_map<std::string_view, int> counts;
  for (std::string_view line : lines) {
    std::string_view token = TrailingAsciiToken(line);
    // A watermark holds a letter: a figure at a line's end is no token.
    if (std::any_of(token.begin(), token.end(), [](char c) {
          return absl::ascii_isalpha(static_cast<unsigned char>(c));
        })) {
      ++counts[token];
    }
  }
  absl::flat_hash_set<std::string_view> watermarks;
  for (const auto& [token, count] : counts) {
    if (count >= kMinWatermarkLines) watermarks.insert(token);
  }
  if (watermarks.empty()) return body;
  std::string out;
  out.reserve(body.size());
  for (size_t i = 0; i < lines.size(); ++i) {
    std::string_view line = lines[i];
    std::string_view token = TrailingAsciiToken(line);
    if (watermarks.contains(token)) {
      line = TrimLineEnd(line);
      line.remove_suffix(token.size());
      ++*removed;
    } else if (!token.empty() && i + 1 < lines.size()) {
      // Split by a line break: the rest alone on the next line.
      const std::string_view rest = TrimLineEnd(lines[i + 1]);
      if (!rest.empty() &&
          std::all_of(rest.begin(), rest.end(), IsAsciiAlnum) &&
          watermarks.contains(absl::StrCat(AsAbsl(token), AsAbsl(rest)))) {
        line = TrimLineEnd(line);
        line.remove_suffix(token.size());
        ++*removed;
        ++i;  // the rest's line goes
      }
    }
    out.append(line);
    if (i + 1 < lines.size()) out.push_back('\n');
  }
  return out;
}

bool EndsAsASentence(std::string_view line) {
  while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) {
    line.remove_suffix(1);
  }
  for (std::string_view end : kSentenceEnds) {
    if (line.size() >= end.size() &&
        line.substr(line.size() - end.size()) == end) {
      return true;
    }
  }
  return false;
}

bool LooksLikeHtml(std::string_view text) {
  // Only where a '<' is (memchr finds them, and report text has few) is a
  // tag compared, ignoring case: lowering a copy of the head cost as much
  // as the rest of a plain report's debris check.
  const std::string_view head = text.substr(0, 4096);
  bool open_p = false, close_p = false;
  for (size_t at = head.find('<'); at != std::string_view::npos;
       at = head.find('<', at + 1)) {
    const absl::string_view tag = AsAbsl(head.substr(at));
    if (absl::StartsWithIgnoreCase(tag, "<html") ||
        absl::StartsWithIgnoreCase(tag, "<!doctype html") ||
        absl::StartsWithIgnoreCase(tag, "<body")) {
      return true;
    }
    open_p = open_p || absl::StartsWithIgnoreCase(tag, "<p>");
    close_p = close_p || absl::StartsWithIgnoreCase(tag, "</p>");
    if (open_p && close_p) return true;
  }
  return false;
}

std::string LowerTagName(std::string_view tag) {
  size_t start = tag.size() > 1 && tag[1] == '/' ? 2 : 1;
  size_t end = start;
  while (end < tag.size() &&
         std::isalnum(static_cast<unsigned char>(tag[end]))) {
    ++end;
  }
  std::string name(tag.substr(start, end - start));
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return name;
}

// Appends the character the entity at `text[i]` ("&nbsp;", "&#20013;")
// stands for, or the '&' itself when none starts there; returns the bytes
// read.
size_t DecodeEntityAt(std::string_view text, size_t i, std::string* out) {
  for (const Entity& e : kEntities) {
    if (text.substr(i, e.name.size()) == e.name) {
      out->append(e.text);
      return e.name.size();
    }
  }
  if (text.substr(i, 2) == "&#") {
    size_t semicolon = text.find(';', i);
    if (semicolon != std::string_view::npos && semicolon - i <= 8 &&
        semicolon > i + 2) {
      bool hex = text[i + 2] == 'x' || text[i + 2] == 'X';
      std::string digits(
          text.substr(i + (hex ? 3 : 2), semicolon - i - (hex ? 3 : 2)));
      char* end = nullptr;
      unsigned long c = std::strtoul(digits.c_str(), &end, hex ? 16 : 10);
      if (!digits.empty() && end != nullptr && *end == '\0' && c > 0 &&
          c < 0x110000) {
        AppendUtf8(static_cast<uint32_t>(c), out);
        return semicolon + 1 - i;
      }
    }
  }
  out->push_back('&');
  return 1;
}

// Where a scraper lost characters (a full-width space, a rare name
// character) it wrote "?" for each byte: "会议上????涞源县", "县长?? 吴?? 鹏".
// A run of two or more glued to Chinese text is such a loss, never a
// report's own punctuation (which is full-width "？").
constexpr size_t kMinLostRun = 2;

// Whether a source tag a site appended to a line ("……贡献。  来自马克数据网")
// starts at `at`: "来自" and a short name ending in "网" that ends the line.
constexpr std::string_view kSourceTagStart = "来自";
constexpr std::string_view kSourceTagEnd = "网";
constexpr size_t kMaxSourceTagChars = 12;

// Decodes HTML entities left in plain text ("&nbsp;") and drops sites'
// source tags at line ends; counts each in *stats.
std::string RepairTextDebris(std::string_view text, WebDebrisStats* stats) {
  if (text.find('&') == std::string_view::npos &&
      FindUtf8(text, kSourceTagStart) == std::string_view::npos) {
    return std::string(text);
  }
  std::string out;
  out.reserve(text.size());
  size_t line_start = 0;
  for (size_t i = 0; i < text.size();) {
    const char c = text[i];
    if (c == '&') {
      const size_t before = out.size();
      i += DecodeEntityAt(text, i, &out);
      if (out.size() != before + 1 || out.back() != '&') ++stats->entities;
      continue;
    }
    if (c == '\n') line_start = out.size() + 1;
    if (text.substr(i, kSourceTagStart.size()) == kSourceTagStart &&
        out.size() > line_start &&
        (out.back() == ' ' ||
         EndsAsASentence(std::string_view(out).substr(line_start)))) {
      // A tag is short: look no further than its longest form, so that a
      // long line of "。来自" stays linear.
      const std::string_view ahead = text.substr(i, 4 * kMaxSourceTagChars + 8);
      size_t line_end = ahead.find('\n');
      if (line_end == std::string_view::npos) {
        line_end = i + ahead.size() == text.size() ? ahead.size() : 0;
      }
      std::string_view tag = TrimLineEnd(ahead.substr(0, line_end));
      line_end += i;
      if (Utf8Length(tag) <= kMaxSourceTagChars &&
          tag.size() > kSourceTagEnd.size() &&
          tag.substr(tag.size() - kSourceTagEnd.size()) == kSourceTagEnd) {
        while (out.size() > line_start && out.back() == ' ') out.pop_back();
        ++stats->source_tags;
        i = line_end;
        continue;
      }
    }
    out.push_back(c);
    ++i;
  }
  return out;
}

// Drops the runs of "?" a scraper wrote for lost characters from a web
// page's text; counts them in *stats. Only in a page: in other text "??"
// glued to Chinese is mojibake, flagged later and kept as evidence.
std::string DropLostCharacterRuns(std::string text, WebDebrisStats* stats) {
  if (text.find("??") == std::string::npos) return text;
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    if (text[i] != '?') {
      out.push_back(text[i++]);
      continue;
    }
    size_t run = i;
    while (run < text.size() && text[run] == '?') ++run;
    const bool glued =
        (i > 0 && static_cast<unsigned char>(text[i - 1]) >= 0x80) ||
        (run < text.size() && static_cast<unsigned char>(text[run]) >= 0x80);
    if (run - i >= kMinLostRun && glued) {
      ++stats->lost_character_runs;
    } else {
      out.append(text, i, run - i);
    }
    i = run;
  }
  return out;
}

std::string StripTags(std::string_view html, int* tags) {
  std::string out;
  out.reserve(html.size());
  size_t i = 0;
  while (i < html.size()) {
    if (html[i] == '&') {
      i += DecodeEntityAt(html, i, &out);
      continue;
    }
    if (html[i] != '<') {
      out.push_back(html[i++]);
      continue;
    }
    size_t close = html.find('>', i);
    if (close == std::string_view::npos) {
      out.append(html.substr(i));
      break;
    }
    std::string name = LowerTagName(html.substr(i, close - i + 1));
    ++*tags;
    if ((name == "script" || name == "style") && html[i + 1] != '/') {
      // Skip to the element's end: its content is code, not text.
      size_t end = html.find("</", close);
      while (end != std::string_view::npos &&
             LowerTagName(html.substr(end, name.size() + 3)) != name) {
        end = html.find("</", end + 2);
      }
      close =
          end == std::string_view::npos ? html.size() - 1 : html.find('>', end);
      if (close == std::string_view::npos) break;
    } else if (std::find(std::begin(kBlockTags), std::end(kBlockTags), name) !=
               std::end(kBlockTags)) {
      out.push_back('\n');
    }
    i = close + 1;
  }
  return out;
}

// Whether `line` holds `marker`, a final "：" in it matching either colon.
bool Holds(std::string_view line, std::string_view marker) {
  if (marker.size() <= kColon.size() ||
      marker.substr(marker.size() - kColon.size()) != kColon) {
    return FindUtf8(line, marker) != std::string_view::npos;
  }
  const std::string_view stem = marker.substr(0, marker.size() - kColon.size());
  for (size_t at = FindUtf8(line, stem); at != std::string_view::npos;
       at = FindUtf8(line, stem, at + 1)) {
    std::string_view rest = line.substr(at + stem.size());
    if (rest.substr(0, 1) == ":" || rest.substr(0, kColon.size()) == kColon) {
      return true;
    }
  }
  return false;
}

// Whether an ASCII number in `line` is followed by a Chinese character that
// is no date's ("改造无障碍设施120处", "培育老字号企业5家").
bool StatesAQuantity(std::string_view line) {
  for (size_t i = 0; i + 1 < line.size(); ++i) {
    if (!std::isdigit(static_cast<unsigned char>(line[i])) ||
        std::isdigit(static_cast<unsigned char>(line[i + 1]))) {
      continue;
    }
    size_t length = 0;
    uint32_t next = DecodeUtf8At(line, i + 1, &length);
    if (IsHanIdeograph(next) && kDateCharacters.find(line.substr(
                                    i + 1, length)) == std::string_view::npos) {
      return true;
    }
  }
  return false;
}

// Whether `line` holds nothing but ASCII digits and the punctuation of
// dates and counters ("233", "12-03", "2022-12-01 10:21"): a page's
// counter values and list dates, never a report's sentence.
bool IsBareNumberLine(std::string_view line) {
  bool digit = false;
  for (char c : line) {
    if (absl::ascii_isdigit(static_cast<unsigned char>(c))) {
      digit = true;
    } else if (c != '-' && c != ':' && c != '/' && c != '.' && c != ' ' &&
               c != '\t' && c != '\r') {
      return false;
    }
  }
  return digit;
}

bool StartsWithAny(std::string_view line, const std::string_view* begin,
                   const std::string_view* end) {
  while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) {
    line.remove_prefix(1);
  }
  return std::any_of(begin, end, [&](std::string_view marker) {
    return line.substr(0, marker.size()) == marker;
  });
}

// Whether a short `line` is a footer heading (kFooterMarkers).
bool IsFooterHeading(std::string_view line) {
  return line.size() <= 4 * kMaxFurnitureChars &&
         Utf8Length(line) <= kMaxFurnitureChars && !EndsAsASentence(line) &&
         StartsWithAny(line, std::begin(kFooterMarkers),
                       std::end(kFooterMarkers));
}

// Whether `line`, inside a page's footer, is one more of its entries: short,
// not a sentence, no quantity.
bool IsFooterEntry(std::string_view line) {
  return line.size() <= 4 * kMaxFurnitureChars &&
         Utf8Length(line) <= kMaxFurnitureChars && !EndsAsASentence(line) &&
         !StatesAQuantity(line);
}

// The characters of UTF-8 `text`, as Utf8Length counts them in well-formed
// UTF-8: the bytes that are no continuation bytes. Counted without a branch
// per character, in blocks small enough for a 16-bit counter, so that the
// compiler vectorizes the loop: stepping character by character through
// every line of a few hundred characters was most of a plain report's
// debris check.
size_t CountCharacters(std::string_view text) {
  constexpr size_t kBlock = 0xFFFF;
  size_t count = 0;
  for (size_t begin = 0; begin < text.size(); begin += kBlock) {
    uint16_t block = 0;
    for (const char c : text.substr(begin, kBlock)) {
      block += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    }
    count += block;
  }
  return count;
}

// Where a collector stamped the page's address on the saved text
// ("来源URL：https://…"): a line of a web address and a Chinese label of at
// most this many characters is no report text. (A line all ASCII, an
// address alone or "source: https://…", is the normalizer's: it removes
// romanized lines.)
constexpr size_t kMaxAddressLabelChars = 8;
constexpr std::string_view kAddressStarts[] = {"http://", "https://", "www."};

// Whether `line` is a web address with a short Chinese label.
bool IsAddressStamp(std::string_view line) {
  for (std::string_view start : kAddressStarts) {
    const size_t at = line.find(start);
    if (at == std::string_view::npos) continue;
    size_t end = at;
    while (end < line.size() && static_cast<unsigned char>(line[end]) > ' ' &&
           static_cast<unsigned char>(line[end]) < 0x80) {
      ++end;
    }
    const std::string_view label = TrimLineEnd(line.substr(0, at));
    const std::string_view after = TrimLineEnd(line.substr(end));
    const bool chinese = std::any_of(label.begin(), label.end(), [](char c) {
      return static_cast<unsigned char>(c) >= 0x80;
    });
    return chinese && after.empty() && !EndsAsASentence(label) &&
           CountCharacters(label) <= kMaxAddressLabelChars;
  }
  return false;
}

// A portal lays its page information out in a row of fields spaced by
// tabs, with "?" where a scraper lost a full-width space ("时间：2023-10-15
// ????\t\t\t\t作者：…来源：…阅读："): how many tabs and "?" `line` holds,
// which are no text. Counted only where one is (memchr finds them), as most
// lines have none.
size_t SpacingOfFields(std::string_view line) {
  if (line.find('\t') == std::string_view::npos &&
      line.find('?') == std::string_view::npos) {
    return 0;
  }
  return std::count_if(line.begin(), line.end(),
                       [](char c) { return c == '\t' || c == '?'; });
}

// kCounter: a bare number or date, furniture in a page, but no sign that a
// text is one (a PDF's wrapped figures look the same).
enum class LineKind { kText, kChrome, kFurniture, kCounter };

LineKind Classify(std::string_view line) {
  // A UTF-8 character takes at most 4 bytes: longer lines are report text
  // without counting their characters.
  if (StartsWithAny(line, std::begin(kSummaryMarkers),
                    std::end(kSummaryMarkers))) {
    return LineKind::kFurniture;
  }
  if (line.size() > 4 * kMaxChromeChars) return LineKind::kText;
  const size_t chars = CountCharacters(line);
  if (chars > kMaxChromeChars) return LineKind::kText;
  if (IsAddressStamp(line)) return LineKind::kChrome;
  for (std::string_view marker : kChromeMarkers) {
    if (FindUtf8(line, marker) != std::string_view::npos) {
      return LineKind::kChrome;
    }
  }
  if (chars > kMaxFurnitureChars &&
      chars - SpacingOfFields(line) > kMaxFurnitureChars) {
    return LineKind::kText;
  }
  if (IsBareNumberLine(line)) return LineKind::kCounter;
  for (std::string_view marker : kFurnitureMarkers) {
    if (Holds(line, marker)) {
      return EndsAsASentence(line) || StatesAQuantity(line)
                 ? LineKind::kText
                 : LineKind::kFurniture;
    }
  }
  return LineKind::kText;
}

}  // namespace

std::string StripWebDebris(std::string_view text, WebDebrisStats* stats) {
  const bool html = LooksLikeHtml(text);
  std::string body =
      html ? StripTags(text, &stats->tags) : RepairTextDebris(text, stats);
  // Which lines are chrome or furniture, by their byte ranges; whether the
  // furniture goes depends on what the whole text turns out to be.
  struct Debris {
    size_t begin, end;
    LineKind kind;
  };
  std::vector<Debris> debris;
  int chrome = 0, furniture = 0;
  bool in_footer = false;
  for (size_t start = 0; start <= body.size();) {
    size_t end = body.find('\n', start);
    if (end == std::string::npos) end = body.size();
    const std::string_view line =
        std::string_view(body).substr(start, end - start);
    LineKind kind = Classify(line);
    // A footer is at the end: a share bar atop the page must not take the
    // report's title and byline with it.
    if (start >= body.size() / 2 && IsFooterHeading(line)) {
      in_footer = true;
      kind = LineKind::kFurniture;
    } else if (in_footer && !TrimLineEnd(line).empty()) {
      if (IsFooterEntry(line)) {
        if (kind == LineKind::kText) kind = LineKind::kFurniture;
      } else {
        in_footer = false;
      }
    }
    if (kind != LineKind::kText) {
      debris.push_back({start, end, kind});
      if (kind == LineKind::kChrome) ++chrome;
      if (kind == LineKind::kFurniture) ++furniture;
    }
    start = end + 1;
  }
  const bool page =
      html || chrome > 0 || furniture >= kMinFurnitureLinesOfAPage;
  std::string out;
  out.reserve(body.size());
  size_t kept_from = 0;
  for (const Debris& d : debris) {
    if (d.kind != LineKind::kChrome && !page) continue;
    out.append(body, kept_from, d.begin - kept_from);
    // The line goes with its line break.
    kept_from = std::min(d.end + 1, body.size());
    ++stats->furniture_lines;
  }
  out.append(body, kept_from, std::string::npos);
  if (page) out = DropLostCharacterRuns(std::move(out), stats);
  return StripWatermarks(std::move(out), &stats->watermarks);
}

}  // namespace govreport
