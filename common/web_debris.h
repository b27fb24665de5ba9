#ifndef GOVREPORT_COMMON_WEB_DEBRIS_H_
#define GOVREPORT_COMMON_WEB_DEBRIS_H_

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
};

// Turns a saved web page into its text: when `text` looks like HTML, drops
// scripts, styles and tags (block tags become line breaks) and decodes
// entities. Then drops lines of site chrome ("版权所有", "ICP备…", "本文地址")
// from any text, and short lines of site furniture ("首页 > 新闻中心",
// "【打印本页】", "分享到", "字号：") only from a web page: HTML, or plain text
// holding chrome or several furniture lines. A line that ends as a sentence
// does or states a quantity is never furniture, so a report's own "无障碍设施
// 120处" stays. Last, drops the copy-protection tokens some sites append to
// lines: a short run of ASCII letters and digits ("hd9", "pbY") glued to
// Chinese text that ends at least kMinWatermarkLines lines, also where a
// line break splits it ("hd" then "9" on the next line). Text without any
// of these comes back unchanged. Pure and thread-safe.
std::string StripWebDebris(std::string_view text, WebDebrisStats* stats);

}  // namespace govreport

#endif  // GOVREPORT_COMMON_WEB_DEBRIS_H_
