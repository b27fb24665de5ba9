#ifndef GOVREPORT_COMMON_WEB_DEBRIS_H_
#define GOVREPORT_COMMON_WEB_DEBRIS_H_

// The first step of the normalize stage (common/normalize.h): reports saved
// from web sites, as HTML or scraped text, stripped of markup and site
// furniture before the rest of normalization.

#include <string>
#include <string_view>

namespace govreport {

// What StripWebDebris removed.
struct WebDebrisStats {
  // HTML tags, scripts and styles removed.
  int tags = 0;
  // Lines of site furniture (navigation, footers, share bars) removed.
  int furniture_lines = 0;
  // Copy-protection tokens removed from line ends ("各位代表:hd9").
  int watermarks = 0;
  // HTML entities decoded in a page saved as plain text ("&nbsp;").
  int entities = 0;
  // Runs of "?" a scraper wrote for characters it lost ("会议上????涞源县").
  int lost_character_runs = 0;
  // Source tags a site appended to a line ("来自马克数据网").
  int source_tags = 0;
};

// Turns a saved web page into its text: when `text` looks like HTML, drops
// scripts, styles and tags (block tags become line breaks) and decodes
// entities; plain text gets its stray entities ("&nbsp;") decoded, runs of
// "?" a scraper wrote for lost characters dropped and source tags at line
// ends ("来自马克数据网") removed. Then drops lines of site chrome ("版权所有",
// "ICP备…", "本文地址") from any text, and short lines of site furniture ("首页
// > 新闻中心", "【打印本页】", "分享到", "字号：", counters such as "阅读："
// and their bare numbers, a summary box "内容摘要：…" of any length, and a
// footer's entries after its heading "本栏推荐"/"相关文章" in the text's second
// half) only from a web page: HTML, or plain text holding chrome or
// several furniture lines. A line that ends as a sentence
// does or states a quantity is never furniture, so a report's own "无障碍设施
// 120处" stays. Last, drops the copy-protection tokens some sites append to
// lines: a short run of ASCII letters and digits ("hd9", "pbY") glued to
// Chinese text that ends at least kMinWatermarkLines lines, also where a
// line break splits it ("hd" then "9" on the next line). Text without any
// of these comes back unchanged. `text` is UTF-8: lines are measured in
// characters by counting the bytes that are no continuation bytes. Pure and
// thread-safe.
std::string StripWebDebris(std::string_view text, WebDebrisStats* stats);

}  // namespace govreport

#endif  // GOVREPORT_COMMON_WEB_DEBRIS_H_
